import { type BasisChange, basisChanges, factsOf, GROUP_FLAG, type ParcelFacts, QUEUE_GROUPS, queueGroup, type ReviewBasis } from '../../domain/review';
import { isConflict, type ParcelReview } from '../../domain/reviewLog';
import { flagsOf, IDLE_STATUSES, idleMeasureOf, type ParcelTable } from '../../engine/parcelTable';

/**
 * The review queue and the review marks of the table's rows: what the pane walks through, and what the map, the
 * table's column and the filter show. Derived from the table, the rows in scope and the reviews; never stored.
 */

export const QUEUE_ORDERS = ['priority-area', 'priority-years', 'area', 'id'] as const;
/** priority-…: by QUEUE_GROUPS, then by area (largest first) or by years idle (longest first, then area); or by area or id alone */
export type QueueOrder = (typeof QUEUE_ORDERS)[number];

/** What a parcel shows of its review: not flagged nor reviewed (none), flagged and not looked at (open), a status, or a conflict. */
export const REVIEW_MARKS = ['none', 'open', 'confirmed', 'false-positive', 'needs-recheck', 'in-progress', 'closed', 'conflict'] as const;
export type ReviewMark = (typeof REVIEW_MARKS)[number];
/** What the review filter can ask for: a mark, or "made on other facts". */
export type ReviewFilter = Exclude<ReviewMark, 'none'> | 'stale' | 'orphan';
export const REVIEW_FILTERS: readonly ReviewFilter[] = ['open', 'confirmed', 'false-positive', 'needs-recheck', 'in-progress', 'closed', 'conflict', 'stale'];

/** The row's facts as a decision records them. */
export function rowFacts(t: ParcelTable, i: number): ParcelFacts {
  const n = (v: number | undefined) => (v == null || Number.isNaN(v) ? null : v);
  return factsOf({
    areaM2: n(t.numeric.areaM2[i]),
    idleStatus: IDLE_STATUSES[t.idleStatus[i] as number] ?? 'unknown',
    idleMeasure: idleMeasureOf(t, i),
    idleYears: n(t.numeric.idleYears[i]),
    intensityWanPerMu: n(t.numeric.intensityWanPerMu[i]),
    far: n(t.numeric.far[i]),
    coverage: n(t.numeric.coverage[i]),
    outputWanPerMu: n(t.numeric.outputWanPerMu[i]),
    taxWanPerMu: n(t.numeric.taxWanPerMu[i]),
  });
}

/** The basis a decision on row i records now. */
export function rowBasis(t: ParcelTable, i: number, dataset: string, datasetName: string | null, asOfDate: string): ReviewBasis {
  const flags = flagsOf(t, i);
  const group = queueGroup(flags, idleMeasureOf(t, i), false);
  return { dataset, datasetName, asOfDate, flag: group ? GROUP_FLAG[group] : null, flags, facts: rowFacts(t, i) };
}

/**
 * How a decision's basis differs from row i as it is now (the dataset's name, the as-of date, the flags, the facts);
 * empty when the decision was made on these very facts.
 */
export function rowChanges(basis: ReviewBasis, t: ParcelTable, i: number, now: { datasetName: string | null; asOfDate: string }): BasisChange[] {
  return basisChanges(basis, { ...basis, ...now, flags: flagsOf(t, i), facts: rowFacts(t, i) });
}

/** Per row: its mark (index into REVIEW_MARKS) and whether its decision was made on other facts (1). */
export interface RowMarks {
  mark: Uint8Array;
  stale: Uint8Array;
}

export function rowMarks(t: ParcelTable, reviews: ReadonlyMap<string, ParcelReview>, now: { datasetName: string | null; asOfDate: string }): RowMarks {
  const mark = new Uint8Array(t.length);
  const stale = new Uint8Array(t.length);
  const ids = t.text.id;
  for (let i = 0; i < t.length; i++) {
    const r = reviews.get(ids[i] as string);
    const status = r?.decision.status ?? 'pending';
    let m: ReviewMark = 'none';
    if (r && isConflict(r)) m = 'conflict';
    else if (status !== 'pending') m = status;
    else if (queueGroup(flagsOf(t, i), idleMeasureOf(t, i), false) !== null) m = 'open';
    mark[i] = REVIEW_MARKS.indexOf(m);
    const basis = r?.heads[0]?.basis;
    if (r && r.decision.status !== 'pending' && basis && rowChanges(basis, t, i, now).length > 0) stale[i] = 1;
  }
  return { mark, stale };
}

/**
 * The review queue of the rows in scope (the zone and filters), as row indices in `order`: the flagged parcels, and
 * those no longer flagged that carry a decision.
 */
export function reviewQueue(t: ParcelTable, rows: Uint32Array, marks: RowMarks, order: QueueOrder): Uint32Array {
  const items: { row: number; group: number }[] = [];
  for (const row of rows) {
    const reviewed = marks.mark[row] !== 0 && marks.mark[row] !== 1;
    const g = queueGroup(flagsOf(t, row), idleMeasureOf(t, row), reviewed);
    if (g) items.push({ row, group: QUEUE_GROUPS.indexOf(g) });
  }
  const area = t.numeric.areaM2;
  const years = t.numeric.idleYears;
  const num = (v: number | undefined) => (v == null || Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v);
  const byArea = (a: number, b: number) => num(area[b]) - num(area[a]);
  const byYears = (a: number, b: number) => num(years[b]) - num(years[a]) || byArea(a, b);
  const byId = (a: number, b: number) => ((t.text.id[a] as string) < (t.text.id[b] as string) ? -1 : 1);
  const cmp = {
    'priority-area': (x: (typeof items)[0], y: (typeof items)[0]) => x.group - y.group || byArea(x.row, y.row) || x.row - y.row,
    'priority-years': (x: (typeof items)[0], y: (typeof items)[0]) => x.group - y.group || byYears(x.row, y.row) || x.row - y.row,
    area: (x: (typeof items)[0], y: (typeof items)[0]) => byArea(x.row, y.row) || x.row - y.row,
    id: (x: (typeof items)[0], y: (typeof items)[0]) => byId(x.row, y.row),
  } satisfies Record<QueueOrder, unknown>;
  items.sort(cmp[order]);
  return Uint32Array.from(items, (x) => x.row);
}

/** Progress over a queue: how many are reviewed (not open), and how many carry each mark. */
export function queueProgress(queue: Uint32Array, marks: RowMarks): { total: number; reviewed: number; stale: number; byMark: Record<ReviewMark, number> } {
  const byMark = Object.fromEntries(REVIEW_MARKS.map((m) => [m, 0])) as Record<ReviewMark, number>;
  let stale = 0;
  for (const row of queue) {
    byMark[REVIEW_MARKS[marks.mark[row] as number] as ReviewMark]++;
    stale += marks.stale[row] as number;
  }
  return { total: queue.length, reviewed: queue.length - byMark.open - byMark.none, stale, byMark };
}

/** Whether a row passes the review filter (empty: all rows pass). */
export function passesReviewFilter(marks: RowMarks, row: number, wanted: ReadonlySet<ReviewFilter>): boolean {
  if (wanted.size === 0) return true;
  if (wanted.has('stale') && marks.stale[row] === 1) return true;
  const m = REVIEW_MARKS[marks.mark[row] as number] as ReviewMark;
  return m !== 'none' && wanted.has(m);
}
