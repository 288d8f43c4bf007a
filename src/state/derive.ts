import { type Classes, type ClassMethod, classify } from '../domain/classes';
import type { Metric } from '../domain/metrics';
import type { ParcelTable } from '../engine/parcelTable';
import { EMPTY_FILTERS, type Filters, filterRows, sumArea } from './filters';

/** What the store derives from the data and the view; never set by an action (see derivedState). */
export interface Derived {
  /** the table rows that pass the filters, in table order: the table lists them and the map shows them */
  rows: Uint32Array;
  rowsAreaM2: number;
  /** the choropleth's classes of the metric over the zone in scope (not over the filtered rows: the legend holds still as one filters) */
  classes: Classes | null;
}

export const NO_DERIVED: Derived = { rows: new Uint32Array(0), rowsAreaM2: 0, classes: null };

export const CLASS_COUNT = 5;

/** The inputs Derived is computed from. */
export interface DeriveInputs {
  table: ParcelTable | null;
  filters: Filters;
  metric: Metric;
  classMethod: ClassMethod;
}

/**
 * Derived state from its inputs, reusing the previous result's parts whose inputs did not change (by reference):
 * the rows when neither the table nor the filters changed, the classes when neither the table, the zone, the metric
 * nor the method changed. The one place rows and classes are computed.
 */
export function derivedState(next: DeriveInputs, prev: DeriveInputs | null, prevOut: Derived): Derived {
  const { table, filters, metric, classMethod } = next;
  if (!table) return NO_DERIVED;
  const sameTable = prev?.table === table;
  const rowsStale = !sameTable || prev?.filters !== filters;
  const classesStale = !sameTable || prev?.filters.zone !== filters.zone || prev?.metric !== metric || prev?.classMethod !== classMethod;
  if (!rowsStale && !classesStale) return prevOut;
  const rows = rowsStale ? filterRows(table, filters) : prevOut.rows;
  return {
    rows,
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
  return classify(values, CLASS_COUNT, method);
}
