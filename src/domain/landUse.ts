import type { RuleSet } from './rules';

/**
 * Industrial and logistics land: 三调 / GB/T 21010-2017 (0601 工业, 0508 物流仓储) and the 2023 用地用海分类
 * (1001 工业 with 100101–100103, 1101 物流仓储) — the rules file lists the codes. A parcel without a land-use code
 * counts as industrial when it names an industry.
 */
export function isIndustrialLandUse(landUse: string | null | undefined, industryCode: string | null | undefined, rules: RuleSet): boolean {
  if (landUse) return rules.industrialLandUse.includes(landUse);
  return industryCode != null;
}
