import { Fragment, type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { sourceText } from '../../domain/sources';
import type { Indicator, IndicatorCheck, ParcelDetail } from '../../domain/types';
import { haFromM2, muFromM2 } from '../../domain/units';
import { fmt, fmtPercent } from '../../i18n/format';
import type { Lang } from '../../i18n/resources';
import type { Translate } from '../../state/columns';
import { useAppStore } from '../../state/react';
import { ReviewHistory } from '../review/ReviewHistory';
import { printRecord } from '../review/ReviewRecord';

const RATIO: ReadonlySet<Indicator> = new Set(['coverage', 'admin', 'green']);
const UNIT: Partial<Record<Indicator, string>> = { intensity: 'unit.wanPerMu', output: 'unit.wanPerMu', tax: 'unit.wanPerMu' };

interface SectionContext {
  t: Translate;
  lang: Lang;
  zoneName: string | null;
}

/** A rule's source in the language shown, from the parcel's sources (the check's own text if it is not there). */
const sourceIn = (d: ParcelDetail, id: string | null, lang: Lang, fallback = ''): string => {
  const s = id ? d.sources[id] : undefined;
  return s ? sourceText(s, lang) : fallback;
};

/**
 * The inspector's sections, top to bottom: each a heading and a body from the parcel's result. A new rule (a flag, a
 * stage, a grade) is a new entry here, drawn like the others.
 */
interface Section {
  id: string;
  heading(d: ParcelDetail, c: SectionContext): ReactNode;
  body(d: ParcelDetail, c: SectionContext): ReactNode;
}

const SECTIONS: readonly Section[] = [
  { id: 'facts', heading: () => null, body: (d, c) => <Facts d={d} c={c} /> },
  { id: 'area', heading: (_d, c) => c.t('ui.area'), body: (d, c) => <Areas d={d} c={c} /> },
  { id: 'idle', heading: (d, c) => `${c.t('ui.idle')}: ${c.t(`idleStatus.${d.idle.status}`)}`, body: (d, c) => <IdleFacts d={d} c={c} /> },
  { id: 'low-efficiency', heading: lowEfficiencyHeading, body: (d, c) => <Checks d={d} c={c} /> },
  { id: 'conflicts', heading: (_d, c) => c.t('ui.conflicts'), body: (d, c) => <Conflicts d={d} c={c} /> },
];

/**
 * The selected parcel: its state first (the flags it carries), then areas, idle assessment, indicators against their
 * thresholds and conflicts, each with its legal source. All text is rendered as text.
 */
export function ParcelInspector() {
  const { t } = useTranslation();
  const d = useAppStore((s) => s.detail);
  const selectedId = useAppStore((s) => s.selectedId);
  const select = useAppStore((s) => s.select);
  const zones = useAppStore((s) => s.data?.zones);
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
  const c: SectionContext = { t, lang, zoneName: zone ? (lang === 'zh' ? zone.name : zone.nameEn) : null };
  return (
    <aside className="inspector" aria-labelledby="inspector-h" data-testid="inspector" data-parcel-id={d.id}>
      <header>
        <h2 id="inspector-h" tabIndex={-1} ref={heading}>
          {t('ui.inspector')} <span data-testid="inspector-id">{d.id}</span>
        </h2>
        {close}
      </header>
      <div className="inspector-body">
        <ul className="state-chips" data-testid="state-chips" aria-label={t('column.flags')}>
          {d.flags.length === 0 ? <li className="chip none">{t('ui.noFlags')}</li> : null}
          {d.flags.map((f) => (
            <li key={f} className={`chip flag-${f}`} data-flag={f}>
              {t(`flag.${f}`)}
            </li>
          ))}
        </ul>
        {SECTIONS.map((s) => {
          const h = s.heading(d, c);
          return (
            <section key={s.id} data-section={s.id}>
              {h && <h3>{h}</h3>}
              {s.body(d, c)}
            </section>
          );
        })}
        <ReviewHistory parcelId={d.id} />
        <button type="button" className="print-btn" onClick={() => printRecord(d.id)} data-testid="inspector-print">
          {t('review.print')}
        </button>
      </div>
    </aside>
  );
}

function Facts({ d, c }: { d: ParcelDetail; c: SectionContext }) {
  const { t } = c;
  return (
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
      <dd>{d.industryCode ? `${d.industryCode} ${t(`industryName.${d.industryCode.slice(0, 2)}`, { defaultValue: '' })}` : '—'}</dd>
      <dt>{t('column.landUse')}</dt>
      <dd>{d.landUse ? `${d.landUse} ${t(`landUseName.${d.landUse}`, { defaultValue: '' })}` : '—'}</dd>
    </dl>
  );
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

/** Indicators against their thresholds; shown as information only (no pass or fail) when the parcel is not assessed. */
function Checks({ d, c }: { d: ParcelDetail; c: SectionContext }) {
  const { t, lang } = c;
  const assessed = d.lowEfficiency.note === 'assessed';
  const value = (k: IndicatorCheck, v: number | null) =>
    v == null ? '—' : RATIO.has(k.indicator) ? fmtPercent(lang, v, 1) : `${fmt(lang, v, 2)}${UNIT[k.indicator] ? ` ${t(UNIT[k.indicator] as string)}` : ''}`;
  const result = (k: IndicatorCheck) => (!assessed ? t('ui.forInformation') : k.pass == null ? t('ui.notAssessed') : k.pass ? t('ui.pass') : t('ui.fail'));
  const rowClass = (k: IndicatorCheck) => (!assessed ? 'info' : k.pass === false ? 'fail' : k.pass ? 'pass' : '');
  return (
    <>
      {!assessed && <p className="note">{t(`lowEfficiencyNote.${d.lowEfficiency.note}`)}</p>}
      <table className={assessed ? 'checks' : 'checks info'} data-testid="checks">
        <thead>
          <tr>
            <th>{t('ui.indicators')}</th>
            <th>{t('ui.value')}</th>
            <th>{t('ui.threshold')}</th>
            <th>{assessed ? t('ui.result') : t('ui.compared')}</th>
          </tr>
        </thead>
        <tbody>
          {d.lowEfficiency.checks.map((k) => (
            <tr key={k.indicator} className={rowClass(k)} data-indicator={k.indicator}>
              <th scope="row" title={sourceIn(d, k.sourceId, lang, k.source)}>
                {t(`indicator.${k.indicator}`)}
              </th>
              <td data-testid={`value-${k.indicator}`}>{value(k, k.value)}</td>
              <td>{k.threshold == null ? '—' : `${k.comparison === 'min' ? '≥' : '≤'} ${value(k, k.threshold)}`}</td>
              <td>{result(k)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="sources">
        <summary>{t('ui.source')}</summary>
        <ul>
          {d.lowEfficiency.checks.map((k) => (
            <li key={k.indicator}>
              {t(`indicator.${k.indicator}`)}: {sourceIn(d, k.sourceId, lang, k.source)}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}

function IdleFacts({ d, c }: { d: ParcelDetail; c: SectionContext }) {
  const { t, lang } = c;
  const i = d.idle;
  return (
    <>
      <dl className="facts" data-testid="idle">
        <dt>{t('ui.status')}</dt>
        <dd data-testid="idle-status" className={`idle-${i.status}`}>
          {t(`idleStatus.${i.status}`)}
        </dd>
        <dt>{t('column.idleReason')}</dt>
        <dd>{t(`idleReason.${i.reason}`)}</dd>
        {(['supplyDate', 'agreedStartDate', 'actualStartDate', 'agreedCompletionDate', 'suspendedSince'] as const).map((k) => (
          <Fragment key={k}>
            <dt>{t(`ui.${k}`)}</dt>
            <dd>{d.dates[k] ?? '—'}</dd>
          </Fragment>
        ))}
        <dt>{t('ui.since')}</dt>
        <dd>{i.sinceDate ?? '—'}</dd>
        <dt>{t('ui.deadline')}</dt>
        <dd>{i.deadlineDate ?? '—'}</dd>
        <dt>{t('ui.years')}</dt>
        <dd>{i.years ?? '—'}</dd>
        <dt>{t('ui.measure')}</dt>
        <dd data-testid="idle-measure">{t(`measure.${i.measure ?? 'none'}`)}</dd>
        <dt>{t('ui.cause')}</dt>
        <dd>{t(`cause.${i.cause ?? 'none'}`)}</dd>
        {i.developedShare != null && (
          <>
            <dt>{t('ui.developedShare')}</dt>
            <dd>{fmtPercent(lang, i.developedShare)}</dd>
          </>
        )}
        {i.investedShare != null && (
          <>
            <dt>{t('ui.investedShare')}</dt>
            <dd>{fmtPercent(lang, i.investedShare)}</dd>
          </>
        )}
      </dl>
      <details className="sources" data-testid="idle-source">
        <summary>{t('ui.source')}</summary>
        <ul>
          <li>{sourceIn(d, i.sourceId, lang)}</li>
          {i.measureSourceId && i.measureSourceId !== i.sourceId && <li>{sourceIn(d, i.measureSourceId, lang)}</li>}
        </ul>
      </details>
    </>
  );
}

function Conflicts({ d, c }: { d: ParcelDetail; c: SectionContext }) {
  const { t, lang } = c;
  if (d.conflicts.length === 0) return <p>{t('ui.noConflicts')}</p>;
  return (
    <ul data-testid="conflicts">
      {d.conflicts.map((k) => (
        <li key={k.constraintId}>
          {t(`constraint.${k.kind}`)} ({k.constraintId}): {t('ui.overlap')} {fmt(lang, k.overlapM2, 1)} {t('unit.m2')} ({fmt(lang, muFromM2(k.overlapM2), 2)}{' '}
          {t('unit.mu')})
        </li>
      ))}
    </ul>
  );
}
