import * as z from 'zod';

/**
 * A city's plan for its industrial cluster zones as data (for 漯河: 漯政办〔2016〕17号, the 2016–2018 action plan; the
 * file is src/domain/plan-2016-2018.json, copied into the dataset as plan.json): its figures, each with the parts of the
 * plan it is in (`articles`), in our words. Which figures parcel data can be set against, and how, is ParkAtlas's
 * reading, kept apart in each figure's `compare` and in each industry's `divisions`. The dashboard and presentation
 * mode read a zone's targets through `zonePlan`, and nothing else.
 */

const text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const id = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/);
/** a GB/T 4754-2017 division (two digits) */
const division = z.string().regex(/^\d{2}$/);

/** How firmly the plan puts a figure: 达到 / 超过 / 形成 (reach) or 争取 / 争创 (strive for). */
export const COMMITMENTS = ['reach', 'strive'] as const;
export type Commitment = (typeof COMMITMENTS)[number];
/** '=' a count the plan sets (培育 20 家); '≈' about (左右). */
export const COMPARISONS = ['>', '>=', '=', '≈', '<='] as const;
export type PlanComparison = (typeof COMPARISONS)[number];
export const PLAN_UNITS = [
  'yi-yuan',
  'yi-yuan-per-year',
  'percent',
  'percentage-points',
  'firms',
  'firms-per-year',
  'ten-thousand-people',
  'projects-per-year',
  'parks',
  'centres',
  'systems',
  'connections',
] as const;
export type PlanUnit = (typeof PLAN_UNITS)[number];

/**
 * Why parcel data cannot be set against a figure: it counts yearly flows (the parcels hold totals), firms (the parcels
 * name holders, not registered firms, nor their size), what lies outside the zones, or things no parcel records.
 */
export const NOT_COMPARABLE_REASONS = [
  'annual-flows',
  'firm-identity',
  'outside-zones',
  'not-in-parcels',
  'project-list',
  'no-energy-data',
  'no-waste-data',
  'no-employment-data',
  'star-rating',
] as const;
export type NotComparableReason = (typeof NOT_COMPARABLE_REASONS)[number];

/**
 * How ParkAtlas sets a figure against parcel results: not at all (why), or the revenue of the parcels in an
 * industry's divisions, or of every industrial division (06–46, mining, manufacturing and utilities: the caveat says
 * the parcels cannot tell firms above designated size).
 */
const compareSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none'), reason: z.enum(NOT_COMPARABLE_REASONS) }),
  z.strictObject({ kind: z.literal('industrial-revenue'), caveat: z.literal('firm-size') }),
]);
export type PlanCompare = z.infer<typeof compareSchema>;

const articles = z.array(id).min(1);
const count = z.strictObject({ value: z.number().nonnegative(), valueMax: z.number().positive().optional(), comparison: z.enum(COMPARISONS) });

const targetSchema = z.strictObject({
  id,
  metric: text,
  value: z.number().nonnegative(),
  /** a range (1–2 parks): value to valueMax */
  valueMax: z.number().positive().optional(),
  unit: z.enum(PLAN_UNITS),
  comparison: z.enum(COMPARISONS),
  commitment: z.enum(COMMITMENTS),
  /** the year by whose end (null: each year, or the plan names none) */
  due: z.number().int().nullable(),
  growthPctPerYearMin: z.number().positive().optional(),
  /** a share of the figure each county or district is to reach */
  perCounty: count.optional(),
  cumulativeNew: count.optional(),
  /** at least one of the projects of this many 亿元 or more */
  atLeastOneOverYi: z.number().positive().optional(),
  articles,
  compare: compareSchema,
});
export type PlanTarget = z.infer<typeof targetSchema>;

const revenueSchema = z.strictObject({
  value: z.number().positive(),
  unit: z.literal('yi-yuan'),
  comparison: z.enum(COMPARISONS),
  commitment: z.enum(COMMITMENTS),
});

const planObject = z.strictObject({
  schemaVersion: z.literal(2),
  document: z.strictObject({
    title: z.string().min(1),
    titleEn: z.string().min(1),
    number: z.string().min(1),
    period: z.strictObject({ from: z.number().int(), to: z.number().int() }),
    note: z.string(),
  }),
  /** the parts of the plan the figures are in, named in our words */
  articles: z.array(z.strictObject({ id, zh: z.string().min(1), en: z.string().min(1) })).min(1),
  /** the industries zones lead with: a cluster's, or none (沙澧's 商贸物流 is no cluster); divisions are ParkAtlas's reading */
  industries: z.array(z.strictObject({ id, name: z.string().min(1), nameEn: z.string().min(1), cluster: id.nullable(), divisions: z.array(division).min(1) })),
  clusters: z.array(
    z.strictObject({
      id,
      name: z.string().min(1),
      nameEn: z.string().min(1),
      revenue: revenueSchema.extend({ due: z.number().int() }),
      /** the plan's class of the cluster (两千亿级, 双百亿级, 百亿级) */
      scaleClass: z.string().min(1),
      articles,
    }),
  ),
  cityTargets: z.array(targetSchema),
  /** targets every zone has */
  perZoneTargets: z.array(targetSchema),
  zones: z.array(
    z.strictObject({
      id: z.string().min(1),
      name: z.string().min(1),
      nameEn: z.string().min(1),
      leadingIndustry: id,
      secondIndustry: id.nullable(),
      /** the revenue of the zone's leading industry (not of the zone) in 2018 */
      leadingIndustryRevenueTarget2018: revenueSchema.extend({ articles }),
      /** the star rating of the province's evaluation: to reach (达到) or to strive for (争创) */
      stars: z.strictObject({ value: z.number().int().min(1).max(5), commitment: z.enum(COMMITMENTS), articles }),
      /** targets of this zone alone */
      targets: z.array(targetSchema),
    }),
  ),
});

/** Every id a figure names must be there: articles, industries, clusters; and ids are unique in their list. */
export const planSchema = planObject.superRefine((plan, ctx) => {
  const articleIds = new Set(plan.articles.map((a) => a.id));
  const industryIds = new Set(plan.industries.map((i) => i.id));
  const clusterIds = new Set(plan.clusters.map((c) => c.id));
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', message, path });
  const checkArticles = (list: readonly string[], path: (string | number)[]) => {
    list.forEach((a, i) => {
      if (!articleIds.has(a)) issue([...path, 'articles', i], `no article "${a}"`);
    });
  };
  const unique = (list: readonly { id: string }[], path: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) issue([path, i, 'id'], `"${x.id}" twice`);
      seen.add(x.id);
    });
  };
  for (const list of ['articles', 'industries', 'clusters', 'cityTargets', 'perZoneTargets', 'zones'] as const) unique(plan[list], list);
  plan.industries.forEach((ind, i) => {
    if (ind.cluster != null && !clusterIds.has(ind.cluster)) issue(['industries', i, 'cluster'], `no cluster "${ind.cluster}"`);
  });
  plan.clusters.forEach((c, i) => {
    checkArticles(c.articles, ['clusters', i]);
    if (!plan.industries.some((ind) => ind.cluster === c.id)) issue(['clusters', i, 'id'], `no industry of cluster "${c.id}"`);
  });
  for (const [path, t] of allTargets(plan)) checkArticles(t.articles, path);
  plan.zones.forEach((zone, i) => {
    if (!industryIds.has(zone.leadingIndustry)) issue(['zones', i, 'leadingIndustry'], `no industry "${zone.leadingIndustry}"`);
    if (zone.secondIndustry != null && !industryIds.has(zone.secondIndustry)) issue(['zones', i, 'secondIndustry'], `no industry "${zone.secondIndustry}"`);
    checkArticles(zone.leadingIndustryRevenueTarget2018.articles, ['zones', i, 'leadingIndustryRevenueTarget2018']);
    checkArticles(zone.stars.articles, ['zones', i, 'stars']);
    unique(zone.targets, `zones.${i}.targets`);
  });
  for (const [path, t] of allTargets(plan)) if (t.valueMax != null && t.valueMax < t.value) issue([...path, 'valueMax'], 'below value');
});

export type PlanFacts = z.infer<typeof planObject>;
export type PlanIndustry = PlanFacts['industries'][number];
export type PlanCluster = PlanFacts['clusters'][number];
export type PlanZone = PlanFacts['zones'][number];
export type PlanArticle = PlanFacts['articles'][number];

function allTargets(plan: PlanFacts): [(string | number)[], PlanTarget][] {
  return [
    ...plan.cityTargets.map((t, i) => [['cityTargets', i], t] as [(string | number)[], PlanTarget]),
    ...plan.perZoneTargets.map((t, i) => [['perZoneTargets', i], t] as [(string | number)[], PlanTarget]),
    ...plan.zones.flatMap((zone, i) => zone.targets.map((t, k) => [['zones', i, 'targets', k], t] as [(string | number)[], PlanTarget])),
  ];
}

/** What the plan sets for one zone: its industries, the leading industry's 2018 revenue, its stars and every target it has. */
export interface ZonePlan {
  zone: PlanZone;
  leadingIndustry: PlanIndustry;
  /** the cluster the leading industry belongs to (null: none, as 沙澧's 商贸物流) */
  leadingCluster: PlanCluster | null;
  secondIndustry: PlanIndustry | null;
  /** the zone's own targets, then those every zone has */
  targets: PlanTarget[];
}

/**
 * A zone's plan (null: the plan does not name the zone). The one door to zone targets: the dashboard and
 * presentation mode both read them here.
 */
export function zonePlan(plan: PlanFacts, zoneId: string): ZonePlan | null {
  const zone = plan.zones.find((z) => z.id === zoneId);
  if (!zone) return null;
  const industry = (iid: string | null) => plan.industries.find((i) => i.id === iid) ?? null;
  const leadingIndustry = industry(zone.leadingIndustry) as PlanIndustry;
  return {
    zone,
    leadingIndustry,
    leadingCluster: plan.clusters.find((c) => c.id === leadingIndustry.cluster) ?? null,
    secondIndustry: industry(zone.secondIndustry),
    targets: [...zone.targets, ...plan.perZoneTargets],
  };
}

/** An article's name, by id (the ids are checked by the schema). */
export const articleOf = (plan: PlanFacts, articleId: string): PlanArticle | null => plan.articles.find((a) => a.id === articleId) ?? null;

/** 1 亿元 = 10,000 万元 (the plan counts in 亿元, the parcels in 万元). */
export const WAN_PER_YI = 10_000;

/** The industrial divisions of GB/T 4754-2017: mining 06–12, manufacturing 13–43, utilities 44–46 (工业). */
export const isIndustrialDivision = (d: string): boolean => /^\d{2}$/.test(d) && Number(d) >= 6 && Number(d) <= 46;

/**
 * The revenue of the divisions a figure counts (an industry's, or every industrial one), in 万元, from revenue per
 * division (AreaSummary.revenueByDivisionWanYuan): a sum of parcel results.
 */
export function revenueOfDivisionsWanYuan(byDivision: Readonly<Record<string, number>>, divisions: readonly string[] | 'industrial'): number {
  let sum = 0;
  for (const [d, v] of Object.entries(byDivision)) if (divisions === 'industrial' ? isIndustrialDivision(d) : divisions.includes(d)) sum += v;
  return sum;
}

/** A value against a target: value ÷ target, and whether it is met (a range: its lower end; '≈' and '=' count as reached at the value). */
export function progressOf(value: number, target: { value: number; comparison: PlanComparison }): { ratio: number | null; met: boolean } {
  const ratio = target.value > 0 ? value / target.value : null;
  const met = target.comparison === '>' ? value > target.value : target.comparison === '<=' ? value <= target.value : value >= target.value;
  return { ratio, met };
}
