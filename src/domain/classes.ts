import { ckmeans, quantileSorted } from 'simple-statistics';

/** Classed breaks for the choropleth: quantiles or natural breaks (Ckmeans, the optimal 1-D k-means of Jenks's idea). */
export type ClassMethod = 'quantile' | 'natural';

export interface Classes {
  /** k + 1 edges: min, inner breaks, max; class c holds values in [edges[c], edges[c+1]) (the last one closed) */
  edges: number[];
}

/** Natural breaks on at most this many values: Ckmeans is O(k·n log n), a sorted systematic sample keeps it quick. */
const NATURAL_SAMPLE = 20000;

export function classify(values: Float64Array | number[], k: number, method: ClassMethod): Classes | null {
  // a typed array sorts numerically without a comparator call per pair
  const all = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) all[n++] = v;
  }
  if (n === 0) return null;
  const finite = all.subarray(0, n).sort();
  const min = finite[0] as number;
  const max = finite[n - 1] as number;
  if (min === max) return { edges: [min, max] };
  let distinct = 1;
  for (let i = 1; i < n && distinct < k; i++) if (finite[i] !== finite[i - 1]) distinct++;
  const kk = Math.min(k, distinct);
  let inner: number[];
  if (method === 'quantile') {
    inner = Array.from({ length: kk - 1 }, (_, i) => quantileSorted(finite as unknown as number[], (i + 1) / kk));
  } else {
    const step = Math.max(1, Math.floor(n / NATURAL_SAMPLE));
    const sample: number[] = [];
    for (let i = 0; i < n; i += step) sample.push(finite[i] as number);
    inner = ckmeans(sample, kk)
      .slice(1)
      .map((cluster) => cluster[0] as number);
  }
  const edges = [min, ...[...new Set(inner)].filter((b) => b > min && b < max), max];
  return { edges };
}

/** Class index of a value (null for a missing one), consistent with the map's step expression. */
export function classOf(classes: Classes, v: number): number | null {
  if (!Number.isFinite(v)) return null;
  const inner = classes.edges.slice(1, -1);
  let c = 0;
  while (c < inner.length && v >= (inner[c] as number)) c++;
  return c;
}
