import proj4 from 'proj4';

/**
 * CGCS2000 Gauss–Krüger projections: 3° zones (EPSG:4513–4554) and 6° zones (EPSG:4491–4512). The CGCS2000 ellipsoid (a = 6378137, 1/f = 298.257222101)
 * is used for both the geographic and the projected side, so no datum shift is applied (CGCS2000 and WGS84 agree to
 * centimetres, far below what a parcel boundary resolves).
 */
export const CGCS2000_A = 6378137;
export const CGCS2000_RF = 298.257222101;
const LONLAT = `+proj=longlat +a=${CGCS2000_A} +rf=${CGCS2000_RF} +no_defs`;

export interface GkZone {
  centralMeridian: number;
  /** true when the easting carries the zone number (e.g. 38 500 000 m), as EPSG:4513–4533 and 4491–4501 do. */
  zonePrefix: boolean;
  /**
   * The zone system, 3° unless said: 3° zone n has its central meridian at 3n°E (zones 25–45 cover China), 6° zone n
   * at (6n − 3)°E (zones 13–23). It matters only with a zone prefix: the same central meridian (117°E) is 3° zone 39
   * and 6° zone 20, and its prefix tells which.
   */
  zoneWidth?: 3 | 6;
}

/** The zone numbers that cover China, by zone width; their ranges do not overlap, so a prefix tells the width. */
export const ZONES = { 3: { first: 25, last: 45 }, 6: { first: 13, last: 23 } } as const;

/** The zone number of a zone (what its eastings' prefix is). */
export const zoneNumber = (zone: GkZone): number => ((zone.zoneWidth ?? 3) === 6 ? (zone.centralMeridian + 3) / 6 : zone.centralMeridian / 3);

/** The zone a prefixed easting's number names, or null when the number is no zone of China's in either system. */
export function zoneOfPrefix(n: number): GkZone | null {
  if (n >= ZONES[3].first && n <= ZONES[3].last) return { centralMeridian: 3 * n, zonePrefix: true, zoneWidth: 3 };
  if (n >= ZONES[6].first && n <= ZONES[6].last) return { centralMeridian: 6 * n - 3, zonePrefix: true, zoneWidth: 6 };
  return null;
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
  const falseEasting = zone.zonePrefix ? zoneNumber(zone) * 1e6 + 500000 : 500000;
  return `+proj=tmerc +lat_0=0 +lon_0=${zone.centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +a=${CGCS2000_A} +rf=${CGCS2000_RF} +units=m +no_defs`;
}

export function gkProjector(zone: GkZone): Projector {
  const key = gkProj4String(zone);
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

/**
 * CGCS2000 Gauss–Krüger EPSG codes (checked against PROJ's `projinfo`): 3° zones 25–45 with the zone prefix
 * 4513–4533 and their meridians 75°–135°E without it 4534–4554; 6° zones 13–23 with the prefix 4491–4501 and their
 * meridians without it 4502–4512.
 */
export function zoneOfEpsg(code: number): GkZone | null {
  if (code >= 4513 && code <= 4533) return { centralMeridian: (code - 4513 + 25) * 3, zonePrefix: true, zoneWidth: 3 };
  if (code >= 4534 && code <= 4554) return { centralMeridian: 75 + (code - 4534) * 3, zonePrefix: false, zoneWidth: 3 };
  if (code >= 4491 && code <= 4501) return { centralMeridian: 6 * (code - 4491 + 13) - 3, zonePrefix: true, zoneWidth: 6 };
  if (code >= 4502 && code <= 4512) return { centralMeridian: 75 + (code - 4502) * 6, zonePrefix: false, zoneWidth: 6 };
  return null;
}

/**
 * Whether a longitude is the central meridian of a Gauss–Krüger zone that covers China: a multiple of 3 from 75°
 * to 135°E (every 6° zone's meridian, 6n − 3, is one too).
 */
export const isCentralMeridian = (v: number): boolean => Number.isInteger(v) && v % 3 === 0 && v >= 75 && v <= 135;
