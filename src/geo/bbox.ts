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

/** The bbox of many geometries and of boxes packed as [minX, minY, maxX, maxY, …]; null for none. */
export function unionBbox(geometries: Iterable<ParcelGeometry>, packed: ArrayLike<number> = []): Bbox | null {
  let out: Bbox | null = null;
  const add = (b: readonly number[] | Bbox) => {
    out = out
      ? [Math.min(out[0], b[0] as number), Math.min(out[1], b[1] as number), Math.max(out[2], b[2] as number), Math.max(out[3], b[3] as number)]
      : [b[0] as number, b[1] as number, b[2] as number, b[3] as number];
  };
  for (const g of geometries) add(bboxOf(g));
  for (let i = 0; i + 3 < packed.length; i += 4) add([packed[i] as number, packed[i + 1] as number, packed[i + 2] as number, packed[i + 3] as number]);
  return out;
}
