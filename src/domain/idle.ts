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
  const started = p.actualStartDate != null && p.actualStartDate <= asOfDate;

  if (!started) {
    if (!p.agreedStartDate) {
      const hasContract = p.supplyDate != null || p.agreedCompletionDate != null;
      return hasContract
        ? result('suspected', cause, null, null, null, null, 'agreed-start-missing')
        : result('unknown', null, null, null, null, null, 'no-contract-dates');
    }
    const deadline = addFullYears(p.agreedStartDate, r.graceYears);
    if (asOfDate >= deadline) {
      const years = fullYearsBetween(p.agreedStartDate, asOfDate);
      return result('idle', cause, p.agreedStartDate, deadline, years, measureFor(years, cause, rules), 'not-started-past-deadline');
    }
    return daysBetween(asOfDate, deadline) <= r.suspectedWindowDays
      ? result('suspected', cause, p.agreedStartDate, deadline, 0, null, 'not-started-deadline-near')
      : result('not-idle', cause, null, deadline, null, null, 'not-started-before-deadline');
  }

  if (!p.suspendedSince || p.suspendedSince > asOfDate) return result('not-idle', cause, null, null, null, null, 'started');
  // Shares exclude the land price (art. 2); totalInvestmentWanYuan is taken as the investment to be made.
  const developedShare = p.developedAreaM2 != null && areaM2 > 0 ? p.developedAreaM2 / areaM2 : null;
  const investedShare =
    p.investedWanYuan != null && p.totalInvestmentWanYuan != null && p.totalInvestmentWanYuan > 0 ? p.investedWanYuan / p.totalInvestmentWanYuan : null;
  const lowProgress = (developedShare != null && developedShare < r.developedShareMin) || (investedShare != null && investedShare < r.investedShareMin);
  const deadline = addFullYears(p.suspendedSince, r.stoppedYears);
  if (!lowProgress) {
    return developedShare == null || investedShare == null
      ? result('suspected', cause, p.suspendedSince, deadline, null, null, 'stopped-progress-missing', developedShare, investedShare)
      : result('not-idle', cause, null, null, null, null, 'stopped-enough-progress', developedShare, investedShare);
  }
  if (asOfDate >= deadline) {
    const years = fullYearsBetween(p.suspendedSince, asOfDate);
    return result('idle', cause, p.suspendedSince, deadline, years, measureFor(years, cause, rules), 'stopped-low-progress', developedShare, investedShare);
  }
  return daysBetween(asOfDate, deadline) <= r.suspectedWindowDays
    ? result('suspected', cause, p.suspendedSince, deadline, 0, null, 'stopped-deadline-near', developedShare, investedShare)
    : result('not-idle', cause, null, deadline, null, null, 'stopped-under-a-year', developedShare, investedShare);
}

/** One shape for every assessment (an object literal per case, not spreads: 100k of them stay cheap). */
function result(
  status: IdleAssessment['status'],
  cause: DelayCause | null,
  sinceDate: string | null,
  deadlineDate: string | null,
  years: number | null,
  measure: IdleMeasure | null,
  reason: IdleReason,
  developedShare: number | null = null,
  investedShare: number | null = null,
): IdleAssessment {
  return { status, cause, sinceDate, deadlineDate, years, measure, reason, developedShare, investedShare };
}

function measureFor(years: number, cause: DelayCause | null, rules: RuleSet): IdleMeasure {
  if (cause) return 'negotiate';
  return years >= rules.idle.reclaimAfterYears ? 'reclaim' : 'idle-fee';
}
