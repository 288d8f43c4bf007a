import * as z from 'zod';
import defaultRulesJson from './default-rules.json';
import type { Indicator } from './types';

/** The longest period a rule may set, in years. */
export const MAX_RULE_YEARS = 10;

/** A threshold with the place it was read. `confirmed: false` marks a value not yet checked against the published text. */
const sourced = z.object({ source: z.string().min(1), confirmed: z.boolean().default(true) });

const minThreshold = sourced.extend({ enabled: z.boolean().default(true), min: z.number().nonnegative() });
const maxThreshold = sourced.extend({ enabled: z.boolean().default(true), max: z.number().nonnegative() });
const perIndustryThreshold = sourced.extend({ enabled: z.boolean().default(true) });

const industrySchema = z.object({
  name: z.string(),
  nameEn: z.string(),
  /** 容积率 minimum of 国土资发〔2008〕24号 表2 (keyed by this rules file's industry edition). */
  farMin: z.number().positive().nullable().default(null),
  farSource: z.string().optional(),
  /** Local (city) investment intensity minimum in 万元/亩; wins over the national table when set. */
  intensityMinWanPerMu: z.number().positive().nullable().default(null),
  /** National table values in 万元/公顷 by region class 1–7, when known. */
  intensityMinWanPerHaByClass: z.array(z.number().positive()).length(7).nullable().default(null),
  intensitySource: z.string().optional(),
  outputMinWanPerMu: z.number().positive().nullable().default(null),
  taxMinWanPerMu: z.number().positive().nullable().default(null),
  localSource: z.string().optional(),
});

export const ruleSetSchema = z.object({
  name: z.string(),
  /** Edition of GB/T 4754 the industry codes below and in parcel files use. */
  industryEdition: z.enum(['GB/T 4754-2017', 'GB/T 4754-2002']),
  /** GB/T 4754-2002 division → 2017 division, for files or tables in the older edition. */
  industryCrosswalk2002To2017: z.record(z.string(), z.string()),
  industrialLandUse: z.array(z.string()).min(1),
  // Periods are bounded to what a rule can mean (the law's are 1 and 2 years): a grace of 10,000 years would put a
  // deadline past the year 9999, where dates no longer compare as text (dates.ts).
  idle: z.object({
    source: z.string(),
    /** 闲置土地处置办法 art. 2: not started one full year after the agreed start date. */
    graceYears: z.number().int().positive().max(MAX_RULE_YEARS),
    /** art. 14: a fee of 20% of the land price after one full year; taken back after two. */
    feeAfterYears: z.number().int().positive().max(MAX_RULE_YEARS),
    reclaimAfterYears: z.number().int().positive().max(MAX_RULE_YEARS),
    feeShareOfLandPrice: z.number().positive().max(1),
    /** art. 2: started, but under 1/3 of the area developed or under 25% invested, and stopped a full year. */
    developedShareMin: z.number().positive().max(1),
    investedShareMin: z.number().positive().max(1),
    stoppedYears: z.number().int().positive().max(MAX_RULE_YEARS),
    /** ParkAtlas's early warning: the idle deadline falls within this many days. */
    suspectedWindowDays: z.number().int().nonnegative().max(366),
  }),
  lowEfficiency: z.object({
    source: z.string(),
    /** Assess only projects whose agreed completion date has passed (an unfinished plant always fails FAR). */
    onlyAfterAgreedCompletion: z.boolean(),
    intensity: perIndustryThreshold,
    far: perIndustryThreshold,
    coverage: minThreshold,
    admin: maxThreshold,
    green: maxThreshold,
    output: perIndustryThreshold.extend({ defaultMinWanPerMu: z.number().positive().nullable() }),
    tax: perIndustryThreshold.extend({ defaultMinWanPerMu: z.number().positive().nullable() }),
  }),
  /** 2008 table: seven region classes built from land grades 1–4, 5–6, 7–8, 9–10, 11–12, 13–14, 15 (upper bounds). */
  landGradeClassUpperBounds: z.array(z.number().int()).length(7),
  industries: z.record(z.string(), industrySchema),
});

export type RuleSet = z.infer<typeof ruleSetSchema>;
export type IndustryRule = z.infer<typeof industrySchema>;

export const DEFAULT_RULES: RuleSet = ruleSetSchema.parse(defaultRulesJson);

/** Parse a rules file; the problems are zod's messages with the path of the bad member. */
export function parseRules(json: unknown): { rules: RuleSet | null; messages: string[] } {
  const r = ruleSetSchema.safeParse(json);
  if (r.success) return { rules: r.data, messages: [] };
  return { rules: null, messages: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}

/** Region class 1–7 of the 2008 intensity table for a land grade 1–15. */
export function regionClassOfGrade(rules: RuleSet, landGrade: number): number | null {
  const i = rules.landGradeClassUpperBounds.findIndex((upper) => landGrade <= upper);
  return i < 0 ? null : i + 1;
}

export interface ResolvedThreshold {
  value: number | null;
  source: string;
}

/** The industry rule for a parcel's code, mapping a 2002-edition code to the rules' edition when needed. */
export function industryRule(rules: RuleSet, industryCode: string | null | undefined): IndustryRule | null {
  if (!industryCode) return null;
  const division = industryCode.slice(0, 2);
  return rules.industries[division] ?? null;
}

/** Investment-intensity minimum in 万元/亩: the local value if set, else the national table's for the region class. */
export function intensityThresholdWanPerMu(rules: RuleSet, industry: IndustryRule | null, landGrade: number | null): ResolvedThreshold {
  const base = rules.lowEfficiency.intensity.source;
  if (!industry) return { value: null, source: base };
  if (industry.intensityMinWanPerMu != null) {
    return { value: industry.intensityMinWanPerMu, source: industry.localSource ?? base };
  }
  if (industry.intensityMinWanPerHaByClass && landGrade != null) {
    const cls = regionClassOfGrade(rules, landGrade);
    const perHa = cls == null ? undefined : industry.intensityMinWanPerHaByClass[cls - 1];
    if (perHa != null) return { value: perHa / 15, source: industry.intensitySource ?? base };
  }
  return { value: null, source: base };
}

export function perIndustryMin(rules: RuleSet, industry: IndustryRule | null, indicator: Extract<Indicator, 'output' | 'tax'>): ResolvedThreshold {
  const rule = rules.lowEfficiency[indicator];
  const own = indicator === 'output' ? industry?.outputMinWanPerMu : industry?.taxMinWanPerMu;
  if (own != null) return { value: own, source: industry?.localSource ?? rule.source };
  return { value: rule.defaultMinWanPerMu, source: rule.source };
}
