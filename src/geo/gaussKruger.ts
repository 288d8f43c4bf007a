import proj4 from 'proj4';

/**
 * CGCS2000 3° Gauss–Krüger projections (EPSG:4513–4554). The CGCS2000 ellipsoid (a = 6378137, 1/f = 298.257222101)
 * is used for both the geographic and the projected side, so no datum shift is applied (CGCS2000 and WGS84 agree to
 * centimetres, far below what a parcel boundary resolves).
 */
export const CGCS2000_A = 6378137;
export const CGCS2000_RF = 298.257222101;
const LONLAT = `+proj=longlat +a=${CGCS2000_A} +rf=${CGCS2000_RF} +no_defs`;

export interface GkZone {
  centralMeridian: number;
  /** true when the easting carries the zone number (e.g. 38 500 000 m), as EPSG:4513–4533 do. */
  zonePrefix: boolean;
}

export interface Projector {
  zone: GkZone;
  /** lon/lat → easting/northing in metres */
  forward(lonLat: readonly [number, number] | number[]): [number, number];
  /** easting/northing → lon/lat */
  inverse(xy: readonly [number, number] | number[]): [number, number];
}

const cache = new Map<string, Projector>();

export function gkProj4String(zone: GkZone): string {
  const falseEasting = zone.zonePrefix ? (zone.centralMeridian / 3) * 1e6 + 500000 : 500000;
  return `+proj=tmerc +lat_0=0 +lon_0=${zone.centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +a=${CGCS2000_A} +rf=${CGCS2000_RF} +units=m +no_defs`;
}

export function gkProjector(zone: GkZone): Projector {
  const key = `${zone.centralMeridian}:${zone.zonePrefix}`;
  let p = cache.get(key);
  if (!p) {
    const conv = proj4(LONLAT, gkProj4String(zone));
    p = {
      zone,
      forward: (c) => conv.forward([c[0] as number, c[1] as number]) as [number, number],
      inverse: (c) => conv.inverse([c[0] as number, c[1] as number]) as [number, number],
    };
    cache.set(key, p);
  }
  return p;
}

/** The 3° zone whose central meridian is nearest to a longitude (zone n has its meridian at 3n°E). */
export const centralMeridianOf = (lon: number): number => Math.round(lon / 3) * 3;

/** EPSG:4513–4533: zones 25–45 with the zone prefix; EPSG:4534–4554: meridians 75°–135°E without it. */
export function zoneOfEpsg(code: number): GkZone | null {
  if (code >= 4513 && code <= 4533) return { centralMeridian: (code - 4513 + 25) * 3, zonePrefix: true };
  if (code >= 4534 && code <= 4554) return { centralMeridian: 75 + (code - 4534) * 3, zonePrefix: false };
  return null;
}
