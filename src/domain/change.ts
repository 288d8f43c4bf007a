import type { IdleMeasure, IdleStatus } from './types';

/**
 * What changed for a parcel between two as-of dates (a year-end comparison): the idle status, the idle measure and
 * low efficiency, as an analysis at each date gives them. A parcel whose status differs in any of these has exactly
 * one change, the first that applies in this order:
 * - newly-idle: idle at the later date, not at the earlier;
 * - idle-resolved: idle at the earlier date, not at the later (started, resumed, or no longer past the deadline);
 * - fee-to-reclaim: idle at both, the idle-land fee due at the earlier date and take-back at the later
 *   (闲置土地处置办法 art. 14: one full year → fee, two → take-back);
 * - newly-low-efficiency / low-efficiency-resolved: low-efficiency land at the later date and not the earlier, or the
 *   reverse (an agreed completion date passing, or land becoming idle, which is handled as idle instead);
 * - other: any other change of the idle status or measure (e.g. suspected idle appearing or going).
 */
export const CHANGES = ['newly-idle', 'idle-resolved', 'fee-to-reclaim', 'newly-low-efficiency', 'low-efficiency-resolved', 'other'] as const;
export type Change = (typeof CHANGES)[number];

/** What a comparison reads of a parcel's result at one date. */
export interface StatusAt {
  idle: IdleStatus;
  measure: IdleMeasure | null;
  lowEfficiency: boolean;
}

export function changeBetween(a: StatusAt, b: StatusAt): Change | null {
  const idleA = a.idle === 'idle';
  const idleB = b.idle === 'idle';
  if (!idleA && idleB) return 'newly-idle';
  if (idleA && !idleB) return 'idle-resolved';
  if (idleA && idleB && a.measure === 'idle-fee' && b.measure === 'reclaim') return 'fee-to-reclaim';
  if (!a.lowEfficiency && b.lowEfficiency) return 'newly-low-efficiency';
  if (a.lowEfficiency && !b.lowEfficiency) return 'low-efficiency-resolved';
  if (a.idle !== b.idle || a.measure !== b.measure) return 'other';
  return null;
}
