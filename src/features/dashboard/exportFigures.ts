import writeXlsxFile, { type Cell } from 'write-excel-file/universal';
import { type CellValue, csvLine } from '../../analysis/report';
import type { PlanFacts } from '../../domain/plan';
import { translate } from '../../i18n/plain';
import type { Lang } from '../../i18n/resources';
import { type DashboardData, dashboardFigures, type Figure } from '../../state/dashboard';

/**
 * The dashboard's figures as a table for a spreadsheet: every scope (the city, then each zone) at the as-of date, one
 * row a figure, its values with their units in columns of their own (numbers stay numbers), its target, progress and
 * the reason it cannot be compared. Text from the plan or the data goes through report.ts's csvCell (never a formula).
 */
export function figureTable(data: DashboardData, lang: Lang): { header: string[]; rows: CellValue[][] } {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, `dashboard.${key}`, params);
  const header = [
    'scope',
    'section',
    'figure',
    'value1',
    'unit1',
    'value2',
    'unit2',
    'value3',
    'unit3',
    'weightedOver',
    'target',
    'targetUnit',
    'commitment',
    'due',
    'progressPercent',
    'met',
    'notComparable',
    'source',
  ].map((k) => t(`export.col.${k}`));
  const rows: CellValue[][] = [];
  const scopes: (string | null)[] = [null, ...data.zones.map((z) => z.id)];
  for (const zone of scopes) {
    const z = data.zones.find((x) => x.id === zone);
    const scopeName = z ? (lang === 'zh' ? z.name : z.nameEn) : t('city');
    for (const section of dashboardFigures(data, zone)) {
      for (const f of section.figures) {
        const values = [0, 1, 2].flatMap((k): CellValue[] => {
          const v = f.values[k];
          return v ? [v.value, t(`unit.${v.unit}`)] : [null, null];
        });
        const target = f.target;
        const source = !target
          ? null
          : target.source.kind === 'plan'
            ? target.source.articles.map((a) => a[lang]).join('; ')
            : (target.source.source?.[lang] ?? t('ruleTarget'));
        rows.push([
          scopeName,
          t(`section.${section.key}`),
          figureLabel(f, data.plan, lang),
          ...values,
          f.over ? t(`over.${f.over.key}`, { mu: f.over.mu.toFixed(1) }) : null,
          target ? `${target.comparison} ${target.value}${target.valueMax != null ? `–${target.valueMax}` : ''}` : null,
          target ? t(`unit.${target.unit}`) : null,
          target ? t(`commitment.${target.commitment}`) : null,
          target?.due ?? null,
          target?.progress?.ratio != null ? target.progress.ratio * 100 : null,
          target?.progress ? t(target.progress.met ? 'met' : 'notMet') : null,
          target?.notComparable ? `${t('notModelled')}: ${t(`notComparable.${target.notComparable}`)}` : null,
          source,
        ]);
      }
    }
  }
  return { header, rows };
}

/** A figure's label without React (the same texts as the panel's). */
export function figureLabel(f: Figure, plan: PlanFacts | null, lang: Lang): string {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, `dashboard.${key}`, params);
  if (f.key.startsWith('plan.')) {
    const id = f.key.slice(5);
    const target = plan ? [...plan.cityTargets, ...plan.perZoneTargets, ...plan.zones.flatMap((z) => z.targets)].find((x) => x.id === id) : null;
    return target ? target.metric[lang] : f.key;
  }
  if (f.key === 'leadingRevenue') {
    const ind = plan?.industries.find((i) => i.id === f.params?.industry);
    return t('figure.leadingRevenue', { industry: ind ? (lang === 'zh' ? ind.name : ind.nameEn) : '' });
  }
  if (f.key === 'clusterRevenue') {
    const c = plan?.clusters.find((x) => x.id === f.params?.cluster);
    return t('figure.clusterRevenue', { cluster: c ? (lang === 'zh' ? c.name : c.nameEn) : '' });
  }
  return t(`figure.${f.key}`);
}

/** As CSV for Excel: a UTF-8 BOM, every cell made safe. */
export function figuresCsv(data: DashboardData, lang: Lang): Blob {
  const { header, rows } = figureTable(data, lang);
  const text = `\uFEFF${[csvLine(header), ...rows.map((r) => csvLine(r))].join('\r\n')}\r\n`;
  return new Blob([text], { type: 'text/csv;charset=utf-8' });
}

/** As an Excel workbook: numbers as numbers, texts as text cells (never formulas), the header row frozen. */
export function figuresXlsx(data: DashboardData, lang: Lang): Promise<Blob> {
  const { header, rows } = figureTable(data, lang);
  const head: Cell[] = header.map((h) => ({ value: h, fontWeight: 'bold' as const }));
  const body: Cell[][] = rows.map((r) =>
    r.map((v): Cell => {
      if (v == null || v === '') return null;
      if (typeof v === 'number') return { value: v, type: Number };
      return { value: String(v), type: String };
    }),
  );
  return writeXlsxFile([head, ...body], {
    sheet: translate(lang, 'dashboard.export.sheet'),
    stickyRowsCount: 1,
    columns: header.map((_, i) => ({ width: i === 2 ? 36 : i === 17 ? 48 : 14 })),
  }).toBlob();
}
