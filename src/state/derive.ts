import { type Classes, type ClassMethod, classify } from '../domain/classes';
import type { Metric } from '../domain/metrics';
import type { ParcelTable } from '../engine/parcelTable';
import type { Lang } from '../i18n/resources';
import { EMPTY_FILTERS, type Filters, filterRows, sumArea } from './filters';
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
}

export const NO_DERIVED: Derived = { rows: new Uint32Array(0), sortedRows: new Uint32Array(0), rowsAreaM2: 0, classes: null };

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
}

/**
 * Derived state from its inputs, reusing the previous result's parts whose inputs did not change (by reference):
 * the rows when neither the table nor the filters changed, their order when neither they nor the sort (nor, for text,
 * the language) changed, the classes when neither the table, the zone, the metric nor the method changed. The one
 * place rows, their order and classes are computed.
 */
export function derivedState(next: DeriveInputs, prev: DeriveInputs | null, prevOut: Derived): Derived {
  const { table, filters, metric, classMethod, sort } = next;
  if (!table) return NO_DERIVED;
  const sameTable = prev?.table === table;
  const rowsStale = !sameTable || prev?.filters !== filters;
  const orderStale = rowsStale || prev?.sort !== sort || (sort.length > 0 && (prev?.lang !== next.lang || prev?.zoneNames !== next.zoneNames));
  const classesStale = !sameTable || prev?.filters.zone !== filters.zone || prev?.metric !== metric || prev?.classMethod !== classMethod;
  if (!orderStale && !classesStale) return prevOut;
  const rows = rowsStale ? filterRows(table, filters) : prevOut.rows;
  const zoneName = (id: string | null) => (id == null ? '' : (next.zoneNames.get(id) ?? id));
  return {
    rows,
    sortedRows: orderStale ? sortRows(table, rows, sort, { lang: next.lang, zoneName }) : prevOut.sortedRows,
    rowsAreaM2: rowsStale ? sumArea(table, rows) : prevOut.rowsAreaM2,
    classes: classesStale ? classesOf(table, filters.zone, metric, classMethod) : prevOut.classes,
  };
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
