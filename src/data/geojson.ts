import { booleanValid } from '@turf/boolean-valid';
import { kinks } from '@turf/kinks';
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import gjv from 'geojson-validation';
import { type Bounds, type CrsDetection, type CrsOptions, coordinateBounds, detectCrs, featureZone, outsideZone, reprojectToLonLat } from '../geo/crs';
import { zoneNumber } from '../geo/gaussKruger';
import { fromOffset, toLonLatWith } from '../geo/prj';
import { KINKS, turfChecksNeeded, VALID } from '../geo/turfChecks';
import type { TextParams, TextRef } from '../i18n/plain';
import { asUtf8, ENCODING_NAMES, sniffEncoding } from './encoding';
import { type ByteSource, type ElementSlice, readAll, type ScanDamage, scanFeatureCollection, scanFeatureCollectionSource, sliceElements } from './featureScan';
import { notJsonParams } from './jsonError';
import { type Problem, type ProblemCategory, problem, quoted, type Severity } from './problem';
import { MORE_IN_FEATURE, ProblemList } from './problemList';

/**
 * Reading a GeoJSON file into polygon features: structure (geojson-validation plus the RFC 7946 rules it leaves out),
 * geometry validity, CRS detection and reprojection. Problems are returned, never thrown; a feature with an error is
 * dropped, one with warnings is kept. A FeatureCollection is read one feature at a time (featureScan.ts), so a caller
 * that measures each feature and lets it go never holds the whole file as objects, and a file damaged or cut short
 * keeps the features before the damage.
 *
 * Input is untrusted: nesting is checked before anything recurses into it (GEOMETRY_DEPTH_MAX, PROPERTY_DEPTH_MAX),
 * a feature reports at most FEATURE_PROBLEMS_PER_KIND problems of a kind, and the layer's problems are a ProblemList
 * (bounded per kind), so memory follows the input's size, not what it holds.
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

type Sink = (severity: Severity, category: ProblemCategory, code: string, params?: TextParams, property?: string) => void;

/** A layer opened for reading: file-level checks done, features read one at a time by `each`. */
export interface PolygonLayerReader {
  /** File-level problems, then each feature's as `each` reads it (a ProblemList: bounded per kind). */
  problems: Problem[];
  crs: CrsDetection | null;
  /** Number of features the file holds (valid or not; for a damaged file, those before the damage). */
  featureCount: number;
  /** Reads every feature in order; `onFeature` gets the ones kept (those without errors). */
  each(onFeature: (f: RawFeature) => void): void;
  /** Reads features [from, to) in order, their problems pushed to `into`. */
  eachIn(from: number, to: number, into: Problem[], onFeature: (f: RawFeature) => void): void;
  /** Features [from, to) as bytes for `readSlice` (see ScannedCollection.slice); null when the file was not read feature by feature. */
  slice: ((from: number, to: number, into?: Uint8Array) => ElementSlice) | null;
}

/**
 * The file's text, its bytes (UTF-8, or UTF-16 with a warning), or a source to read them from in pieces (the CLI's:
 * the file is then never held whole). A FeatureCollection is read feature by feature from any of them.
 */
export type LayerInput = string | Uint8Array | ByteSource;

/**
 * A geometry (with the feature's bbox) nests objects and arrays no deeper than this: a MultiPolygon's positions are
 * 5 deep, in a GeometryCollection 7 (RFC 7946 forbids nesting collections; one level is reported as such). Deeper is
 * not read: geojson-validation recurses into arrays (toString of a ring), as would anything after it.
 */
export const GEOMETRY_DEPTH_MAX = 16;
/** A property value nests objects and arrays no deeper than this; a deeper one is dropped with a warning (nothing ParkAtlas reads nests). */
export const PROPERTY_DEPTH_MAX = 32;
/** A feature reports at most this many problems of one kind (code and property), then how many more (MORE_IN_FEATURE). */
export const FEATURE_PROBLEMS_PER_KIND = 3;
/**
 * A polygon of less than this area is degenerate (a point or a sliver typed by mistake), an error: its figures per
 * 亩 would be absurd (a 1e-14 m² parcel gave 3.25e20 万元/亩). No parcel, zone or constraint is smaller than 1 m².
 */
export const MIN_POLYGON_AREA_M2 = 1;

export function readPolygonLayer(input: LayerInput, opts: ReadOptions): PolygonLayer {
  const reader = openPolygonLayer(input, opts);
  const features: RawFeature[] = [];
  reader.each((f) => {
    features.push(f);
  });
  return { features, problems: reader.problems, crs: reader.crs, featureCount: reader.featureCount };
}

interface Elements {
  count: number;
  get(i: number): unknown;
}

export function openPolygonLayer(input: LayerInput, opts: ReadOptions): PolygonLayerReader {
  const problems = new ProblemList();
  const fileProblem = (severity: Severity, category: ProblemCategory, code: string, params: TextParams = {}) =>
    problems.push(problem({ file: opts.file, severity, category, code, params }));
  const none = (crs: CrsDetection | null = null, featureCount = 0): PolygonLayerReader => ({
    problems,
    crs,
    featureCount,
    each: () => {},
    eachIn: () => {},
    slice: null,
  });

  // UTF-16 is read as UTF-8 bytes, with a warning; text is read as its UTF-8 bytes (one path for every input)
  let source: Uint8Array | ByteSource;
  if (typeof input === 'string') source = new TextEncoder().encode(input);
  else {
    const head = input instanceof Uint8Array ? input.subarray(0, 2) : readHead(input);
    if (sniffEncoding(head) === 'utf-8') source = input;
    else {
      const utf8 = asUtf8(input instanceof Uint8Array ? input : readAll(input));
      fileProblem('warning', 'file', 'encoding', { variant: 'utf16', encoding: ENCODING_NAMES[utf8.encoding] });
      source = utf8.bytes;
    }
  }
  const scan = source instanceof Uint8Array ? scanFeatureCollection(source) : scanFeatureCollectionSource(source);
  // anything but a FeatureCollection is one small object: parsed whole (a damaged file whose "type" was lost is one)
  const scanned = scan?.root.type === 'FeatureCollection' || (scan?.damage && scan.root.type === undefined) ? scan : null;
  let rootObj: Record<string, unknown>;
  let elements: Elements;
  if (scanned) {
    rootObj = { type: 'FeatureCollection', ...scanned.root };
    elements = { count: scanned.count, get: scanned.element };
    if (scanned.damage) fileProblem('error', 'file', 'not-json', damageParams(scanned.damage));
  } else {
    let root: unknown;
    try {
      const bytes = source instanceof Uint8Array ? source : readAll(source);
      root = JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      fileProblem('error', 'file', 'not-json', notJsonParams(e));
      return none();
    }
    if (root === null || typeof root !== 'object' || Array.isArray(root)) {
      fileProblem('error', 'file', 'not-geojson', { variant: 'root-not-object' });
      return none();
    }
    rootObj = root as Record<string, unknown>;
    const list = rootObj.type === 'FeatureCollection' ? rootObj.features : null;
    elements = Array.isArray(list) ? { count: list.length, get: (i) => list[i] } : { count: 0, get: () => undefined };
  }
  switch (rootObj.type) {
    case 'FeatureCollection':
      if (!scanned && !Array.isArray(rootObj.features)) {
        fileProblem('error', 'geojson', 'not-geojson', { variant: 'no-features-array' });
        return none();
      }
      if ('properties' in rootObj) fileProblem('error', 'geojson', 'foreign-member', { container: 'FeatureCollection', member: 'properties' });
      checkBbox(rootObj.bbox, (s, c, code, params) => fileProblem(s, c, code, params));
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
      fileProblem('error', 'file', 'not-geojson', {
        variant: 'unknown-type',
        type: quoted(JSON.stringify(typeof rootObj.type === 'string' ? rootObj.type : null)),
      });
      return none();
  }

  return openFeatureLayer(
    {
      count: elements.count,
      get: elements.get,
      run: scanned ? (from, to) => scanned.elements(from, to) : undefined,
      slice: scanned ? (from, to, into) => scanned.slice(from, to, into) : null,
    },
    rootObj.crs,
    problems,
    opts,
  );
}

/**
 * A layer's features however they are stored: a GeoJSON file scanned feature by feature (above), or the records of a
 * Shapefile decoded (shapefile.ts, importLayer.ts). Every reader hands its features to `openFeatureLayer` as
 * GeoJSON-like objects, so each is checked the same way and gives the same problems.
 */
export interface FeatureSource {
  count: number;
  /** Feature i as a GeoJSON-like object, not yet checked; may throw for one that cannot be parsed. */
  get(i: number): unknown;
  /** A getter for features [from, to), when reading a run at once is cheaper (a scanned file); default: `get`. */
  run?(from: number, to: number): (i: number) => unknown;
  /** Features [from, to) as bytes for another thread (see ElementSlice); null: read on this thread only. */
  slice: ((from: number, to: number, into?: Uint8Array) => ElementSlice) | null;
}

/**
 * Opens a layer over its features: the CRS told from `crsMember` (a GeoJSON root's "crs"), the options and a sample of
 * the features' bounds; file-level problems pushed to `problems` (the layer's list); the features read in order by the
 * reader's `each` / `eachIn`, each checked by readFeature.
 */
export function openFeatureLayer(source: FeatureSource, crsMember: unknown, problems: ProblemList, opts: ReadOptions): PolygonLayerReader {
  const fileProblem = (severity: Severity, category: ProblemCategory, code: string, params: TextParams = {}) =>
    problems.push(problem({ file: opts.file, severity, category, code, params }));
  const elements: Elements = { count: source.count, get: source.get };
  const crs = detectCrs(crsMember, boundsForDetection(elements), opts);
  if (crs.kind === 'unknown') {
    fileProblem('error', 'crs', 'unknown-crs', { variant: crs.reason, ...crs.params, hint: CRS_HINTS[crs.reason] ?? '' });
    return { problems, crs, featureCount: elements.count, each: () => {}, eachIn: () => {}, slice: null };
  }
  if (crs.kind === 'gauss-kruger') {
    const multi = crs.perFeature && crs.zones.length > 1;
    fileProblem('warning', 'crs', 'reprojected', {
      variant: multi ? 'zone-prefixes' : crs.from,
      width: crs.zone.zoneWidth ?? 3,
      centralMeridian: crs.zone.centralMeridian,
      zones: crs.zones.join(', '),
    });
  }
  if (crs.kind === 'proj4') {
    fileProblem('warning', 'crs', 'reprojected', { variant: 'prj-def', name: quoted(crs.name) });
    if (crs.datum === 'other') fileProblem('warning', 'crs', 'datum-not-shifted', { name: quoted(crs.name) });
  }
  if (crs.kind === 'offset') fileProblem('warning', 'crs', 'reprojected', { variant: crs.system });

  const eachIn = (from: number, to: number, into: Problem[], onFeature: (f: RawFeature) => void) =>
    readElements(source.run ? source.run(from, to) : source.get, from, to, 0, crs, opts.file, into, onFeature);
  return {
    problems,
    crs,
    featureCount: elements.count,
    // a scanned file's features a run at a time (read at once when the file is read from a source)
    each: (onFeature) => {
      for (let from = 0; from < elements.count; from += EACH_RUN) eachIn(from, Math.min(elements.count, from + EACH_RUN), problems, onFeature);
    },
    eachIn,
    slice: source.slice,
  };
}

/** Features held as objects (a decoded Shapefile's), as a source whose slices are their JSON texts (for other threads). */
export function objectSource(features: readonly unknown[]): FeatureSource {
  const utf8 = new TextEncoder();
  return {
    count: features.length,
    get: (i) => features[i],
    slice: (from, to) => {
      const texts = features.slice(from, to).map((f) => utf8.encode(JSON.stringify(f)));
      const starts = new Int32Array(texts.length);
      const ends = new Int32Array(texts.length);
      let at = 0;
      texts.forEach((t, k) => {
        starts[k] = at;
        at += t.length;
        ends[k] = at;
      });
      const bytes = new Uint8Array(at);
      texts.forEach((t, k) => {
        bytes.set(t, starts[k] as number);
      });
      return { bytes, starts, ends };
    },
  };
}

/** The first bytes of a source (to tell its encoding). */
function readHead(src: ByteSource): Uint8Array {
  const head = new Uint8Array(Math.min(2, src.size));
  const n = head.length > 0 ? src.readAt(head, 0) : 0;
  return head.subarray(0, Math.max(0, n));
}

const damageParams = (d: ScanDamage): TextParams => ({ variant: d.kind, offset: d.offset, index: d.index });

/** What an unknown-CRS message tells the user to do, by reason. */
const CRS_HINTS: Record<string, TextRef> = {
  'no-prefix': { key: 'crsHint.cm' },
  'unknown-zone': { key: 'crsHint.crs' },
};

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
      problems.push(problem({ file, featureIndex: index, severity: 'error', category: 'file', code: 'not-json', params: notJsonParams(e) }));
      continue;
    }
    const f = readFeature(raw, index, crs, file, problems);
    if (f) onFeature(f);
  }
}

/**
 * Bounds to tell the CRS from, one per feature of a spread sample: when most features lie in one range, a few
 * stray positions (a typo of 93 for 33, an easting that lost its zone prefix) must not make the whole file
 * unreadable: those features are dropped one by one when read.
 */
const DETECTION_SAMPLE = 2000;

function boundsForDetection(features: Elements): (Bounds | null)[] {
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
  return perFeature;
}

function readFeature(raw: unknown, index: number, crs: CrsDetection, file: string, problems: Problem[]): RawFeature | null {
  const obj = raw as Record<string, unknown> | null;
  const rawId = obj && typeof obj === 'object' ? ((obj.properties as Record<string, unknown> | null)?.id ?? obj.id) : null;
  const featureId = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : null;
  let dropped = false;
  // per kind (code and property): how many were reported, and how many more there were
  const counts = new Map<string, number>();
  const sink: Sink = (severity, category, code, params, property) => {
    if (severity === 'error') dropped = true;
    const kind = `${code}\u0000${property ?? ''}`;
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    if (n <= FEATURE_PROBLEMS_PER_KIND)
      problems.push(problem({ file, featureIndex: index, featureId, property: property ?? null, severity, category, code, params }));
    else if (n === FEATURE_PROBLEMS_PER_KIND + 1) overflow.push({ severity, category, code, property: property ?? null });
  };
  const overflow: { severity: Severity; category: ProblemCategory; code: string; property: string | null }[] = [];
  const finish = <T>(result: T): T => {
    for (const o of overflow)
      problems.push(
        problem({
          file,
          featureIndex: index,
          featureId,
          property: o.property,
          severity: o.severity,
          category: o.category,
          code: MORE_IN_FEATURE,
          params: { count: (counts.get(`${o.code}\u0000${o.property ?? ''}`) as number) - FEATURE_PROBLEMS_PER_KIND, kind: o.code },
        }),
      );
    return result;
  };

  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    sink('error', 'geojson', 'not-a-feature');
    return finish(null);
  }
  // nesting first: validation, bounds and copies recurse into what they are given
  if (deeperThan([obj.geometry, obj.bbox], GEOMETRY_DEPTH_MAX + 1)) {
    sink('error', 'geometry', 'too-deep', { variant: 'geometry', limit: GEOMETRY_DEPTH_MAX });
    return finish(null);
  }
  const props = shallowProperties(obj.properties, sink);
  for (const m of geojsonTrace(obj)) sink('error', 'geojson', 'invalid-geojson', { variant: 'rule', rule: geojsonRule(m) });
  checkFeatureMembers(obj, sink);
  if (dropped) return finish(null);

  const geometry = obj.geometry as Geometry | null;
  if (geometry == null) {
    sink('error', 'contract', 'empty-geometry', { variant: 'no-geometry' });
    return finish(null);
  }
  checkGeometry(geometry, sink, 0);
  if (dropped) return finish(null);
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    sink('error', 'contract', 'not-polygon', { type: geometry.type });
    return finish(null);
  }
  const lonLat =
    crs.kind === 'gauss-kruger' ? fromGaussKruger(geometry, crs, sink) : crs.kind === 'proj4' || crs.kind === 'offset' ? converted(geometry, crs) : geometry;
  if (!lonLat) return finish(null);
  const clean = checkPolygonal(lonLat, sink);
  if (dropped || !clean) return finish(null);
  for (const [key, v] of Object.entries(props)) {
    const bad = typeof v === 'string' ? replacementCount(v) : 0;
    if (bad > 0) sink('warning', 'file', 'replacement-characters', { count: bad }, key);
  }
  return finish({
    index,
    id: typeof obj.id === 'string' || typeof obj.id === 'number' ? obj.id : null,
    properties: props,
    geometry: clean,
  });
}

/** A Gauss–Krüger polygon in lon/lat, each feature in its zone; null (with an error) when a position lies outside it. */
function fromGaussKruger(g: Polygon | MultiPolygon, crs: Extract<CrsDetection, { kind: 'gauss-kruger' }>, sink: Sink): Polygon | MultiPolygon | null {
  const first = (g.type === 'Polygon' ? g.coordinates[0]?.[0] : g.coordinates[0]?.[0]?.[0]) ?? [0, 0];
  const zone = featureZone(crs, first);
  const stray = zone ? outsideZone(g.coordinates, zone) : first;
  if (!zone || stray) {
    const z = zone ?? crs.zone;
    sink('error', 'crs', 'outside-zone', {
      where: { key: 'polygonPart.feature' },
      x: quoted(stray?.[0]),
      zone: z.zonePrefix ? zoneNumber(z) : `${z.centralMeridian}°E`,
    });
    return null;
  }
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: reprojectToLonLat(g.coordinates, zone) }
    : { type: 'MultiPolygon', coordinates: reprojectToLonLat(g.coordinates, zone) };
}

/** Converters of the CRSs proj4 and gcoord convert, made once per definition (a worker thread gets the CRS as data). */
const converters = new Map<string, (p: Position) => Position>();

/** A polygon's positions taken to lon/lat by proj4 (a .prj's CRS) or gcoord (GCJ-02, BD-09). */
function converted(g: Polygon | MultiPolygon, crs: Extract<CrsDetection, { kind: 'proj4' | 'offset' }>): Polygon | MultiPolygon {
  const key = crs.kind === 'proj4' ? crs.def : crs.system;
  let convert = converters.get(key);
  if (!convert) {
    convert = crs.kind === 'proj4' ? toLonLatWith(crs.def) : fromOffset(crs.system);
    converters.set(key, convert);
  }
  const f = convert;
  const ring = (r: Position[]) => r.map((p) => f(p));
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((rs) => rs.map(ring)) };
}

/**
 * A feature's properties as an object, each value nested deeper than PROPERTY_DEPTH_MAX left out with a warning
 * (a copy only when one is left out). Not an object: an empty one (checkFeatureMembers reports it).
 */
function shallowProperties(props: unknown, sink: Sink): Record<string, unknown> {
  if (!props || typeof props !== 'object' || Array.isArray(props)) return {};
  const p = props as Record<string, unknown>;
  let out = p;
  for (const key of Object.keys(p)) {
    const v = p[key];
    if (v !== null && typeof v === 'object' && deeperThan(v, PROPERTY_DEPTH_MAX)) {
      sink('warning', 'contract', 'too-deep', { variant: 'property', limit: PROPERTY_DEPTH_MAX }, key);
      if (out === p) out = { ...p };
      delete out[key];
    }
  }
  return out;
}

/**
 * Whether a JSON value nests objects and arrays deeper than `limit` (the value itself is level 1), read without
 * recursion. An array of numbers only (a position) is looked at where it is met, not stacked: the walk over a
 * geometry costs a look at each number, as the checks after it do.
 */
export function deeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: object[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const v = stack.pop() as object;
    const depth = depths.pop() as number;
    if (depth > limit) return true;
    const children: unknown[] = Array.isArray(v) ? v : Object.values(v);
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c === null || typeof c !== 'object') continue;
      if (Array.isArray(c) && numbersOnly(c)) {
        if (depth + 1 > limit) return true;
        continue;
      }
      stack.push(c);
      depths.push(depth + 1);
    }
  }
  return false;
}

function numbersOnly(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return false;
  return true;
}

/** How many U+FFFD a text holds: what TextDecoder makes of bytes that are not UTF-8 (a GBK file, say). */
function replacementCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\ufffd'); i >= 0; i = s.indexOf('\ufffd', i + 1)) n++;
  return n;
}

/**
 * geojson-validation's messages for a feature. It throws on some input (an empty ring: it reads the ring's first
 * position): that is a problem of the feature too, not of the program.
 */
function geojsonTrace(obj: Record<string, unknown>): string[] {
  try {
    return gjv.isFeature(obj, true) as string[];
  } catch {
    return [UNCHECKABLE];
  }
}
const UNCHECKABLE = 'unchecked';

/** geojson-validation's English messages as texts of src/i18n (`geojsonRule.<kind>`), the place in the coordinates kept. */
function geojsonRule(message: string): TextRef {
  const path = /^((?:at \d+: )*)/.exec(message)?.[1] ?? '';
  const rest = message.slice(path.length);
  const at: TextRef | string = path ? { key: 'geojsonRule.path', params: { path: path.replace(/at (\d+): /g, '$1.').slice(0, -1) } } : '';
  for (const [re, kind, params] of GEOJSON_RULES) {
    const m = re.exec(rest);
    if (m) return { key: `geojsonRule.${kind}`, params: { at, ...params?.(m) } };
  }
  return { key: 'geojsonRule.other', params: { at, text: quoted(rest) } };
}

const GEOJSON_RULES: [RegExp, string, ((m: RegExpExecArray) => Record<string, string | number>)?][] = [
  [/^must have a member with the name "(\w+)"$/, 'missing-member', (m) => ({ member: m[1] as string })],
  [/^type must be one of: /, 'type-unknown'],
  [/^type must be (".+")$/, 'type-must-be', (m) => ({ type: m[1] as string })],
  [/^"?(\w+)"? must be an array$/, 'not-array', (m) => ({ member: m[1] as string })],
  [/^Position must be at least two elements$/, 'position-short'],
  [/^Position must only contain numbers\. Item (.*) at index (\d+) is invalid\.$/s, 'position-number', (m) => ({ item: quoted(m[1]), index: Number(m[2]) })],
  [/^Position must be an array$/, 'position-array'],
  [/^coordinates must have at least (two elements|four positions)$/, 'too-few', (m) => ({ count: m[1] === 'two elements' ? 2 : 4 })],
  [/^The first and last positions must be equivalent$/, 'ring-not-closed'],
  [/^bbox, must be a 2\*n array$/, 'bbox-2n'],
  [/^must be a JSON Object$/, 'not-object'],
  [new RegExp(`^${UNCHECKABLE}$`), 'unchecked'],
];

/** RFC 7946 rules geojson-validation leaves out. */
function checkFeatureMembers(f: Record<string, unknown>, sink: Sink): void {
  const props = f.properties;
  if (props !== null && props !== undefined && (typeof props !== 'object' || Array.isArray(props))) {
    sink('error', 'geojson', 'invalid-geojson', { variant: 'properties-type', type: { key: `valueType.${Array.isArray(props) ? 'array' : typeof props}` } });
  }
  if ('id' in f && f.id != null && typeof f.id !== 'string' && typeof f.id !== 'number') {
    sink('error', 'geojson', 'invalid-geojson', { variant: 'id-type' });
  }
  if ('features' in f) sink('error', 'geojson', 'foreign-member', { container: 'Feature', member: 'features' });
  checkBbox(f.bbox, sink);
}

function checkBbox(bbox: unknown, sink: Sink): void {
  if (bbox === undefined) return;
  if (!Array.isArray(bbox) || !bbox.every((v) => typeof v === 'number')) {
    sink('error', 'geojson', 'invalid-bbox', { variant: 'not-numbers' });
    return;
  }
  if (bbox.length !== 4 && bbox.length !== 6) {
    sink('error', 'geojson', 'invalid-bbox', { variant: 'length' });
    return;
  }
  const half = bbox.length / 2;
  if ((bbox[1] as number) > (bbox[1 + half] as number)) sink('warning', 'geojson', 'bbox-order');
}

function checkGeometry(g: Geometry, sink: Sink, depth: number): void {
  if ('properties' in g) sink('error', 'geojson', 'foreign-member', { container: 'geometry', member: 'properties' });
  if (g.type === 'GeometryCollection') {
    if (g.geometries.length === 0) sink('error', 'geometry', 'empty-geometry', { variant: 'empty-collection' });
    if (g.geometries.length === 1) sink('error', 'geojson', 'single-member-collection');
    if (depth > 0) sink('error', 'geojson', 'nested-collection');
    for (const child of g.geometries) if (child && typeof child === 'object') checkGeometry(child, sink, depth + 1);
    return;
  }
  checkBbox(g.bbox, sink);
  // A z value is allowed (RFC 7946 §3.1.1) and ignored without a word; more than three elements is not.
  if (hasLongPosition(g.coordinates)) sink('warning', 'geometry', 'extra-dimensions');
  if ((g.type === 'LineString' || g.type === 'MultiLineString') && lineParts(g).some((line) => !hasDistinct(line, 2))) {
    sink('warning', 'geometry', 'zero-length-line');
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

/** The part of a polygon a ring is, as a text of src/i18n. */
function ringPart(parts: number, pi: number, ri: number): TextRef {
  if (parts > 1)
    return ri === 0 ? { key: 'polygonPart.partExterior', params: { part: pi + 1 } } : { key: 'polygonPart.partHole', params: { part: pi + 1, hole: ri } };
  return ri === 0 ? { key: 'polygonPart.exterior' } : { key: 'polygonPart.hole', params: { hole: ri } };
}

/** Square metres per square degree at the equator (WGS84 / CGCS2000 semi-major axis): a plate carrée area to tell a degenerate polygon. */
const M2_PER_SQUARE_DEGREE = (6378137 * (Math.PI / 180)) ** 2;

/** Ring validity of a lon/lat polygon. Returns the geometry with positions cut to x, y, or null when it must be dropped. */
function checkPolygonal(g: Polygon | MultiPolygon, sink: Sink): Polygon | MultiPolygon | null {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (polys.length === 0 || polys.some((rings) => rings.length === 0)) {
    sink('error', 'geometry', 'empty-geometry', { variant: 'no-coordinates' });
    return null;
  }
  let ok = true;
  let long = false;
  /** the polygon's net area in square degrees (exteriors less holes), scaled by the cosine of its latitude below */
  let squareDegrees = 0;
  let latitude = 0;
  polys.forEach((rings, pi) => {
    rings.forEach((ring, ri) => {
      const where = () => ringPart(polys.length, pi, ri);
      if (!hasDistinct(ring, 3)) {
        sink('error', 'geometry', 'degenerate-ring', { where: where() });
        ok = false;
        return;
      }
      // one pass: first position out of range, a repeated position, positions longer than x, y, twice the signed area
      // (the area from positions taken relative to the first: products of whole degrees would lose a small ring's area)
      let outOfRange: Position | null = null;
      let repeated = false;
      let twiceArea = 0;
      const x0 = (ring[0] as Position)[0] as number;
      const y0 = (ring[0] as Position)[1] as number;
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i] as Position;
        const x = p[0] as number;
        const y = p[1] as number;
        if (outOfRange === null && !(Math.abs(x) <= 180 && Math.abs(y) <= 90)) outOfRange = p;
        if (p.length !== 2) long = true;
        if (i > 0) {
          const q = ring[i - 1] as Position;
          if (x === q[0] && y === q[1]) repeated = true;
          twiceArea += ((q[0] as number) - x0) * (y - y0) - (x - x0) * ((q[1] as number) - y0);
        }
      }
      if (outOfRange) {
        sink('error', 'geometry', 'out-of-range', { where: where(), position: outOfRange.map(quoted).join(', ') });
        ok = false;
        return;
      }
      if (repeated) sink('warning', 'geometry', 'duplicate-vertex', { where: where() });
      const ccw = twiceArea > 0;
      // RFC 7946 §3.1.6: exteriors counter-clockwise, holes clockwise. Areas do not depend on it, so only a warning.
      if (ri === 0 ? !ccw : ccw) sink('warning', 'geometry', 'winding', { variant: ccw ? 'counter-clockwise' : 'clockwise', where: where() });
      squareDegrees += ri === 0 ? Math.abs(twiceArea) / 2 : -Math.abs(twiceArea) / 2;
      if (ri === 0 && pi === 0) latitude = y0;
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
    sink('error', 'geometry', 'self-intersection', { at });
    return null;
  }
  // A single ring that does not cross itself is valid; holes and parts need booleanValid's ring-against-ring checks.
  if (rings.length > 1 && need & VALID && !booleanValid(flat)) {
    sink('error', 'geometry', 'invalid-polygon');
    return null;
  }
  // (after the ring checks: a ring crossing itself may enclose next to no net area, and is reported as what it is)
  const approxM2 = squareDegrees * M2_PER_SQUARE_DEGREE * Math.cos((latitude * Math.PI) / 180);
  if (approxM2 < MIN_POLYGON_AREA_M2) {
    sink('error', 'geometry', 'tiny-area', { areaM2: approxM2.toPrecision(3), minM2: MIN_POLYGON_AREA_M2 });
    return null;
  }
  return flat;
}
