import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * A Shapefile's geometry (.shp, ESRI Shapefile Technical Description, 1998) read record by record: polygons
 * (shape types 5, 15 and 25: Z and M values are let go) as GeoJSON Polygons and MultiPolygons in the file's own
 * coordinates. Each record's bytes are checked against the counts it gives before they are read, so a damaged record
 * is that record's problem and a file cut short keeps the records before the cut.
 *
 * Rings: the specification winds exteriors clockwise and holes counter-clockwise, but files written by other tools
 * do not always, so a ring is read as what it lies in: a ring inside no other is an exterior, one inside an exterior
 * is its hole, one inside a hole is an exterior again (an island). The result is wound as RFC 7946 says (exteriors
 * counter-clockwise); a ring whose winding says otherwise than where it lies is reported (`windingDisagrees`).
 * (shpjs tells holes from exteriors by winding and then by bounding boxes, which puts a hole in the wrong part of a
 * multipolygon whose parts' boxes nest.)
 */
export type ShpRecord =
  | { kind: 'polygon'; geometry: Polygon | MultiPolygon; windingDisagrees: number }
  | { kind: 'null' }
  | { kind: 'bad'; reason: ShpRecordProblem; detail: string };

export type ShpRecordProblem = 'not-polygon' | 'counts' | 'short-ring';

export interface ShpFile {
  shapeType: number;
  records: ShpRecord[];
  /** set when the file ends inside a record: how many records were read whole */
  truncatedAfter: number | null;
}

export type ShpFailure = { failure: 'too-short' | 'not-shp' | 'not-polygons'; shapeType?: number };

const FILE_CODE = 9994;
const HEADER_BYTES = 100;
/** the polygon shape types: Polygon, PolygonZ, PolygonM */
const POLYGON_TYPES = new Set([5, 15, 25]);
export const SHAPE_TYPE_NAMES: Record<number, string> = {
  0: 'Null',
  1: 'Point',
  3: 'PolyLine',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  15: 'PolygonZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  25: 'PolygonM',
  28: 'MultiPointM',
  31: 'MultiPatch',
};

export function readShp(bytes: Uint8Array): ShpFile | ShpFailure {
  if (bytes.length < HEADER_BYTES) return { failure: 'too-short' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0, false) !== FILE_CODE) return { failure: 'not-shp' };
  const shapeType = view.getInt32(32, true);
  if (shapeType !== 0 && !POLYGON_TYPES.has(shapeType)) return { failure: 'not-polygons', shapeType };
  const records: ShpRecord[] = [];
  let truncatedAfter: number | null = null;
  let at = HEADER_BYTES;
  while (at < bytes.length) {
    if (at + 8 > bytes.length) {
      truncatedAfter = records.length;
      break;
    }
    const contentBytes = view.getInt32(at + 4, false) * 2;
    const start = at + 8;
    if (contentBytes < 4 || start + contentBytes > bytes.length) {
      truncatedAfter = records.length;
      break;
    }
    records.push(readRecord(new DataView(bytes.buffer, bytes.byteOffset + start, contentBytes)));
    at = start + contentBytes;
  }
  return { shapeType, records, truncatedAfter };
}

function readRecord(r: DataView): ShpRecord {
  const type = r.getInt32(0, true);
  if (type === 0) return { kind: 'null' };
  if (!POLYGON_TYPES.has(type)) return { kind: 'bad', reason: 'not-polygon', detail: SHAPE_TYPE_NAMES[type] ?? String(type) };
  if (r.byteLength < 44) return { kind: 'bad', reason: 'counts', detail: `${r.byteLength} B` };
  const numParts = r.getInt32(36, true);
  const numPoints = r.getInt32(40, true);
  const pointsAt = 44 + 4 * numParts;
  if (numParts < 1 || numPoints < numParts || pointsAt + 16 * numPoints > r.byteLength)
    return { kind: 'bad', reason: 'counts', detail: `${numParts} parts, ${numPoints} points, ${r.byteLength} B` };
  const rings: Position[][] = [];
  for (let p = 0; p < numParts; p++) {
    const from = r.getInt32(44 + 4 * p, true);
    const to = p + 1 < numParts ? r.getInt32(44 + 4 * (p + 1), true) : numPoints;
    if (from < 0 || to > numPoints || to < from) return { kind: 'bad', reason: 'counts', detail: `part ${p + 1}: ${from}–${to} of ${numPoints}` };
    const ring: Position[] = [];
    for (let i = from; i < to; i++) ring.push([r.getFloat64(pointsAt + 16 * i, true), r.getFloat64(pointsAt + 16 * i + 8, true)]);
    if (ring.length > 0) rings.push(ring);
  }
  if (rings.some((ring) => ring.length < 4)) return { kind: 'bad', reason: 'short-ring', detail: rings.map((ring) => ring.length).join(', ') };
  return { kind: 'polygon', ...polygonOfRings(rings) };
}

/** Twice the signed area of a ring (positive: counter-clockwise), positions taken relative to the first for precision. */
function twiceSignedArea(ring: Position[]): number {
  const x0 = ring[0]?.[0] as number;
  const y0 = ring[0]?.[1] as number;
  let s = 0;
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1] as Position;
    const b = ring[i] as Position;
    s += ((a[0] as number) - x0) * ((b[1] as number) - y0) - ((b[0] as number) - x0) * ((a[1] as number) - y0);
  }
  return s;
}

/** Whether a point lies inside a ring (ray casting); null when it lies on its boundary. */
function insideRing(ring: Position[], p: Position): boolean | null {
  const x = p[0] as number;
  const y = p[1] as number;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]?.[0] as number;
    const yi = ring[i]?.[1] as number;
    const xj = ring[j]?.[0] as number;
    const yj = ring[j]?.[1] as number;
    const cross = (xj - xi) * (y - yi) - (x - xi) * (yj - yi);
    if (cross === 0 && Math.min(xi, xj) <= x && x <= Math.max(xi, xj) && Math.min(yi, yj) <= y && y <= Math.max(yi, yj)) return null;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether ring `inner` lies in ring `outer`: the first of its vertices not on `outer`'s boundary decides. */
function ringInRing(inner: Position[], outer: Position[]): boolean {
  for (const p of inner) {
    const v = insideRing(outer, p);
    if (v !== null) return v;
  }
  return false;
}

/** Rings nested by where they lie (see the top), wound as RFC 7946 says; how many rings' winding said otherwise. */
export function polygonOfRings(rings: Position[][]): { geometry: Polygon | MultiPolygon; windingDisagrees: number } {
  const items = rings.map((ring) => ({ ring, twice: twiceSignedArea(ring) }));
  // larger rings first: a ring's container is among those before it
  const order = items.map((_, i) => i).sort((a, b) => Math.abs((items[b] as (typeof items)[0]).twice) - Math.abs((items[a] as (typeof items)[0]).twice));
  const depth = new Array<number>(items.length).fill(0);
  const parent = new Array<number>(items.length).fill(-1);
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    // the smallest ring before it that holds it
    for (let m = k - 1; m >= 0; m--) {
      const j = order[m] as number;
      if (ringInRing((items[i] as (typeof items)[0]).ring, (items[j] as (typeof items)[0]).ring)) {
        parent[i] = j;
        depth[i] = (depth[j] as number) + 1;
        break;
      }
    }
  }
  const polygons: Position[][][] = [];
  const polygonOf = new Map<number, Position[][]>();
  let windingDisagrees = 0;
  for (const i of order) {
    const { ring, twice } = items[i] as (typeof items)[0];
    const exterior = (depth[i] as number) % 2 === 0;
    // the specification's winding: exteriors clockwise (negative signed area), holes counter-clockwise
    if (exterior ? twice > 0 : twice < 0) windingDisagrees++;
    // RFC 7946: exteriors counter-clockwise, holes clockwise
    const wound = (exterior ? twice < 0 : twice > 0) ? [...ring].reverse() : ring;
    if (exterior) {
      const rs = [wound];
      polygons.push(rs);
      polygonOf.set(i, rs);
    } else polygonOf.get(parent[i] as number)?.push(wound);
  }
  const geometry: Polygon | MultiPolygon =
    polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] as Position[][] } : { type: 'MultiPolygon', coordinates: polygons };
  return { geometry, windingDisagrees };
}
