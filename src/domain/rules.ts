import * as z from 'zod';
import { isIsoDate } from './dates';
import defaultRulesJson from './default-rules.json';
import { GRADES, type Grade } from './grades';

/**
 * The rules file (schema 2): every threshold names the document it comes from, the part of it (table, article) in
 * both languages, the date it applies from and whether its value was checked against a published text
 * (docs/rules.md; the values checked are listed in docs/rules-transcription.json, which a test compares with this
 * file). The control indicators come in editions by effective date; the as-of date picks the edition.
 */

const text = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type BilingualText = z.infer<typeof text>;

/**
 * checked: the value was read in a published text (or a copy of it) and is recorded in the transcription;
 * unchecked: not yet read in one; not-found: looked for and not found (the value is then absent).
 */
export const VERIFICATIONS = ['checked', 'unchecked', 'not-found'] as const;
export type Verification = (typeof VERIFICATIONS)[number];
const verification = z.enum(VERIFICATIONS);
const isoDate = z.string().refine(isIsoDate, { error: 'must be an ISO date (YYYY-MM-DD)' });

const documentSchema = z.object({
  title: text,
  number: z.string().nullable(),
  effectiveFrom: isoDate,
  kind: z.enum(['national', 'provincial', 'local', 'demo']),
  /** whether effectiveFrom was read in a published text */
  dateStatus: verification,
});

const citationSchema = z.object({ doc: z.string(), ref: text, status: verification });
export type Citation = z.infer<typeof citationSchema>;

const INDUSTRY_EDITIONS = ['GB/T 4754-2002', 'GB/T 4754-2017'] as const;
export type IndustryEdition = (typeof INDUSTRY_EDITIONS)[number];
const code = z.string().regex(/^\d{2,4}$/);

const boundSchema = z.object({ value: z.number().nonnegative().nullable(), ref: text, status: verification });

const editionSchema = z.object({
  id: z.string(),
  doc: z.string(),
  effectiveFrom: isoDate,
  /** the edition of GB/T 4754 this edition's tables are keyed by */
  industryEdition: z.enum(INDUSTRY_EDITIONS),
  regionClassBasis: z.enum(['city-grade', 'land-grade']),
  /** an earlier edition whose values stand in where this one's were not found (the stand-in is marked unchecked) */
  valuesFrom: z.string().nullable(),
  /** 容积率 minimum per division */
  far: z.object({ ref: text, status: verification, values: z.record(code, z.number().positive()) }),
  /** 投资强度 minimum per division in 万元/公顷, one value per region class 1–7 */
  intensity: z.object({ ref: text, status: verification, values: z.record(code, z.array(z.number().positive()).length(7)) }),
  coverageMin: boundSchema,
  adminMax: boundSchema,
  greenMax: boundSchema,
});
export type ControlEdition = z.infer<typeof editionSchema>;

export const LAND_USE_KINDS = ['industrial', 'warehousing', 'mining', 'other'] as const;
export type LandUseKind = (typeof LAND_USE_KINDS)[number];

const crosswalkTarget = z.union([code, z.array(code).min(2), z.null()]);

/** The longest period a rule may set, in years. */
export const MAX_RULE_YEARS = 10;

// Periods are bounded to what a rule can mean (the law's are 1 and 2 years): a grace of 10,000 years would put a
// deadline past the year 9999, where dates no longer compare as text (dates.ts).
const years = z.number().int().positive().max(MAX_RULE_YEARS);
const share = z.number().positive().max(1);

const idleSchema = z.object({
  /** art. 2 ¶1: not started one full year after the agreed start date */
  graceYears: years,
  /** art. 14: a fee of `feeShareOfLandPrice` of the land price after one full year; taken back after two */
  feeAfterYears: years,
  reclaimAfterYears: years,
  feeShareOfLandPrice: share,
  /** art. 2 ¶2: started, but under 1/3 of the area developed or under 25 % invested, and stopped a full year */
  developedShareMin: share,
  investedShareMin: share,
  stoppedYears: years,
  /** art. 12 (1): an agreed extension of the start date by at most this many years */
  maxExtensionYears: years,
  /** ParkAtlas's early warning: the idle deadline falls within this many days */
  suspectedWindowDays: z.number().int().nonnegative().max(366),
  /** Measures for started-then-stopped idle land: none by default (art. 14 speaks of land not started); a rule set may set them, citing its source. */
  stoppedLand: z.object({
    feeAfterYears: years.nullable(),
    reclaimAfterYears: years.nullable(),
    cite: citationSchema.optional(),
  }),
  cite: z.object({
    notStarted: citationSchema,
    stopped: citationSchema,
    fee: citationSchema,
    reclaim: citationSchema,
    lawArt26: citationSchema,
    exceptions: citationSchema,
    extension: citationSchema,
    stoppedMeasure: citationSchema,
    started: citationSchema,
    warning: citationSchema,
  }),
});

const gradeSchema = z.enum(GRADES);
export const GRADING_METRICS = ['taxWanPerMu', 'outputWanPerMu', 'intensityWanPerMu'] as const;

const ruleSetObject = z.object({
  schemaVersion: z.literal(2),
  name: text,
  /** the edition of GB/T 4754 the parcel files (and the local tables below) use */
  parcelIndustryEdition: z.enum(INDUSTRY_EDITIONS),
  documents: z.record(z.string(), documentSchema),
  controlIndicators: z.array(editionSchema).min(1),
  landGradeClasses: z.object({ upperBounds: z.array(z.number().int()).length(7), ref: text, doc: z.string(), status: verification }),
  industryCrosswalk: z.object({
    ref: text,
    status: verification,
    /** keyed by a division (2 digits) or a group (3 digits, for divisions split between editions); an array: more than one */
    from2017To2002: z.record(code, crosswalkTarget),
    from2002To2017: z.record(code, crosswalkTarget),
  }),
  industries: z.record(z.enum(INDUSTRY_EDITIONS), z.record(code, text)),
  landUse: z.record(
    z.string().regex(/^\d{4,6}$/),
    z.object({ classification: z.string(), doc: z.string(), name: text, kind: z.enum(LAND_USE_KINDS), status: verification }),
  ),
  /** which indicators apply to each kind of land: all, the local ones only, or none */
  assessedKinds: z.object({
    industrial: z.enum(['all', 'local', 'none']),
    warehousing: z.enum(['all', 'local', 'none']),
    mining: z.enum(['all', 'local', 'none']),
    other: z.enum(['all', 'local', 'none']),
    ref: text,
    doc: z.string(),
    status: verification,
  }),
  /** per-parcel thresholds the city sets (keyed by the parcels' industry edition); they win over national recommended values */
  local: z.object({
    doc: z.string(),
    effectiveFrom: isoDate,
    ref: text,
    status: verification,
    intensityMinWanPerMu: z.record(code, z.number().positive()),
    outputMinWanPerMu: z.record(z.union([code, z.literal('default')]), z.number().positive()),
    taxMinWanPerMu: z.record(z.union([code, z.literal('default')]), z.number().positive()),
  }),
  /** zone-average targets: zone summaries only, never a per-parcel threshold */
  zoneTargets: z.array(
    z.object({
      metric: z.enum(['taxWanPerMu', 'outputWanPerMu', 'intensityWanPerMu']),
      min: z.number().positive(),
      doc: z.string(),
      effectiveFrom: isoDate,
      ref: text,
      status: verification,
    }),
  ),
  idle: idleSchema,
  lowEfficiency: z.object({
    /** Assess only projects whose agreed completion date has passed (an unfinished plant always fails FAR). */
    onlyAfterAgreedCompletion: z.boolean(),
    efficiency: z.object({ intensity: z.boolean(), far: z.boolean(), output: z.boolean(), tax: z.boolean() }),
    supplyConditions: z.object({ coverage: z.boolean(), admin: z.boolean(), green: z.boolean() }),
    cite: z.object({ efficiency: citationSchema, supplyConditions: citationSchema }),
  }),
  stages: z.object({ cite: citationSchema, illegalOccupation: citationSchema }),
  grading: z.object({
    enabled: z.boolean(),
    label: text,
    cite: citationSchema,
    /** score = Σ weight × min(value ÷ benchmark, cap) */
    indicators: z
      .array(z.object({ metric: z.enum(GRADING_METRICS), weight: z.number().positive(), benchmark: z.number().positive(), cap: z.number().positive() }))
      .min(1),
    /** cumulative shares from the top: a parcel whose rank ÷ count is at most upToShare (and above the band before) gets the grade */
    bands: z.array(z.object({ grade: gradeSchema, upToShare: z.number().positive().max(1) })).min(1),
    /** divisions (of the parcels' edition) left ungraded, e.g. utilities */
    ungradedIndustries: z.array(code),
    /** firms in production for less than this many full years are left ungraded (start-ups) */
    newFirmYears: z.number().int().nonnegative(),
  }),
});

/** A rules file: its members (ruleSetObject), and its references (every document cited exists, editions in date order). */
export const ruleSetSchema = ruleSetObject.superRefine((rules, ctx) => {
  for (const r of referenceIssues(rules)) ctx.addIssue({ code: 'custom', message: r.kind, params: r.params, path: r.path });
});

export type RuleSet = z.infer<typeof ruleSetObject>;
export { GRADES, type Grade };

let defaults: RuleSet | null = null;
/**
 * The default rule set, parsed when first asked for, not when this module loads: the page imports this module for
 * its vocabulary (grades, kinds), and a parse before the page has set zod up would break its Content-Security-Policy
 * (src/worker/jitless.ts).
 */
export function defaultRules(): RuleSet {
  defaults ??= ruleSetSchema.parse(defaultRulesJson);
  return defaults;
}

/** Parse a rules file; the problems are zod's messages with the path of the bad member (broken references included). */
export function parseRules(json: unknown): { rules: RuleSet | null; messages: string[] } {
  const r = ruleSetSchema.safeParse(json);
  if (r.success) return { rules: r.data, messages: [] };
  return { rules: null, messages: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${referenceText(i) ?? i.message}`) };
}

/** A reference issue's sentence (for tests and logs; users read them through src/i18n, `schemaIssue.<kind>`). */
function referenceText(i: z.core.$ZodIssue): string | null {
  const id = (i as { params?: { id?: string } }).params?.id;
  switch (i.message) {
    case 'no-document':
      return `no document "${id}" in documents`;
    case 'edition-order':
      return 'editions must be in date order';
    case 'no-earlier-edition':
      return `no earlier edition "${id}"`;
    case 'uncited-measure':
      return 'measures for started-then-stopped land must cite their source';
    default:
      return null;
  }
}

/**
 * A reference that does not hold, as a schema issue of one of these kinds (texts `schemaIssue.<kind>` in src/i18n):
 * a citation naming no document, editions out of date order or standing in for an unknown edition, measures for
 * started-then-stopped land that cite no source.
 */
export const RULE_REFERENCE_KINDS = ['no-document', 'edition-order', 'no-earlier-edition', 'uncited-measure'] as const;
interface ReferenceIssue {
  kind: (typeof RULE_REFERENCE_KINDS)[number];
  path: (string | number)[];
  params: Record<string, string>;
}

function referenceIssues(rules: z.infer<typeof ruleSetObject>): ReferenceIssue[] {
  const out: ReferenceIssue[] = [];
  const doc = (path: string, id: string) => {
    if (!rules.documents[id]) out.push({ kind: 'no-document', path: path.split('.'), params: { id } });
  };
  rules.controlIndicators.forEach((e, i) => {
    doc(`controlIndicators.${i}.doc`, e.doc);
    const prev = rules.controlIndicators[i - 1];
    if (prev && prev.effectiveFrom >= e.effectiveFrom) out.push({ kind: 'edition-order', path: ['controlIndicators', i, 'effectiveFrom'], params: {} });
    if (e.valuesFrom && !rules.controlIndicators.slice(0, i).some((x) => x.id === e.valuesFrom))
      out.push({ kind: 'no-earlier-edition', path: ['controlIndicators', i, 'valuesFrom'], params: { id: e.valuesFrom } });
  });
  doc('landGradeClasses.doc', rules.landGradeClasses.doc);
  doc('assessedKinds.doc', rules.assessedKinds.doc);
  doc('local.doc', rules.local.doc);
  for (const [k, v] of Object.entries(rules.landUse)) doc(`landUse.${k}.doc`, v.doc);
  rules.zoneTargets.forEach((t, i) => {
    doc(`zoneTargets.${i}.doc`, t.doc);
  });
  for (const [k, c] of Object.entries(rules.idle.cite)) doc(`idle.cite.${k}.doc`, c.doc);
  if (rules.idle.stoppedLand.cite) doc('idle.stoppedLand.cite.doc', rules.idle.stoppedLand.cite.doc);
  else if (rules.idle.stoppedLand.feeAfterYears != null || rules.idle.stoppedLand.reclaimAfterYears != null)
    out.push({ kind: 'uncited-measure', path: ['idle', 'stoppedLand', 'cite'], params: {} });
  for (const [k, c] of Object.entries(rules.lowEfficiency.cite)) doc(`lowEfficiency.cite.${k}.doc`, c.doc);
  doc('stages.cite.doc', rules.stages.cite.doc);
  doc('stages.illegalOccupation.doc', rules.stages.illegalOccupation.doc);
  doc('grading.cite.doc', rules.grading.cite.doc);
  return out;
}

/** The edition of the control indicators in force on a date (the latest that has started), or null before the first. */
export function editionFor(rules: RuleSet, asOfDate: string): ControlEdition | null {
  let found: ControlEdition | null = null;
  for (const e of rules.controlIndicators) if (e.effectiveFrom <= asOfDate) found = e;
  return found;
}

/** Region class 1–7 of the 2008 intensity table for a land grade 1–15. */
export function regionClassOfGrade(rules: RuleSet, landGrade: number): number | null {
  const i = rules.landGradeClasses.upperBounds.findIndex((upper) => landGrade <= upper);
  return i < 0 ? null : i + 1;
}

/**
 * The codes of the other edition an industry code stands for: the most specific key of the crosswalk that the code
 * starts with (a group of 3 digits before its division). Empty when the division has no counterpart (e.g. 2017's 43,
 * repair), or is not in the crosswalk.
 */
export function crosswalk(rules: RuleSet, industryCode: string, from: IndustryEdition, to: IndustryEdition): string[] {
  if (from === to) return [industryCode.slice(0, 2)];
  const table = from === 'GB/T 4754-2017' ? rules.industryCrosswalk.from2017To2002 : rules.industryCrosswalk.from2002To2017;
  const hit = (industryCode.length >= 3 ? table[industryCode.slice(0, 3)] : undefined) ?? table[industryCode.slice(0, 2)];
  if (hit == null) return [];
  return Array.isArray(hit) ? hit : [hit];
}
