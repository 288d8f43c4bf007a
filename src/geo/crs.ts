import type { Position } from 'geojson';
import { type GkZone, gkProjector, zoneOfEpsg } from './gaussKruger';

/**
 * What coordinate system a file's positions are in. Lon/lat (CGCS2000 or WGS84, RFC 7946 order) is used as is;
 * CGCS2000 3° Gauss–Krüger is recognised from a legacy `crs` member (EPSG:4513–4554) or from the coordinate ranges:
 * an easting of 25–45 million metres carries the zone number; a bare easting (≈ 100–900 km) needs the central
 * meridian from the caller (CLI --cm, dataset.json centralMeridian).
 */
export type CrsDetection =
  | { kind: 'lonlat' }
  | { kind: 'gauss-kruger'; zone: GkZone; from: 'crs-member' | 'zone-prefix' | 'option' }
  | { kind: 'unknown'; message: string };

export interface CrsOptions {
  /** Central meridian (°E) for Gauss–Krüger coordinates without a zone prefix. */
  centralMeridian?: number | null;
}

export const CM_OPTION_HINT = 'set the central meridian with --cm <degrees> (e.g. --cm 114) or "centralMeridian" in dataset.json';

const LONLAT_CODES = new Set([4326, 4490, 4610, 4214]);

export function epsgOfCrsMember(crs: unknown): number | 'crs84' | null {
  const name = (crs as { properties?: { name?: unknown } } | null)?.properties?.name;
  if (typeof name !== 'string') return null;
  if (name.toUpperCase().endsWith('CRS84')) return 'crs84';
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  return m ? Number(m[1]) : null;
}

export function detectCrs(crsMember: unknown, bounds: Bounds | null, opts: CrsOptions = {}): CrsDetection {
  const code = crsMember == null ? null : epsgOfCrsMember(crsMember);
  if (code === 'crs84' || (typeof code === 'number' && LONLAT_CODES.has(code))) return { kind: 'lonlat' };
  if (typeof code === 'number') {
    const zone = zoneOfEpsg(code);
    if (zone) return { kind: 'gauss-kruger', zone, from: 'crs-member' };
    return { kind: 'unknown', message: `crs EPSG:${code} is not supported: use lon/lat (EPSG:4490/4326) or CGCS2000 3° Gauss–Krüger (EPSG:4513–4554)` };
  }
  if (crsMember != null) return { kind: 'unknown', message: 'the crs member names no EPSG code ParkAtlas knows' };
  if (!bounds) return { kind: 'lonlat' };
  const { minX, minY, maxX, maxY } = bounds;
  if (minX >= -180 && maxX <= 180 && minY >= -90 && maxY <= 90) return { kind: 'lonlat' };
  const range = `x ${fmt(minX)}…${fmt(maxX)}, y ${fmt(minY)}…${fmt(maxY)}`;
  if (minX >= 13e6 && maxX < 46e6 && minY >= 0 && maxY <= 1e7) {
    const zoneMin = Math.floor(minX / 1e6);
    const zoneMax = Math.floor(maxX / 1e6);
    if (zoneMin !== zoneMax) return { kind: 'unknown', message: `eastings span Gauss–Krüger zones ${zoneMin}–${zoneMax} (${range}); split the file by zone` };
    return { kind: 'gauss-kruger', zone: { centralMeridian: zoneMin * 3, zonePrefix: true }, from: 'zone-prefix' };
  }
  if (minX >= 1e5 && maxX <= 9e5 && minY >= 1e6 && maxY <= 7e6) {
    if (opts.centralMeridian != null) return { kind: 'gauss-kruger', zone: { centralMeridian: opts.centralMeridian, zonePrefix: false }, from: 'option' };
    return {
      kind: 'unknown',
      message: `coordinates look like CGCS2000 3° Gauss–Krüger without a zone prefix (${range}), so the zone cannot be told: ${CM_OPTION_HINT}`,
    };
  }
  return {
    kind: 'unknown',
    message: `coordinates are neither lon/lat nor CGCS2000 3° Gauss–Krüger (${range}); Web Mercator metres are not accepted: reproject to EPSG:4490 first`,
  };
}

const fmt = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toString() : v.toFixed(4));

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Bounds of every numeric position in any nested coordinate array. */
export function coordinateBounds(coordsList: Iterable<unknown>): Bounds | null {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const x = c[0];
      const y = c[1];
      if (typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return;
      if (x < b.minX) b.minX = x;
      if (x > b.maxX) b.maxX = x;
      if (y < b.minY) b.minY = y;
      if (y > b.maxY) b.maxY = y;
      return;
    }
    for (const child of c) visit(child);
  };
  for (const c of coordsList) visit(c);
  return Number.isFinite(b.minX) ? b : null;
}

/** A new coordinate array with every position taken from Gauss–Krüger metres to lon/lat. */
export function reprojectToLonLat<T>(coords: T, zone: GkZone): T {
  const proj = gkProjector(zone);
  const visit = (c: unknown): unknown => {
    if (!Array.isArray(c)) return c;
    if (typeof c[0] === 'number') return proj.inverse(c as Position);
    return c.map(visit);
  };
  return visit(coords) as T;
}
