import { addFullYears, daysBetween, fullYearsBetween } from './dates';
import type { RuleSet } from './rules';
import { SOURCE_ID } from './sources';
import type { DelayCause, IdleMeasure, ParcelProps } from './types';

/**
 * Idle land (闲置土地) per 闲置土地处置办法 (国土资源部令第53号, 2012) and 城市房地产管理法 art. 26.
 * - art. 2 ¶1: idle when construction has not started one full year after the agreed start date (moved by an agreed
 *   extension, art. 12 (1), of at most one year). art. 14: one full year → idle-land fee of 20 % of the land price;
 *   two full years → taken back without compensation. Both speak of land 未动工开发 (not started).
 * - art. 2 ¶2: started, but under 1/3 of the area developed or under 25 % of the total investment made (both without
 *   the land price, art. 30), and stopped a full year: idle too. The fee and take-back of art. 14 are not automatic
 *   for it: the measure is the authority's to decide, unless the rule set names measures with their source.
 *   A resumption of work ends the stop.
 * - art. 8 (government action, force majeure) and law art. 26 (also the necessary preliminary work): negotiated
 *   measures, never fee or take-back.
 */
export type IdleReason =
  | 'not-supplied'
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
  | 'resumed'
  | 'started';
export const IDLE_REASONS: readonly IdleReason[] = [
  'not-supplied',
  'no-contract-dates',
  'agreed-start-missing',
  'not-started-past-deadline',
  'not-started-deadline-near',
  'not-started-before-deadline',
  'stopped-low-progress',
  'stopped-deadline-near',
  'stopped-under-a-year',
  'stopped-progress-missing',
  'stopped-enough-progress',
  'resumed',
  'started',
];

export interface IdleAssessment {
  status: 'idle' | 'suspected' | 'not-idle' | 'unknown';
  cause: DelayCause | null;
  /** which branch of art. 2: not started (¶1) or started then stopped (¶2); null when neither applies */
  kind: 'not-started' | 'stopped' | null;
  /** The date the idle clock counts from: the (extended) agreed start date, or the date construction stopped. */
  sinceDate: string | null;
  /** The date the parcel becomes (or became) idle under art. 2. */
  deadlineDate: string | null;
  years: number | null;
  measure: IdleMeasure | null;
  reason: IdleReason;
  developedShare: number | null;
  investedShare: number | null;
  /** the idle-land fee in 万元 (the land price × the rules' share) when the measure is the fee and the land price is known */
  feeWanYuan: number | null;
  /** the extension asked for more than the rules allow (art. 12 (1)): the deadline counts from the longest allowed */
  extensionCapped: boolean;
  /** construction is stopped on the as-of date (not resumed), whether or not the stop makes the land idle */
  stopped: boolean;
  /** the source of the branch (an id of ruleSources) and of the measure */
  sourceId: string;
  measureSourceId: string | null;
}

export function assessIdle(p: ParcelProps, areaM2: number, rules: RuleSet, asOfDate: string): IdleAssessment {
  const r = rules.idle;
  const cause = p.delayCause ?? null;
  const started = p.actualStartDate != null && p.actualStartDate <= asOfDate;
  const out = blank(cause);

  if (!started) {
    out.sourceId = SOURCE_ID.idle('notStarted');
    // approved but not supplied (批而未供): no holder, no contract, so not idle land
    if (!p.supplyDate && !p.agreedStartDate && p.approvalDate && p.approvalDate <= asOfDate) {
      out.reason = 'not-supplied';
      return out;
    }
    if (!p.agreedStartDate) {
      const hasContract = p.supplyDate != null || p.agreedCompletionDate != null;
      out.status = hasContract ? 'suspected' : 'unknown';
      out.reason = hasContract ? 'agreed-start-missing' : 'no-contract-dates';
      if (hasContract) out.sourceId = SOURCE_ID.idle('warning');
      return out;
    }
    const { start, capped } = effectiveStart(p.agreedStartDate, p.extendedStartDate ?? null, r.maxExtensionYears);
    out.extensionCapped = capped;
    const deadline = addFullYears(start, r.graceYears);
    out.deadlineDate = deadline;
    out.kind = 'not-started';
    if (asOfDate >= deadline) {
      const years = fullYearsBetween(start, asOfDate);
      Object.assign(out, { status: 'idle', reason: 'not-started-past-deadline', sinceDate: start, years });
      setMeasure(out, p, rules, years, r.feeAfterYears, r.reclaimAfterYears, SOURCE_ID.idle('fee'), SOURCE_ID.idle('reclaim'));
      return out;
    }
    if (daysBetween(asOfDate, deadline) <= r.suspectedWindowDays) {
      Object.assign(out, { status: 'suspected', reason: 'not-started-deadline-near', sinceDate: start, years: 0, sourceId: SOURCE_ID.idle('warning') });
      return out;
    }
    out.reason = 'not-started-before-deadline';
    return out;
  }

  out.sourceId = SOURCE_ID.idle('stopped');
  const since = p.suspendedSince;
  if (!since || since > asOfDate) {
    out.reason = 'started';
    out.sourceId = SOURCE_ID.idle('started');
    return out;
  }
  if (p.resumedDate && p.resumedDate >= since && p.resumedDate <= asOfDate) {
    out.reason = 'resumed';
    return out;
  }
  out.stopped = true;
  out.kind = 'stopped';
  // Both shares without the land price (art. 30): the parcel's area stands for the area to be developed.
  out.developedShare = p.developedAreaM2 != null && areaM2 > 0 ? p.developedAreaM2 / areaM2 : null;
  out.investedShare = investedShare(p);
  const lowProgress =
    (out.developedShare != null && out.developedShare < r.developedShareMin) || (out.investedShare != null && out.investedShare < r.investedShareMin);
  const deadline = addFullYears(since, r.stoppedYears);
  out.deadlineDate = deadline;
  if (!lowProgress) {
    const missing = out.developedShare == null || out.investedShare == null;
    out.status = missing ? 'suspected' : 'not-idle';
    out.reason = missing ? 'stopped-progress-missing' : 'stopped-enough-progress';
    if (missing) out.sourceId = SOURCE_ID.idle('warning');
    return out;
  }
  if (asOfDate >= deadline) {
    const years = fullYearsBetween(since, asOfDate);
    Object.assign(out, { status: 'idle', reason: 'stopped-low-progress', sinceDate: since, years });
    const s = r.stoppedLand;
    const own = s.cite ? SOURCE_ID.idleStoppedLand : SOURCE_ID.idle('stoppedMeasure');
    setMeasure(out, p, rules, years, s.feeAfterYears, s.reclaimAfterYears, own, own);
    if (out.measure === null) {
      out.measure = 'decide';
      out.measureSourceId = SOURCE_ID.idle('stoppedMeasure');
    }
    return out;
  }
  if (daysBetween(asOfDate, deadline) <= r.suspectedWindowDays) {
    Object.assign(out, { status: 'suspected', reason: 'stopped-deadline-near', sinceDate: since, years: 0, sourceId: SOURCE_ID.idle('warning') });
    return out;
  }
  out.reason = 'stopped-under-a-year';
  return out;
}

/** The start date the idle clock and the overdue flag count from: the agreed one, moved by an agreed extension (capped). */
export function effectiveStartDate(p: ParcelProps, rules: RuleSet): string | null {
  return p.agreedStartDate ? effectiveStart(p.agreedStartDate, p.extendedStartDate ?? null, rules.idle.maxExtensionYears).start : null;
}

/** The agreed extension asks for more than art. 12 (1) allows (the deadline then counts from the longest allowed), whatever the date. */
export function extensionTooLong(p: ParcelProps, rules: RuleSet): boolean {
  return p.agreedStartDate ? effectiveStart(p.agreedStartDate, p.extendedStartDate ?? null, rules.idle.maxExtensionYears).capped : false;
}

/** The agreed start date moved by an agreed extension, at most `maxYears` later than the original. */
function effectiveStart(agreed: string, extended: string | null, maxYears: number): { start: string; capped: boolean } {
  if (!extended || extended <= agreed) return { start: agreed, capped: false };
  const latest = addFullYears(agreed, maxYears);
  return extended > latest ? { start: latest, capped: true } : { start: extended, capped: false };
}

/**
 * The invested share of art. 2 ¶2, both amounts without the land price (art. 30): when the file's amounts include
 * it (investmentIncludesLandPrice), the land price is taken off both, and without a land price the share is unknown.
 */
export function investedShare(p: ParcelProps): number | null {
  if (p.investedWanYuan == null || p.totalInvestmentWanYuan == null) return null;
  let invested = p.investedWanYuan;
  let total = p.totalInvestmentWanYuan;
  if (p.investmentIncludesLandPrice) {
    if (p.landPriceWanYuan == null) return null;
    invested = Math.max(0, invested - p.landPriceWanYuan);
    total -= p.landPriceWanYuan;
  }
  return total > 0 ? invested / total : null;
}

/** Fee or take-back after so many full years (null: never), unless an exempting cause leads to negotiation. */
function setMeasure(
  out: IdleAssessment,
  p: ParcelProps,
  rules: RuleSet,
  years: number,
  feeAfter: number | null,
  reclaimAfter: number | null,
  feeSource: string,
  reclaimSource: string,
): void {
  if (out.cause) {
    out.measure = 'negotiate';
    // art. 8 names government action and force majeure; the law's art. 26 adds the necessary preliminary work
    out.measureSourceId = out.cause === 'preliminary-work' ? SOURCE_ID.idle('lawArt26') : SOURCE_ID.idle('exceptions');
    return;
  }
  if (reclaimAfter != null && years >= reclaimAfter) {
    out.measure = 'reclaim';
    out.measureSourceId = reclaimSource;
  } else if (feeAfter != null && years >= feeAfter) {
    out.measure = 'idle-fee';
    out.measureSourceId = feeSource;
    out.feeWanYuan = p.landPriceWanYuan != null ? p.landPriceWanYuan * rules.idle.feeShareOfLandPrice : null;
  }
}

/** One shape for every assessment (a literal per parcel, filled in place: 100k of them stay cheap). */
function blank(cause: DelayCause | null): IdleAssessment {
  return {
    status: 'not-idle',
    cause,
    kind: null,
    sinceDate: null,
    deadlineDate: null,
    years: null,
    measure: null,
    reason: 'started',
    developedShare: null,
    investedShare: null,
    feeWanYuan: null,
    extensionCapped: false,
    stopped: false,
    sourceId: '',
    measureSourceId: null,
  };
}
