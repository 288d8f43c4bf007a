import { articleOf, type PlanFacts, revenueOfDivisionsWanYuan, zonePlan } from './plan';

/**
 * The zone targets a tour stop's key figures are set against, read from the dataset's own plan (dataset.json `plan`,
 * checked by domain/plan.ts) through zonePlan, the one door the dashboard uses too. The 2016–2018 plan sets each zone
 * a 2018 revenue for its *leading industry* (not for the zone): the figure is that industry's revenue, counted over
 * its divisions (the plan file's `divisions`, ParkAtlas's reading). It sets no zone target for area, parcels,
 * investment intensity or idle and low-efficiency shares (its intensity and output aims are qualitative).
 */
export interface PlanTarget {
  /** the key figure the target is for */
  figure: 'leadingRevenueYiYuan';
  comparison: '>=' | '>';
  value: number;
  /** the GB/T 4754 divisions the figure counts */
  divisions: readonly string[];
  /** the plan's document number and articles, for the source line */
  document: string;
  article: { zh: string; en: string };
}

export function zonePlanTargets(plan: PlanFacts | null, zoneId: string): PlanTarget[] {
  const zp = plan ? zonePlan(plan, zoneId) : null;
  if (!plan || !zp) return [];
  const r = zp.zone.leadingIndustryRevenueTarget2018;
  if (r.comparison !== '>=' && r.comparison !== '>') return [];
  const articles = r.articles.map((a) => articleOf(plan, a)).filter((a) => a != null);
  return [
    {
      figure: 'leadingRevenueYiYuan',
      comparison: r.comparison,
      value: r.value,
      divisions: zp.leadingIndustry.divisions,
      document: plan.document.number,
      article: { zh: articles.map((a) => a.zh).join('；'), en: articles.map((a) => a.en).join('; ') },
    },
  ];
}

/** The revenue a target counts, in 万元, from a summary's revenue per division. */
export const targetRevenueWanYuan = (t: PlanTarget, byDivision: Readonly<Record<string, number>>): number => revenueOfDivisionsWanYuan(byDivision, t.divisions);

/** Whether a value meets a target (null: no value to judge). */
export function meetsTarget(value: number | null, t: Pick<PlanTarget, 'comparison' | 'value'>): boolean | null {
  if (value == null || !Number.isFinite(value)) return null;
  return t.comparison === '>' ? value > t.value : value >= t.value;
}
