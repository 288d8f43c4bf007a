import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANGES } from '../../domain/change';
import { LAND_USE_KINDS } from '../../domain/rules';
import { COLORS } from '../../map/style';
import {
  changesByZone,
  type DashboardData,
  intensityDistribution,
  landUseByFunctionalArea,
  leadingRevenue,
  RANKING_METRICS,
  WASTE_KINDS,
  wasteByZone,
  zoneRanking,
} from '../../state/dashboard';
import type { LoadedData } from '../../state/load';
import { useAppStore } from '../../state/react';
import { BarCard, type BarSpec } from './BarCard';

/** The map's colours where the map shows the same thing; Okabe–Ito colours else (they stay apart for colour-blind readers). */
const WASTE_COLORS = {
  reclaim: COLORS.flag.idle,
  'idle-fee': COLORS.flag.suspected,
  negotiate: '#F0E442',
  decide: '#999999',
  'low-efficiency': COLORS.flag.lowEfficiency,
};
const KIND_COLORS = { industrial: '#0072B2', warehousing: '#56B4E9', mining: '#8c6d31', other: '#bbbbbb', none: '#e8e8e8' };
const CHANGE_COLORS = {
  'newly-idle': COLORS.flag.idle,
  'idle-resolved': '#009E73',
  'fee-to-reclaim': '#8c1d18',
  'newly-low-efficiency': COLORS.flag.lowEfficiency,
  'low-efficiency-resolved': '#56B4E9',
  other: '#999999',
};

function useZoneName(data: DashboardData) {
  const lang = useAppStore((s) => s.lang);
  return useCallback(
    (id: string) => {
      const z = data.zones.find((x) => x.id === id);
      // the short name on an axis: 临颍, not 临颍产业集聚区 (the chart's title says what the bars are)
      return z ? (lang === 'zh' ? z.name.replace(/产业集聚区$/, '') : z.nameEn) : id;
    },
    [data.zones, lang],
  );
}

/** The five charts of the plan dashboard: each bar filters the map and table to its parcels. */
export function Charts({ data, zone }: { data: LoadedData; zone: string | null }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const zoneName = useZoneName(data);
  const specs = useMemo((): BarSpec[] => {
    const out: BarSpec[] = [];
    const dist = intensityDistribution(data, data.table);
    out.push({
      id: 'intensity',
      title: t('dashboard.chart.intensity'),
      categories: dist.zones.map((z) => zoneName(z.zoneId)),
      series: dist.bins.map(([from, to], k) => ({
        id: String(k),
        name: to == null ? t('dashboard.chart.binOpen', { from }) : t('dashboard.chart.bin', { from, to }),
        color: COLORS.classes[k] ?? '#999999',
        cells: dist.zones.map((z) => z.items[k] ?? { value: null }),
      })),
      stacked: true,
      digits: 1,
    });
    const waste = wasteByZone(data);
    out.push({
      id: 'waste',
      title: t('dashboard.chart.waste'),
      categories: waste.map((z) => zoneName(z.zoneId)),
      series: WASTE_KINDS.map((k) => ({
        id: k,
        name: k === 'low-efficiency' ? t('dashboard.chart.lowEfficiency') : t(`measure.${k}`),
        color: WASTE_COLORS[k],
        cells: waste.map((z) => z.items[k]),
      })),
      stacked: true,
      digits: 1,
    });
    const lead = leadingRevenue(data);
    if (lead)
      out.push({
        id: 'leading',
        title: t('dashboard.chart.leading'),
        categories: lead.map((z) => {
          const ind = data.plan?.industries.find((i) => i.id === z.items.industry);
          return `${zoneName(z.zoneId)}\n${ind ? (lang === 'zh' ? ind.name.replace(/产业$/, '') : ind.nameEn) : ''}`;
        }),
        series: [
          { id: 'actual', name: t('dashboard.chart.actual'), color: '#0072B2', cells: lead.map((z) => ({ value: z.items.value, filter: z.items.filter })) },
          { id: 'target', name: t('dashboard.chart.target'), color: '#cccccc', cells: lead.map((z) => ({ value: z.items.target })) },
        ],
        stacked: false,
        digits: 1,
      });
    const fas = landUseByFunctionalArea(data, zone);
    out.push({
      id: 'land-use',
      title: `${t('dashboard.chart.landUse')}${zone ? ` · ${zoneName(zone)}` : ''}`,
      categories: fas.map((f) => t(`functionalArea.${f.functionalArea}`)),
      series: [
        ...LAND_USE_KINDS.map((k) => ({ id: k, name: t(`landUseKind.${k}`), color: KIND_COLORS[k], cells: fas.map((f) => f.kinds[k]) })),
        { id: 'unparcelled', name: t('dashboard.chart.unparcelled'), color: KIND_COLORS.none, cells: fas.map((f) => ({ value: f.unparcelledMu })) },
      ],
      stacked: true,
      digits: 1,
    });
    for (const metric of RANKING_METRICS) {
      const rows = zoneRanking(data, metric);
      const starText = (r: (typeof rows)[number]) =>
        r.stars ? ` ${t('dashboard.chart.stars', { stars: r.stars.value, commitment: t(`dashboard.commitment.${r.stars.commitment}`) })}` : '';
      out.push({
        id: `ranking-${metric}`,
        title: `${t('dashboard.chart.ranking')}：${metric === 'idleShare' ? t('dashboard.chart.idleShare') : t(`metricName.${metric}`)}`,
        categories: rows.map((r, i) => `${i + 1}. ${zoneName(r.zoneId)}${starText(r)}`),
        series: [
          {
            id: metric,
            name: metric === 'idleShare' ? t('dashboard.chart.idleShare') : t(`metricName.${metric}`),
            color: '#0b6e99',
            cells: rows.map((r) => ({ value: r.value, filter: r.filter })),
          },
        ],
        stacked: false,
        horizontal: true,
        digits: 1,
      });
    }
    return out;
  }, [data, zone, t, lang, zoneName]);
  return (
    <section className="dash-section" aria-labelledby="dash-charts">
      <h3 id="dash-charts">{t('dashboard.section.charts')}</h3>
      <p className="hint">{t('dashboard.chart.hint')}</p>
      {specs.map((s) => (
        <BarCard key={s.id} spec={s} />
      ))}
    </section>
  );
}

/** The year-end comparison's chart: each zone's changes, stacked. */
export function ChangesChart({ data }: { data: DashboardData }) {
  const { t } = useTranslation();
  const comparison = useAppStore((s) => s.comparison);
  const zoneName = useZoneName(data);
  const spec = useMemo((): BarSpec | null => {
    if (!comparison) return null;
    const rows = changesByZone(data, comparison);
    return {
      id: 'changes',
      title: t('dashboard.chart.compare'),
      categories: rows.map((r) => zoneName(r.zoneId)),
      series: CHANGES.map((c) => ({ id: c, name: t(`dashboard.change.${c}`), color: CHANGE_COLORS[c], cells: rows.map((r) => r.items[c]) })),
      stacked: true,
      digits: 0,
    };
  }, [comparison, data, t, zoneName]);
  return spec ? <BarCard spec={spec} /> : null;
}
