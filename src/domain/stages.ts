import type { ParcelProps } from './types';

/**
 * Where a parcel is between approval and production on the as-of date, from its contract dates. The first three are
 * the categories of the national land monitoring (批而未供, 供而未用, 用而未尽); built-not-in-production (建而未投)
 * and in-production are ParkAtlas's, from the completion and production dates:
 * - approved-not-supplied: approved (农转用/征收), not yet supplied
 * - supplied-not-used: supplied, construction not started
 * - used-not-completed: started, not completed
 * - built-not-in-production: completed, production not started
 * - in-production: production started (a production date implies completion)
 * - unknown: no approval or supply date on or before the as-of date
 */
export type Stage = 'approved-not-supplied' | 'supplied-not-used' | 'used-not-completed' | 'built-not-in-production' | 'in-production' | 'unknown';
export const STAGES: readonly Stage[] = [
  'approved-not-supplied',
  'supplied-not-used',
  'used-not-completed',
  'built-not-in-production',
  'in-production',
  'unknown',
];

const on = (date: string | null | undefined, asOfDate: string): boolean => date != null && date <= asOfDate;

export function stageOf(p: ParcelProps, asOfDate: string): Stage {
  if (on(p.productionStartDate, asOfDate)) return 'in-production';
  if (!on(p.supplyDate, asOfDate)) return on(p.approvalDate, asOfDate) ? 'approved-not-supplied' : 'unknown';
  if (!on(p.actualStartDate, asOfDate)) return 'supplied-not-used';
  if (!on(p.actualCompletionDate, asOfDate)) return 'used-not-completed';
  return 'built-not-in-production';
}

/**
 * Overdue start: supplied, not started, and the as-of date is past the agreed start date (or its agreed extension).
 * Overdue completion: not completed (nor in production) and the as-of date is past the agreed completion date.
 */
export function overdue(p: ParcelProps, asOfDate: string, stage: Stage, effectiveStartDate: string | null): { start: boolean; completion: boolean } {
  const start = stage === 'supplied-not-used' && effectiveStartDate != null && asOfDate > effectiveStartDate;
  const done = stage === 'built-not-in-production' || stage === 'in-production';
  const completion = !done && stage !== 'approved-not-supplied' && stage !== 'unknown' && p.agreedCompletionDate != null && asOfDate > p.agreedCompletionDate;
  return { start, completion };
}
