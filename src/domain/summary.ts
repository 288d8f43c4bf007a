import { isIndustrialLandUse } from './landUse';
import type { RuleSet } from './rules';
import { type AreaSummary, FUNCTIONAL_AREAS, type FunctionalArea, type ParcelResult, type ZoneSummary } from './types';
import { muFromM2, ratioOrNull } from './units';

/** What the summaries read of a parcel's result. */
export type SummaryRow = Pick<
  ParcelResult,
  'zoneId' | 'functionalArea' | 'areaM2' | 'landUse' | 'industryCode' | 'fixedAssetInvestmentWanYuan' | 'revenueWanYuan' | 'taxWanYuan' | 'flags'
> & { idle: Pick<ParcelResult['idle'], 'status'>; lowEfficiency: Pick<ParcelResult['lowEfficiency'], 'status'> };

/**
 * Totals and area-weighted intensities of a set of parcels (weights: the area of the parcels that report the figure),
 * added a parcel at a time (so a summary needs no list of its parcels).
 */
class AreaSums {
  private parcelCount = 0;
  private totalAreaM2 = 0;
  private industrialAreaM2 = 0;
  private idleAreaM2 = 0;
  private lowEfficiencyAreaM2 = 0;
  private inv = 0;
  private invAreaM2 = 0;
  private rev = 0;
  private revAreaM2 = 0;
  private tax = 0;
  private taxAreaM2 = 0;
  constructor(private readonly rules: RuleSet) {}

  add(p: SummaryRow): void {
    this.parcelCount++;
    this.totalAreaM2 += p.areaM2;
    if (isIndustrialLandUse(p.landUse, p.industryCode, this.rules)) this.industrialAreaM2 += p.areaM2;
    if (p.idle.status === 'idle') this.idleAreaM2 += p.areaM2;
    if (p.lowEfficiency.status) this.lowEfficiencyAreaM2 += p.areaM2;
    if (p.fixedAssetInvestmentWanYuan != null) {
      this.inv += p.fixedAssetInvestmentWanYuan;
      this.invAreaM2 += p.areaM2;
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
    return {
      parcelCount: this.parcelCount,
      totalAreaM2: this.totalAreaM2,
      industrialAreaM2: this.industrialAreaM2,
      fixedAssetInvestmentWanYuan: this.inv,
      revenueWanYuan: this.rev,
      taxWanYuan: this.tax,
      intensityWanPerMu: ratioOrNull(this.inv, muFromM2(this.invAreaM2)),
      outputWanPerMu: ratioOrNull(this.rev, muFromM2(this.revAreaM2)),
      taxWanPerMu: ratioOrNull(this.tax, muFromM2(this.taxAreaM2)),
      idleAreaM2: this.idleAreaM2,
      idleShare: ratioOrNull(this.idleAreaM2, this.totalAreaM2),
      lowEfficiencyAreaM2: this.lowEfficiencyAreaM2,
      lowEfficiencyShare: ratioOrNull(this.lowEfficiencyAreaM2, this.totalAreaM2),
    };
  }
}

export interface ZoneInfo {
  id: string;
  name: string;
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
 * The zone summaries and the tally of parcels added one at a time, in file order: the same sums, added in the same
 * order, as over the list of them, so a run that analyses parts of a file (analysis/shards.ts) need not keep a row
 * per parcel until the end.
 */
export class SummaryAccumulator {
  private readonly byZone = new Map<string | null, { all: AreaSums; byFunctionalArea: Record<FunctionalArea, AreaSums> }>();
  readonly tally: Tally = { parcelCount: 0, areaM2: 0, flagCounts: new Map() };

  constructor(
    private readonly zones: readonly ZoneInfo[],
    private readonly rules: RuleSet,
  ) {
    for (const z of zones) this.byZone.set(z.id, this.fresh());
  }

  private fresh() {
    return {
      all: new AreaSums(this.rules),
      byFunctionalArea: Object.fromEntries(FUNCTIONAL_AREAS.map((fa) => [fa, new AreaSums(this.rules)])) as Record<FunctionalArea, AreaSums>,
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
    const t = this.tally;
    t.parcelCount++;
    t.areaM2 += p.areaM2;
    // (a parcel counts once for a flag)
    p.flags.forEach((f, i) => {
      if (p.flags.indexOf(f) === i) t.flagCounts.set(f, (t.flagCounts.get(f) ?? 0) + 1);
    });
  }

  zoneSummaries(): ZoneSummary[] {
    return [...this.byZone].map(([zoneId, sums]) => {
      const info = this.zones.find((z) => z.id === zoneId);
      return {
        zoneId,
        name: info?.name ?? zoneId ?? '',
        functionalAreaM2: info?.functionalAreaM2 ?? { 'built-up': 0, development: 0, control: 0 },
        ...sums.all.summary(),
        byFunctionalArea: Object.fromEntries(FUNCTIONAL_AREAS.map((fa) => [fa, sums.byFunctionalArea[fa].summary()])) as Record<FunctionalArea, AreaSummary>,
      };
    });
  }
}
