import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANGES } from '../../domain/change';
import { IDLE_MEASURES, IDLE_STATUSES, NONE } from '../../engine/parcelTable';
import { useAppStore } from '../../state/react';
import { isAsOfDate } from '../../state/urlState';
import { saveBlob } from '../review/ReviewTools';
import { ChangesChart, Charts } from './Charts';
import { figuresCsv, figuresXlsx } from './exportFigures';
import { Figures } from './Figures';
import './dashboard.css';

/** The plan's year-ends, one click away (the plan runs 2016–2018). */
export const YEAR_ENDS = ['2016-12-31', '2017-12-31', '2018-12-31'] as const;

/**
 * The dashboard beside the map: the as-of date (any date, the plan's year-ends one click away, kept in the URL), the
 * scope (the city or a zone, the same as the zone panel's), every figure against its plan target, the charts and the
 * year-end comparison. Clicking a bar or a table cell sets an ordinary filter.
 */
export function DashboardPanel() {
  const { t } = useTranslation();
  const data = useAppStore((s) => s.data);
  const zone = useAppStore((s) => s.filters.zone);
  const setZone = useAppStore((s) => s.setZone);
  const setDashboard = useAppStore((s) => s.setDashboard);
  const lang = useAppStore((s) => s.lang);
  if (!data) return null;
  return (
    <aside className="dashboard" aria-labelledby="dashboard-h" data-testid="dashboard">
      <header>
        <h2 id="dashboard-h">{t('dashboard.title')}</h2>
        <button type="button" className="close" onClick={() => setDashboard(false)} aria-label={t('dashboard.close')} data-testid="dashboard-close">
          ×
        </button>
      </header>
      <div className="dashboard-body">
        <AsOfControl />
        <label className="dash-scope">
          {t('dashboard.scope')}{' '}
          <select value={zone ?? ''} onChange={(e) => setZone(e.target.value || null)} data-testid="dashboard-scope">
            <option value="">{t('dashboard.city')}</option>
            {data.zones.map((z) => (
              <option key={z.id} value={z.id}>
                {lang === 'zh' ? z.name : z.nameEn}
              </option>
            ))}
          </select>
        </label>
        <Figures data={data} zone={zone} />
        <fieldset className="dash-export">
          <legend className="visually-hidden">{t('dashboard.export.title')}</legend>
          <button type="button" onClick={() => saveBlob(figuresCsv(data, lang), `parkatlas-dashboard-${data.asOfDate}.csv`)} data-testid="export-figures-csv">
            {t('dashboard.export.csv')}
          </button>
          <button
            type="button"
            onClick={() => void figuresXlsx(data, lang).then((b) => saveBlob(b, `parkatlas-dashboard-${data.asOfDate}.xlsx`))}
            data-testid="export-figures-xlsx"
          >
            {t('dashboard.export.xlsx')}
          </button>
        </fieldset>
        <Charts data={data} zone={zone} />
        <Comparison />
      </div>
    </aside>
  );
}

/** The as-of date: a date field, the dataset's own date and the plan's year-ends as buttons. */
function AsOfControl() {
  const { t } = useTranslation();
  const data = useAppStore((s) => s.data);
  const asked = useAppStore((s) => s.asOfDate);
  const reevaluating = useAppStore((s) => s.reevaluating);
  const setAsOfDate = useAppStore((s) => s.setAsOfDate);
  const shown = data?.asOfDate ?? '';
  const [draft, setDraft] = useState(shown);
  useEffect(() => setDraft(shown), [shown]);
  const own = data?.manifest?.asOfDate ?? null;
  const valid = isAsOfDate(draft);
  return (
    <fieldset className="as-of-control" data-testid="as-of-control">
      <legend>{t('dashboard.asOf.label')}</legend>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void setAsOfDate(draft === own ? null : draft);
        }}
      >
        <input
          type="date"
          min="1950-01-01"
          max="2100-12-31"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => {
            if (valid && draft !== shown) void setAsOfDate(draft === own ? null : draft);
          }}
          aria-label={t('dashboard.asOf.pick')}
          aria-invalid={!valid}
          data-testid="as-of-input"
        />
        <button type="submit" disabled={!valid || draft === shown}>
          {t('dashboard.asOf.apply')}
        </button>
      </form>
      {!valid && (
        <p className="field-error" role="alert">
          {t('dashboard.asOf.invalid')}
        </p>
      )}
      <div className="year-ends">
        {YEAR_ENDS.map((d) => (
          <button key={d} type="button" aria-pressed={shown === d} onClick={() => void setAsOfDate(d === own ? null : d)} data-year-end={d}>
            {t('dashboard.asOf.yearEnd', { year: d.slice(0, 4) })}
          </button>
        ))}
        {own && (
          <button type="button" aria-pressed={asked == null} onClick={() => void setAsOfDate(null)} data-year-end="dataset">
            {t('dashboard.asOf.datasetDate', { date: own })}
          </button>
        )}
      </div>
      <p className="reevaluating" role="status" data-testid="reevaluating" data-busy={reevaluating}>
        {reevaluating ? t('dashboard.asOf.reevaluating') : ''}
      </p>
    </fieldset>
  );
}

const MAX_LISTED = 200;

/** The year-end comparison: two dates, the changes by zone as a chart and table, and the changed parcels as a list. */
function Comparison() {
  const { t } = useTranslation();
  const data = useAppStore((s) => s.data);
  const compare = useAppStore((s) => s.compare);
  const comparison = useAppStore((s) => s.comparison);
  const setCompare = useAppStore((s) => s.setCompare);
  const select = useAppStore((s) => s.select);
  const showOnly = useAppStore((s) => s.showOnly);
  const lang = useAppStore((s) => s.lang);
  const [from, setFrom] = useState(compare?.from ?? '2017-12-31');
  const [to, setTo] = useState(compare?.to ?? '2018-12-31');
  if (!data) return null;
  const ordered = isAsOfDate(from) && isAsOfDate(to) && from < to;
  const zoneName = (id: string) => {
    const z = data.zones.find((x) => x.id === id);
    return z ? (lang === 'zh' ? z.name : z.nameEn) : id;
  };
  const statusText = (codes: { idle: Uint8Array; measure: Uint8Array; lowEfficiency: Uint8Array }, k: number) => {
    const parts = [t(`idleStatus.${IDLE_STATUSES[codes.idle[k] as number]}`)];
    const m = codes.measure[k] as number;
    if (m !== NONE) parts.push(t(`measure.${IDLE_MEASURES[m]}`));
    if (codes.lowEfficiency[k]) parts.push(t('dashboard.compare.low'));
    return parts.join('，');
  };
  const total = comparison ? comparison.rows.length : 0;
  return (
    <section className="dash-section" aria-labelledby="dash-compare" data-testid="comparison">
      <h3 id="dash-compare">{t('dashboard.section.compare')}</h3>
      <div className="year-ends">
        {[
          ['2016-12-31', '2017-12-31'],
          ['2017-12-31', '2018-12-31'],
        ].map(([a, b]) => (
          <button
            key={a}
            type="button"
            aria-pressed={compare?.from === a && compare?.to === b}
            onClick={() => {
              setFrom(a as string);
              setTo(b as string);
              void setCompare({ from: a as string, to: b as string });
            }}
            data-compare={`${a}~${b}`}
          >
            {`${(a as string).slice(0, 4)} → ${(b as string).slice(0, 4)}`}
          </button>
        ))}
      </div>
      <form
        className="compare-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ordered) void setCompare({ from, to });
        }}
      >
        <label>
          {t('dashboard.compare.from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="compare-from" />
        </label>
        <label>
          {t('dashboard.compare.to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="compare-to" />
        </label>
        <button type="submit" disabled={!ordered}>
          {t('dashboard.compare.run')}
        </button>
        <button type="button" disabled={!compare} onClick={() => void setCompare(null)}>
          {t('dashboard.compare.off')}
        </button>
      </form>
      {!ordered && <p className="field-error">{t('dashboard.compare.order')}</p>}
      {compare && !comparison && <p role="status">{t('dashboard.compare.making')}</p>}
      {comparison && (
        <>
          <p data-testid="comparison-total" data-count={total}>
            {total === 0 ? t('dashboard.compare.none') : t('dashboard.compare.total', { from: comparison.from, to: comparison.to, count: total })}
          </p>
          <div className="change-totals">
            {CHANGES.filter((c) => comparison.total[c].count > 0).map((c) => (
              <button
                key={c}
                type="button"
                className="chip"
                onClick={() => showOnly({ zone: null, changes: [c] })}
                data-change={c}
                data-count={comparison.total[c].count}
              >
                {t(`dashboard.change.${c}`)} {comparison.total[c].count}
              </button>
            ))}
          </div>
          <ChangesChart data={data} />
          {total > 0 && (
            <details className="change-list" open={total <= 30}>
              <summary>{t('dashboard.compare.list')}</summary>
              <table data-testid="change-list">
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.compare.parcel')}</th>
                    <th scope="col">{t('dashboard.compare.zone')}</th>
                    <th scope="col">{t('dashboard.compare.change')}</th>
                    <th scope="col">{t('dashboard.compare.before')}</th>
                    <th scope="col">{t('dashboard.compare.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {Array.from(comparison.rows.subarray(0, MAX_LISTED), (row, k) => {
                    const id = data.table.text.id[row] as string;
                    const z = data.table.zoneIds[data.table.zone[row] as number];
                    const c = CHANGES[(comparison.change[row] as number) - 1];
                    return (
                      <tr key={row} data-parcel={id}>
                        <td>
                          <button type="button" className="link" onClick={() => select(id, 'table')}>
                            {id}
                          </button>
                        </td>
                        <td>{z ? zoneName(z) : '—'}</td>
                        <td>{c ? t(`dashboard.change.${c}`) : ''}</td>
                        <td>{statusText(comparison.before, k)}</td>
                        <td>{statusText(comparison.after, k)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {total > MAX_LISTED && <p>{t('dashboard.compare.more', { count: total - MAX_LISTED })}</p>}
            </details>
          )}
        </>
      )}
    </section>
  );
}
