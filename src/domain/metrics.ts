import type { ParcelProps } from './types';
import { muFromM2, ratioOrNull } from './units';

/** The metrics a user can colour the map by, filter by range and sort by (the metric catalogue). */
export const METRICS = ['intensityWanPerMu', 'far', 'coverage', 'outputWanPerMu', 'taxWanPerMu', 'areaMu', 'idleYears'] as const;
export type Metric = (typeof METRICS)[number];

/** Land-use indicators of 工业项目建设用地控制指标 and local practice, from a parcel's cadastral area. */
export interface ParcelMetrics {
  intensityWanPerMu: number | null;
  intensityWanPerHa: number | null;
  far: number | null;
  coverage: number | null;
  greenRatio: number | null;
  adminRatio: number | null;
  outputWanPerMu: number | null;
  taxWanPerMu: number | null;
}

export const PARCEL_METRIC_KEYS = [
  'intensityWanPerMu',
  'intensityWanPerHa',
  'far',
  'coverage',
  'greenRatio',
  'adminRatio',
  'outputWanPerMu',
  'taxWanPerMu',
] as const satisfies readonly (keyof ParcelMetrics)[];

export function parcelMetrics(p: ParcelProps, areaM2: number): ParcelMetrics {
  const areaMu = muFromM2(areaM2);
  const areaHa = areaM2 / 10000;
  return {
    // 投资强度 = 项目固定资产总投资 ÷ 项目总用地面积 (the investment includes buildings, equipment and the land price)
    intensityWanPerMu: ratioOrNull(p.fixedAssetInvestmentWanYuan, areaMu),
    intensityWanPerHa: ratioOrNull(p.fixedAssetInvestmentWanYuan, areaHa),
    // 容积率 = 总建筑面积 ÷ 总用地面积 (storeys over 8 m are already counted twice in floorAreaM2)
    far: ratioOrNull(p.floorAreaM2, areaM2),
    // 建筑系数 = (建筑物 + 构筑物 + 堆场 占地) ÷ 总用地面积
    coverage: ratioOrNull(p.footprintM2, areaM2),
    greenRatio: ratioOrNull(p.greenAreaM2, areaM2),
    adminRatio: ratioOrNull(p.adminAreaM2, areaM2),
    outputWanPerMu: ratioOrNull(p.revenueWanYuan, areaMu),
    taxWanPerMu: ratioOrNull(p.taxWanYuan, areaMu),
  };
}
