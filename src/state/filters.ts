import { CHANGES, type Change } from '../domain/change';
import { GRADES, type Grade } from '../domain/grades';
import { METRICS } from '../domain/metrics';
import { LAND_USE_KINDS, type LandUseKind } from '../domain/rules';
import { STAGES, type Stage } from '../domain/stages';
import { type Flag, FUNCTIONAL_AREAS, type FunctionalArea, type IdleMeasure, type IdleStatus, type Indicator } from '../domain/types';
import { flagBit, groupMask, IDLE_MEASURES, IDLE_STATUSES, indicatorBit, NONE, type NumericColumn, type ParcelTable } from '../engine/parcelTable';

/** A grade to filter by, or the parcels left ungraded (utilities, start-ups, land not in production, missing figures). */
export type GradeChoice = Grade | 'ungraded';
export const GRADE_CHOICES: readonly GradeChoice[] = [...GRADES, 'ungraded'];

/**
 * The table's numbers a range can filter: the metrics the map can be coloured by, the 亩均效益 score and the idle-land
 * fee. A parcel without the number does not match a range on it.
 */
export const RANGE_COLUMNS = [...METRICS, 'efficiencyScore', 'idleFeeWanYuan'] as const satisfies readonly NumericColumn[];
export type RangeColumn = (typeof RANGE_COLUMNS)[number];

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
  /** any of these kinds of land (the rules' code table: industrial, warehousing, …); empty = all */
  landUseKinds: LandUseKind[];
  /** any of these flags (OR); empty = no flag filter */
  flags: Flag[];
  /** any of these idle statuses (the 闲置状态 column); empty = all */
  idleStatuses: IdleStatus[];
  /** any of these idle measures (fee, take-back, negotiate, decide); empty = all */
  idleMeasures: IdleMeasure[];
  /** any of these changes between the two dates of the year-end comparison (see ComparisonRows); empty = all */
  changes: Change[];
  /** any of these efficiency indicators among the failed ones (the 未达标指标 column); empty = no filter */
  failedIndicators: Indicator[];
  /** any of these supply conditions among the breached ones (the 未达标供地条件 column); empty = no filter */
  breachIndicators: Indicator[];
  /** any of these stages (批而未供 …); empty = all */
  stages: Stage[];
  /** any of these grades among the city's parcels, and among the zone's (ungraded: none); empty = all */
  gradesCity: GradeChoice[];
  gradesZone: GradeChoice[];
  /** inclusive ranges; a parcel without the number does not match a range */
  ranges: Partial<Record<RangeColumn, [number | null, number | null]>>;
  /** case-insensitive text in id, project or enterprise name */
  text: string;
}

export const EMPTY_FILTERS: Filters = {
  zone: null,
  functionalAreas: [],
  industries: [],
  landUses: [],
  landUseKinds: [],
  flags: [],
  idleStatuses: [],
  idleMeasures: [],
  changes: [],
  failedIndicators: [],
  breachIndicators: [],
  stages: [],
  gradesCity: [],
  gradesZone: [],
  ranges: {},
  text: '',
};

export const isFiltered = (f: Filters): boolean =>
  f.functionalAreas.length > 0 ||
  f.industries.length > 0 ||
  f.landUses.length > 0 ||
  f.landUseKinds.length > 0 ||
  f.flags.length > 0 ||
  f.idleStatuses.length > 0 ||
  f.idleMeasures.length > 0 ||
  f.changes.length > 0 ||
  f.failedIndicators.length > 0 ||
  f.breachIndicators.length > 0 ||
  f.stages.length > 0 ||
  f.gradesCity.length > 0 ||
  f.gradesZone.length > 0 ||
  Object.keys(f.ranges).length > 0 ||
  f.text.trim() !== '';

/**
 * Row indices of the parcels that pass the filters, in table order. `change`: each row's change in the year-end
 * comparison shown (0 none, else 1 + its index in CHANGES), for the changes filter; without it, that filter passes no row.
 */
export function filterRows(t: ParcelTable, f: Filters, change: Uint8Array | null = null): Uint32Array {
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
  const kindCodes = new Set(f.landUseKinds.map((k) => LAND_USE_KINDS.indexOf(k)));
  const measureCodes = new Set(f.idleMeasures.map((m) => IDLE_MEASURES.indexOf(m)));
  const changeCodes = new Set(f.changes.map((c) => CHANGES.indexOf(c) + 1));
  // (the failed-indicator bits hold both groups: each filter looks at its own group's bits only)
  const failedMask = f.failedIndicators.reduce((m, x) => m | indicatorBit(x), 0) & groupMask('efficiency');
  const breachMask = f.breachIndicators.reduce((m, x) => m | indicatorBit(x), 0) & groupMask('supply-condition');
  const stageCodes = new Set(f.stages.map((st) => STAGES.indexOf(st)));
  const cityGrades = gradeCodes(f.gradesCity);
  const zoneGrades = gradeCodes(f.gradesZone);
  const ranges = Object.entries(f.ranges) as [RangeColumn, [number | null, number | null]][];
  const q = f.text.trim().toLowerCase();
  for (let i = 0; i < t.length; i++) {
    if (f.zone != null && t.zone[i] !== zoneCode) continue;
    if (faCodes.size > 0 && !faCodes.has(t.functionalArea[i] as number)) continue;
    if (industries.size > 0 && !industries.has((t.text.industryCode[i] as string).slice(0, 2))) continue;
    if (landUses.size > 0 && !landUses.has(t.text.landUse[i] as string)) continue;
    if (flagMask !== 0 && ((t.flags[i] as number) & flagMask) === 0) continue;
    if (idleCodes.size > 0 && !idleCodes.has(t.idleStatus[i] as number)) continue;
    if (kindCodes.size > 0 && (t.landUseKind[i] === NONE || !kindCodes.has(t.landUseKind[i] as number))) continue;
    if (measureCodes.size > 0 && (t.idleMeasure[i] === NONE || !measureCodes.has(t.idleMeasure[i] as number))) continue;
    if (changeCodes.size > 0 && !changeCodes.has(change?.[i] ?? 0)) continue;
    if (failedMask !== 0 && ((t.failedIndicators[i] as number) & failedMask) === 0) continue;
    if (breachMask !== 0 && ((t.failedIndicators[i] as number) & breachMask) === 0) continue;
    if (stageCodes.size > 0 && !stageCodes.has(t.stage[i] as number)) continue;
    if (cityGrades.size > 0 && !cityGrades.has(t.gradeCity[i] as number)) continue;
    if (zoneGrades.size > 0 && !zoneGrades.has(t.gradeZone[i] as number)) continue;
    if (!inRanges(t, i, ranges)) continue;
    if (q && !matchesText(t, i, q)) continue;
    out[n++] = i;
  }
  return out.slice(0, n);
}

/** The table's grade codes of grade choices (ungraded: NONE). */
const gradeCodes = (choices: readonly GradeChoice[]): Set<number> => new Set(choices.map((g) => (g === 'ungraded' ? NONE : GRADES.indexOf(g))));

function inRanges(t: ParcelTable, i: number, ranges: [RangeColumn, [number | null, number | null]][]): boolean {
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
