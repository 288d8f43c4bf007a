import { isIndustrialLandUse } from './landUse';
import type { RuleSet } from './rules';
import { type AreaSummary, FUNCTIONAL_AREAS, type FunctionalArea, type ParcelResult, type ZoneSummary } from './types';
import { muFromM2, ratioOrNull } from './units';

/** What the summaries read of a parcel's result. */
export type SummaryRow = Pick<
  ParcelResult,
  'zoneId' | 'functionalArea' | 'areaM2' | 'landUse' | 'industryCode' | 'fixedAssetInvestmentWanYuan' | 'revenueWanYuan' | 'taxWanYuan' | 'flags'
> & { idle: Pick<ParcelResult['idle'], 'status'>; lowEfficiency: Pick<ParcelResult['lowEfficiency'], 'status'> };

/** The part of a result the summaries read, as a small object of its own (see shards.ts). */
export function summaryRow(p: SummaryRow): SummaryRow {
  return {
    zoneId: p.zoneId,
    functionalArea: p.functionalArea,
    areaM2: p.areaM2,
    landUse: p.landUse,
    industryCode: p.industryCode,
    fixedAssetInvestmentWanYuan: p.fixedAssetInvestmentWanYuan,
    revenueWanYuan: p.revenueWanYuan,
    taxWanYuan: p.taxWanYuan,
    flags: p.flags,
    idle: { status: p.idle.status },
    lowEfficiency: { status: p.lowEfficiency.status },
  };
}

/** Totals and area-weighted intensities of a set of parcels (weights: the area of the parcels that report the figure). */
export function summarise(parcels: readonly SummaryRow[], rules: RuleSet): AreaSummary {
  let totalAreaM2 = 0;
  let industrialAreaM2 = 0;
  let idleAreaM2 = 0;
  let lowEfficiencyAreaM2 = 0;
  const sums = { inv: 0, invAreaM2: 0, rev: 0, revAreaM2: 0, tax: 0, taxAreaM2: 0 };
  for (const p of parcels) {
    totalAreaM2 += p.areaM2;
    if (isIndustrialLandUse(p.landUse, p.industryCode, rules)) industrialAreaM2 += p.areaM2;
    if (p.idle.status === 'idle') idleAreaM2 += p.areaM2;
    if (p.lowEfficiency.status) lowEfficiencyAreaM2 += p.areaM2;
    if (p.fixedAssetInvestmentWanYuan != null) {
      sums.inv += p.fixedAssetInvestmentWanYuan;
      sums.invAreaM2 += p.areaM2;
    }
    if (p.revenueWanYuan != null) {
      sums.rev += p.revenueWanYuan;
      sums.revAreaM2 += p.areaM2;
    }
    if (p.taxWanYuan != null) {
      sums.tax += p.taxWanYuan;
      sums.taxAreaM2 += p.areaM2;
    }
  }
  return {
    parcelCount: parcels.length,
    totalAreaM2,
    industrialAreaM2,
    fixedAssetInvestmentWanYuan: sums.inv,
    revenueWanYuan: sums.rev,
    taxWanYuan: sums.tax,
    intensityWanPerMu: ratioOrNull(sums.inv, muFromM2(sums.invAreaM2)),
    outputWanPerMu: ratioOrNull(sums.rev, muFromM2(sums.revAreaM2)),
    taxWanPerMu: ratioOrNull(sums.tax, muFromM2(sums.taxAreaM2)),
    idleAreaM2,
    idleShare: ratioOrNull(idleAreaM2, totalAreaM2),
    lowEfficiencyAreaM2,
    lowEfficiencyShare: ratioOrNull(lowEfficiencyAreaM2, totalAreaM2),
  };
}

export interface ZoneInfo {
  id: string;
  name: string;
  functionalAreaM2: Record<FunctionalArea, number>;
}

/** One summary per zone (and one for parcels outside every zone, when there are any), each split by functional area. */
export function zoneSummaries(parcels: readonly SummaryRow[], zones: readonly ZoneInfo[], rules: RuleSet): ZoneSummary[] {
  const byZone = new Map<string | null, SummaryRow[]>();
  for (const z of zones) byZone.set(z.id, []);
  for (const p of parcels) {
    const list = byZone.get(p.zoneId);
    if (list) list.push(p);
    else byZone.set(p.zoneId, [p]);
  }
  const out: ZoneSummary[] = [];
  for (const [zoneId, list] of byZone) {
    const info = zones.find((z) => z.id === zoneId);
    const byFunctionalArea = Object.fromEntries(
      FUNCTIONAL_AREAS.map((fa) => [
        fa,
        summarise(
          list.filter((p) => p.functionalArea === fa),
          rules,
        ),
      ]),
    ) as Record<FunctionalArea, AreaSummary>;
    out.push({
      zoneId,
      name: info?.name ?? zoneId ?? '',
      functionalAreaM2: info?.functionalAreaM2 ?? { 'built-up': 0, development: 0, control: 0 },
      ...summarise(list, rules),
      byFunctionalArea,
    });
  }
  return out;
}
