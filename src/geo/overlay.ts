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

/** Where a parcel's bounding box lies against one polygon of the layer. */
type BoxSide = 'inside' | 'outside' | 'crossed';

export class PolygonIndex<T extends { geometry: ParcelGeometry }> {
  private readonly index: Flatbush | null;
  /** Per item, an R-tree of its boundary's edges, built when the item is first a candidate. */
  private readonly edges: (Flatbush | null)[];

  constructor(private readonly items: readonly T[]) {
    this.edges = items.map(() => null);
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

  private candidateIndices(box: readonly [number, number, number, number]): number[] {
    return this.index ? this.index.search(box[0], box[1], box[2], box[3]) : [];
  }

  /**
   * Whether the box lies wholly inside or wholly outside item i, or is crossed by its boundary. When no edge of the
   * boundary reaches the (closed) box, the box lies in one piece of the plane the boundary cuts, so one point tells
   * for all of it: the parcel inside it is then held whole, or not touched, without testing vertex after vertex or
   * clipping. An edge whose bounding box reaches the box only may cross it: 'crossed' means "look closer".
   */
  private boxSide(i: number, box: readonly [number, number, number, number], probe: Position): BoxSide {
    const item = this.items[i] as T;
    let edges = this.edges[i];
    if (!edges) {
      edges = edgeIndex(item.geometry);
      this.edges[i] = edges;
    }
    if (edges.search(box[0], box[1], box[2], box[3]).length > 0) return 'crossed';
    return booleanPointInPolygon(probe, item.geometry) ? 'inside' : 'outside';
  }

  /**
   * Every item the geometry overlaps with a positive area, with the planar overlap in m². `areaM2` is the geometry's
   * planar area when known: an item holding the geometry whole overlaps it by that much, with no clipping.
   */
  overlaps(g: ParcelGeometry, box = bboxOf(g), areaM2 = -1): Overlap<T>[] {
    const out: Overlap<T>[] = [];
    const probe = firstVertex(g);
    for (const i of this.candidateIndices(box)) {
      const item = this.items[i] as T;
      const side = probe ? this.boxSide(i, box, probe) : 'crossed';
      if (side === 'outside') continue;
      const m2 = side === 'inside' ? (areaM2 >= 0 ? areaM2 : planarAreaM2(g)) : overlapAreaM2(g, item.geometry);
      if (m2 > 0) out.push({ item, overlapM2: m2 });
    }
    return out;
  }

  /**
   * The item holding the largest part of the geometry. A candidate whose boundary does not reach the geometry's
   * bounding box and that holds one of its points holds it whole (the common case: a parcel well inside one area).
   * Else, when every vertex lies inside one candidate and no other candidate is in reach, that candidate holds it
   * whole and no clipping is needed. `areaM2` is the geometry's planar area when known (it lets the search stop at a
   * candidate holding most of it).
   */
  largestOverlap(g: ParcelGeometry, box = bboxOf(g), areaM2 = -1): T | null {
    const probe = firstVertex(g);
    const cands: T[] = [];
    for (const i of this.candidateIndices(box)) {
      const side = probe ? this.boxSide(i, box, probe) : 'crossed';
      if (side === 'inside') return this.items[i] as T;
      // a candidate the box lies wholly outside of has no part of the geometry
      if (side === 'crossed') cands.push(this.items[i] as T);
    }
    if (cands.length === 0) return null;
    // The layer's polygons do not overlap each other (zones, areas), so one holding every vertex holds the parcel.
    const holder = cands.find((c) => allVerticesInside(g, c.geometry));
    if (holder) return holder;
    // A lone candidate with a vertex strictly inside it overlaps the parcel with a positive area: it is the answer.
    const only = cands.length === 1 ? (cands[0] as T) : null;
    if (only && exteriorVertices(g).some((p) => booleanPointInPolygon(p, only.geometry, { ignoreBoundary: true }))) return only;
    // The layer's polygons do not overlap: one holding more than half the parcel (its planar area, when the caller
    // knows it) holds more than all the others together, and the search stops there. The candidate holding the middle
    // of the parcel's box is clipped first, as it most often holds most of it (in an ad-hoc count at 25k synthetic
    // parcels, 700 needed clipping, each against two areas, and the first in the R-tree's order held the smaller part
    // every time: 1,400 clips, 700 now).
    const [x0, y0, x1, y1] = box;
    const middle: Position = [(x0 + x1) / 2, (y0 + y1) / 2];
    const first = cands.findIndex((c) => booleanPointInPolygon(middle, c.geometry));
    const order = first > 0 ? [first, ...[...cands.keys()].filter((k) => k !== first)] : [...cands.keys()];
    const m2s = new Array<number>(cands.length).fill(0);
    for (const k of order) {
      const m2 = overlapAreaM2(g, (cands[k] as T).geometry);
      if (areaM2 > 0 && m2 > areaM2 / 2) return cands[k] as T;
      m2s[k] = m2;
    }
    // none holds more than half: the largest, the first in the R-tree's order on a tie
    let best: T | null = null;
    let bestM2 = 0;
    for (let k = 0; k < cands.length; k++) {
      if ((m2s[k] as number) > bestM2) {
        best = cands[k] as T;
        bestM2 = m2s[k] as number;
      }
    }
    return best;
  }
}

function firstVertex(g: ParcelGeometry): Position | undefined {
  return g.type === 'Polygon' ? g.coordinates[0]?.[0] : g.coordinates[0]?.[0]?.[0];
}

/** An R-tree of the bounding boxes of every edge of every ring. */
function edgeIndex(g: ParcelGeometry): Flatbush {
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  let n = 0;
  for (const r of rings) n += Math.max(0, r.length - 1);
  const index = new Flatbush(Math.max(1, n));
  if (n === 0) index.add(0, 0, 0, 0);
  for (const r of rings) {
    for (let k = 1; k < r.length; k++) {
      const a = r[k - 1] as Position;
      const b = r[k] as Position;
      const ax = a[0] as number;
      const ay = a[1] as number;
      const bx = b[0] as number;
      const by = b[1] as number;
      index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
  }
  index.finish();
  return index;
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
