import { Fragment, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Indicator, IndicatorCheck } from '../../domain/types';
import { haFromM2, muFromM2 } from '../../domain/units';
import { fmt, fmtPercent } from '../../i18n/format';
import type { Lang } from '../../i18n/resources';
import { useAppStore } from '../../state/react';
import { ReviewHistory } from '../review/ReviewHistory';
import { printRecord } from '../review/ReviewRecord';

const RATIO: ReadonlySet<Indicator> = new Set(['coverage', 'admin', 'green']);
const UNIT: Partial<Record<Indicator, string>> = { intensity: 'unit.wanPerMu', output: 'unit.wanPerMu', tax: 'unit.wanPerMu' };

/** The selected parcel: areas, every indicator against its threshold with its source, idle status, conflicts. All text is rendered as text. */
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
  if (!d) return <aside className="inspector" aria-busy="true" />;
  const zone = zones?.find((z) => z.id === d.zoneId);
  const value = (c: IndicatorCheck, v: number | null) =>
    v == null ? '—' : RATIO.has(c.indicator) ? fmtPercent(lang, v, 1) : `${fmt(lang, v, 2)}${UNIT[c.indicator] ? ` ${t(UNIT[c.indicator] as string)}` : ''}`;
  return (
    <aside className="inspector" aria-labelledby="inspector-h" data-testid="inspector" data-parcel-id={d.id}>
      <header>
        <h2 id="inspector-h" tabIndex={-1} ref={heading}>
          {t('ui.inspector')} <span data-testid="inspector-id">{d.id}</span>
        </h2>
        <button type="button" onClick={() => select(null, 'map')} aria-label={t('app.close')}>
          ×
        </button>
      </header>
      <dl className="facts">
        <dt>{t('column.name')}</dt>
        <dd>{d.name ?? '—'}</dd>
        <dt>{t('column.enterprise')}</dt>
        <dd>{d.enterprise ?? '—'}</dd>
        <dt>{t('column.zoneId')}</dt>
        <dd>{zone ? (lang === 'zh' ? zone.name : zone.nameEn) : '—'}</dd>
        <dt>{t('column.functionalArea')}</dt>
        <dd>{t(`functionalArea.${d.functionalArea ?? 'none'}`)}</dd>
        <dt>{t('column.industryCode')}</dt>
        <dd>{d.industryCode ? `${d.industryCode} ${t(`industryName.${d.industryCode.slice(0, 2)}`, { defaultValue: '' })}` : '—'}</dd>
        <dt>{t('column.landUse')}</dt>
        <dd>{d.landUse ? `${d.landUse} ${t(`landUseName.${d.landUse}`, { defaultValue: '' })}` : '—'}</dd>
      </dl>
      <h3>{t('ui.area')}</h3>
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
      <h3>
        {t('ui.indicators')} · {t('ui.lowEfficiency')}: <strong data-testid="low-efficiency">{d.lowEfficiency.status ? t('yes') : t('no')}</strong>
      </h3>
      <p className="note">{t(`lowEfficiencyNote.${d.lowEfficiency.note}`)}</p>
      <table className="checks" data-testid="checks">
        <thead>
          <tr>
            <th>{t('ui.indicators')}</th>
            <th>{t('ui.value')}</th>
            <th>{t('ui.threshold')}</th>
            <th>{t('ui.result')}</th>
          </tr>
        </thead>
        <tbody>
          {d.lowEfficiency.checks.map((c) => (
            <tr key={c.indicator} className={c.pass === false ? 'fail' : c.pass ? 'pass' : ''} data-indicator={c.indicator}>
              <th scope="row" title={c.source}>
                {t(`indicator.${c.indicator}`)}
              </th>
              <td data-testid={`value-${c.indicator}`}>{value(c, c.value)}</td>
              <td>{c.threshold == null ? '—' : `${c.comparison === 'min' ? '≥' : '≤'} ${value(c, c.threshold)}`}</td>
              <td>{c.pass == null ? t('ui.notAssessed') : c.pass ? t('ui.pass') : t('ui.fail')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>{t('ui.source')}</summary>
        <ul className="sources">
          {d.lowEfficiency.checks.map((c) => (
            <li key={c.indicator}>
              {t(`indicator.${c.indicator}`)}: {c.source}
            </li>
          ))}
        </ul>
      </details>
      <h3>{t('ui.idle')}</h3>
      <IdleFacts lang={lang} />
      <h3>{t('ui.conflicts')}</h3>
      {d.conflicts.length === 0 ? (
        <p>{t('ui.noConflicts')}</p>
      ) : (
        <ul data-testid="conflicts">
          {d.conflicts.map((c) => (
            <li key={c.constraintId}>
              {t(`constraint.${c.kind}`)} ({c.constraintId}): {t('ui.overlap')} {fmt(lang, c.overlapM2, 1)} {t('unit.m2')} (
              {fmt(lang, muFromM2(c.overlapM2), 2)} {t('unit.mu')})
            </li>
          ))}
        </ul>
      )}
      <ReviewHistory parcelId={d.id} />
      <button type="button" className="print-btn" onClick={() => printRecord(d.id)} data-testid="inspector-print">
        {t('review.print')}
      </button>
    </aside>
  );
}

function IdleFacts({ lang }: { lang: Lang }) {
  const { t } = useTranslation();
  const d = useAppStore((s) => s.detail);
  if (!d) return null;
  const i = d.idle;
  return (
    <dl className="facts" data-testid="idle">
      {(['supplyDate', 'agreedStartDate', 'actualStartDate', 'agreedCompletionDate', 'suspendedSince'] as const).map((k) => (
        <Fragment key={k}>
          <dt>{t(`ui.${k}`)}</dt>
          <dd>{d.dates[k] ?? '—'}</dd>
        </Fragment>
      ))}
      <dt>{t('ui.status')}</dt>
      <dd data-testid="idle-status">{t(`idleStatus.${i.status}`)}</dd>
      <dt>{t('column.idleReason')}</dt>
      <dd>{t(`idleReason.${i.reason}`)}</dd>
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
  );
}
