import { type Classes, type ClassMethod, classify } from '../domain/classes';
import type { Metric } from '../domain/metrics';
import type { ParcelTable } from '../engine/parcelTable';
import { EMPTY_FILTERS, type Filters, filterRows, sumArea } from './filters';
import { passesReviewFilter, type QueueOrder, type ReviewFilter, type RowMarks, reviewQueue } from './reviews/queue';

/** What the store derives from the data and the view; never set by an action (see derivedState). */
export interface Derived {
  /** the table rows that pass the filters, in table order: the table lists them and the map shows them */
  rows: Uint32Array;
  rowsAreaM2: number;
  /** the choropleth's classes of the metric over the zone in scope (not over the filtered rows: the legend holds still as one filters) */
  classes: Classes | null;
  /** the review queue: the rows' flagged and reviewed parcels in the queue's order (reviews/queue.ts) */
  queue: Uint32Array;
}

export const NO_DERIVED: Derived = { rows: new Uint32Array(0), rowsAreaM2: 0, classes: null, queue: new Uint32Array(0) };

export const CLASS_COUNT = 5;

/** The inputs Derived is computed from. */
export interface DeriveInputs {
  table: ParcelTable | null;
  filters: Filters;
  metric: Metric;
  classMethod: ClassMethod;
  /** the rows' review marks (null: not known yet) and the review filter on them */
  marks: RowMarks | null;
  reviewFilter: readonly ReviewFilter[];
  queueOrder: QueueOrder;
}

/**
 * Derived state from its inputs, reusing the previous result's parts whose inputs did not change (by reference):
 * the rows when neither the table nor the filters changed, the classes when neither the table, the zone, the metric
 * nor the method changed. The one place rows and classes are computed.
 */
export function derivedState(next: DeriveInputs, prev: DeriveInputs | null, prevOut: Derived): Derived {
  const { table, filters, metric, classMethod, marks, reviewFilter, queueOrder } = next;
  if (!table) return NO_DERIVED;
  const sameTable = prev?.table === table;
  const rowsStale = !sameTable || prev?.filters !== filters || prev.reviewFilter !== reviewFilter || (reviewFilter.length > 0 && prev.marks !== marks);
  const classesStale = !sameTable || prev?.filters.zone !== filters.zone || prev?.metric !== metric || prev?.classMethod !== classMethod;
  const queueStale = rowsStale || prev?.marks !== marks || prev?.queueOrder !== queueOrder;
  if (!rowsStale && !classesStale && !queueStale) return prevOut;
  const rows = rowsStale ? reviewFiltered(filterRows(table, filters), marks, reviewFilter) : prevOut.rows;
  return {
    rows,
    rowsAreaM2: rowsStale ? sumArea(table, rows) : prevOut.rowsAreaM2,
    classes: classesStale ? classesOf(table, filters.zone, metric, classMethod) : prevOut.classes,
    queue: queueStale ? (marks ? reviewQueue(table, rows, marks, queueOrder) : new Uint32Array(0)) : prevOut.queue,
  };
}

/** The rows that pass the review filter too (none asked: all of them). */
function reviewFiltered(rows: Uint32Array, marks: RowMarks | null, wanted: readonly ReviewFilter[]): Uint32Array {
  if (wanted.length === 0 || !marks) return rows;
  const set = new Set(wanted);
  return rows.filter((row) => passesReviewFilter(marks, row, set));
}

/** The classes of a metric over the parcels of a zone (null: all). */
export function classesOf(table: ParcelTable, zone: string | null, metric: Metric, method: ClassMethod): Classes | null {
  const scope = filterRows(table, { ...EMPTY_FILTERS, zone });
  const col = table.numeric[metric];
  const values = new Float64Array(scope.length);
  scope.forEach((row, k) => {
    values[k] = col[row] as number;
  });
  return classify(values, CLASS_COUNT, method);
}
