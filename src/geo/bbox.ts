import type { ParcelGeometry } from '../domain/types';

export type Bbox = [number, number, number, number];

/** [minX, minY, maxX, maxY] of a polygon's exterior rings (holes lie inside them). */
export function bboxOf(g: ParcelGeometry): Bbox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const rings = g.type === 'Polygon' ? [g.coordinates[0] ?? []] : g.coordinates.map((p) => p[0] ?? []);
  for (const ring of rings) {
    for (const p of ring) {
      const x = p[0] as number;
      const y = p[1] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** The bbox of many geometries; null for none. */
export function unionBbox(geometries: Iterable<ParcelGeometry>): Bbox | null {
  let out: Bbox | null = null;
  for (const g of geometries) {
    const b = bboxOf(g);
    out = out ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])] : b;
  }
  return out;
}
