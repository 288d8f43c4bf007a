import type { EChartsType } from 'echarts/core';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fmt } from '../../i18n/format';
import type { Filters } from '../../state/filters';
import { useAppStore } from '../../state/react';
import { saveBlob } from '../review/ReviewTools';
import { chartPng, chartSvg, EChart } from './EChart';

/** A bar's value, its parcel count and the filter that shows exactly its parcels (none: not clickable, e.g. a target). */
export interface Cell {
  value: number | null;
  count?: number;
  filter?: Partial<Filters>;
}

export interface Series {
  id: string;
  name: string;
  color: string;
  cells: Cell[];
}

export interface BarSpec {
  id: string;
  title: string;
  /** the bars' categories (zones, functional parts) */
  categories: string[];
  series: Series[];
  stacked: boolean;
  horizontal?: boolean;
  digits: number;
}

/**
 * A bar chart and its data table: the same cells, each a button in the table that sets the filter its bar sets when
 * clicked (the keyboard path and the text alternative of the chart).
 */
export function BarCard({ spec }: { spec: BarSpec }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const showOnly = useAppStore((s) => s.showOnly);
  const asOf = useAppStore((s) => s.data?.asOfDate ?? '');
  const instance = useRef<EChartsType | null>(null);
  const save = async (format: 'svg' | 'png') => {
    const c = instance.current;
    if (!c) return;
    saveBlob(format === 'svg' ? chartSvg(c) : await chartPng(c), `parkatlas-${spec.id}-${asOf}.${format}`);
  };
  // the legend wraps: a row for about every 30 Chinese characters of its entries (the chart is some 370–500 px wide;
  // a Latin letter under half a character; an entry's icon and gap some three)
  const legendRows = Math.ceil(spec.series.reduce((t, s) => t + 3 + [...s.name].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.45), 0), 0) / 30);
  const option = useMemo(() => {
    const cat = {
      type: 'category',
      data: spec.categories,
      axisLabel: { interval: 0, width: spec.horizontal ? 150 : 54, overflow: spec.horizontal ? 'truncate' : 'break', lineHeight: 13 },
    };
    const val = { type: 'value', axisLabel: { formatter: (v: number) => fmt(lang, v, 0) } };
    return {
      legend: spec.series.length > 1 ? { top: 0, left: 0, itemWidth: 14, itemHeight: 10, itemGap: 6, textStyle: { fontSize: 11 } } : undefined,
      grid: { left: 8, right: 16, top: spec.series.length > 1 ? legendRows * 20 + 12 : 8, bottom: 8, containLabel: true },
      xAxis: spec.horizontal ? val : cat,
      yAxis: spec.horizontal ? { ...cat, inverse: true } : val,
      series: spec.series.map((s) => ({
        type: 'bar',
        name: s.name,
        stack: spec.stacked ? 'all' : undefined,
        itemStyle: { color: s.color, borderColor: '#333', borderWidth: 0.5 },
        cursor: 'pointer',
        data: s.cells.map((c) => ({ value: c.value, itemStyle: c.filter ? undefined : { opacity: 0.45 } })),
        tooltip: { valueFormatter: (v: number) => fmt(lang, v, spec.digits) },
      })),
    };
  }, [spec, lang, legendRows]);
  const summary = spec.categories
    .map((c, k) => `${c} ${spec.series.map((s) => `${s.name} ${fmt(lang, s.cells[k]?.value, spec.digits)}`).join('，')}`)
    .join('；');
  return (
    <figure className="chart-card" data-chart={spec.id}>
      <figcaption>
        <span>{spec.title}</span>
        <span className="chart-export">
          {(['svg', 'png'] as const).map((f) => (
            <button
              key={f}
              type="button"
              onClick={() => void save(f)}
              aria-label={t('dashboard.export.chartAs', { title: spec.title, format: f.toUpperCase() })}
              data-export={f}
            >
              {f.toUpperCase()}
            </button>
          ))}
        </span>
      </figcaption>
      <EChart
        option={option}
        label={t('dashboard.chart.summary', { title: spec.title, items: summary })}
        height={spec.horizontal ? 40 + spec.categories.length * 26 : 200 + (spec.series.length > 1 ? legendRows * 20 : 0) + (spec.horizontal ? 0 : 14)}
        testId={`chart-${spec.id}`}
        instance={instance}
        onItem={(si, di) => {
          const f = spec.series[si]?.cells[di]?.filter;
          if (f) showOnly(f);
        }}
      />
      <details className="chart-data">
        <summary>{t('dashboard.chart.table')}</summary>
        <table data-testid={`chart-table-${spec.id}`}>
          <thead>
            <tr>
              <th scope="col" />
              {spec.series.map((s) => (
                <th key={s.id} scope="col">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {spec.categories.map((c, k) => (
              <tr key={c}>
                <th scope="row">{c.replace('\n', ' ')}</th>
                {spec.series.map((s) => {
                  const cell = s.cells[k];
                  const text = `${fmt(lang, cell?.value, spec.digits)}${cell?.count != null ? ` (${cell.count})` : ''}`;
                  return (
                    <td key={s.id}>
                      {cell?.filter ? (
                        <button
                          type="button"
                          className="link"
                          onClick={() => showOnly(cell.filter as Partial<Filters>)}
                          aria-label={t('dashboard.chart.show', { what: `${c.replace('\n', ' ')} · ${s.name}: ${text}` })}
                          data-series={s.id}
                          data-category={k}
                          data-count={cell.count}
                        >
                          {text}
                        </button>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
