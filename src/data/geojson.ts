import { booleanValid } from '@turf/boolean-valid';
import { kinks } from '@turf/kinks';
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import gjv from 'geojson-validation';
import { type Bounds, type CrsDetection, type CrsOptions, coordinateBounds, detectCrs, reprojectToLonLat } from '../geo/crs';
import { KINKS, turfChecksNeeded, VALID } from '../geo/turfChecks';
import { type ByteSource, type ElementSlice, readAll, scanFeatureCollection, scanFeatureCollectionSource, sliceElements } from './featureScan';
import { type Problem, type ProblemCategory, problem, type Severity } from './problem';

/**
 * Reading a GeoJSON file into polygon features: structure (geojson-validation plus the RFC 7946 rules it leaves out),
 * geometry validity, CRS detection and reprojection. Problems are returned, never thrown; a feature with an error is
 * dropped, one with warnings is kept. Given the file's bytes, a FeatureCollection is read one feature at a time
 * (featureScan.ts), so a caller that measures each feature and lets it go never holds the whole file as objects.
 */
export interface RawFeature {
  index: number;
  id: string | number | null;
  properties: Record<string, unknown>;
  geometry: Polygon | MultiPolygon;
}

export interface ReadOptions extends CrsOptions {
  file: string;
}

export interface PolygonLayer {
  features: RawFeature[];
  problems: Problem[];
  crs: CrsDetection | null;
  /** Number of features the file held (valid or not). */
  featureCount: number;
}

type Sink = (severity: Severity, category: ProblemCategory, code: string, message: string, property?: string) => void;

/** A layer opened for reading: file-level checks done, features read one at a time by `each`. */
export interface PolygonLayerReader {
  /** File-level problems, then each feature's as `each` reads it. */
  problems: Problem[];
  crs: CrsDetection | null;
  /** Number of features the file holds (valid or not). */
  featureCount: number;
  /** Reads every feature in order; `onFeature` gets the ones kept (those without errors). */
  each(onFeature: (f: RawFeature) => void): void;
  /** Reads features [from, to) in order, their problems pushed to `into`. */
  eachIn(from: number, to: number, into: Problem[], onFeature: (f: RawFeature) => void): void;
  /** Features [from, to) as bytes for `readSlice` (see ScannedCollection.slice); null when the file was not read feature by feature. */
  slice: ((from: number, to: number, into?: Uint8Array) => ElementSlice) | null;
}

/**
 * The file's text, its UTF-8 bytes, or a source to read them from in pieces (the CLI's: the file is then never held
 * whole). Bytes and sources are read feature by feature when they hold a FeatureCollection.
 */
export type LayerInput = string | Uint8Array | ByteSource;

/** The input's text, read whole. */
export function inputText(input: LayerInput): string {
  return typeof input === 'string' ? input : new TextDecoder().decode(input instanceof Uint8Array ? input : readAll(input));
}

interface Elements {
  count: number;
  get(i: number): unknown;
}

export function readPolygonLayer(input: LayerInput, opts: ReadOptions): PolygonLayer {
  const reader = openPolygonLayer(input, opts);
  const features: RawFeature[] = [];
  reader.each((f) => {
    features.push(f);
  });
  return { features, problems: reader.problems, crs: reader.crs, featureCount: reader.featureCount };
}

export function openPolygonLayer(input: LayerInput, opts: ReadOptions): PolygonLayerReader {
  const problems: Problem[] = [];
  const fileProblem = (severity: Severity, category: ProblemCategory, code: string, message: string) =>
    problems.push(problem({ file: opts.file, severity, category, code, message }));
  const none = (crs: CrsDetection | null = null, featureCount = 0): PolygonLayerReader => ({
    problems,
    crs,
    featureCount,
    each: () => {},
    eachIn: () => {},
    slice: null,
  });

  const scan = typeof input === 'string' ? null : input instanceof Uint8Array ? scanFeatureCollection(input) : scanFeatureCollectionSource(input);
  // anything but a FeatureCollection is one small object: parsed whole, as a text is
  const scanned = scan?.root.type === 'FeatureCollection' ? scan : null;
  let rootObj: Record<string, unknown>;
  let elements: Elements;
  if (scanned) {
    rootObj = scanned.root;
    elements = { count: scanned.count, get: scanned.element };
  } else {
    let root: unknown;
    try {
      const text = inputText(input);
      root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (e) {
      fileProblem('error', 'file', 'not-json', `not JSON: ${(e as Error).message}`);
      return none();
    }
    if (root === null || typeof root !== 'object' || Array.isArray(root)) {
      fileProblem('error', 'file', 'not-geojson', 'not GeoJSON: the root must be an object with a "type" member');
      return none();
    }
    rootObj = root as Record<string, unknown>;
    const list = rootObj.type === 'FeatureCollection' ? rootObj.features : null;
    elements = Array.isArray(list) ? { count: list.length, get: (i) => list[i] } : { count: 0, get: () => undefined };
  }
  switch (rootObj.type) {
    case 'FeatureCollection':
      if (!scanned && !Array.isArray(rootObj.features)) {
        fileProblem('error', 'geojson', 'not-geojson', 'not GeoJSON: a FeatureCollection needs a "features" array');
        return none();
      }
      if ('properties' in rootObj) fileProblem('error', 'geojson', 'foreign-member', 'a FeatureCollection must not have a "properties" member (RFC 7946 §7.1)');
      checkBbox(rootObj.bbox, (s, c, code, m) => fileProblem(s, c, code, m));
      break;
    case 'Feature':
      elements = { count: 1, get: () => rootObj };
      break;
    case 'Polygon':
    case 'MultiPolygon':
    case 'Point':
    case 'MultiPoint':
    case 'LineString':
    case 'MultiLineString':
    case 'GeometryCollection':
      elements = { count: 1, get: () => ({ type: 'Feature', properties: {}, geometry: rootObj }) };
      break;
    default:
      fileProblem('error', 'file', 'not-geojson', `not GeoJSON: type ${JSON.stringify(rootObj.type ?? null)} is not a GeoJSON type (types are case-sensitive)`);
      return none();
  }

  const crs = detectCrs(rootObj.crs, boundsForDetection(elements), opts);
  if (crs.kind === 'unknown') {
    fileProblem('error', 'crs', 'unknown-crs', crs.message);
    return none(crs, elements.count);
  }
  if (crs.kind === 'gauss-kruger') {
    fileProblem(
      'warning',
      'crs',
      'reprojected',
      `CGCS2000 3° Gauss–Krüger coordinates (central meridian ${crs.zone.centralMeridian}°E, ${crs.from}) reprojected to lon/lat`,
    );
  }

  const eachIn = (from: number, to: number, into: Problem[], onFeature: (f: RawFeature) => void) =>
    readElements(scanned ? scanned.elements(from, to) : elements.get, from, to, 0, crs, opts.file, into, onFeature);
  return {
    problems,
    crs,
    featureCount: elements.count,
    // a scanned file's features a run at a time (read at once when the file is read from a source)
    each: (onFeature) => {
      for (let from = 0; from < elements.count; from += EACH_RUN) eachIn(from, Math.min(elements.count, from + EACH_RUN), problems, onFeature);
    },
    eachIn,
    slice: scanned ? (from, to, into) => scanned.slice(from, to, into) : null,
  };
}

/** Features read at a time by `each` from a scanned file. */
const EACH_RUN = 1000;

/**
 * Reads the features of a slice taken by `PolygonLayerReader.slice` (in a worker thread, say): the same checks and
 * problems as `eachIn` over those features; `firstIndex` is the first one's index in the file.
 */
export function readSlice(
  slice: ElementSlice,
  firstIndex: number,
  crs: CrsDetection,
  file: string,
  problems: Problem[],
  onFeature: (f: RawFeature) => void,
): void {
  const elements = sliceElements(slice);
  readElements(elements.get, 0, elements.count, firstIndex, crs, file, problems, onFeature);
}

/** Reads elements [from, to) of a layer (parsed by `element`), feature i reported as index `offset + i`. */
function readElements(
  element: (i: number) => unknown,
  from: number,
  to: number,
  offset: number,
  crs: CrsDetection,
  file: string,
  problems: Problem[],
  onFeature: (f: RawFeature) => void,
): void {
  for (let i = from; i < to; i++) {
    const index = offset + i;
    let raw: unknown;
    try {
      raw = element(i);
    } catch (e) {
      // only a scanned file gets here: this feature alone is broken JSON, the others are read
      problems.push(
        problem({ file, featureIndex: index, severity: 'error', category: 'file', code: 'not-json', message: `not JSON: ${(e as Error).message}` }),
      );
      continue;
    }
    const f = readFeature(raw, index, crs, file, problems);
    if (f) onFeature(f);
  }
}

/**
 * Bounds to tell the CRS from. When most features lie in lon/lat range, a few stray positions (a typo of 93 for 33)
 * must not make the whole file "projected": those features are then dropped one by one as out of range.
 */
const DETECTION_SAMPLE = 2000;

function boundsForDetection(features: Elements): Bounds | null {
  // A spread sample is enough to tell the CRS; every feature is range-checked on its own later.
  const step = Math.max(1, Math.floor(features.count / DETECTION_SAMPLE));
  const perFeature: (Bounds | null)[] = [];
  for (let i = 0; i < features.count; i += step) {
    let f: unknown = null;
    try {
      f = features.get(i);
    } catch {
      // a broken feature is reported when it is read
    }
    const g = (f as { geometry?: { coordinates?: unknown } } | null)?.geometry;
    perFeature.push(g && typeof g === 'object' ? coordinateBounds([g.coordinates]) : null);
  }
  const present = perFeature.filter((b): b is Bounds => b !== null);
  const lonLat = present.filter((b) => b.minX >= -180 && b.maxX <= 180 && b.minY >= -90 && b.maxY <= 90);
  const chosen = lonLat.length * 2 >= present.length && lonLat.length > 0 ? lonLat : present;
  if (chosen.length === 0) return null;
  return {
    minX: Math.min(...chosen.map((b) => b.minX)),
    minY: Math.min(...chosen.map((b) => b.minY)),
    maxX: Math.max(...chosen.map((b) => b.maxX)),
    maxY: Math.max(...chosen.map((b) => b.maxY)),
  };
}

function readFeature(raw: unknown, index: number, crs: CrsDetection, file: string, problems: Problem[]): RawFeature | null {
  const obj = raw as Record<string, unknown> | null;
  const rawId = obj && typeof obj === 'object' ? ((obj.properties as Record<string, unknown> | null)?.id ?? obj.id) : null;
  const featureId = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : null;
  let dropped = false;
  const sink: Sink = (severity, category, code, message, property) => {
    if (severity === 'error') dropped = true;
    problems.push(problem({ file, featureIndex: index, featureId, property: property ?? null, severity, category, code, message }));
  };
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    sink('error', 'geojson', 'not-a-feature', 'every feature must be a JSON object');
    return null;
  }
  const trace = gjv.isFeature(obj, true) as string[];
  for (const m of trace) sink('error', 'geojson', 'invalid-geojson', m);
  checkFeatureMembers(obj, sink);
  if (dropped) return null;

  const geometry = obj.geometry as Geometry | null;
  if (geometry == null) {
    sink('error', 'contract', 'empty-geometry', 'the feature has no geometry');
    return null;
  }
  checkGeometry(geometry, sink, 0);
  if (dropped) return null;
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    sink('error', 'contract', 'not-polygon', `a ${geometry.type} is not a parcel or zone: only Polygon and MultiPolygon are read`);
    return null;
  }
  const lonLat: Polygon | MultiPolygon =
    crs.kind !== 'gauss-kruger'
      ? geometry
      : geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: reprojectToLonLat(geometry.coordinates, crs.zone) }
        : { type: 'MultiPolygon', coordinates: reprojectToLonLat(geometry.coordinates, crs.zone) };
  const clean = checkPolygonal(lonLat, sink);
  if (dropped || !clean) return null;
  const props = obj.properties;
  return {
    index,
    id: typeof obj.id === 'string' || typeof obj.id === 'number' ? obj.id : null,
    properties: props && typeof props === 'object' && !Array.isArray(props) ? (props as Record<string, unknown>) : {},
    geometry: clean,
  };
}

/** RFC 7946 rules geojson-validation leaves out. */
function checkFeatureMembers(f: Record<string, unknown>, sink: Sink): void {
  const props = f.properties;
  if (props !== null && props !== undefined && (typeof props !== 'object' || Array.isArray(props))) {
    sink('error', 'geojson', 'invalid-geojson', `"properties" must be an object or null, not ${Array.isArray(props) ? 'an array' : typeof props}`);
  }
  if ('id' in f && f.id != null && typeof f.id !== 'string' && typeof f.id !== 'number') {
    sink('error', 'geojson', 'invalid-geojson', 'a Feature "id" must be a string or a number');
  }
  if ('features' in f) sink('error', 'geojson', 'foreign-member', 'a Feature must not have a "features" member (RFC 7946 §7.1)');
  checkBbox(f.bbox, sink);
}

function checkBbox(bbox: unknown, sink: Sink): void {
  if (bbox === undefined) return;
  if (!Array.isArray(bbox) || !bbox.every((v) => typeof v === 'number')) {
    sink('error', 'geojson', 'invalid-bbox', '"bbox" must be an array of numbers');
    return;
  }
  if (bbox.length !== 4 && bbox.length !== 6) {
    sink('error', 'geojson', 'invalid-bbox', '"bbox" must have 4 (2D) or 6 (3D) numbers');
    return;
  }
  const half = bbox.length / 2;
  if ((bbox[1] as number) > (bbox[1 + half] as number)) sink('warning', 'geojson', 'bbox-order', '"bbox" south edge is north of its north edge');
}

function checkGeometry(g: Geometry, sink: Sink, depth: number): void {
  if ('properties' in g) sink('error', 'geojson', 'foreign-member', 'a geometry must not have a "properties" member (RFC 7946 §7.1)');
  if (g.type === 'GeometryCollection') {
    if (g.geometries.length === 0) sink('error', 'geometry', 'empty-geometry', 'the GeometryCollection is empty');
    if (g.geometries.length === 1)
      sink('error', 'geojson', 'single-member-collection', 'a GeometryCollection with one geometry should be that geometry (RFC 7946 §3.1.8)');
    if (depth > 0) sink('error', 'geojson', 'nested-collection', 'GeometryCollections must not be nested (RFC 7946 §3.1.8)');
    for (const child of g.geometries) if (child && typeof child === 'object') checkGeometry(child, sink, depth + 1);
    return;
  }
  checkBbox(g.bbox, sink);
  // A z value is allowed (RFC 7946 §3.1.1) and ignored without a word; more than three elements is not.
  if (hasLongPosition(g.coordinates)) sink('warning', 'geometry', 'extra-dimensions', 'positions have more than 3 elements: only x, y are read');
  if ((g.type === 'LineString' || g.type === 'MultiLineString') && lineParts(g).some((line) => !hasDistinct(line, 2))) {
    sink('warning', 'geometry', 'zero-length-line', 'a line has zero length (all its positions are equal)');
  }
}

const lineParts = (g: Geometry): Position[][] => (g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : []);

function hasLongPosition(c: unknown): boolean {
  if (!Array.isArray(c)) return false;
  if (typeof c[0] === 'number') return c.length > 3;
  // a ring or line: its positions' lengths in one loop (only GeoJSON-valid geometries get here)
  if (Array.isArray(c[0]) && typeof c[0][0] === 'number') {
    for (let i = 0; i < c.length; i++) if ((c[i] as unknown[]).length > 3) return true;
    return false;
  }
  for (const child of c) if (hasLongPosition(child)) return true;
  return false;
}

/** Whether a ring has at least `k` distinct positions (k ≤ 3), without building strings. */
function hasDistinct(ring: Position[], k: number): boolean {
  const seen: Position[] = [];
  for (const p of ring) {
    if (!seen.some((q) => q[0] === p[0] && q[1] === p[1])) seen.push(p);
    if (seen.length >= k) return true;
  }
  return false;
}

/** Ring validity of a lon/lat polygon. Returns the geometry with positions cut to x, y, or null when it must be dropped. */
function checkPolygonal(g: Polygon | MultiPolygon, sink: Sink): Polygon | MultiPolygon | null {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (polys.length === 0 || polys.some((rings) => rings.length === 0)) {
    sink('error', 'geometry', 'empty-geometry', 'the geometry has no coordinates');
    return null;
  }
  let ok = true;
  let long = false;
  polys.forEach((rings, pi) => {
    rings.forEach((ring, ri) => {
      const where = () => `${polys.length > 1 ? `polygon ${pi + 1} ` : ''}${ri === 0 ? 'exterior ring' : `hole ${ri}`}`;
      if (!hasDistinct(ring, 3)) {
        sink('error', 'geometry', 'degenerate-ring', `${where()} has fewer than 3 distinct positions`);
        ok = false;
        return;
      }
      // one pass: first position out of range, a repeated position, positions longer than x, y, twice the signed area
      let outOfRange: Position | null = null;
      let repeated = false;
      let twiceArea = 0;
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i] as Position;
        const x = p[0] as number;
        const y = p[1] as number;
        if (outOfRange === null && (Math.abs(x) > 180 || Math.abs(y) > 90)) outOfRange = p;
        if (p.length !== 2) long = true;
        if (i > 0) {
          const q = ring[i - 1] as Position;
          if (x === q[0] && y === q[1]) repeated = true;
          twiceArea += (q[0] as number) * y - x * (q[1] as number);
        }
      }
      if (outOfRange) {
        sink('error', 'geometry', 'out-of-range', `${where()} has a position out of lon/lat range: [${outOfRange.join(', ')}]`);
        ok = false;
        return;
      }
      if (repeated) sink('warning', 'geometry', 'duplicate-vertex', `${where()} repeats a position`);
      const ccw = twiceArea > 0;
      // RFC 7946 §3.1.6: exteriors counter-clockwise, holes clockwise. Areas do not depend on it, so only a warning.
      if (ri === 0 ? !ccw : ccw) sink('warning', 'geometry', 'winding', `${where()} is ${ccw ? 'counter-clockwise' : 'clockwise'} (RFC 7946 right-hand rule)`);
    });
  });
  if (!ok) return null;
  // Positions are cut to x, y only when some carry z or more (a copy of 100k plain parcels would cost memory for nothing).
  const flat: Polygon | MultiPolygon = !long
    ? ({ type: g.type, coordinates: g.coordinates } as Polygon | MultiPolygon)
    : g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map((p) => [p[0] as number, p[1] as number])) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map((rs) => rs.map((r) => r.map((p) => [p[0] as number, p[1] as number]))) };
  // turf kinks, ring by ring, finds a ring crossing itself (booleanValid misses a bow-tie); booleanValid finds
  // overlapping parts and rings touching along an edge (a hole touching its exterior at one vertex is valid).
  // Only where a pair of segments could meet (turfChecksNeeded): elsewhere neither check can find anything.
  const rings = flat.type === 'Polygon' ? flat.coordinates : flat.coordinates.flat();
  const need = turfChecksNeeded(flat.type === 'Polygon' ? [flat.coordinates] : flat.coordinates);
  let kink: ReturnType<typeof kinks>['features'][number] | undefined;
  for (let i = 0; i < rings.length && !kink && need & KINKS; i++) kink = kinks({ type: 'Polygon', coordinates: [rings[i] as Position[]] }).features[0];
  if (kink) {
    const at = (kink.geometry.coordinates as number[]).map((v) => v.toFixed(6)).join(', ');
    sink('error', 'geometry', 'self-intersection', `the boundary crosses itself near [${at}]`);
    return null;
  }
  // A single ring that does not cross itself is valid; holes and parts need booleanValid's ring-against-ring checks.
  if (rings.length > 1 && need & VALID && !booleanValid(flat)) {
    sink('error', 'geometry', 'invalid-polygon', 'the polygon is not valid: its parts overlap or its rings touch along an edge');
    return null;
  }
  return flat;
}
