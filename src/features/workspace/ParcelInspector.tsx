import { Fragment, type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SOURCE_ID, type SourceRef, sourceText } from '../../domain/sources';
import type { Flag, Indicator, IndicatorCheck, IndicatorGroup, ParcelDetail } from '../../domain/types';
import { DATE_PROPERTIES } from '../../domain/types';
import { haFromM2, muFromM2 } from '../../domain/units';
import type { RuleSetInfo } from '../../engine/session';
import { fmt, fmtPercent } from '../../i18n/format';
import type { Lang } from '../../i18n/resources';
import type { Translate } from '../../state/columns';
import { useAppStore } from '../../state/react';
import { ReviewHistory } from '../review/ReviewHistory';
import { printRecord } from '../review/ReviewRecord';
import { Verification } from './Verification';

const RATIO: ReadonlySet<Indicator> = new Set(['coverage', 'admin', 'green']);
const UNIT: Partial<Record<Indicator, string>> = { intensity: 'unit.wanPerMu', output: 'unit.wanPerMu', tax: 'unit.wanPerMu' };

export interface SectionContext {
  t: Translate;
  lang: Lang;
  zoneName: string | null;
  /** the rule set's name, grading label and every source (null before the data are there) */
  rules: RuleSetInfo | null;
}

/**
 * The inspector's sections, top to bottom: each a heading and a body from the parcel's result. A new rule (a flag, a
 * stage, a grade) is a new entry here, drawn like the others. Every flag's section names its legal source with the
 * source's verification (checked against a published text, not checked, not found), so an officer can defend it.
 */
export interface Section {
  id: string;
  heading(d: ParcelDetail, c: SectionContext): ReactNode;
  body(d: ParcelDetail, c: SectionContext): ReactNode;
}

export const SECTIONS: readonly Section[] = [
  { id: 'facts', heading: () => null, body: (d, c) => <Facts d={d} c={c} /> },
  { id: 'area', heading: (_d, c) => c.t('ui.area'), body: (d, c) => <Areas d={d} c={c} /> },
  { id: 'stage', heading: stageHeading, body: (d, c) => <StageFacts d={d} c={c} /> },
  { id: 'idle', heading: (d, c) => `${c.t('ui.idle')}: ${c.t(`idleStatus.${d.idle.status}`)}`, body: (d, c) => <IdleFacts d={d} c={c} /> },
  { id: 'low-efficiency', heading: lowEfficiencyHeading, body: (d, c) => <Checks d={d} c={c} group="efficiency" /> },
  { id: 'supply-conditions', heading: supplyHeading, body: (d, c) => <Checks d={d} c={c} group="supply-condition" /> },
  { id: 'grade', heading: (_d, c) => c.t('inspector.gradeHeading'), body: (d, c) => <GradeFacts d={d} c={c} /> },
  { id: 'conflicts', heading: conflictHeading, body: (d, c) => <Conflicts d={d} c={c} /> },
];

/**
 * The selected parcel: the rule set and edition it was assessed by, its state (the flags it carries), then its facts,
 * areas, stage and dates, idle assessment, efficiency indicators, supply conditions, grade and conflicts, each with
 * its legal source. All text is rendered as text.
 */
export function ParcelInspector() {
  const { t } = useTranslation();
  const d = useAppStore((s) => s.detail);
  const selectedId = useAppStore((s) => s.selectedId);
  const select = useAppStore((s) => s.select);
  const zones = useAppStore((s) => s.data?.zones);
  const rules = useAppStore((s) => s.data?.rules ?? null);
  const lang = useAppStore((s) => s.lang);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (d) heading.current?.focus();
  }, [d]);
  if (!selectedId) return null;
  const close = (
    <button
      type="button"
      className="close"
      onClick={() => select(null, 'map')}
      aria-label={t('app.close')}
      title={t('ui.closeHint')}
      data-testid="inspector-close"
    >
      ×
    </button>
  );
  if (!d || d.id !== selectedId)
    return (
      <aside className="inspector" aria-busy="true" aria-label={t('ui.inspector')}>
        <header>
          <h2>
            {t('ui.inspector')} {selectedId}
          </h2>
          {close}
        </header>
        <p className="inspector-body">{t('app.loading')}</p>
      </aside>
    );
  const zone = zones?.find((z) => z.id === d.zoneId);
  const c: SectionContext = { t, lang, zoneName: zone ? (lang === 'zh' ? zone.name : zone.nameEn) : null, rules };
  return (
    <aside className="inspector" aria-labelledby="inspector-h" data-testid="inspector" data-parcel-id={d.id}>
      <header>
        <h2 id="inspector-h" tabIndex={-1} ref={heading}>
          {t('ui.inspector')} <span data-testid="inspector-id">{d.id}</span>
        </h2>
        {close}
      </header>
      <div className="inspector-body">
        <InspectorBody d={d} c={c} />
        <ReviewHistory parcelId={d.id} />
        <button type="button" className="print-btn" onClick={() => printRecord(d.id)} data-testid="inspector-print">
          {t('review.print')}
        </button>
      </div>
    </aside>
  );
}

/** What the inspector says of a parcel: the rules it was assessed by, its flags, then the sections (no store: also rendered by tests). */
export function InspectorBody({ d, c }: { d: ParcelDetail; c: SectionContext }) {
  const { t, lang } = c;
  return (
    <>
      <p className="rule-set" data-testid="rule-set">
        {c.rules && (
          <>
            {t('inspector.labelled', { label: t('inspector.ruleSet') })}
            <span data-testid="rule-set-name">{c.rules.name[lang]}</span> ·{' '}
          </>
        )}
        <span data-testid="control-edition">{d.controlEdition ? t('inspector.edition', { edition: d.controlEdition }) : t('inspector.noEdition')}</span>
      </p>
      <ul className="state-chips" data-testid="state-chips" aria-label={t('column.flags')}>
        {d.flags.length === 0 ? <li className="chip none">{t('ui.noFlags')}</li> : null}
        {d.flags.map((f) => (
          <li key={f} className={`chip flag-${f}`} data-flag={f}>
            {/* a flag leads to the section that says why (and on what source) the parcel carries it */}
            <button type="button" className="chip-link" onClick={() => goToSection(FLAG_SECTION[f])} title={t('inspector.whyFlag')}>
              {t(`flag.${f}`)}
            </button>
          </li>
        ))}
      </ul>
      {SECTIONS.map((s) => {
        const h = s.heading(d, c);
        return (
          <section key={s.id} data-section={s.id}>
            {h && (
              <h3 id={`inspector-${s.id}`} tabIndex={-1}>
                {h}
              </h3>
            )}
            {s.body(d, c)}
          </section>
        );
      })}
    </>
  );
}

/** The section that says why a parcel carries a flag. */
const FLAG_SECTION: Record<Flag, string> = {
  idle: 'idle',
  'suspected-idle': 'idle',
  'stopped-work': 'idle',
  'government-delay': 'idle',
  'low-efficiency': 'low-efficiency',
  'supply-breach': 'supply-conditions',
  conflict: 'conflicts',
  'suspected-illegal-occupation': 'conflicts',
  'overdue-start': 'stage',
  'overdue-completion': 'stage',
};

/** Scrolls a section's heading into view and gives it the focus (so the keyboard and a screen reader follow). */
function goToSection(id: string): void {
  const h = document.getElementById(`inspector-${id}`);
  h?.scrollIntoView({ block: 'start' });
  h?.focus({ preventScroll: true });
}

/** A source by id: the parcel's own (ParcelDetail.sources), else the rule set's. */
const sourceById = (d: ParcelDetail, c: SectionContext, id: string | null | undefined): SourceRef | null =>
  id ? (d.sources[id] ?? c.rules?.sources[id] ?? null) : null;

/** The legal sources of a section: what each is the basis of, the text, and its verification badge. */
function Sources({ items, c, testid }: { items: { label: string; source: SourceRef | null }[]; c: SectionContext; testid?: string }) {
  const shown = items.filter((x): x is { label: string; source: SourceRef } => x.source != null);
  if (shown.length === 0) return null;
  return (
    <ul className="sources" data-testid={testid}>
      {shown.map(({ label, source }) => (
        <li key={`${label}:${source.id}`} data-source={source.id}>
          <span className="source-label">{c.t('inspector.labelled', { label })}</span>
          {sourceText(source, c.lang)} <Verification status={source.status} t={c.t} />
        </li>
      ))}
    </ul>
  );
}

function Facts({ d, c }: { d: ParcelDetail; c: SectionContext }) {
  const { t } = c;
  const landUse = sourceById(d, c, d.landUse ? SOURCE_ID.landUse(d.landUse) : null);
  return (
    <>
      <dl className="facts">
        <dt>{t('column.name')}</dt>
        <dd>{d.name ?? '—'}</dd>
        <dt>{t('column.enterprise')}</dt>
        <dd>{d.enterprise ?? '—'}</dd>
        <dt>{t('column.zoneId')}</dt>
        <dd>{c.zoneName ?? '—'}</dd>
        <dt>{t('column.functionalArea')}</dt>
        <dd>{t(`functionalArea.${d.functionalArea ?? 'none'}`)}</dd>
        <dt>{t('column.industryCode')}</dt>
        <dd data-testid="industry">{d.industryCode ? industryText(d.industryCode, c) : '—'}</dd>
        <dt>{t('column.landUse')}</dt>
        <dd>{d.landUse ? `${d.landUse} ${t(`landUseName.${d.landUse}`, { defaultValue: '' })}` : '—'}</dd>
        <dt>{t('inspector.landUseKind')}</dt>
        <dd data-testid="land-use-kind">{t(`landUseKind.${d.landUseKind ?? 'none'}`)}</dd>
      </dl>
      <Sources
        items={[
          { label: t('inspector.landUseSource'), source: landUse },
          // noted by withChecks only when the control indicators' table is of the other edition of GB/T 4754
          { label: t('inspector.crosswalkSource'), source: d.sources[SOURCE_ID.crosswalk] ?? null },
        ]}
        c={c}
        testid="land-use-source"
      />
    </>
  );
}

/**
 * An industry code with the edition of GB/T 4754 it is read in, and its division's name when that edition is 2017
 * (the names are the 2017 divisions'; a 2002 code of the same number may be another division).
 */
function industryText(code: string, c: SectionContext): string {
  const edition = c.rules?.industryEdition;
  const name = edition === 'GB/T 4754-2002' ? '' : c.t(`industryName.${code.slice(0, 2)}`, { defaultValue: '' });
  const text = `${code}${name ? ` ${name}` : ''}`;
  return edition ? c.t('inspector.withEdition', { text, edition }) : text;
}

function Areas({ d, c }: { d: ParcelDetail; c: SectionContext }) {
  const { t, lang } = c;
  return (
    <table className="mini">
      <tbody>
        <tr>
          <th scope="row">{t('ui.cadastral')}</th>
          <td data-testid="area-m2">
            {fmt(lang, d.areaM2, 2)} {t('unit.m2')}
          </td>
        </tr>
        <tr>
          <th scope="row" />
          <td data-testid="area-mu">
            {fmt(lang, d.areaMu, 4)} {t('unit.mu')} · {fmt(lang, d.areaHa, 4)} {t('unit.ha')}
          </td>
        </tr>
        <tr>
          <th scope="row">{t('ui.ellipsoidal')}</th>
          <td data-testid="ellipsoid-m2">
            {fmt(lang, d.ellipsoidAreaM2, 2)} {t('unit.m2')} · {fmt(lang, muFromM2(d.ellipsoidAreaM2), 4)} {t('unit.mu')} ·{' '}
            {fmt(lang, haFromM2(d.ellipsoidAreaM2), 4)} {t('unit.ha')}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** The stage, and a badge for each overdue flag (an overdue start or completion is a flag of its own). */
function stageHeading(d: ParcelDetail, c: SectionContext): ReactNode {
  return (
    <>
      <span data-testid="stage" data-stage={d.stage}>
        {c.t('inspector.stageHeading', { stage: c.t(`stage.${d.stage}`) })}
      </span>
      {d.overdueStart && (
        <span className="badge-flag flag-overdue-start" data-testid="overdue-start">
          {c.t('flag.overdue-start')}
        </span>
      )}
      {d.overdueCompletion && (
        <span className="badge-flag flag-overdue-completion" data-testid="overdue-completion">
          {c.t('flag.overdue-completion')}
        </span>
      )}
    </>
  );
}

/** The ten contract and progress dates the stage, the overdue flags and the idle rule read, and the stages' source. */
function StageFacts({ d, c }: { d: ParcelDetail; c: SectionContext }) {
  const { t } = c;
  return (
    <>
      <dl className="facts dates" data-testid="contract-dates" aria-label={t('inspector.contractDates')}>
        {DATE_PROPERTIES.map((k) => (
          <Fragment key={k}>
            <dt>{t(`column.${k}`)}</dt>
            <dd data-date={k}>{d.dates[k] ?? '—'}</dd>
          </Fragment>
        ))}
      </dl>
      <Sources items={[{ label: t('inspector.stageSource'), source: sourceById(d, c, SOURCE_ID.stages) }]} c={c} testid="stage-source" />
    </>
  );
}

/** A row of facts when it has a value (none: no row). */
function row(label: string, value: ReactNode, testid?: string): ReactNode {
  if (value == null || value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testid}>{value}</dd>
    </>
  );
}

function IdleFacts({ d, c }: { d: ParcelDetail; c: SectionContext }) {
  const { t, lang } = c;
  const i = d.idle;
  const dates = d.dates;
  const construction = i.stopped
    ? t('inspector.stoppedSince', { date: dates.suspendedSince ?? '—' })
    : dates.resumedDate && dates.suspendedSince && dates.resumedDate >= dates.suspendedSince
      ? t('inspector.resumedOn', { date: dates.resumedDate })
      : dates.suspendedSince
        ? t('inspector.notStopped')
        : null;
  return (
    <>
      <dl className="facts" data-testid="idle">
        <dt>{t('ui.status')}</dt>
        <dd data-testid="idle-status" className={`idle-${i.status}`}>
          {t(`idleStatus.${i.status}`)}
        </dd>
        <dt>{t('inspector.reason')}</dt>
        <dd data-testid="idle-reason">{t(`idleReason.${i.reason}`)}</dd>
        {/* the rule's dates, years and measure where it reached them (a parcel far from idle has none to show) */}
        {row(t('inspector.idleKind'), i.kind && t(`idleKind.${i.kind}`), 'idle-kind')}
        {row(t('ui.since'), i.sinceDate)}
        {row(t('ui.deadline'), i.deadlineDate)}
        {row(t('ui.years'), i.years)}
        {i.status === 'idle' && (
          <>
            <dt>{t('ui.measure')}</dt>
            <dd data-testid="idle-measure">{t(`measure.${i.measure ?? 'none'}`)}</dd>
          </>
        )}
        {i.measure === 'idle-fee' && (
          <>
            <dt>{t('inspector.fee')}</dt>
            <dd data-testid="idle-fee" className={i.feeWanYuan == null ? 'missing' : undefined}>
              {i.feeWanYuan != null && d.landPriceWanYuan != null && d.landPriceWanYuan > 0
                ? t('inspector.feeAmount', {
                    fee: fmt(lang, i.feeWanYuan, 1),
                    price: fmt(lang, d.landPriceWanYuan, 1),
                    share: fmtPercent(lang, i.feeWanYuan / d.landPriceWanYuan, 0),
                  })
                : i.feeWanYuan != null
                  ? `${fmt(lang, i.feeWanYuan, 1)} ${t('unit.wanYuan')}`
                  : t('inspector.landPriceMissing')}
            </dd>
          </>
        )}
        {row(t('column.idleCause'), i.cause && t(`cause.${i.cause}`), 'idle-cause')}
        {construction && (
          <>
            <dt>{t('inspector.construction')}</dt>
            <dd data-testid="construction">{construction}</dd>
          </>
        )}
        {i.developedShare != null && (
          <>
            <dt>{t('ui.developedShare')}</dt>
            <dd>{fmtPercent(lang, i.developedShare)}</dd>
          </>
        )}
        {i.investedShare != null && (
          <>
            <dt>{t('ui.investedShare')}</dt>
            <dd data-testid="invested-share">
              {fmtPercent(lang, i.investedShare)}
              {t('ui.investedShareBasis')}
            </dd>
          </>
        )}
      </dl>
      {i.extensionCapped && (
        <p className="warning" role="note" data-testid="extension-capped">
          ⚠ {t('inspector.extensionCapped')}
        </p>
      )}
      <Sources
        items={[
          { label: t('inspector.branchSource'), source: sourceById(d, c, i.sourceId) },
          ...(i.extensionCapped ? [{ label: t('inspector.branchSource'), source: sourceById(d, c, SOURCE_ID.idle('extension')) }] : []),
          ...(i.measureSourceId && i.measureSourceId !== i.sourceId
            ? [{ label: t('inspector.measureSource'), source: sourceById(d, c, i.measureSourceId) }]
            : []),
        ]}
        c={c}
        testid="idle-source"
      />
    </>
  );
}

/**
 * The low-efficiency heading says what the assessment is: low-efficiency or not, or why the parcel was not assessed
 * (idle land is handled as idle land, never counted twice; land that is not industrial; a project before completion).
 */
function lowEfficiencyHeading(d: ParcelDetail, c: SectionContext): ReactNode {
  const le = d.lowEfficiency;
  if (le.note !== 'assessed') return <span data-testid="low-efficiency">{c.t(`lowEfficiencyHeading.${le.note}`)}</span>;
  return (
    <>
      {c.t('ui.lowEfficiency')}: <strong data-testid="low-efficiency">{le.status ? c.t('yes') : c.t('no')}</strong>
    </>
  );
}

/** The supply conditions' heading: breached or not when assessed; else the same reason as low efficiency's. */
function supplyHeading(d: ParcelDetail, c: SectionContext): ReactNode {
  const le = d.lowEfficiency;
  const has = le.checks.some((k) => k.group === 'supply-condition');
  return (
    <>
      {c.t('inspector.supplyHeading')}:{' '}
      <strong data-testid="supply-breach">
        {!has ? '—' : le.note !== 'assessed' ? c.t(`lowEfficiencyNote.${le.note}`) : le.supplyBreach ? c.t('yes') : c.t('no')}
      </strong>
    </>
  );
}

/**
 * One group's indicators against their thresholds (efficiency: low efficiency; supply-condition: a breach of the
 * supply's conditions), each threshold with its verification, what failed, and the sources; shown as information only
 * (no pass or fail) when the parcel is not assessed.
 */
function Checks({ d, c, group }: { d: ParcelDetail; c: SectionContext; group: IndicatorGroup }) {
  const { t, lang } = c;
  const le = d.lowEfficiency;
  const checks = le.checks.filter((k) => k.group === group);
  if (checks.length === 0) return group === 'supply-condition' ? <p className="note">{t('inspector.noSupplyChecks')}</p> : null;
  const assessed = le.note === 'assessed';
  const value = (k: IndicatorCheck, v: number | null) =>
    v == null ? '—' : RATIO.has(k.indicator) ? fmtPercent(lang, v, 1) : `${fmt(lang, v, 2)}${UNIT[k.indicator] ? ` ${t(UNIT[k.indicator] as string)}` : ''}`;
  const result = (k: IndicatorCheck) => (!assessed ? t('ui.forInformation') : k.pass == null ? t('ui.notAssessed') : k.pass ? t('ui.pass') : t('ui.fail'));
  const rowClass = (k: IndicatorCheck) => (!assessed ? 'info' : k.pass === false ? 'fail' : k.pass ? 'pass' : '');
  const failed = (group === 'efficiency' ? le.reasons : le.breaches).map((f) => t(`indicator.${f.indicator}`));
  const groupSource = sourceById(d, c, group === 'efficiency' ? SOURCE_ID.efficiency : SOURCE_ID.supplyConditions);
  // the thresholds' sources, each once, with the indicators it is the source of
  const bySource = new Map<string, { labels: string[]; source: SourceRef | null }>();
  for (const k of checks) {
    const entry = bySource.get(k.sourceId) ?? { labels: [], source: sourceById(d, c, k.sourceId) };
    entry.labels.push(t(`indicator.${k.indicator}`));
    bySource.set(k.sourceId, entry);
  }
  return (
    <>
      <table className={assessed ? 'checks' : 'checks info'} data-testid={group === 'efficiency' ? 'checks' : 'supply-checks'}>
        <thead>
          <tr>
            <th>{t('ui.indicators')}</th>
            <th>{t('ui.value')}</th>
            <th>{t('ui.threshold')}</th>
            <th>{assessed ? t('ui.result') : t('ui.compared')}</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((k) => {
            const s = sourceById(d, c, k.sourceId);
            return (
              <tr key={k.indicator} className={rowClass(k)} data-indicator={k.indicator}>
                <th scope="row" title={s ? sourceText(s, lang) : k.source}>
                  {t(`indicator.${k.indicator}`)}
                </th>
                <td data-testid={`value-${k.indicator}`}>{value(k, k.value)}</td>
                <td data-testid={`threshold-${k.indicator}`}>
                  {k.threshold == null
                    ? t('inspector.thresholdMissing', { note: t(`thresholdNote.${k.thresholdNote ?? 'not-found'}`) })
                    : `${k.comparison === 'min' ? '≥' : '≤'} ${value(k, k.threshold)}`}
                  {s && k.threshold != null && <Verification status={s.status} t={t} />}
                </td>
                <td>{result(k)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {assessed && (
        <p className={failed.length ? 'failed' : 'note'} data-testid={group === 'efficiency' ? 'failed-indicators' : 'breached-conditions'}>
          {failed.length
            ? t(group === 'efficiency' ? 'inspector.failedIndicators' : 'inspector.breaches', { list: failed.join(t('ui.listSeparator')) })
            : t(group === 'efficiency' ? 'inspector.noneFailed' : 'inspector.noBreach')}
        </p>
      )}
      <Sources
        items={[
          { label: t(group === 'efficiency' ? 'inspector.efficiencySource' : 'inspector.supplySource'), source: groupSource },
          ...[...bySource.values()].map((e) => ({ label: e.labels.join(t('ui.listSeparator')), source: e.source })),
        ]}
        c={c}
        testid={group === 'efficiency' ? 'efficiency-sources' : 'supply-sources'}
      />
    </>
  );
}

/** 亩均效益: the score, the grades in the city and in the zone (or why ungraded), the scheme and its source. */
function GradeFacts({ d, c }: { d: ParcelDetail; c: SectionContext }) {
  const { t, lang } = c;
  const e = d.efficiency;
  const grade = (g: string | null) => g ?? (e.ungraded ? t('ui.ungradedShort') : t('inspector.notGradedYet'));
  return (
    <>
      <dl className="facts" data-testid="grade">
        <dt>{t('inspector.score')}</dt>
        <dd data-testid="grade-score">{e.score == null ? '—' : fmt(lang, e.score, 1)}</dd>
        <dt>{t('inspector.gradeCity')}</dt>
        <dd data-testid="grade-city" className={e.grade.city ? `grade grade-${e.grade.city}` : undefined}>
          {grade(e.grade.city)}
        </dd>
        <dt>{t('inspector.gradeZone')}</dt>
        <dd data-testid="grade-zone" className={e.grade.zone ? `grade grade-${e.grade.zone}` : undefined}>
          {grade(e.grade.zone)}
        </dd>
        {e.ungraded && (
          <>
            <dt>{t('inspector.ungradedReason')}</dt>
            <dd data-testid="ungraded-reason">{t(`ungraded.${e.ungraded}`)}</dd>
          </>
        )}
        {c.rules && (
          <>
            <dt>{t('inspector.scheme')}</dt>
            <dd data-testid="grade-scheme">{c.rules.gradingLabel[lang]}</dd>
          </>
        )}
      </dl>
      <Sources items={[{ label: t('inspector.schemeSource'), source: sourceById(d, c, SOURCE_ID.grading) }]} c={c} testid="grade-source" />
    </>
  );
}

const illegal = (d: ParcelDetail) => d.flags.includes('suspected-illegal-occupation');

function conflictHeading(d: ParcelDetail, c: SectionContext): ReactNode {
  return illegal(d) ? (
    <span className="illegal-heading" data-testid="illegal-heading">
      {c.t('inspector.illegalHeading')}
    </span>
  ) : (
    c.t('ui.conflicts')
  );
}

/**
 * Overlaps with protected land. Work started there is suspected illegal occupation, set apart (a boxed, heavier
 * block with its own source); nothing built yet is a planning conflict.
 */
function Conflicts({ d, c }: { d: ParcelDetail; c: SectionContext }) {
  const { t, lang } = c;
  if (d.conflicts.length === 0) return <p>{t('ui.noConflicts')}</p>;
  const list = (
    <ul data-testid="conflicts">
      {d.conflicts.map((k) => (
        <li key={k.constraintId}>
          {t(`constraint.${k.kind}`)} ({k.constraintId}): {t('ui.overlap')} {fmt(lang, k.overlapM2, 1)} {t('unit.m2')} ({fmt(lang, muFromM2(k.overlapM2), 2)}{' '}
          {t('unit.mu')})
        </li>
      ))}
    </ul>
  );
  if (!illegal(d))
    return (
      <>
        <p className="note">{t('inspector.conflictWhy')}</p>
        {list}
      </>
    );
  return (
    <div className="illegal" data-testid="illegal-occupation">
      <p>{t('inspector.illegalWhy', { stage: t(`stage.${d.stage}`) })}</p>
      {list}
      <Sources items={[{ label: t('inspector.illegalSource'), source: sourceById(d, c, SOURCE_ID.illegalOccupation) }]} c={c} testid="illegal-source" />
    </div>
  );
}
