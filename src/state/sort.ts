import type { ParcelTable } from '../engine/parcelTable';
import { columnById, type SortContext } from './columns';

/** One column of the table's sort (the shape TanStack Table's sorting state has). */
export interface SortKey {
  id: string;
  desc: boolean;
}

const keyCache = new WeakMap<ParcelTable, Map<string, Float64Array>>();

/** A column's sort keys, made once per table, column and language. */
function keysOf(table: ParcelTable, id: string, ctx: SortContext): Float64Array | null {
  const col = columnById(id);
  if (!col) return null;
  // (keys made from the review marks are not kept: the marks change as officers decide)
  if (col.byMarks) return col.sortKeys(table, ctx);
  let cache = keyCache.get(table);
  if (!cache) {
    cache = new Map();
    keyCache.set(table, cache);
  }
  const k = `${id}:${ctx.lang}`;
  let keys = cache.get(k);
  if (!keys) {
    keys = col.sortKeys(table, ctx);
    cache.set(k, keys);
  }
  return keys;
}

/**
 * The rows in the order of the sort keys, the first key first: numbers as numbers, texts in the language's collation,
 * empty cells last whichever the direction. Stable: rows equal on every key keep the table's order.
 */
export function sortRows(table: ParcelTable, rows: Uint32Array, sort: readonly SortKey[], ctx: SortContext): Uint32Array {
  const keys = sort.flatMap((s) => {
    const k = keysOf(table, s.id, ctx);
    return k ? [{ k, dir: s.desc ? -1 : 1 }] : [];
  });
  if (keys.length === 0) return rows;
  const out = Array.from(rows);
  out.sort((a, b) => {
    for (const { k, dir } of keys) {
      const x = k[a] as number;
      const y = k[b] as number;
      if (x === y) continue;
      if (Number.isNaN(x)) {
        if (Number.isNaN(y)) continue;
        return 1;
      }
      if (Number.isNaN(y)) return -1;
      return (x - y) * dir;
    }
    return a - b;
  });
  return Uint32Array.from(out);
}
