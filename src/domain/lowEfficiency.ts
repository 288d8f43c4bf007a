import { isIndustrialLandUse } from './landUse';
import type { ParcelMetrics } from './metrics';
import { industryRule, intensityThresholdWanPerMu, perIndustryMin, type RuleSet } from './rules';
import type { Indicator, IndicatorCheck, LowEfficiencyResult, ParcelDetail, ParcelProps, ParcelResult } from './types';

export type LowEfficiencyNote = 'assessed' | 'not-industrial' | 'not-yet-due' | 'idle-instead' | 'no-data';

/**
 * 低效用地 per 国土资发〔2016〕147号: industrial land whose intensity, FAR or output is far below the standards.
 * A parcel is low-efficiency when any enabled indicator fails; every failure is listed with value and threshold.
 */
export function assessLowEfficiency(
  p: ParcelProps,
  m: ParcelMetrics,
  rules: RuleSet,
  landGrade: number | null,
  asOfDate: string,
  isIdle: boolean,
): LowEfficiencyResult {
  const checks = indicatorChecks(p, m, rules, landGrade);
  const skip = (note: LowEfficiencyNote): LowEfficiencyResult => ({ status: false, assessed: false, reasons: [], checks, note });
  if (!isIndustrial(p, rules)) return skip('not-industrial');
  if (rules.lowEfficiency.onlyAfterAgreedCompletion && p.agreedCompletionDate && p.agreedCompletionDate > asOfDate) return skip('not-yet-due');
  // Idle land has its own measures (闲置土地处置办法); counting it twice would inflate the low-efficiency area.
  if (isIdle) return skip('idle-instead');
  if (checks.every((c) => c.pass === null)) return skip('no-data');
  const reasons = checks.flatMap((c) =>
    c.pass === false && c.value != null && c.threshold != null ? [{ indicator: c.indicator, value: c.value, threshold: c.threshold }] : [],
  );
  return { status: reasons.length > 0, assessed: true, reasons, checks, note: 'assessed' };
}

const isIndustrial = (p: ParcelProps, rules: RuleSet): boolean => isIndustrialLandUse(p.landUse, p.industryCode, rules);

/** The checks of an analysed parcel, derived from its metrics, industry and land grade as the assessment made them. */
export function withChecks(r: ParcelResult, rules: RuleSet): ParcelDetail {
  return { ...r, lowEfficiency: { ...r.lowEfficiency, checks: indicatorChecks({ industryCode: r.industryCode }, r, rules, r.landGrade) } };
}

function indicatorChecks(p: Pick<ParcelProps, 'industryCode'>, m: ParcelMetrics, rules: RuleSet, landGrade: number | null): IndicatorCheck[] {
  const le = rules.lowEfficiency;
  const industry = industryRule(rules, p.industryCode);
  const checks: IndicatorCheck[] = [];
  const add = (indicator: Indicator, enabled: boolean, value: number | null, threshold: number | null, comparison: 'min' | 'max', source: string) => {
    if (!enabled) return;
    const pass = value == null || threshold == null ? null : meets(value, threshold, comparison);
    checks.push({ indicator, value, threshold, comparison, pass, source });
  };
  if (le.intensity.enabled) {
    const t = intensityThresholdWanPerMu(rules, industry, landGrade);
    add('intensity', true, m.intensityWanPerMu, t.value, 'min', t.source);
  }
  add('far', le.far.enabled, m.far, industry?.farMin ?? null, 'min', industry?.farSource ?? le.far.source);
  add('coverage', le.coverage.enabled, m.coverage, le.coverage.min, 'min', le.coverage.source);
  add('admin', le.admin.enabled, m.adminRatio, le.admin.max, 'max', le.admin.source);
  add('green', le.green.enabled, m.greenRatio, le.green.max, 'max', le.green.source);
  if (le.output.enabled) {
    const t = perIndustryMin(rules, industry, 'output');
    add('output', true, m.outputWanPerMu, t.value, 'min', t.source);
  }
  if (le.tax.enabled) {
    const t = perIndustryMin(rules, industry, 'tax');
    add('tax', true, m.taxWanPerMu, t.value, 'min', t.source);
  }
  return checks;
}

/** A value equal to its threshold up to floating-point rounding (1e-9 relative) meets it: 0.2 × A ÷ A is 0.2. */
function meets(value: number, threshold: number, comparison: 'min' | 'max'): boolean {
  const eps = 1e-9 * Math.max(1, Math.abs(threshold));
  return comparison === 'min' ? value >= threshold - eps : value <= threshold + eps;
}
