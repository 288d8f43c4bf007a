import type { ParcelMetrics } from './metrics';
import { editionFor, type RuleSet } from './rules';
import { ruleSources, SOURCE_ID, type SourceRef } from './sources';
import { assessedAs, boundThreshold, farThreshold, intensityThreshold, landUseKind, localMin, type Threshold } from './thresholds';
import {
  INDICATOR_GROUP,
  type Indicator,
  type IndicatorCheck,
  type IndicatorFailure,
  type LowEfficiencyResult,
  type ParcelDetail,
  type ParcelProps,
  type ParcelResult,
} from './types';

export type LowEfficiencyNote = 'assessed' | 'not-industrial' | 'not-yet-due' | 'idle-instead' | 'no-data';

/**
 * 低效用地 per 国土资发〔2016〕147号: industrial land whose intensity, FAR or output is far below the standards. A
 * parcel is low-efficiency when an enabled efficiency indicator (intensity, FAR, output, tax) fails. Building
 * coverage, admin share and green ratio are conditions of the land supply: failing one is a supply breach, reported
 * and counted apart. Every failure is listed with its value and threshold. Thresholds are per parcel; zone-average
 * targets belong to the zone summaries.
 */
export function assessLowEfficiency(
  p: ParcelProps,
  m: ParcelMetrics,
  rules: RuleSet,
  landGrade: number | null,
  asOfDate: string,
  isIdle: boolean,
): LowEfficiencyResult {
  const checks = indicatorChecks(p, m, rules, landGrade, asOfDate);
  const skip = (note: LowEfficiencyNote): LowEfficiencyResult => ({
    status: false,
    supplyBreach: false,
    assessed: false,
    reasons: [],
    breaches: [],
    checks,
    note,
  });
  if (assessedAs(rules, landUseKind(rules, p.landUse, p.industryCode)) === 'none') return skip('not-industrial');
  // Idle land has its own measures (闲置土地处置办法); counting it twice would inflate the low-efficiency area. Idle
  // first: idle land is handled as idle land, whether or not its agreed completion date has come.
  if (isIdle) return skip('idle-instead');
  if (rules.lowEfficiency.onlyAfterAgreedCompletion && p.agreedCompletionDate && p.agreedCompletionDate > asOfDate) return skip('not-yet-due');
  if (checks.every((c) => c.pass === null)) return skip('no-data');
  const failed = (group: IndicatorCheck['group']): IndicatorFailure[] =>
    checks.flatMap((c) =>
      c.group === group && c.pass === false && c.value != null && c.threshold != null
        ? [{ indicator: c.indicator, value: c.value, threshold: c.threshold }]
        : [],
    );
  const reasons = failed('efficiency');
  const breaches = failed('supply-condition');
  return { status: reasons.length > 0, supplyBreach: breaches.length > 0, assessed: true, reasons, breaches, checks, note: 'assessed' };
}

/** The checks of an analysed parcel, derived from its metrics, industry and land grade as the assessment made them, and the text of every source it names. */
export function withChecks(r: ParcelResult, rules: RuleSet, asOfDate: string): ParcelDetail {
  const checks = indicatorChecks({ industryCode: r.industryCode, landUse: r.landUse }, r, rules, r.landGrade, asOfDate);
  const all = ruleSources(rules);
  const sources: Record<string, SourceRef> = {};
  const note = (id: string | null) => {
    const s = id ? all.get(id) : undefined;
    if (s) sources[s.id] = s;
  };
  for (const c of checks) note(c.sourceId);
  note(r.idle.sourceId);
  note(r.idle.measureSourceId);
  if (r.landUse) note(SOURCE_ID.landUse(r.landUse));
  note(SOURCE_ID.stages);
  note(SOURCE_ID.grading);
  if (r.flags.includes('suspected-illegal-occupation')) note(SOURCE_ID.illegalOccupation);
  if (rules.controlIndicators.some((e) => e.industryEdition !== rules.parcelIndustryEdition)) note(SOURCE_ID.crosswalk);
  return { ...r, lowEfficiency: { ...r.lowEfficiency, checks }, sources };
}

function indicatorChecks(
  p: Pick<ParcelProps, 'industryCode' | 'landUse'>,
  m: ParcelMetrics,
  rules: RuleSet,
  landGrade: number | null,
  asOfDate: string,
): IndicatorCheck[] {
  const le = rules.lowEfficiency;
  const edition = editionFor(rules, asOfDate);
  const scope = assessedAs(rules, landUseKind(rules, p.landUse, p.industryCode));
  const national = scope === 'all';
  const sources = ruleSources(rules);
  const checks: IndicatorCheck[] = [];
  const add = (indicator: Indicator, value: number | null, t: Threshold, comparison: 'min' | 'max') => {
    const pass = value == null || t.value == null ? null : meets(value, t.value, comparison);
    const source = sources.get(t.sourceId)?.zh ?? '';
    checks.push({
      indicator,
      group: INDICATOR_GROUP[indicator],
      value,
      threshold: t.value,
      comparison,
      pass,
      sourceId: t.sourceId,
      source,
      thresholdNote: t.note,
    });
  };
  if (le.efficiency.intensity) {
    const t = intensityThreshold(rules, edition, p.industryCode, landGrade);
    // a national value applies to land assessed nationally only; a local one to any land assessed
    add('intensity', m.intensityWanPerMu, national || t.sourceId === 'local' ? t : { value: null, sourceId: t.sourceId, note: 'not-in-table' }, 'min');
  }
  if (le.efficiency.far && national) add('far', m.far, farThreshold(rules, edition, p.industryCode), 'min');
  if (le.efficiency.output) add('output', m.outputWanPerMu, localMin(rules, 'output', p.industryCode), 'min');
  if (le.efficiency.tax) add('tax', m.taxWanPerMu, localMin(rules, 'tax', p.industryCode), 'min');
  if (national) {
    if (le.supplyConditions.coverage) add('coverage', m.coverage, boundThreshold(rules, edition, 'coverage'), 'min');
    if (le.supplyConditions.admin) add('admin', m.adminRatio, boundThreshold(rules, edition, 'admin'), 'max');
    if (le.supplyConditions.green) add('green', m.greenRatio, boundThreshold(rules, edition, 'green'), 'max');
  }
  return checks;
}

/** A value equal to its threshold up to floating-point rounding (1e-9 relative) meets it: 0.2 × A ÷ A is 0.2. */
function meets(value: number, threshold: number, comparison: 'min' | 'max'): boolean {
  const eps = 1e-9 * Math.max(1, Math.abs(threshold));
  return comparison === 'min' ? value >= threshold - eps : value <= threshold + eps;
}
