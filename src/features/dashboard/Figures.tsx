import { useTranslation } from 'react-i18next';
import type { PlanFacts } from '../../domain/plan';
import { fmt } from '../../i18n/format';
import type { Lang } from '../../i18n/resources';
import { type DashboardData, dashboardFigures, type Figure, type FigureSection, type FigureTarget, type FigureUnit } from '../../state/dashboard';
import { useAppStore } from '../../state/react';
import { figureLabel } from './exportFigures';

/** Digits a value of a unit shows with. */
const DIGITS: Partial<Record<FigureUnit, number>> = {
  mu: 1,
  km2: 2,
  parcels: 0,
  wanPerMu: 1,
  percent: 1,
  yi: 1,
  stars: 0,
  'yi-yuan': 0,
  'percentage-points': 0,
};
const digitsOf = (u: FigureUnit) => DIGITS[u] ?? 0;

/** A figure's label, in the language shown. */
function useFigureLabel(plan: PlanFacts | null) {
  const lang = useAppStore((s) => s.lang);
  return (f: Figure): string => figureLabel(f, plan, lang);
}

export function valueText(lang: Lang, t: (k: string) => string, v: { value: number | null; unit: FigureUnit }): string {
  const unit = t(`dashboard.unit.${v.unit}`);
  return v.unit === 'percent' ? `${fmt(lang, v.value, 1)}%` : `${fmt(lang, v.value, digitsOf(v.unit))} ${unit}`;
}

/** The target as the plan states it: comparison, value and unit, commitment, by when; and its source. */
function TargetCell({ target }: { target: FigureTarget }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const cmp = t(`dashboard.comparison.${target.comparison}`);
  const value = `${fmt(lang, target.value, digitsOf(target.unit))}${target.valueMax != null ? `–${fmt(lang, target.valueMax, digitsOf(target.unit))}` : ''}`;
  const when = target.due != null ? t('dashboard.due', { year: target.due }) : '';
  const source =
    target.source.kind === 'plan'
      ? target.source.articles.map((a) => a[lang]).join('；')
      : target.source.source
        ? `${t('dashboard.ruleTarget')}: ${target.source.source[lang]}`
        : t('dashboard.ruleTarget');
  return (
    <>
      <span className="target-value">
        {target.commitment === 'strive' ? <strong className="strive">{t('dashboard.commitment.strive')}</strong> : null}
        {cmp ? `${cmp} ` : ''}
        {value}
        {target.unit === 'percent' ? '%' : ` ${t(`dashboard.unit.${target.unit}`)}`}
        {when ? `（${when}）` : ''}
      </span>
      <small className="target-source">{source}</small>
    </>
  );
}

function ProgressCell({ target }: { target: FigureTarget }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  if (target.notComparable)
    return (
      <span className="not-modelled" data-not-modelled={target.notComparable}>
        <strong>{t('dashboard.notModelled')}</strong> <small>{t(`dashboard.notComparable.${target.notComparable}`)}</small>
      </span>
    );
  if (target.source.kind === 'rule' && !target.source.inForce) return <small className="not-modelled">{t('dashboard.notInForce')}</small>;
  const p = target.progress;
  if (!p) return <span>—</span>;
  return (
    <span className={p.met ? 'progress-cell met' : 'progress-cell not-met'} data-met={p.met}>
      {p.ratio != null && <meter min={0} max={1} low={0.999} optimum={1} value={Math.min(1, p.ratio)} aria-hidden="true" />}
      <span>
        {p.ratio != null ? `${fmt(lang, p.ratio * 100, 0)}% ` : ''}
        {p.met ? `✓ ${t('dashboard.met')}` : `✗ ${t('dashboard.notMet')}`}
      </span>
      {target.caveat && <small>{t(`dashboard.caveat.${target.caveat}`)}</small>}
    </span>
  );
}

function FigureRow({ f, label, targets }: { f: Figure; label: string; targets: boolean }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const key = [f.key, ...Object.values(f.params ?? {})].join(':');
  return (
    <tr className={f.part ? 'part' : undefined} data-figure={key}>
      <th scope="row">
        {label}
        {f.over && <small className="over">{t(`dashboard.over.${f.over.key}`, { mu: fmt(lang, f.over.mu, 1) })}</small>}
      </th>
      <td className="figure-value" data-values={f.values.map((v) => (v.value == null ? '' : String(v.value))).join('|')}>
        {f.values.every((v) => v.value == null)
          ? f.target?.notComparable
            ? t('dashboard.notModelled')
            : '—'
          : f.values.map((v) => valueText(lang, t, v)).join(' · ')}
      </td>
      {targets && <td className="figure-target">{f.target ? <TargetCell target={f.target} /> : ''}</td>}
      {targets && <td className="figure-progress">{f.target ? <ProgressCell target={f.target} /> : ''}</td>}
    </tr>
  );
}

function Section({ section, label }: { section: FigureSection; label: (f: Figure) => string }) {
  const { t } = useTranslation();
  if (section.figures.length === 0) return null;
  // a section without targets (the land) has no target and progress columns
  const targets = section.figures.some((f) => f.target != null);
  return (
    <section className="dash-section" aria-labelledby={`dash-${section.key}`}>
      <h3 id={`dash-${section.key}`}>{t(`dashboard.section.${section.key}`)}</h3>
      <table className="figures" data-section={section.key}>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.col.figure')}</th>
            <th scope="col">{t('dashboard.col.value')}</th>
            {targets && <th scope="col">{t('dashboard.col.target')}</th>}
            {targets && <th scope="col">{t('dashboard.col.progress')}</th>}
          </tr>
        </thead>
        <tbody>
          {section.figures.map((f) => (
            <FigureRow key={[f.key, ...Object.values(f.params ?? {})].join(':')} f={f} label={label(f)} targets={targets} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Every figure of the scope (the city, or the zone chosen) at the as-of date, each against its target. */
export function Figures({ data, zone }: { data: DashboardData; zone: string | null }) {
  const label = useFigureLabel(data.plan);
  const sections = dashboardFigures(data, zone);
  return (
    <div className="figures-all" data-testid="dashboard-figures" data-scope={zone ?? 'city'} data-as-of={data.asOfDate}>
      {sections.map((s) => (
        <Section key={s.key} section={s} label={label} />
      ))}
    </div>
  );
}
