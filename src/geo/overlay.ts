import { bbox as turfBbox } from '@turf/bbox';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import polygonClipping, { type Geom } from 'polygon-clipping';
import type { ParcelGeometry } from '../domain/types';
import { planarAreaM2 } from './area';
import { bboxOf } from './bbox';

/**
 * Overlay of parcels with zones, functional areas and planning constraints: a Flatbush R-tree on the layer's
 * bounding boxes narrows the candidates, then exact polygon intersection gives overlap areas.
 */
export interface Overlap<T> {
  item: T;
  overlapM2: number;
}

export class PolygonIndex<T extends { geometry: ParcelGeometry }> {
  private readonly index: Flatbush | null;

  constructor(private readonly items: readonly T[]) {
    if (items.length === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(items.length);
    for (const it of items) {
      const [minX, minY, maxX, maxY] = turfBbox(it.geometry);
      index.add(minX, minY, maxX, maxY);
    }
    index.finish();
    this.index = index;
  }

  candidates(box: readonly [number, number, number, number]): T[] {
    if (!this.index) return [];
    return this.index.search(box[0], box[1], box[2], box[3]).map((i) => this.items[i] as T);
  }

  /** Every item the geometry overlaps with a positive area, with the planar overlap in m². */
  overlaps(g: ParcelGeometry, box = bboxOf(g)): Overlap<T>[] {
    const out: Overlap<T>[] = [];
    for (const item of this.candidates(box)) {
      const m2 = overlapAreaM2(g, item.geometry);
      if (m2 > 0) out.push({ item, overlapM2: m2 });
    }
    return out;
  }

  /**
   * The item holding the largest part of the geometry. When every vertex lies inside one candidate and no other
   * candidate is in reach, that candidate holds it whole and no clipping is needed (the common case). `areaM2` is the
   * geometry's planar area when known (it lets the search stop at a candidate holding most of it).
   */
  largestOverlap(g: ParcelGeometry, box = bboxOf(g), areaM2 = -1): T | null {
    const cands = this.candidates(box);
    if (cands.length === 0) return null;
    // The layer's polygons do not overlap each other (zones, areas), so one holding every vertex holds the parcel.
    const holder = cands.find((c) => allVerticesInside(g, c.geometry));
    if (holder) return holder;
    // A lone candidate with a vertex strictly inside it overlaps the parcel with a positive area: it is the answer.
    const only = cands.length === 1 ? (cands[0] as T) : null;
    if (only && exteriorVertices(g).some((p) => booleanPointInPolygon(p, only.geometry, { ignoreBoundary: true }))) return only;
    let best: T | null = null;
    let bestM2 = 0;
    for (const c of cands) {
      const m2 = overlapAreaM2(g, c.geometry);
      if (m2 > bestM2) {
        best = c;
        bestM2 = m2;
      }
      // the layer's polygons do not overlap: one holding more than half the parcel (its planar area, when the
      // caller knows it) holds more than all the others together
      if (areaM2 > 0 && bestM2 > areaM2 / 2) return best;
    }
    return best;
  }
}

function exteriorVertices(g: ParcelGeometry): Position[] {
  return g.type === 'Polygon' ? (g.coordinates[0] ?? []) : g.coordinates.flatMap((p) => p[0] ?? []);
}

function allVerticesInside(g: ParcelGeometry, container: ParcelGeometry): boolean {
  return exteriorVertices(g).every((p) => booleanPointInPolygon(p, container));
}

/**
 * Planar (Gauss–Krüger) area of the intersection of two polygons, in m². polygon-clipping (Martínez–Rueda–Feito
 * sweep in floating point) is used rather than Turf's intersect, whose arbitrary-precision arithmetic dominated profiles of the overlay.
 */
export function overlapAreaM2(a: ParcelGeometry, b: ParcelGeometry): number {
  const inter = polygonClipping.intersection(a.coordinates as Geom, b.coordinates as Geom);
  return inter.length === 0 ? 0 : planarAreaM2({ type: 'MultiPolygon', coordinates: inter });
}
