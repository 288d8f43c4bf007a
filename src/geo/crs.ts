import type { Position } from 'geojson';
import { type GkZone, gkProjector, ZONES, zoneNumber, zoneOfEpsg, zoneOfPrefix } from './gaussKruger';

/**
 * What coordinate system a file's positions are in. Lon/lat (CGCS2000 or WGS84, RFC 7946 order) is used as is;
 * CGCS2000 Gauss–Krüger, 3° or 6° zones, is told from (in this order) the caller's EPSG code (CLI --crs, dataset.json
 * "crs"), a legacy `crs` member, or the coordinate ranges: an easting of 13–23 million metres carries a 6° zone's
 * number, 25–45 million a 3° zone's (the ranges do not overlap); a bare easting (≈ 100–900 km) needs the central
 * meridian from the caller (CLI --cm, dataset.json centralMeridian). Eastings of 13–15 million metres that Web
 * Mercator metres of eastern China could also be are not guessed: the caller must name the CRS (--crs).
 *
 * The ranges are read feature by feature over a sample of the file, and the kind most features have is the file's:
 * one stray feature (a typo, an easting that lost its zone prefix) does not make the whole file unreadable; it is
 * dropped on its own when read (`outsideZone`).
 */
export type CrsDetection =
  | { kind: 'lonlat' }
  | {
      kind: 'gauss-kruger';
      /** the zone, or with `perFeature` the zone most sampled features are in */
      zone: GkZone;
      from: 'crs-member' | 'zone-prefix' | 'option-cm' | 'option-crs' | 'prj';
      /** each feature in the zone its eastings' prefix names (zone-prefix detection: a file may span zones) */
      perFeature: boolean;
      /** the zone numbers met in the sample, with a prefix */
      zones: number[];
    }
  /**
   * A coordinate system a Shapefile's .prj names that is not one of the above (UTM, Xian 1980 or Beijing 1954
   * Gauss–Krüger, Web Mercator …): positions are taken to lon/lat by proj4 from its definition (`def`, the WKT).
   * `datum`: whether the datum is CGCS2000/WGS84 ('same') or another one ('other': no datum shift is applied, see
   * docs/import.md).
   */
  | { kind: 'proj4'; def: string; name: string; datum: 'same' | 'other' }
  /**
   * Lon/lat of a Chinese web map, declared by the user (they cannot be told from the numbers): GCJ-02 (高德, 腾讯,
   * 谷歌中国) or BD-09 (百度), each position taken to WGS84 by gcoord.
   */
  | { kind: 'offset'; system: OffsetSystem }
  | { kind: 'unknown'; reason: UnknownCrs; params: Record<string, string | number> };

/** The offset lon/lat systems of Chinese web maps. */
export type OffsetSystem = 'gcj02' | 'bd09';

/** A coordinate system stated outside the file's numbers: by a .prj, or by the user for GCJ-02 / BD-09. */
export type DeclaredCrs = Extract<CrsDetection, { kind: 'proj4' | 'offset' }>;

export type UnknownCrs = 'unsupported-epsg' | 'crs-member' | 'no-prefix' | 'unknown-zone' | 'ambiguous' | 'neither';

export interface CrsOptions {
  /** Central meridian (°E) for Gauss–Krüger coordinates without a zone prefix. */
  centralMeridian?: number | null;
  /** The input's coordinate system as an EPSG code (lon/lat or CGCS2000 Gauss–Krüger); wins over everything else. */
  crsCode?: number | null;
  /** where crsCode comes from, for the messages: the user (default) or a Shapefile's .prj */
  crsCodeFrom?: 'option-crs' | 'prj';
  /** A coordinate system proj4 or gcoord converts (a .prj's, or GCJ-02 / BD-09 declared): used when no crsCode is given. */
  declared?: DeclaredCrs | null;
}

const LONLAT_CODES = new Set([4326, 4490, 4610, 4214]);

/** Whether an EPSG code is one ParkAtlas reads: lon/lat or a CGCS2000 Gauss–Krüger zone. */
export const isSupportedEpsg = (code: number): boolean => LONLAT_CODES.has(code) || zoneOfEpsg(code) !== null;

export function epsgOfCrsMember(crs: unknown): number | 'crs84' | null {
  const name = (crs as { properties?: { name?: unknown } } | null)?.properties?.name;
  if (typeof name !== 'string') return null;
  if (name.toUpperCase().endsWith('CRS84')) return 'crs84';
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  return m ? Number(m[1]) : null;
}

/** The detection an EPSG code gives. */
function fromEpsg(code: number, from: 'crs-member' | 'option-crs' | 'prj'): CrsDetection {
  if (LONLAT_CODES.has(code)) return { kind: 'lonlat' };
  const zone = zoneOfEpsg(code);
  if (zone) return { kind: 'gauss-kruger', zone, from, perFeature: false, zones: zone.zonePrefix ? [zoneNumber(zone)] : [] };
  return { kind: 'unknown', reason: 'unsupported-epsg', params: { code } };
}

/**
 * The CRS of a file from its `crs` member and the bounds of (a sample of) its features, one entry per feature
 * (null for a feature without positions).
 */
export function detectCrs(crsMember: unknown, featureBounds: readonly (Bounds | null)[], opts: CrsOptions = {}): CrsDetection {
  if (opts.crsCode != null) return fromEpsg(opts.crsCode, opts.crsCodeFrom ?? 'option-crs');
  if (opts.declared) return opts.declared;
  const code = crsMember == null ? null : epsgOfCrsMember(crsMember);
  if (code === 'crs84') return { kind: 'lonlat' };
  if (typeof code === 'number') return fromEpsg(code, 'crs-member');
  if (crsMember != null) return { kind: 'unknown', reason: 'crs-member', params: {} };

  const kinds = featureBounds.filter((b): b is Bounds => b !== null).map((b) => ({ b, kind: rangeKind(b) }));
  if (kinds.length === 0) return { kind: 'lonlat' };
  // the kind most features have; lon/lat when it is at least half (the reader's range check drops the others)
  const count = new Map<string, number>();
  for (const k of kinds) count.set(k.kind, (count.get(k.kind) ?? 0) + 1);
  const lonLat = count.get('lonlat') ?? 0;
  const [top] = [...count].sort((a, b) => b[1] - a[1]);
  const kind = lonLat * 2 >= kinds.length ? 'lonlat' : (top?.[0] as string);
  const chosen = kinds.filter((k) => k.kind === kind).map((k) => k.b);
  const range = rangeText(chosen);
  if (kind === 'lonlat') return { kind: 'lonlat' };
  if (kind === 'gk3' || kind === 'gk6') {
    const zones = new Map<number, number>();
    for (const b of chosen) zones.set(Math.floor(b.minX / 1e6), (zones.get(Math.floor(b.minX / 1e6)) ?? 0) + 1);
    const [main] = [...zones].sort((a, b) => b[1] - a[1]);
    const zone = zoneOfPrefix(main?.[0] as number) as GkZone;
    return { kind: 'gauss-kruger', zone, from: 'zone-prefix', perFeature: true, zones: [...zones.keys()].sort((a, b) => a - b) };
  }
  if (kind === 'bare') {
    if (opts.centralMeridian != null)
      return { kind: 'gauss-kruger', zone: { centralMeridian: opts.centralMeridian, zonePrefix: false }, from: 'option-cm', perFeature: false, zones: [] };
    return { kind: 'unknown', reason: 'no-prefix', params: { range } };
  }
  if (kind.startsWith('zone')) return { kind: 'unknown', reason: 'unknown-zone', params: { zone: Number(kind.slice(4)), range } };
  if (kind.startsWith('ambiguous')) {
    const n = Number(kind.slice('ambiguous'.length));
    return { kind: 'unknown', reason: 'ambiguous', params: { zone: n, code: 4491 + n - ZONES[6].first, range } };
  }
  return { kind: 'unknown', reason: 'neither', params: { range } };
}

/**
 * What a feature's bounds look like: lon/lat ('lonlat'), prefixed 3° or 6° eastings ('gk3', 'gk6'), a prefix of no
 * zone ('zone24'), a prefix that Web Mercator metres of China could also give ('ambiguous13'), bare eastings, or other.
 */
function rangeKind(b: Bounds): string {
  if (b.minX >= -180 && b.maxX <= 180 && b.minY >= -90 && b.maxY <= 90) return 'lonlat';
  if (b.minX >= 1e7 && b.maxX < 6.1e7 && b.minY >= 0 && b.maxY <= 1e7) {
    const n = Math.floor(b.minX / 1e6);
    if (n !== Math.floor(b.maxX / 1e6)) return 'other';
    const zone = zoneOfPrefix(n);
    if (!zone) return `zone${n}`;
    // Web Mercator eastings of eastern China (117°–135°E) are 13.0–15.1 million metres: 6° zones 13–15 by their numbers
    return zone.zoneWidth === 6 && webMercatorInChina(b) ? `ambiguous${n}` : `gk${zone.zoneWidth}`;
  }
  if (b.minX >= 1e5 && b.maxX <= 9e5 && b.minY >= 1e6 && b.maxY <= 7e6) return 'bare';
  return 'other';
}

/** Whether bounds read as Web Mercator metres (EPSG:3857) fall in China (73°–136°E, 3°–54°N). */
function webMercatorInChina(b: Bounds): boolean {
  const R = 6378137;
  const lon = (x: number) => (x / R) * (180 / Math.PI);
  const lat = (y: number) => Math.atan(Math.sinh(y / R)) * (180 / Math.PI);
  return lon(b.minX) >= 73 && lon(b.maxX) <= 136 && lat(b.minY) >= 3 && lat(b.maxY) <= 54;
}

function rangeText(bs: readonly Bounds[]): string {
  const fmt = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toString() : v.toFixed(4));
  const lo = (f: (b: Bounds) => number) => Math.min(...bs.map(f));
  const hi = (f: (b: Bounds) => number) => Math.max(...bs.map(f));
  return `x ${fmt(lo((b) => b.minX))}…${fmt(hi((b) => b.maxX))}, y ${fmt(lo((b) => b.minY))}…${fmt(hi((b) => b.maxY))}`;
}

/**
 * The zone a feature of a Gauss–Krüger file is in, read from its first position's easting when each feature is in
 * the zone its prefix names; null when that prefix names no zone of the file's width.
 */
export function featureZone(crs: Extract<CrsDetection, { kind: 'gauss-kruger' }>, first: Position): GkZone | null {
  if (!crs.perFeature) return crs.zone;
  const zone = zoneOfPrefix(Math.floor((first[0] as number) / 1e6));
  return zone && zone.zoneWidth === crs.zone.zoneWidth ? zone : null;
}

/** The first position of a Gauss–Krüger geometry's coordinates that lies outside its zone's eastings, or null. */
export function outsideZone(coords: unknown, zone: GkZone): Position | null {
  const lo = zone.zonePrefix ? zoneNumber(zone) * 1e6 : 0;
  const hi = lo + 1e6;
  let found: Position | null = null;
  eachPosition(coords, (p) => {
    const x = p[0] as number;
    const y = p[1] as number;
    if (!(x > lo && x < hi && y > -1e7 && y < 1e7)) found = p;
    return found !== null;
  });
  return found;
}

/** Visits the positions of nested coordinate arrays (a validated geometry's: its depth is bounded), until `stop` says so. */
function eachPosition(c: unknown, stop: (p: Position) => boolean): boolean {
  if (!Array.isArray(c)) return false;
  if (typeof c[0] === 'number') return stop(c as Position);
  for (const child of c) if (eachPosition(child, stop)) return true;
  return false;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Coordinate arrays nest at most this deep in any geometry (a MultiPolygon's are 4); deeper parts are not looked at. */
const COORDINATE_DEPTH_MAX = 6;

/**
 * Bounds of every numeric position in nested coordinate arrays, read without recursion and no deeper than any
 * geometry nests (the input is not validated yet: a hostile file may nest arrays thousands deep).
 */
export function coordinateBounds(coordsList: Iterable<unknown>): Bounds | null {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const stack: [unknown, number][] = [];
  for (const c of coordsList) stack.push([c, 1]);
  while (stack.length > 0) {
    const [c, depth] = stack.pop() as [unknown, number];
    if (!Array.isArray(c)) continue;
    if (typeof c[0] === 'number') {
      const x = c[0];
      const y = c[1];
      if (typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < b.minX) b.minX = x;
      if (x > b.maxX) b.maxX = x;
      if (y < b.minY) b.minY = y;
      if (y > b.maxY) b.maxY = y;
      continue;
    }
    if (depth < COORDINATE_DEPTH_MAX) for (const child of c) stack.push([child, depth + 1]);
  }
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
