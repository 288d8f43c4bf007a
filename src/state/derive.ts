import { type Classes, type ClassMethod, classify } from '../domain/classes';
import type { Metric } from '../domain/metrics';
import type { ParcelTable } from '../engine/parcelTable';
import type { Lang } from '../i18n/resources';
import { columnById } from './columns';
import { EMPTY_FILTERS, type Filters, filterRows, sumArea } from './filters';
import { passesReviewFilter, type QueueOrder, type ReviewFilter, type RowMarks, reviewQueue } from './reviews/queue';
import { type SortKey, sortRows } from './sort';

/** What the store derives from the data and the view; never set by an action (see derivedState). */
export interface Derived {
  /** the table rows that pass the filters, in table order: the map shows them */
  rows: Uint32Array;
  /** the same rows in the table's sort order: the table lists them */
  sortedRows: Uint32Array;
  rowsAreaM2: number;
  /** the choropleth's classes of the metric over the zone in scope (not over the filtered rows: the legend holds still as one filters) */
  classes: Classes | null;
  /** the review queue: the rows' flagged and reviewed parcels in the queue's order (reviews/queue.ts) */
  queue: Uint32Array;
}

export const NO_DERIVED: Derived = { rows: new Uint32Array(0), sortedRows: new Uint32Array(0), rowsAreaM2: 0, classes: null, queue: new Uint32Array(0) };

export const CLASS_COUNT = 5;

/** Metrics whose values are whole numbers: their classes are whole numbers too (1, 2, 3–4 years, never 1.5). */
export const WHOLE_METRICS: ReadonlySet<Metric> = new Set<Metric>(['idleYears']);

/** The inputs Derived is computed from. */
export interface DeriveInputs {
  table: ParcelTable | null;
  filters: Filters;
  metric: Metric;
  classMethod: ClassMethod;
  sort: readonly SortKey[];
  lang: Lang;
  /** zone names in the language shown, by zone id (the zone column sorts by name) */
  zoneNames: ReadonlyMap<string, string>;
  /** the rows' review marks (null: not known yet) and the review filter on them */
  marks: RowMarks | null;
  reviewFilter: readonly ReviewFilter[];
  queueOrder: QueueOrder;
  /** each row's change in the year-end comparison shown (the changes filter reads it); null: none */
  change: Uint8Array | null;
}

/**
 * Derived state from its inputs, reusing the previous result's parts whose inputs did not change (by reference):
 * the rows when neither the table nor the filters changed, their order when neither they nor the sort (nor, for text,
 * the language) changed, the classes when neither the table, the zone, the metric nor the method changed, the review
 * queue when neither the rows, the marks nor its order changed. The one place rows, their order, classes and the
 * queue are computed.
 */
export function derivedState(next: DeriveInputs, prev: DeriveInputs | null, prevOut: Derived): Derived {
  const { table, filters, metric, classMethod, sort, marks, reviewFilter, queueOrder } = next;
  if (!table) return NO_DERIVED;
  const sameTable = prev?.table === table;
  const rowsStale =
    !sameTable ||
    prev?.filters !== filters ||
    prev.reviewFilter !== reviewFilter ||
    (reviewFilter.length > 0 && prev.marks !== marks) ||
    (filters.changes.length > 0 && prev.change !== next.change);
  const orderStale =
    rowsStale ||
    prev?.sort !== sort ||
    (sort.length > 0 && (prev?.lang !== next.lang || prev?.zoneNames !== next.zoneNames)) ||
    (prev?.marks !== marks && sort.some((s) => columnById(s.id)?.byMarks));
  const classesStale = !sameTable || prev?.filters.zone !== filters.zone || prev?.metric !== metric || prev?.classMethod !== classMethod;
  const queueStale = rowsStale || prev?.marks !== marks || prev?.queueOrder !== queueOrder;
  if (!orderStale && !classesStale && !queueStale) return prevOut;
  const rows = rowsStale ? reviewFiltered(filterRows(table, filters, next.change), marks, reviewFilter) : prevOut.rows;
  const zoneName = (id: string | null) => (id == null ? '' : (next.zoneNames.get(id) ?? id));
  return {
    rows,
    sortedRows: orderStale ? sortRows(table, rows, sort, { lang: next.lang, zoneName, marks }) : prevOut.sortedRows,
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
  const classes = classify(values, CLASS_COUNT, method);
  return classes && WHOLE_METRICS.has(metric) ? wholeClasses(values, classes) : classes;
}

/**
 * Classes of whole numbers: every edge a whole number, the last one past the largest value, so class c holds the
 * whole numbers edges[c] … edges[c + 1] − 1 (its label "1" or "3–4", see classLabel). With no more distinct values
 * than classes, each value is a class of its own.
 */
export function wholeClasses(values: Float64Array, classes: Classes): Classes {
  const distinct = [...new Set(Array.from(values).filter(Number.isFinite))].sort((a, b) => a - b);
  const max = distinct[distinct.length - 1] as number;
  if (distinct.length <= CLASS_COUNT) return { edges: [...distinct, max + 1] };
  const inner = classes.edges.slice(1, -1).map(Math.ceil);
  return { edges: [...new Set([Math.floor(classes.edges[0] as number), ...inner, max + 1])].sort((a, b) => a - b) };
}
