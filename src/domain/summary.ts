import { emptyGradeTally, GradeCollector, type GradeTally, type Grading } from './grading';
import { LAND_USE_KINDS, type LandUseKind, type RuleSet } from './rules';
import { SOURCE_ID } from './sources';
import { STAGES, type Stage } from './stages';
import {
  type AreaSummary,
  type CitySummary,
  type CountArea,
  type DelayCause,
  FUNCTIONAL_AREAS,
  type FunctionalArea,
  IDLE_MEASURES,
  type IdleMeasure,
  type ParcelResult,
  type ZoneSummary,
  type ZoneTargetResult,
} from './types';
import { muFromM2, ratioOrNull } from './units';

/** What the summaries read of a parcel's result. */
export type SummaryRow = Pick<
  ParcelResult,
  | 'zoneId'
  | 'functionalArea'
  | 'areaM2'
  | 'landUseKind'
  | 'industryCode'
  | 'fixedAssetInvestmentWanYuan'
  | 'intensityWanPerMu'
  | 'revenueWanYuan'
  | 'taxWanYuan'
  | 'flags'
  | 'stage'
> & {
  idle: Pick<ParcelResult['idle'], 'status' | 'cause' | 'kind' | 'measure'>;
  lowEfficiency: Pick<ParcelResult['lowEfficiency'], 'status' | 'supplyBreach'>;
  efficiency: Pick<ParcelResult['efficiency'], 'score' | 'ungraded'>;
};

const stageRecord = () => Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
const countAreas = <K extends string>(keys: readonly K[]): Record<K, CountArea> =>
  Object.fromEntries(keys.map((k) => [k, { count: 0, areaM2: 0 }])) as Record<K, CountArea>;
const copyCountAreas = <K extends string>(r: Record<K, CountArea>): Record<K, CountArea> =>
  Object.fromEntries(Object.entries<CountArea>(r).map(([k, v]) => [k, { ...v }])) as Record<K, CountArea>;
const bump = (c: CountArea, areaM2: number) => {
  c.count++;
  c.areaM2 += areaM2;
};

/**
 * Upper edges of the investment-intensity bins the summaries count parcels in, in 万元/亩: bin k holds intensities
 * from edge k − 1 (inclusive; the first from 0) up to edge k (exclusive; the last has none). ParkAtlas's choice, round
 * values about the demo's local thresholds (120–220 万元/亩).
 */
export const INTENSITY_BIN_EDGES_WAN_PER_MU = [100, 150, 200, 300, 500] as const;
/** Each bin's [from, to) in 万元/亩 (to null: no upper end). */
export const INTENSITY_BINS_WAN_PER_MU: readonly [number, number | null][] = [0, ...INTENSITY_BIN_EDGES_WAN_PER_MU].map((from, k) => [
  from,
  INTENSITY_BIN_EDGES_WAN_PER_MU[k] ?? null,
]);

/** The bin of an intensity (see INTENSITY_BIN_EDGES_WAN_PER_MU). */
export function intensityBin(v: number): number {
  let k = 0;
  while (k < INTENSITY_BIN_EDGES_WAN_PER_MU.length && v >= (INTENSITY_BIN_EDGES_WAN_PER_MU[k] as number)) k++;
  return k;
}

/** The division (two digits) of an industry code, or null. */
export const divisionOf = (code: string | null | undefined): string | null => (code && /^\d{2}/.test(code) ? code.slice(0, 2) : null);

/** Totals, means and shares of a set of parcels (see AreaSummary for what each is over), added a parcel at a time (so a summary needs no list of its parcels). */
class AreaSums {
  private parcelCount = 0;
  private totalAreaM2 = 0;
  private industrialCount = 0;
  private industrialAreaM2 = 0;
  private idleAreaM2 = 0;
  private readonly idleByCause: Record<DelayCause | 'none', number> = { none: 0, government: 0, 'force-majeure': 0, 'preliminary-work': 0 };
  private readonly idleByKind = { 'not-started': 0, stopped: 0 };
  private lowEfficiencyAreaM2 = 0;
  private supplyBreachAreaM2 = 0;
  private readonly stageCount = stageRecord();
  private readonly stageAreaM2 = stageRecord();
  private overdueStart = 0;
  private overdueCompletion = 0;
  private illegalCount = 0;
  private illegalAreaM2 = 0;
  private readonly conflict: CountArea = { count: 0, areaM2: 0 };
  private readonly byLandUseKind = countAreas<LandUseKind | 'none'>([...LAND_USE_KINDS, 'none']);
  private readonly idleByMeasure = countAreas<IdleMeasure | 'none'>([...IDLE_MEASURES, 'none']);
  private lowEfficiencyCount = 0;
  private readonly intensityBins = countAreas(INTENSITY_BINS_WAN_PER_MU.map((_, k) => String(k)));
  private readonly revenueByDivision: Record<string, number> = {};
  private inv = 0;
  private invAreaM2 = 0;
  private rev = 0;
  private revAreaM2 = 0;
  private tax = 0;
  private taxAreaM2 = 0;

  add(p: SummaryRow): void {
    this.parcelCount++;
    this.totalAreaM2 += p.areaM2;
    this.stageCount[p.stage]++;
    this.stageAreaM2[p.stage] += p.areaM2;
    if (p.flags.includes('overdue-start')) this.overdueStart++;
    if (p.flags.includes('overdue-completion')) this.overdueCompletion++;
    if (p.flags.includes('suspected-illegal-occupation')) {
      this.illegalCount++;
      this.illegalAreaM2 += p.areaM2;
    }
    if (p.flags.includes('conflict')) bump(this.conflict, p.areaM2);
    bump(this.byLandUseKind[p.landUseKind ?? 'none'], p.areaM2);
    const division = divisionOf(p.industryCode);
    if (division && p.revenueWanYuan != null) this.revenueByDivision[division] = (this.revenueByDivision[division] ?? 0) + p.revenueWanYuan;
    // shares and means are of industrial land (工业用地) only
    if (p.landUseKind !== 'industrial') return;
    this.industrialCount++;
    this.industrialAreaM2 += p.areaM2;
    if (p.idle.status === 'idle') {
      this.idleAreaM2 += p.areaM2;
      this.idleByCause[p.idle.cause ?? 'none'] += p.areaM2;
      if (p.idle.kind) this.idleByKind[p.idle.kind] += p.areaM2;
      bump(this.idleByMeasure[p.idle.measure ?? 'none'], p.areaM2);
    }
    if (p.lowEfficiency.status) {
      this.lowEfficiencyAreaM2 += p.areaM2;
      this.lowEfficiencyCount++;
    }
    if (p.lowEfficiency.supplyBreach) this.supplyBreachAreaM2 += p.areaM2;
    if (p.fixedAssetInvestmentWanYuan != null) {
      this.inv += p.fixedAssetInvestmentWanYuan;
      this.invAreaM2 += p.areaM2;
      if (p.intensityWanPerMu != null) bump(this.intensityBins[String(intensityBin(p.intensityWanPerMu))] as CountArea, p.areaM2);
    }
    if (p.revenueWanYuan != null) {
      this.rev += p.revenueWanYuan;
      this.revAreaM2 += p.areaM2;
    }
    if (p.taxWanYuan != null) {
      this.tax += p.taxWanYuan;
      this.taxAreaM2 += p.areaM2;
    }
  }

  summary(): AreaSummary {
    const share = (a: number) => ratioOrNull(a, this.industrialAreaM2);
    return {
      parcelCount: this.parcelCount,
      totalAreaM2: this.totalAreaM2,
      industrialParcelCount: this.industrialCount,
      industrialAreaM2: this.industrialAreaM2,
      shareDenominator: 'industrialAreaM2',
      fixedAssetInvestmentWanYuan: this.inv,
      revenueWanYuan: this.rev,
      taxWanYuan: this.tax,
      intensityWanPerMu: ratioOrNull(this.inv, muFromM2(this.invAreaM2)),
      intensityAreaM2: this.invAreaM2,
      outputWanPerMu: ratioOrNull(this.rev, muFromM2(this.revAreaM2)),
      outputAreaM2: this.revAreaM2,
      taxWanPerMu: ratioOrNull(this.tax, muFromM2(this.taxAreaM2)),
      taxAreaM2: this.taxAreaM2,
      idleAreaM2: this.idleAreaM2,
      idleShare: share(this.idleAreaM2),
      idleAreaM2ByCause: { ...this.idleByCause },
      idleAreaM2ByKind: { ...this.idleByKind },
      lowEfficiencyAreaM2: this.lowEfficiencyAreaM2,
      lowEfficiencyShare: share(this.lowEfficiencyAreaM2),
      supplyBreachAreaM2: this.supplyBreachAreaM2,
      supplyBreachShare: share(this.supplyBreachAreaM2),
      stageCount: { ...this.stageCount },
      stageAreaM2: { ...this.stageAreaM2 },
      overdueStartCount: this.overdueStart,
      overdueCompletionCount: this.overdueCompletion,
      illegalOccupationCount: this.illegalCount,
      illegalOccupationAreaM2: this.illegalAreaM2,
      conflict: { ...this.conflict },
      byLandUseKind: copyCountAreas(this.byLandUseKind),
      idleByMeasure: copyCountAreas(this.idleByMeasure),
      lowEfficiencyCount: this.lowEfficiencyCount,
      intensityBins: INTENSITY_BINS_WAN_PER_MU.map((_, k) => ({ ...(this.intensityBins[String(k)] as CountArea) })),
      revenueByDivisionWanYuan: { ...this.revenueByDivision },
    };
  }
}

export interface ZoneInfo {
  id: string;
  name: string;
  /** the planar area of the zone's outline */
  zoneAreaM2: number;
  functionalAreaM2: Record<FunctionalArea, number>;
}

/** What the CLI's summary line counts. */
export interface Tally {
  parcelCount: number;
  areaM2: number;
  /** parcels having each flag */
  flagCounts: Map<string, number>;
}

/**
 * The zone summaries, the city's, the tally and the scores for grading of parcels added one at a time, in file
 * order: the same sums, added in the same order, as over the list of them, so a run that analyses parts of a file
 * (engine/shards.ts) need not keep a row per parcel until the end.
 */
export class SummaryAccumulator {
  private readonly byZone = new Map<string | null, { all: AreaSums; byFunctionalArea: Record<FunctionalArea, AreaSums> }>();
  private readonly city = new AreaSums();
  readonly tally: Tally = { parcelCount: 0, areaM2: 0, flagCounts: new Map() };
  /** the parcels' scores, in the order added, for their grades */
  readonly scores = new GradeCollector();

  constructor(
    private readonly zones: readonly ZoneInfo[],
    private readonly rules: RuleSet,
    private readonly asOfDate: string,
  ) {
    for (const z of zones) this.byZone.set(z.id, this.fresh());
  }

  private fresh() {
    return {
      all: new AreaSums(),
      byFunctionalArea: Object.fromEntries(FUNCTIONAL_AREAS.map((fa) => [fa, new AreaSums()])) as Record<FunctionalArea, AreaSums>,
    };
  }

  add(p: SummaryRow): void {
    let zone = this.byZone.get(p.zoneId);
    if (!zone) {
      zone = this.fresh();
      this.byZone.set(p.zoneId, zone);
    }
    zone.all.add(p);
    if (p.functionalArea) zone.byFunctionalArea[p.functionalArea].add(p);
    this.city.add(p);
    this.scores.add(p.zoneId, p.areaM2, p.efficiency);
    const t = this.tally;
    t.parcelCount++;
    t.areaM2 += p.areaM2;
    // (a parcel counts once for a flag)
    p.flags.forEach((f, i) => {
      if (p.flags.indexOf(f) === i) t.flagCounts.set(f, (t.flagCounts.get(f) ?? 0) + 1);
    });
  }

  /** The cut-offs of the grades, from every parcel added. */
  grading(): Grading {
    return this.scores.grading(this.rules);
  }

  zoneSummaries(grading: Grading = this.grading()): ZoneSummary[] {
    const tallies = this.scores.tallies(this.rules, grading);
    return [...this.byZone].map(([zoneId, sums]) => {
      const info = this.zones.find((z) => z.id === zoneId);
      const all = sums.all.summary();
      return {
        zoneId,
        name: info?.name ?? zoneId ?? '',
        zoneAreaM2: info?.zoneAreaM2 ?? 0,
        functionalAreaM2: info?.functionalAreaM2 ?? { 'built-up': 0, development: 0, control: 0 },
        ...all,
        targets: zoneTargets(this.rules, this.asOfDate, all),
        grades: tallies.zones.get(zoneId) ?? emptyGradeTally(),
        byFunctionalArea: Object.fromEntries(FUNCTIONAL_AREAS.map((fa) => [fa, sums.byFunctionalArea[fa].summary()])) as Record<FunctionalArea, AreaSummary>,
      };
    });
  }

  /** All parcels together, graded among the city's. */
  citySummary(grading: Grading = this.grading()): CitySummary {
    const all = this.city.summary();
    const tally: GradeTally = this.scores.tallies(this.rules, grading).city;
    return { ...all, targets: zoneTargets(this.rules, this.asOfDate, all), grades: tally };
  }
}

/** Zone-average targets (e.g. a province's 亩均税收 target) against a summary's means: in force on the as-of date or not. */
function zoneTargets(rules: RuleSet, asOfDate: string, s: AreaSummary): ZoneTargetResult[] {
  return rules.zoneTargets.map((t, i) => {
    const value = s[t.metric];
    const inForce = t.effectiveFrom <= asOfDate;
    return { metric: t.metric, min: t.min, value, inForce, met: inForce && value != null ? value >= t.min : null, sourceId: SOURCE_ID.zoneTarget(i) };
  });
}
