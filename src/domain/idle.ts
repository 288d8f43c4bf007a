import { addFullYears, daysBetween, fullYearsBetween } from './dates';
import type { RuleSet } from './rules';
import type { DelayCause, IdleMeasure, ParcelProps } from './types';

/**
 * Idle land (闲置土地) per 闲置土地处置办法 (国土资源部令第53号, 2012).
 * art. 2: idle when construction has not started one full year after the agreed start date, or when it started
 * but under 1/3 of the area is developed or under 25% of the total investment made, and it has stopped a full year.
 * art. 14: one full year → idle-land fee (20% of the land price); two full years → taken back without compensation.
 * art. 8: delay caused by government or force majeure → negotiated measures, never fee or reclaim.
 */
export type IdleReason =
  | 'no-contract-dates'
  | 'agreed-start-missing'
  | 'not-started-past-deadline'
  | 'not-started-deadline-near'
  | 'not-started-before-deadline'
  | 'stopped-low-progress'
  | 'stopped-deadline-near'
  | 'stopped-under-a-year'
  | 'stopped-progress-missing'
  | 'stopped-enough-progress'
  | 'started';

export interface IdleAssessment {
  status: 'idle' | 'suspected' | 'not-idle' | 'unknown';
  cause: DelayCause | null;
  /** The date the idle clock counts from: the agreed start date, or the date construction stopped. */
  sinceDate: string | null;
  /** The date the parcel becomes (or became) idle under art. 2. */
  deadlineDate: string | null;
  years: number | null;
  measure: IdleMeasure | null;
  reason: IdleReason;
  developedShare: number | null;
  investedShare: number | null;
}

export function assessIdle(p: ParcelProps, areaM2: number, rules: RuleSet, asOfDate: string): IdleAssessment {
  const r = rules.idle;
  const cause = p.delayCause ?? null;
  const base = { cause, developedShare: null, investedShare: null };
  const started = p.actualStartDate != null && p.actualStartDate <= asOfDate;

  if (!started) {
    if (!p.agreedStartDate) {
      const hasContract = p.supplyDate != null || p.agreedCompletionDate != null;
      return hasContract
        ? { ...base, status: 'suspected', sinceDate: null, deadlineDate: null, years: null, measure: null, reason: 'agreed-start-missing' }
        : { ...base, status: 'unknown', cause: null, sinceDate: null, deadlineDate: null, years: null, measure: null, reason: 'no-contract-dates' };
    }
    const deadline = addFullYears(p.agreedStartDate, r.graceYears);
    if (asOfDate >= deadline) {
      const years = fullYearsBetween(p.agreedStartDate, asOfDate);
      return {
        ...base,
        status: 'idle',
        sinceDate: p.agreedStartDate,
        deadlineDate: deadline,
        years,
        measure: measureFor(years, cause, rules),
        reason: 'not-started-past-deadline',
      };
    }
    const near = daysBetween(asOfDate, deadline) <= r.suspectedWindowDays;
    return near
      ? { ...base, status: 'suspected', sinceDate: p.agreedStartDate, deadlineDate: deadline, years: 0, measure: null, reason: 'not-started-deadline-near' }
      : { ...base, status: 'not-idle', sinceDate: null, deadlineDate: deadline, years: null, measure: null, reason: 'not-started-before-deadline' };
  }

  if (!p.suspendedSince || p.suspendedSince > asOfDate) {
    return { ...base, status: 'not-idle', sinceDate: null, deadlineDate: null, years: null, measure: null, reason: 'started' };
  }
  // Shares exclude the land price (art. 2); totalInvestmentWanYuan is taken as the investment to be made.
  const developedShare = p.developedAreaM2 != null && areaM2 > 0 ? p.developedAreaM2 / areaM2 : null;
  const investedShare =
    p.investedWanYuan != null && p.totalInvestmentWanYuan != null && p.totalInvestmentWanYuan > 0 ? p.investedWanYuan / p.totalInvestmentWanYuan : null;
  const shares = { developedShare, investedShare };
  const lowProgress = (developedShare != null && developedShare < r.developedShareMin) || (investedShare != null && investedShare < r.investedShareMin);
  const deadline = addFullYears(p.suspendedSince, r.stoppedYears);
  if (!lowProgress) {
    const reason = developedShare == null || investedShare == null ? 'stopped-progress-missing' : 'stopped-enough-progress';
    return reason === 'stopped-progress-missing'
      ? { ...base, ...shares, status: 'suspected', sinceDate: p.suspendedSince, deadlineDate: deadline, years: null, measure: null, reason }
      : { ...base, ...shares, status: 'not-idle', sinceDate: null, deadlineDate: null, years: null, measure: null, reason };
  }
  if (asOfDate >= deadline) {
    const years = fullYearsBetween(p.suspendedSince, asOfDate);
    return {
      ...base,
      ...shares,
      status: 'idle',
      sinceDate: p.suspendedSince,
      deadlineDate: deadline,
      years,
      measure: measureFor(years, cause, rules),
      reason: 'stopped-low-progress',
    };
  }
  const near = daysBetween(asOfDate, deadline) <= r.suspectedWindowDays;
  return near
    ? { ...base, ...shares, status: 'suspected', sinceDate: p.suspendedSince, deadlineDate: deadline, years: 0, measure: null, reason: 'stopped-deadline-near' }
    : { ...base, ...shares, status: 'not-idle', sinceDate: null, deadlineDate: deadline, years: null, measure: null, reason: 'stopped-under-a-year' };
}

function measureFor(years: number, cause: DelayCause | null, rules: RuleSet): IdleMeasure {
  if (cause) return 'negotiate';
  return years >= rules.idle.reclaimAfterYears ? 'reclaim' : 'idle-fee';
}
