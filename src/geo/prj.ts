import gcoord from 'gcoord';
import type { Position } from 'geojson';
import proj4 from 'proj4';
import type { DeclaredCrs, OffsetSystem } from './crs';
import { CGCS2000_A, CGCS2000_RF, isCentralMeridian, ZONES } from './gaussKruger';

/**
 * What a Shapefile's .prj (WKT 1, as ESRI or OGC write it) says of its coordinates, read with proj4's WKT parser:
 *  - lon/lat (any geographic CRS): used as is (another datum than CGCS2000/WGS84 is said, see `datum`);
 *  - CGCS2000 Gauss–Krüger of a zone ParkAtlas knows (a 3° or 6° zone, its false easting 500 km, or with the zone
 *    number in front: 38 500 000 m): its EPSG code, so the file is read as one named by `--crs EPSG:…` is (each
 *    position checked against its zone);
 *  - any other projection proj4 knows (UTM, Xian 1980 or Beijing 1954 Gauss–Krüger, Web Mercator …): its definition,
 *    positions taken to lon/lat by proj4;
 *  - null, with the reason, when proj4 cannot read it.
 */
export type PrjCrs =
  | { kind: 'epsg'; code: number; name: string }
  | { kind: 'lonlat'; name: string; datum: 'same' | 'other' }
  | (Extract<DeclaredCrs, { kind: 'proj4' }> & { name: string })
  | { kind: 'unreadable'; detail: string };

interface ParsedProj {
  projName?: string;
  lat0?: number;
  long0?: number;
  x0?: number;
  y0?: number;
  k0?: number;
  a?: number;
  rf?: number;
  b?: number;
  datumCode?: string;
  to_meter?: number;
  units?: string;
  name?: string;
  srsCode?: string;
}

const R2D = 180 / Math.PI;
/** Transverse Mercator as proj4 names it from a WKT (ESRI's "Gauss_Kruger", OGC's "Transverse_Mercator") or a proj string. */
const TMERC = /^(gauss_kruger|transverse_mercator|tmerc|gauss-kruger)$/i;

export function crsOfPrj(wkt: string): PrjCrs {
  let p: ParsedProj;
  try {
    p = proj4.Proj(wkt.trim()) as unknown as ParsedProj;
    // a definition proj4 takes but cannot convert with (an unknown projection) throws here
    proj4(wkt.trim(), 'WGS84');
  } catch (e) {
    return { kind: 'unreadable', detail: (e as Error).message };
  }
  const name = String(p.srsCode ?? p.name ?? '').slice(0, 120);
  const datum = sameDatum(p) ? 'same' : 'other';
  if (p.projName === 'longlat') return { kind: 'lonlat', name, datum };
  const metres = p.to_meter === undefined || p.to_meter === 1;
  const cm = Math.round((p.long0 ?? 0) * R2D * 1e6) / 1e6;
  if (TMERC.test(p.projName ?? '') && cgcs2000(p) && metres && (p.k0 ?? 1) === 1 && (p.lat0 ?? 0) === 0 && (p.y0 ?? 0) === 0 && isCentralMeridian(cm)) {
    const code = gkEpsg(cm, p.x0 ?? 0);
    if (code !== null) return { kind: 'epsg', code, name };
  }
  return { kind: 'proj4', def: wkt.trim(), name, datum };
}

/** The ellipsoid is CGCS2000's (GRS 80 to the metre). */
const cgcs2000 = (p: ParsedProj) => Math.abs((p.a ?? 0) - CGCS2000_A) < 0.001 && Math.abs((p.rf ?? 0) - CGCS2000_RF) < 1e-6;

/**
 * CGCS2000 and WGS84 agree to centimetres (as gaussKruger.ts says); any other datum (Xian 1980, Beijing 1954, a local
 * one) is offset by tens of metres, which its .prj does not give the parameters to undo.
 */
const sameDatum = (p: ParsedProj) =>
  cgcs2000(p) ||
  /^(wgs84|china_2000|cgcs2000)$/i.test(p.datumCode ?? '') ||
  (Math.abs((p.a ?? 0) - 6378137) < 0.001 && Math.abs((p.rf ?? 0) - 298.257223563) < 1e-6);

/**
 * The EPSG code of a CGCS2000 Gauss–Krüger zone by its central meridian and false easting: 500 km (no zone number;
 * 3° zones EPSG:4534–4554, or 6° ones 4502–4512, told apart only by a meridian 6° zones do not have) or the zone
 * number in front (3° zones 4513–4533, 6° zones 4491–4501); null otherwise.
 */
function gkEpsg(cm: number, falseEasting: number): number | null {
  if (falseEasting === 500000) return 4534 + (cm - 75) / 3;
  const n = (falseEasting - 500000) / 1e6;
  if (!Number.isInteger(n)) return null;
  if (n >= ZONES[3].first && n <= ZONES[3].last && n * 3 === cm) return 4513 + n - ZONES[3].first;
  if (n >= ZONES[6].first && n <= ZONES[6].last && 6 * n - 3 === cm) return 4491 + n - ZONES[6].first;
  return null;
}

/** CGCS2000 lon/lat as proj4 converts to (the same ellipsoid as gaussKruger.ts; no datum shift, see sameDatum). */
const LONLAT = `+proj=longlat +a=${CGCS2000_A} +rf=${CGCS2000_RF} +no_defs`;

/** A function taking a position of a proj4 definition to lon/lat. */
export function toLonLatWith(def: string): (p: Position) => Position {
  const conv = proj4(def, LONLAT);
  return (p) => conv.forward([p[0] as number, p[1] as number]) as Position;
}

/** A function taking a position of GCJ-02 or BD-09 to WGS84 lon/lat (gcoord). */
export function fromOffset(system: OffsetSystem): (p: Position) => Position {
  const from = system === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  return (p) => gcoord.transform([p[0] as number, p[1] as number], from, gcoord.WGS84) as Position;
}
