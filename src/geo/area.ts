import geodesic from 'geographiclib-geodesic';
import type { Position } from 'geojson';
import type { ParcelGeometry } from '../domain/types';
import { CGCS2000_A, CGCS2000_RF, centralMeridianOf, gkProjector } from './gaussKruger';

/**
 * Reported areas. Plain turf.area uses a sphere and reads ~0.04% high at 漯河's latitude, so it is not used here.
 * - planarAreaM2: area in the CGCS2000 3° Gauss–Krüger zone of the geometry (the cadastral figure, 宗地面积)
 * - ellipsoidAreaM2: geodesic area on the CGCS2000 ellipsoid (GeographicLib), as land surveys of patches use
 * Both ignore winding: exterior rings add, holes subtract.
 */
const geod = new geodesic.Geodesic.Geodesic(CGCS2000_A, 1 / CGCS2000_RF);

function polygonsOf(g: ParcelGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Shoelace area of a ring already in metres. */
function shoelaceM2(xs: Float64Array, ys: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) s += ((xs[j] as number) - (xs[i] as number)) * ((ys[j] as number) + (ys[i] as number));
  return Math.abs(s) / 2;
}

let xsBuf = new Float64Array(256);
let ysBuf = new Float64Array(256);

function ringPlanarM2(ring: Position[], cm: number): number {
  const proj = gkProjector({ centralMeridian: cm, zonePrefix: false });
  const n = closedLength(ring);
  if (n < 3) return 0;
  if (xsBuf.length < n) {
    xsBuf = new Float64Array(n * 2);
    ysBuf = new Float64Array(n * 2);
  }
  for (let i = 0; i < n; i++) {
    const [x, y] = proj.forward(ring[i] as Position);
    xsBuf[i] = x;
    ysBuf[i] = y;
  }
  return shoelaceM2(xsBuf, ysBuf, n);
}

/** Number of distinct positions of a ring, leaving out the closing repeat. */
function closedLength(ring: Position[]): number {
  const n = ring.length;
  if (n < 2) return n;
  const a = ring[0] as Position;
  const b = ring[n - 1] as Position;
  return a[0] === b[0] && a[1] === b[1] ? n - 1 : n;
}

/** Central meridian for a geometry: the zone of its first vertex (parcels never straddle a 3° zone boundary in practice). */
export function centralMeridianOfGeometry(g: ParcelGeometry): number {
  const first = polygonsOf(g)[0]?.[0]?.[0];
  return centralMeridianOf(first ? (first[0] as number) : 0);
}

export function planarAreaM2(g: ParcelGeometry, centralMeridian = centralMeridianOfGeometry(g)): number {
  let total = 0;
  for (const poly of polygonsOf(g)) {
    poly.forEach((ring, i) => {
      const a = ringPlanarM2(ring, centralMeridian);
      total += i === 0 ? a : -a;
    });
  }
  return total;
}

function ringEllipsoidM2(ring: Position[]): number {
  const n = closedLength(ring);
  if (n < 3) return 0;
  const poly = geod.Polygon(false);
  for (let i = 0; i < n; i++) {
    const p = ring[i] as Position;
    poly.AddPoint(p[1] as number, p[0] as number);
  }
  // sign = true, then abs: the value does not depend on winding; reverse=false keeps GeographicLib's CCW-positive sense.
  return Math.abs(poly.Compute(false, true).area ?? 0);
}

export function ellipsoidAreaM2(g: ParcelGeometry): number {
  let total = 0;
  for (const poly of polygonsOf(g)) {
    poly.forEach((ring, i) => {
      const a = ringEllipsoidM2(ring);
      total += i === 0 ? a : -a;
    });
  }
  return total;
}
