import type { Metric } from '../domain/metrics';
import { type Flag, FUNCTIONAL_AREAS, type FunctionalArea, type IdleStatus, type Indicator } from '../domain/types';
import { flagBit, IDLE_STATUSES, indicatorBit, type ParcelTable } from '../engine/parcelTable';

/**
 * What the user filters by. filterRows gives the rows the table lists, and the map shows the same rows (it takes them
 * as they are, src/map/MapController.ts setParcelRows), so map and table always show the same parcels.
 */
export interface Filters {
  /** the zone in scope (zone selector); null = all zones */
  zone: string | null;
  functionalAreas: FunctionalArea[];
  /** two-digit industry divisions */
  industries: string[];
  landUses: string[];
  /** any of these flags (OR); empty = no flag filter */
  flags: Flag[];
  /** any of these idle statuses (the 闲置状态 column); empty = all */
  idleStatuses: IdleStatus[];
  /** any of these indicators among the failed ones (the 未达标指标 column); empty = no filter */
  failedIndicators: Indicator[];
  /** inclusive ranges; a parcel without the metric does not match a range */
  ranges: Partial<Record<Metric, [number | null, number | null]>>;
  /** case-insensitive text in id, project or enterprise name */
  text: string;
}

export const EMPTY_FILTERS: Filters = {
  zone: null,
  functionalAreas: [],
  industries: [],
  landUses: [],
  flags: [],
  idleStatuses: [],
  failedIndicators: [],
  ranges: {},
  text: '',
};

export const isFiltered = (f: Filters): boolean =>
  f.functionalAreas.length > 0 ||
  f.industries.length > 0 ||
  f.landUses.length > 0 ||
  f.flags.length > 0 ||
  f.idleStatuses.length > 0 ||
  f.failedIndicators.length > 0 ||
  Object.keys(f.ranges).length > 0 ||
  f.text.trim() !== '';

/** Row indices of the parcels that pass the filters, in table order. */
export function filterRows(t: ParcelTable, f: Filters): Uint32Array {
  const out = new Uint32Array(t.length);
  if (f.zone == null && !isFiltered(f)) {
    for (let i = 0; i < t.length; i++) out[i] = i;
    return out;
  }
  let n = 0;
  const zoneCode = f.zone == null ? -1 : t.zoneIds.indexOf(f.zone);
  const faCodes = new Set(f.functionalAreas.map((fa) => FUNCTIONAL_AREAS.indexOf(fa)));
  const industries = new Set(f.industries);
  const landUses = new Set(f.landUses);
  const flagMask = f.flags.reduce((m, fl) => m | flagBit(fl), 0);
  const idleCodes = new Set(f.idleStatuses.map((s) => IDLE_STATUSES.indexOf(s)));
  const failedMask = f.failedIndicators.reduce((m, x) => m | indicatorBit(x), 0);
  const ranges = Object.entries(f.ranges) as [Metric, [number | null, number | null]][];
  const q = f.text.trim().toLowerCase();
  for (let i = 0; i < t.length; i++) {
    if (f.zone != null && t.zone[i] !== zoneCode) continue;
    if (faCodes.size > 0 && !faCodes.has(t.functionalArea[i] as number)) continue;
    if (industries.size > 0 && !industries.has((t.text.industryCode[i] as string).slice(0, 2))) continue;
    if (landUses.size > 0 && !landUses.has(t.text.landUse[i] as string)) continue;
    if (flagMask !== 0 && ((t.flags[i] as number) & flagMask) === 0) continue;
    if (idleCodes.size > 0 && !idleCodes.has(t.idleStatus[i] as number)) continue;
    if (failedMask !== 0 && ((t.failedIndicators[i] as number) & failedMask) === 0) continue;
    if (!inRanges(t, i, ranges)) continue;
    if (q && !matchesText(t, i, q)) continue;
    out[n++] = i;
  }
  return out.slice(0, n);
}

function inRanges(t: ParcelTable, i: number, ranges: [Metric, [number | null, number | null]][]): boolean {
  for (const [metric, [lo, hi]] of ranges) {
    const v = (t.numeric[metric] as Float64Array)[i] as number;
    if (Number.isNaN(v)) return false;
    if (lo != null && v < lo) return false;
    if (hi != null && v > hi) return false;
  }
  return true;
}

function matchesText(t: ParcelTable, i: number, q: string): boolean {
  return (
    (t.text.id[i] as string).toLowerCase().includes(q) ||
    (t.text.name[i] as string).toLowerCase().includes(q) ||
    (t.text.enterprise[i] as string).toLowerCase().includes(q)
  );
}

export function sumArea(t: ParcelTable, rows: Uint32Array): number {
  let s = 0;
  const area = t.numeric.areaM2;
  for (let k = 0; k < rows.length; k++) s += area[rows[k] as number] as number;
  return s;
}
