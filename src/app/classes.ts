import { ckmeans, quantile } from 'simple-statistics';

/** Classed breaks for the choropleth: quantiles or natural breaks (Ckmeans, the optimal 1-D k-means of Jenks's idea). */
export type ClassMethod = 'quantile' | 'natural';

export interface Classes {
  /** k + 1 edges: min, inner breaks, max; class c holds values in [edges[c], edges[c+1]) (the last one closed) */
  edges: number[];
}

/** Natural breaks on at most this many values: Ckmeans is O(k·n log n), a sorted systematic sample keeps it quick. */
const NATURAL_SAMPLE = 20000;

export function classify(values: Float64Array | number[], k: number, method: ClassMethod): Classes | null {
  const finite: number[] = [];
  for (const v of values) if (Number.isFinite(v)) finite.push(v);
  if (finite.length === 0) return null;
  finite.sort((a, b) => a - b);
  const min = finite[0] as number;
  const max = finite[finite.length - 1] as number;
  if (min === max) return { edges: [min, max] };
  const kk = Math.min(k, new Set(finite).size);
  let inner: number[];
  if (method === 'quantile') {
    inner = quantile(
      finite,
      Array.from({ length: kk - 1 }, (_, i) => (i + 1) / kk),
    );
  } else {
    const step = Math.max(1, Math.floor(finite.length / NATURAL_SAMPLE));
    const sample = step === 1 ? finite : finite.filter((_, i) => i % step === 0);
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
