import type { TFunction } from 'i18next';
import { fmt, fmtPercent } from '../../i18n/format';
import type { Lang } from '../../i18n/resources';
import type { KeyFigure } from '../../state/keyFigures';

/** A key figure as shown: its label, value, unit, and its target ("目标 ≥ 800 亿元 · 已达到"). */
export interface FigureText {
  label: string;
  value: string;
  unit: string;
  target: string | null;
  met: boolean | null;
  source: string | null;
}

const SHARES = new Set<KeyFigure['id']>(['idleShare', 'lowEfficiencyShare']);

export function figureText(f: KeyFigure, lang: Lang, t: TFunction): FigureText {
  const label = t(`figure.${f.id}`);
  if (f.id === 'idleStatus') {
    const years = f.status === 'idle' && f.value != null ? ` · ${t('figure.idleYears', { years: fmt(lang, f.value, 1) })}` : '';
    return { label, value: `${t(`idleStatus.${f.status ?? 'unknown'}`)}${years}`, unit: '', target: null, met: null, source: null };
  }
  // a value short of its target is cut, not rounded, to the digits shown: 799.9994 shows as 799.9, never as a
  // "800.0" beside "target ≥ 800 · not met"
  const shown = f.target?.met === false && f.value != null ? Math.floor(f.value * 10 ** f.digits) / 10 ** f.digits : f.value;
  const value = SHARES.has(f.id) ? fmtPercent(lang, shown) : fmt(lang, shown, f.digits);
  // no value, no unit: "—", never "— 万元/亩"
  const figureUnit = SHARES.has(f.id) ? '' : t(`figureUnit.${f.id}`);
  const unit = f.value == null ? '' : figureUnit;
  if (!f.target) return { label, value, unit, target: null, met: null, source: null };
  const tv = SHARES.has(f.id) ? fmtPercent(lang, f.target.value) : fmt(lang, f.target.value, f.target.value % 1 === 0 ? 0 : f.digits);
  const target = t('figure.target', { comparison: f.target.comparison === '>' ? '>' : '≥', value: tv, unit: figureUnit });
  const source =
    f.target.source.kind === 'plan'
      ? t('figure.planSource', { document: f.target.source.document, article: f.target.source.article[lang] })
      : t('figure.ruleSource', { source: f.target.source.sourceId });
  return { label, value, unit, target, met: f.target.met, source };
}
