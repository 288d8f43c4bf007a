import geodesic from 'geographiclib-geodesic';
import { planarAreaM2 } from './area';
import { CGCS2000_A, CGCS2000_RF } from './gaussKruger';

/**
 * What the measure tool reports. Distance: along geodesics on the CGCS2000 ellipsoid (GeographicLib's inverse
 * problem per segment), as a surveyor's distance on the ground. Area: the cadastral figure, planar in the CGCS2000
 * 3° Gauss–Krüger zone of the first point — the same function (planarAreaM2) as every parcel's area, so measuring a
 * parcel along its vertices gives its cadastral area.
 */
const geod = new geodesic.Geodesic.Geodesic(CGCS2000_A, 1 / CGCS2000_RF);

export type LngLat = [number, number];

/** Length of a path through the points, in metres. */
export function pathLengthM(points: readonly LngLat[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as LngLat;
    const b = points[i] as LngLat;
    total += geod.Inverse(a[1], a[0], b[1], b[0]).s12 ?? 0;
  }
  return total;
}

/** Area of the polygon through the points (closed back to the first), in m²; 0 below three points. */
export function polygonAreaM2(points: readonly LngLat[]): number {
  if (points.length < 3) return 0;
  return planarAreaM2({ type: 'Polygon', coordinates: [[...points, points[0] as LngLat]] });
}

/** Perimeter of the polygon through the points, closed back to the first, in metres. */
export function perimeterM(points: readonly LngLat[]): number {
  return points.length < 2 ? 0 : pathLengthM([...points, points[0] as LngLat]);
}
