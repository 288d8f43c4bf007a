import geodesic from 'geographiclib-geodesic';
import type { Position } from 'geojson';
import proj4 from 'proj4';
import type { ParcelGeometry } from '../domain/types';
import { bboxOf } from './bbox';
import { CGCS2000_A, CGCS2000_RF, centralMeridianOf, gkProj4String } from './gaussKruger';

/**
 * Reported areas. Plain turf.area uses a sphere and reads ~0.04% high at 漯河's latitude, so it is not used here.
 * - planarAreaM2: area in the CGCS2000 3° Gauss–Krüger zone of the geometry (the cadastral figure, 宗地面积)
 * - ellipsoidAreaM2: area on the CGCS2000 ellipsoid. Parcel-sized polygons are measured in the ellipsoidal
 *   Lambert cylindrical equal-area projection (proj4 `cea`), which keeps areas on the ellipsoid exactly and costs one
 *   projection per vertex (GeographicLib solves a geodesic per edge, and on a parcel its sum of per-edge areas
 *   down to the equator leaves a few tenths of a m² of rounding; a test pins the two within 0.5 m²). Polygons spanning
 *   more than LARGE_SPAN_DEG are measured with GeographicLib, where the edges' geodesic path matters.
 * Both ignore winding: exterior rings add, holes subtract.
 */
const geod = new geodesic.Geodesic.Geodesic(CGCS2000_A, 1 / CGCS2000_RF);
const LARGE_SPAN_DEG = 0.05;
const D2R = Math.PI / 180;

interface RawProj {
  forward(p: { x: number; y: number }): { x: number; y: number };
}
const gkCache = new Map<number, RawProj>();
const gkRaw = (cm: number): RawProj => {
  let p = gkCache.get(cm);
  if (!p) {
    // proj4's projection object directly: lon/lat in radians → metres, skipping the datum pipeline (none is needed)
    p = proj4.Proj(gkAreaProj4String(cm)) as unknown as RawProj;
    gkCache.set(cm, p);
  }
  return p;
};
/**
 * The GK projection areas are measured in: `+approx` selects the classic series (Snyder) instead of Poder–Engsager.
 * Within a 3° zone (±1.5° of the central meridian) the two differ by under 3 µm (a unit test pins it), a relative
 * area difference below 1e-9, and the series is much cheaper to evaluate. Reprojection of GK input keeps the exact algorithm.
 */
export const gkAreaProj4String = (cm: number): string => `${gkProj4String({ centralMeridian: cm, zonePrefix: false })} +approx`;

const cea = proj4.Proj(`+proj=cea +lon_0=0 +lat_ts=0 +x_0=0 +y_0=0 +a=${CGCS2000_A} +rf=${CGCS2000_RF} +units=m +no_defs`) as unknown as RawProj;

function polygonsOf(g: ParcelGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Number of distinct positions of a ring, leaving out the closing repeat. */
function closedLength(ring: Position[]): number {
  const n = ring.length;
  if (n < 2) return n;
  const a = ring[0] as Position;
  const b = ring[n - 1] as Position;
  return a[0] === b[0] && a[1] === b[1] ? n - 1 : n;
}

const pt = { x: 0, y: 0 };

/** Shoelace area of a ring projected vertex by vertex (coordinates relative to the first vertex, for precision). */
function ringProjectedM2(ring: Position[], proj: RawProj, lonOffset: number): number {
  const n = closedLength(ring);
  if (n < 3) return 0;
  let x0 = 0;
  let y0 = 0;
  let px = 0;
  let py = 0;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const p = ring[i === n ? 0 : i] as Position;
    pt.x = ((p[0] as number) - lonOffset) * D2R;
    pt.y = (p[1] as number) * D2R;
    const r = proj.forward(pt);
    if (i === 0) {
      x0 = r.x;
      y0 = r.y;
      px = 0;
      py = 0;
      continue;
    }
    const x = r.x - x0;
    const y = r.y - y0;
    s += px * y - x * py;
    px = x;
    py = y;
  }
  return Math.abs(s) / 2;
}

/** Central meridian for a geometry: the zone of its first vertex (parcels never straddle a 3° zone boundary in practice). */
export function centralMeridianOfGeometry(g: ParcelGeometry): number {
  const first = polygonsOf(g)[0]?.[0]?.[0];
  return centralMeridianOf(first ? (first[0] as number) : 0);
}

function sumRings(g: ParcelGeometry, ringArea: (ring: Position[]) => number): number {
  let total = 0;
  for (const poly of polygonsOf(g)) {
    for (let i = 0; i < poly.length; i++) {
      const a = ringArea(poly[i] as Position[]);
      total += i === 0 ? a : -a;
    }
  }
  return total;
}

export function planarAreaM2(g: ParcelGeometry, centralMeridian = centralMeridianOfGeometry(g)): number {
  const proj = gkRaw(centralMeridian);
  return sumRings(g, (ring) => ringProjectedM2(ring, proj, 0));
}

function ringGeodesicM2(ring: Position[]): number {
  const n = closedLength(ring);
  if (n < 3) return 0;
  const poly = geod.Polygon(false);
  for (let i = 0; i < n; i++) {
    const p = ring[i] as Position;
    poly.AddPoint(p[1] as number, p[0] as number);
  }
  // sign = true, then abs: the value does not depend on winding
  return Math.abs(poly.Compute(false, true).area ?? 0);
}

/** Geodesic polygon area with GeographicLib, for any size. */
export function geodesicAreaM2(g: ParcelGeometry): number {
  return sumRings(g, ringGeodesicM2);
}

export function ellipsoidAreaM2(g: ParcelGeometry, box: readonly number[] = bboxOf(g)): number {
  const [minX, minY, maxX, maxY] = box as [number, number, number, number];
  if (maxX - minX > LARGE_SPAN_DEG || maxY - minY > LARGE_SPAN_DEG) return geodesicAreaM2(g);
  // centre the cylinder on the polygon so longitudes stay small
  const lonOffset = (minX + maxX) / 2;
  return sumRings(g, (ring) => ringProjectedM2(ring, cea, lonOffset));
}
