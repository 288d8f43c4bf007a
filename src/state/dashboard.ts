import { CHANGES, type Change } from '../domain/change';
import {
  articleOf,
  type Commitment,
  type NotComparableReason,
  type PlanArticle,
  type PlanComparison,
  type PlanFacts,
  type PlanTarget,
  type PlanUnit,
  progressOf,
  revenueOfDivisionsWanYuan,
  WAN_PER_YI,
  zonePlan,
} from '../domain/plan';
import { LAND_USE_KINDS, type LandUseKind } from '../domain/rules';
import type { SourceRef } from '../domain/sources';
import { INTENSITY_BINS_WAN_PER_MU } from '../domain/summary';
import { type AreaSummary, type CountArea, DELAY_CAUSES, FUNCTIONAL_AREAS, type FunctionalArea, type IdleMeasure, type ZoneSummary } from '../domain/types';
import { muFromM2 } from '../domain/units';
import type { ParcelTable } from '../engine/parcelTable';
import type { Comparison } from '../engine/reevaluate';
import type { Filters } from './filters';
import type { LoadedData } from './load';

/**
 * The dashboard as data: every figure of a scope (the city or a zone) at the as-of date, each against its plan
 * target where the plan sets one, and the charts' series. Every number is a zone or city summary's (a sum or a
 * weighted mean of parcel results, src/domain/summary.ts), or a sum of them: nothing is computed in a view, and
 * tests/unit/dashboard.test.ts computes each again from the parcels. Unit changes (m² → 亩, 万元 → 亿元) happen here.
 */

export type DashboardData = Pick<LoadedData, 'summaries' | 'city' | 'plan' | 'zones' | 'targetSources' | 'asOfDate'>;

/** The units a figure's values are in (their labels are `dashboard.unit.<unit>` in src/i18n). */
export type FigureUnit = 'mu' | 'km2' | 'parcels' | 'wanPerMu' | 'percent' | 'yi' | PlanUnit | 'stars';

export interface FigureValue {
  value: number | null;
  unit: FigureUnit;
}

/** A figure's target: the plan's (its articles) or the rules' (a zone-average target, with its source). */
export interface FigureTarget {
  value: number;
  valueMax: number | null;
  unit: FigureUnit;
  comparison: PlanComparison;
  commitment: Commitment;
  /** the year by whose end (null: each year, or none named) */
  due: number | null;
  /** from the plan (its articles) or the rules (a source of the rule set; in force on the as-of date or not) */
  source: { kind: 'plan'; articles: PlanArticle[] } | { kind: 'rule'; source: SourceRef | null; inForce: boolean };
  /** the value against the target (null: not comparable, or not in force) */
  progress: { ratio: number | null; met: boolean } | null;
  /** why the parcel data cannot be set against it */
  notComparable: NotComparableReason | null;
  /** the figure is the parcels' own, not the plan's exact measure (e.g. all firms' revenue, not only those above designated size) */
  caveat: 'firm-size' | null;
}

export interface Figure {
  /** its label is `dashboard.figure.<key>` (with `params`) */
  key: string;
  params?: Record<string, string | number>;
  values: FigureValue[];
  /** what a mean is weighted by, or a share is of: `dashboard.over.<key>` with its area */
  over: { key: 'intensity' | 'output' | 'tax' | 'industrial'; mu: number } | null;
  target: FigureTarget | null;
  /** a part of the figure above it (idle land by cause) */
  part?: true;
}

export interface FigureSection {
  key: 'land' | 'efficiency' | 'waste' | 'plan';
  figures: Figure[];
}

export type Scope = string | null;

const km2 = (m2: number) => m2 / 1e6;
const yi = (wan: number) => wan / WAN_PER_YI;
const areaValues = (m2: number): FigureValue[] => [
  { value: muFromM2(m2), unit: 'mu' },
  { value: km2(m2), unit: 'km2' },
];
const percent = (share: number | null): FigureValue => ({ value: share == null ? null : share * 100, unit: 'percent' });

/** The summary of the scope: a zone's, or the city's. */
export function scopeSummary(data: DashboardData, zone: Scope): AreaSummary | null {
  return zone == null ? data.city : (data.summaries.find((z) => z.zoneId === zone) ?? null);
}

/** The zones' summaries of a scope's land (a zone's own, or every zone's for the city; parcels outside every zone left out). */
const zonesOf = (data: DashboardData, zone: Scope): ZoneSummary[] => data.summaries.filter((z) => z.zoneId != null && (zone == null || z.zoneId === zone));

/** Every figure of a scope at the data's as-of date, by section. */
export function dashboardFigures(data: DashboardData, zone: Scope): FigureSection[] {
  const s = scopeSummary(data, zone);
  if (!s) return [];
  const zones = zonesOf(data, zone);
  const sum = (f: (z: ZoneSummary) => number) => zones.reduce((t, z) => t + f(z), 0);
  const land: Figure[] = [
    { key: 'zoneArea', values: areaValues(sum((z) => z.zoneAreaM2)), over: null, target: null },
    ...FUNCTIONAL_AREAS.map(
      (fa): Figure => ({ key: `functionalArea.${fa}`, values: areaValues(sum((z) => z.functionalAreaM2[fa])), over: null, target: null }),
    ),
    {
      key: 'parcels',
      values: [{ value: s.parcelCount, unit: 'parcels' }, ...areaValues(s.totalAreaM2).slice(0, 1)],
      over: null,
      target: null,
    },
    {
      key: 'industrialLand',
      values: [{ value: s.industrialParcelCount, unit: 'parcels' }, ...areaValues(s.industrialAreaM2).slice(0, 1)],
      over: null,
      target: null,
    },
  ];
  const targets = zone == null ? data.city.targets : (data.summaries.find((z) => z.zoneId === zone)?.targets ?? []);
  const ruleTarget = (metric: 'taxWanPerMu' | 'outputWanPerMu' | 'intensityWanPerMu'): FigureTarget | null => {
    const t = targets.find((x) => x.metric === metric);
    if (!t) return null;
    return {
      value: t.min,
      valueMax: null,
      unit: 'wanPerMu',
      comparison: '>=',
      commitment: 'reach',
      due: null,
      source: { kind: 'rule', source: data.targetSources.find((x) => x.id === t.sourceId) ?? null, inForce: t.inForce },
      progress: t.inForce && t.value != null ? { ratio: t.value / t.min, met: t.value >= t.min } : null,
      notComparable: null,
      caveat: null,
    };
  };
  const efficiency: Figure[] = [
    {
      key: 'intensity',
      values: [{ value: s.intensityWanPerMu, unit: 'wanPerMu' }],
      over: { key: 'intensity', mu: muFromM2(s.intensityAreaM2) },
      target: ruleTarget('intensityWanPerMu'),
    },
    {
      key: 'output',
      values: [{ value: s.outputWanPerMu, unit: 'wanPerMu' }],
      over: { key: 'output', mu: muFromM2(s.outputAreaM2) },
      target: ruleTarget('outputWanPerMu'),
    },
    { key: 'tax', values: [{ value: s.taxWanPerMu, unit: 'wanPerMu' }], over: { key: 'tax', mu: muFromM2(s.taxAreaM2) }, target: ruleTarget('taxWanPerMu') },
  ];
  const ofIndustrial = { key: 'industrial' as const, mu: muFromM2(s.industrialAreaM2) };
  const idleCount = Object.values(s.idleByMeasure).reduce((t, c) => t + c.count, 0);
  const waste: Figure[] = [
    {
      key: 'idle',
      values: [{ value: idleCount, unit: 'parcels' }, { value: muFromM2(s.idleAreaM2), unit: 'mu' }, percent(s.idleShare)],
      over: ofIndustrial,
      target: null,
    },
    ...(['none', ...DELAY_CAUSES] as const).map(
      (cause): Figure => ({
        key: `idleCause.${cause}`,
        values: [
          { value: muFromM2(s.idleAreaM2ByCause[cause]), unit: 'mu' },
          percent(s.industrialAreaM2 > 0 ? s.idleAreaM2ByCause[cause] / s.industrialAreaM2 : null),
        ],
        over: ofIndustrial,
        target: null,
        part: true,
      }),
    ),
    {
      key: 'lowEfficiency',
      values: [{ value: s.lowEfficiencyCount, unit: 'parcels' }, { value: muFromM2(s.lowEfficiencyAreaM2), unit: 'mu' }, percent(s.lowEfficiencyShare)],
      over: ofIndustrial,
      target: null,
    },
    { key: 'supplyBreach', values: [{ value: muFromM2(s.supplyBreachAreaM2), unit: 'mu' }, percent(s.supplyBreachShare)], over: ofIndustrial, target: null },
    {
      key: 'conflict',
      values: [
        { value: s.conflict.count, unit: 'parcels' },
        { value: muFromM2(s.conflict.areaM2), unit: 'mu' },
      ],
      over: null,
      target: null,
    },
    {
      key: 'illegalOccupation',
      values: [
        { value: s.illegalOccupationCount, unit: 'parcels' },
        { value: muFromM2(s.illegalOccupationAreaM2), unit: 'mu' },
      ],
      over: null,
      target: null,
    },
    { key: 'overdueStart', values: [{ value: s.overdueStartCount, unit: 'parcels' }], over: null, target: null },
    { key: 'overdueCompletion', values: [{ value: s.overdueCompletionCount, unit: 'parcels' }], over: null, target: null },
  ];
  return [
    { key: 'land', figures: land },
    { key: 'efficiency', figures: efficiency },
    { key: 'waste', figures: waste },
    { key: 'plan', figures: data.plan ? planFigures(data.plan, s, zone) : [] },
  ];
}

/** A plan target as a figure's target: compared when the parcels can be, else why not. */
function planTarget(plan: PlanFacts, base: Omit<FigureTarget, 'source' | 'progress'> & { articles: string[] }, value: number | null): FigureTarget {
  const { articles, ...rest } = base;
  return {
    ...rest,
    source: { kind: 'plan', articles: articles.flatMap((a) => articleOf(plan, a) ?? []) },
    progress: rest.notComparable == null && value != null ? progressOf(value, { value: rest.value, comparison: rest.comparison }) : null,
  };
}

const fromTarget = (t: PlanTarget) => ({
  value: t.value,
  valueMax: t.valueMax ?? null,
  unit: t.unit,
  comparison: t.comparison,
  commitment: t.commitment,
  due: t.due,
  notComparable: t.compare.kind === 'none' ? t.compare.reason : null,
  caveat: t.compare.kind === 'industrial-revenue' ? t.compare.caveat : null,
  articles: t.articles,
});

/** The plan's figures of a scope: a zone's leading industry, stars and targets; the city's revenue, clusters and targets. */
function planFigures(plan: PlanFacts, s: AreaSummary, zone: Scope): Figure[] {
  const byDivision = s.revenueByDivisionWanYuan;
  const targetFigure = (t: PlanTarget): Figure => {
    const value = t.compare.kind === 'industrial-revenue' ? yi(revenueOfDivisionsWanYuan(byDivision, 'industrial')) : null;
    return {
      key: `plan.${t.id}`,
      values: [{ value, unit: t.unit }],
      over: null,
      target: planTarget(plan, fromTarget(t), value),
    };
  };
  if (zone != null) {
    const zp = zonePlan(plan, zone);
    if (!zp) return [];
    const r = zp.zone.leadingIndustryRevenueTarget2018;
    const revenue = yi(revenueOfDivisionsWanYuan(byDivision, zp.leadingIndustry.divisions));
    return [
      {
        key: 'leadingRevenue',
        params: { industry: zp.leadingIndustry.id },
        values: [{ value: revenue, unit: 'yi' }],
        over: null,
        target: planTarget(
          plan,
          {
            value: r.value,
            valueMax: null,
            unit: 'yi',
            comparison: r.comparison,
            commitment: r.commitment,
            due: 2018,
            notComparable: null,
            caveat: null,
            articles: r.articles,
          },
          revenue,
        ),
      },
      {
        key: 'stars',
        values: [{ value: null, unit: 'stars' }],
        over: null,
        target: planTarget(
          plan,
          {
            value: zp.zone.stars.value,
            valueMax: null,
            unit: 'stars',
            comparison: '>=',
            commitment: zp.zone.stars.commitment,
            due: 2018,
            notComparable: 'star-rating',
            caveat: null,
            articles: zp.zone.stars.articles,
          },
          null,
        ),
      },
      ...zp.targets.map(targetFigure),
    ];
  }
  const clusters = plan.clusters.map((c): Figure => {
    const divisions = plan.industries.filter((i) => i.cluster === c.id).flatMap((i) => i.divisions);
    const revenue = yi(revenueOfDivisionsWanYuan(byDivision, divisions));
    return {
      key: 'clusterRevenue',
      params: { cluster: c.id },
      values: [{ value: revenue, unit: 'yi' }],
      over: null,
      target: planTarget(plan, { ...c.revenue, valueMax: null, unit: 'yi', notComparable: null, caveat: null, articles: c.articles }, revenue),
    };
  });
  return [
    ...plan.cityTargets.filter((t) => t.compare.kind !== 'none').map(targetFigure),
    ...clusters,
    ...plan.cityTargets.filter((t) => t.compare.kind === 'none').map(targetFigure),
  ];
}

// ---- the charts' series ----

/** A chart's bar, slice or row: its value and the filter that shows exactly its parcels. */
export interface ChartItem {
  value: number;
  count: number;
  filter: Partial<Filters>;
}

export interface ZoneRow<T> {
  zoneId: string;
  items: T;
}

/** The zones of the data in their order, with their summaries (zones without parcels have empty summaries). */
const zoneSummaries = (data: DashboardData): ZoneSummary[] => data.zones.flatMap((z) => data.summaries.find((s) => s.zoneId === z.id) ?? []);

const INDUSTRIAL: LandUseKind[] = ['industrial'];

/**
 * Investment intensity by bin and zone: industrial parcels that report investment, their area in 亩 per bin. A bin's
 * filter is a range of intensity: from its lower edge to a round value below its upper edge and above every parcel's
 * intensity under that edge (binRanges), so the range filter holds exactly the bin's parcels.
 */
export function intensityDistribution(data: DashboardData, table: ParcelTable): { bins: [number, number | null][]; zones: ZoneRow<ChartItem[]>[] } {
  const ranges = binRanges(table.numeric.intensityWanPerMu, INTENSITY_BINS_WAN_PER_MU);
  return {
    bins: [...INTENSITY_BINS_WAN_PER_MU],
    zones: zoneSummaries(data).map((z) => ({
      zoneId: z.zoneId as string,
      items: z.intensityBins.map((b, k) => ({
        value: muFromM2(b.areaM2),
        count: b.count,
        filter: { zone: z.zoneId, landUseKinds: INDUSTRIAL, ranges: { intensityWanPerMu: ranges[k] as [number, number | null] } },
      })),
    })),
  };
}

/**
 * Inclusive ranges [from, to'] equal to the bins [from, to) on these values: to' is the roundest number below `to`
 * and above the largest value below `to` (149.99 for 150 when no value lies in (149.99, 150)).
 */
export function binRanges(values: Float64Array, bins: readonly (readonly [number, number | null])[]): [number, number | null][] {
  return bins.map(([from, to]) => {
    if (to == null) return [from, null];
    let below = Number.NEGATIVE_INFINITY;
    for (const v of values) if (v < to && v > below) below = v;
    for (let digits = 0; digits <= 12; digits++) {
      const f = 10 ** digits;
      const c = (Math.ceil(to * f) - 1) / f;
      if (c > below && c < to && c >= from) return [from, c];
    }
    return [from, below];
  });
}

/** The kinds of idle and low-efficiency land the per-zone chart stacks. */
export const WASTE_KINDS = ['reclaim', 'idle-fee', 'negotiate', 'decide', 'low-efficiency'] as const;
export type WasteKind = (typeof WASTE_KINDS)[number];

/** Idle industrial land by measure, and low-efficiency industrial land, per zone, in 亩. */
export function wasteByZone(data: DashboardData): ZoneRow<Record<WasteKind, ChartItem>>[] {
  return zoneSummaries(data).map((z) => {
    const zone = z.zoneId as string;
    const idle = (m: IdleMeasure): ChartItem => ({
      value: muFromM2(z.idleByMeasure[m].areaM2),
      count: z.idleByMeasure[m].count,
      filter: { zone, landUseKinds: INDUSTRIAL, flags: ['idle'], idleMeasures: [m] },
    });
    return {
      zoneId: zone,
      items: {
        reclaim: idle('reclaim'),
        'idle-fee': idle('idle-fee'),
        negotiate: idle('negotiate'),
        decide: idle('decide'),
        'low-efficiency': {
          value: muFromM2(z.lowEfficiencyAreaM2),
          count: z.lowEfficiencyCount,
          filter: { zone, landUseKinds: INDUSTRIAL, flags: ['low-efficiency'] },
        },
      },
    };
  });
}

/** Each zone's leading industry: its revenue in 亿元 against its 2018 target (null without a plan). */
export function leadingRevenue(data: DashboardData):
  | ZoneRow<{
      industry: string;
      value: number;
      target: number;
      comparison: PlanComparison;
      commitment: Commitment;
      progress: number | null;
      met: boolean;
      filter: Partial<Filters>;
    }>[]
  | null {
  const plan = data.plan;
  if (!plan) return null;
  return zoneSummaries(data).flatMap((z) => {
    const zp = zonePlan(plan, z.zoneId as string);
    if (!zp) return [];
    const t = zp.zone.leadingIndustryRevenueTarget2018;
    const value = yi(revenueOfDivisionsWanYuan(z.revenueByDivisionWanYuan, zp.leadingIndustry.divisions));
    const p = progressOf(value, t);
    return [
      {
        zoneId: z.zoneId as string,
        items: {
          industry: zp.leadingIndustry.id,
          value,
          target: t.value,
          comparison: t.comparison,
          commitment: t.commitment,
          progress: p.ratio,
          met: p.met,
          filter: { zone: z.zoneId, industries: [...zp.leadingIndustry.divisions] },
        },
      },
    ];
  });
}

/**
 * Land use by functional area in a scope: each area's parcels by the kind of their land, and the area's land in no
 * parcel (its outline's area less its parcels'; not clickable), in 亩.
 */
export function landUseByFunctionalArea(
  data: DashboardData,
  zone: Scope,
): { functionalArea: FunctionalArea; kinds: Record<LandUseKind | 'none', ChartItem>; unparcelledMu: number }[] {
  const zones = zonesOf(data, zone);
  return FUNCTIONAL_AREAS.map((fa) => {
    const kinds = Object.fromEntries(
      [...LAND_USE_KINDS, 'none' as const].map((k) => {
        const c = zones.reduce(
          (t: CountArea, z) => ({
            count: t.count + z.byFunctionalArea[fa].byLandUseKind[k].count,
            areaM2: t.areaM2 + z.byFunctionalArea[fa].byLandUseKind[k].areaM2,
          }),
          {
            count: 0,
            areaM2: 0,
          },
        );
        const item: ChartItem = {
          value: muFromM2(c.areaM2),
          count: c.count,
          filter: { zone, functionalAreas: [fa], ...(k === 'none' ? {} : { landUseKinds: [k] }) },
        };
        return [k, item];
      }),
    ) as Record<LandUseKind | 'none', ChartItem>;
    const outline = zones.reduce((t, z) => t + z.functionalAreaM2[fa], 0);
    const parcels = zones.reduce((t, z) => t + z.byFunctionalArea[fa].totalAreaM2, 0);
    return { functionalArea: fa, kinds, unparcelledMu: muFromM2(Math.max(0, outline - parcels)) };
  });
}

export const RANKING_METRICS = ['intensityWanPerMu', 'outputWanPerMu', 'idleShare'] as const;
export type RankingMetric = (typeof RANKING_METRICS)[number];

/** The zones ranked by a figure of their summaries (best first: highest intensity or output, lowest idle share), with their star targets. */
export function zoneRanking(
  data: DashboardData,
  metric: RankingMetric,
): { zoneId: string; value: number | null; stars: { value: number; commitment: Commitment } | null; filter: Partial<Filters> }[] {
  const rows = zoneSummaries(data).map((z) => {
    const zp = data.plan ? zonePlan(data.plan, z.zoneId as string) : null;
    const v = z[metric];
    return {
      zoneId: z.zoneId as string,
      value: metric === 'idleShare' && v != null ? v * 100 : v,
      stars: zp ? { value: zp.zone.stars.value, commitment: zp.zone.stars.commitment } : null,
      filter: { zone: z.zoneId } as Partial<Filters>,
    };
  });
  const key = (v: number | null) => (v == null ? Number.NEGATIVE_INFINITY : metric === 'idleShare' ? -v : v);
  return rows.sort((a, b) => key(b.value) - key(a.value));
}

/** The year-end comparison by zone: each change's parcels (count and 亩) and the filter that shows them. */
export function changesByZone(data: DashboardData, c: Comparison): ZoneRow<Record<Change, ChartItem>>[] {
  return c.byZone.flatMap(({ zoneId, changes }) =>
    zoneId == null || !data.zones.some((z) => z.id === zoneId)
      ? []
      : [
          {
            zoneId,
            items: Object.fromEntries(
              CHANGES.map((ch) => [ch, { value: changes[ch].count, count: changes[ch].count, filter: { zone: zoneId, changes: [ch] } } satisfies ChartItem]),
            ) as Record<Change, ChartItem>,
          },
        ],
  );
}
