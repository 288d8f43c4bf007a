import type { TFunction } from 'i18next';
import { creditsIn } from '../../data/credits';
import { GRADES } from '../../domain/rules';
import { STAGES } from '../../domain/stages';
import { CONSTRAINT_KINDS, FUNCTIONAL_AREAS } from '../../domain/types';
import { fmt } from '../../i18n/format';
import type { Lang } from '../../i18n/resources';
import { COLORS, classColors, FLAG_DASH, noValueSwatches, REVIEW_STYLE } from '../../map/style';
import { classLabel } from '../../state/legend';
import { REVIEW_MARKS } from '../../state/reviews/queue';
import type { AppState } from '../../state/store';

/**
 * What a printed or exported map says besides the map: title, what it shows, the legend of what is drawn (built from
 * the same style constants as the map and the on-screen legend), the as-of date, sources, credits and the
 * illustrative-data note. Plain data, drawn by the PDF (pdf.ts), the browser's print (PrintSheet.tsx) and the PNG.
 */
export type Swatch =
  | { kind: 'fill'; color: string; opacity: number }
  | { kind: 'line'; color: string; width: number; dash: readonly number[] | null }
  | { kind: 'review'; fill: string | null; fillOpacity: number; line: string | null; width: number; gap: number };

export interface LegendSection {
  title: string;
  items: { label: string; swatch: Swatch }[];
}

export interface SheetContent {
  title: string;
  subtitle: string;
  legend: LegendSection[];
  /** lines under the map: sources and credits, the note on illustrative data, who made it and when */
  footer: string[];
  north: string;
  /** a scale bar's label for a length in metres */
  scaleLabel(meters: number): string;
}

const FLAG_TOGGLES = ['idle', 'suspected', 'lowEfficiency', 'conflict'] as const;
/** parcels a category has no value for (hatched on the map; a grey swatch on paper) */
const NO_VALUE_GREY = '#d0d0d0';

export function sheetContent(s: AppState, t: TFunction, opts: { title?: string; printedAt: Date }): SheetContent | null {
  const data = s.data;
  const m = data?.manifest;
  if (!data) return null;
  const lang: Lang = s.lang;
  const zone = data.zones.find((z) => z.id === s.filters.zone);
  const place = zone ? (lang === 'zh' ? zone.name : zone.nameEn) : m ? (lang === 'zh' ? m.name : m.nameEn) : s.dataset;
  const v = s.visibility;
  const legend: LegendSection[] = [];
  if (v.parcels && s.theme === 'stage')
    legend.push({
      title: t('themeName.stage'),
      items: [
        ...STAGES.filter((st) => st !== 'unknown').map((st) => ({
          label: t(`stage.${st}`),
          swatch: { kind: 'fill' as const, color: COLORS.stage[st], opacity: 0.85 },
        })),
        { label: t('legend.stageUnknown'), swatch: { kind: 'fill' as const, color: NO_VALUE_GREY, opacity: 0.85 } },
      ],
    });
  else if (v.parcels && s.theme === 'grade')
    legend.push({
      title: t('themeName.grade'),
      items: [
        ...GRADES.map((g) => ({ label: g, swatch: { kind: 'fill' as const, color: COLORS.grade[g], opacity: 0.85 } })),
        { label: t('legend.ungraded'), swatch: { kind: 'fill' as const, color: NO_VALUE_GREY, opacity: 0.85 } },
      ],
    });
  else if (v.parcels && s.classes) {
    const colors = classColors(s.classes.edges.length - 1);
    legend.push({
      title: t(`metricName.${s.metric}`),
      items: [
        ...s.classes.edges.slice(0, -1).map((_, i) => ({
          label: classLabel(s.classes as NonNullable<typeof s.classes>, i, s.metric, lang),
          swatch: { kind: 'fill' as const, color: colors[i] as string, opacity: 0.85 },
        })),
        ...noValueSwatches(s.metric).map((x) => ({ label: t(`legend.${x.key}`), swatch: { kind: 'fill' as const, color: x.color, opacity: 0.85 } })),
      ],
    });
  }
  const symbols: LegendSection['items'] = [];
  if (v.areas)
    for (const fa of FUNCTIONAL_AREAS) symbols.push({ label: t(`functionalArea.${fa}`), swatch: { kind: 'fill', color: COLORS.area[fa], opacity: 0.45 } });
  if (v.constraints)
    for (const k of CONSTRAINT_KINDS) symbols.push({ label: t(`constraint.${k}`), swatch: { kind: 'fill', color: COLORS.constraint[k], opacity: 0.5 } });
  for (const k of FLAG_TOGGLES)
    if (v[k]) symbols.push({ label: t(`layerName.${k}`), swatch: { kind: 'line', color: COLORS.flag[k], width: 2.5, dash: FLAG_DASH[k] } });
  if (v.boundaries) symbols.push({ label: t('layerName.boundaries'), swatch: { kind: 'line', color: '#7a7a7a', width: 1.2, dash: [4, 2] } });
  symbols.push({ label: t('sheet.zoneBoundary'), swatch: { kind: 'line', color: '#333333', width: 2, dash: null } });
  if (s.selectedId) symbols.push({ label: t('sheet.selected', { id: s.selectedId }), swatch: { kind: 'line', color: COLORS.selected, width: 3, dash: null } });
  legend.push({ title: t('sheet.symbols'), items: symbols });
  if (v.review)
    legend.push({
      title: t('review.layer'),
      items: REVIEW_MARKS.filter((k) => k !== 'none').map((k) => ({ label: t(`review.mark.${k}`), swatch: { kind: 'review' as const, ...REVIEW_STYLE[k] } })),
    });

  const footer = [
    t('sheet.source', { dataset: m ? (lang === 'zh' ? m.name : m.nameEn) : s.dataset, asOf: data.asOfDate }),
    ...(m?.credits.length ? [t('sheet.credits', { credits: creditsIn(m, lang).join('; ') })] : []),
    ...(m?.illustrative ? [lang === 'zh' ? m.notice : m.noticeEn] : []),
    t('sheet.madeBy', { at: opts.printedAt.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB') }),
  ];
  const km = t('unit.km');
  const mUnit = t('unit.m');
  return {
    title: opts.title ?? `${t('app.title')} · ${place}`,
    subtitle: [
      s.theme === 'metric' ? t(`metricName.${s.metric}`) : t(`themeName.${s.theme}`),
      `${t('app.asOf')} ${data.asOfDate}`,
      m?.illustrative ? t('app.illustrative') : '',
    ]
      .filter(Boolean)
      .join(' · '),
    legend,
    footer,
    north: t('sheet.north'),
    scaleLabel: (meters) => (meters >= 1000 ? `${fmt(lang, meters / 1000, meters % 1000 === 0 ? 0 : 1)} ${km}` : `${meters} ${mUnit}`),
  };
}
