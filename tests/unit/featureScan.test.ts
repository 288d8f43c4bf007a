import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ByteSource, readAll, type ScannedCollection, scanFeatureCollection, scanFeatureCollectionSource } from '../../src/data/featureScan';
import { readPolygonLayer } from '../../src/data/geojson';
import { type Problem, problemMessage } from '../../src/data/problem';
import { bboxOf } from '../../src/geo/bbox';
import { analyseFolder } from '../helpers/analyse';
import { ROOT, readJsonFixture } from '../helpers/fixtures';

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);
const square = (x: number) => [
  [
    [x, 33],
    [x + 0.001, 33],
    [x + 0.001, 33.001],
    [x, 33.001],
    [x, 33],
  ],
];
/** Bytes read as from a file: `readAt` gives at most `perRead` bytes a call, as a read may (the CLI reads a file descriptor). */
const source = (b: Uint8Array, perRead = Number.POSITIVE_INFINITY): ByteSource & { reads: number } => ({
  size: b.length,
  reads: 0,
  readAt(into, position) {
    this.reads++;
    const part = b.subarray(position, Math.min(b.length, position + into.length, position + perRead));
    into.set(part);
    return part.length;
  },
});
/** What a scan found, element by element (an element that is not JSON gives its error message). */
const found = (s: ScannedCollection | null) => {
  if (!s) return null;
  const parsed = (get: (i: number) => unknown, i: number) => {
    try {
      return get(i);
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  const all = Array.from({ length: s.count }, (_, i) => parsed(s.element, i));
  const half = Math.floor(s.count / 2);
  // parts in turn, as the audit reads them
  const first = s.elements(0, half);
  const inParts = Array.from({ length: half }, (_, k) => parsed(first, k));
  const second = s.elements(half, s.count);
  inParts.push(...Array.from({ length: s.count - half }, (_, k) => parsed(second, half + k)));
  const slice = s.slice(0, s.count);
  return {
    root: s.root,
    count: s.count,
    all,
    inParts,
    slice: { bytes: Buffer.from(slice.bytes).toString('base64'), starts: Array.from(slice.starts), ends: Array.from(slice.ends) },
  };
};
/** A scan through windows of every size from 16 bytes up (and reads cut short) finds what a scan of the whole bytes finds. */
const expectSameThroughWindows = (b: Uint8Array, windows: number[], perReads = [Number.POSITIVE_INFINITY, 7]) => {
  const whole = found(scanFeatureCollection(b));
  for (const w of windows)
    for (const perRead of perReads) expect(found(scanFeatureCollectionSource(source(b, perRead), w)), `window ${w}, reads of ${perRead}`).toEqual(whole);
};
const feature = (id: string, x: number) => ({ type: 'Feature', properties: { id }, geometry: { type: 'Polygon', coordinates: square(x) } });

/** Files the scanner leaves to JSON.parse of the whole text (it returns null). */
const NOT_TAKEN = [
  '',
  '[]',
  '{}',
  '{"type":"Feature","geometry":null,"properties":{}}', // no features member
  '{"type":"FeatureCollection","features":{}}', // not an array
  '{"type":"FeatureCollection","features":[],"features":[]}', // twice
  '{"type":"FeatureCollection","type":"FeatureCollection","features":[]}', // a member twice
  '{"__proto__":{"x":1},"type":"FeatureCollection","features":[]}',
  '{"type":"FeatureCollection" "features":[]}', // missing comma
  "{'type':'FeatureCollection','features':[]}",
];

/**
 * Files broken after their features array has begun: the scanner keeps the elements before the damage and says
 * where it is (JSON.parse of the whole text would lose them all).
 */
const DAMAGED: [text: string, count: number, damage: { kind: 'truncated' | 'syntax'; offset: number; index: number }][] = [
  ['{"type":"FeatureCollection","features":[]} trailing', 0, { kind: 'syntax', offset: 43, index: 0 }],
  ['{"type":"FeatureCollection","features":[{"a":1}', 1, { kind: 'truncated', offset: 47, index: 1 }],
  ['{"type":"FeatureCollection","features":[{"a":1},{"b":', 1, { kind: 'truncated', offset: 53, index: 1 }],
  ['{"type":"FeatureCollection","features":[', 0, { kind: 'truncated', offset: 40, index: 0 }],
  ['{"type":"FeatureCollection","features":[{"a":"unterminated}]}', 0, { kind: 'truncated', offset: 61, index: 0 }],
  ['{"type":"FeatureCollection","features":[1 2]}', 1, { kind: 'syntax', offset: 42, index: 1 }],
  ['{"type":"FeatureCollection","features":[{"a":1}] x', 1, { kind: 'syntax', offset: 49, index: 1 }],
  ['{"type":"FeatureCollection","features":[{"a":1}],"crs":{', 1, { kind: 'truncated', offset: 56, index: 1 }],
];

describe('featureScan: the features of a FeatureCollection found in its bytes', () => {
  it('finds every element and parses each to what JSON.parse of the whole file gives', () => {
    const fc = {
      type: 'FeatureCollection',
      name: 'a "quoted" name with } and ] and \\ inside',
      features: [feature('a', 113), { type: 'Feature', properties: { id: 'b', note: '括号 {[ 和 \\"引号\\"' }, geometry: null }, feature('c', 114)],
    };
    for (const text of [JSON.stringify(fc), JSON.stringify(fc, null, 2), `\ufeff${JSON.stringify(fc)}\n`]) {
      const s = scanFeatureCollection(bytes(text));
      expect(s).not.toBeNull();
      if (!s) return;
      expect(s.count).toBe(3);
      expect(s.root).toEqual({ type: 'FeatureCollection', name: fc.name });
      expect([0, 1, 2].map((i) => s.element(i))).toEqual(fc.features);
    }
  });

  it('an empty features array has no elements; primitives in it are elements too', () => {
    expect(scanFeatureCollection(bytes('{"type":"FeatureCollection","features":[]}'))?.count).toBe(0);
    const s = scanFeatureCollection(bytes('{"features":[1, "x", null, {"a":[]}],"type":"FeatureCollection"}'));
    expect(s && [0, 1, 2, 3].map((i) => s.element(i))).toEqual([1, 'x', null, { a: [] }]);
  });

  it('leaves every file it is not sure about to JSON.parse (null)', () => {
    for (const text of NOT_TAKEN) {
      expect(scanFeatureCollection(bytes(text)), text).toBeNull();
    }
  });

  it('a file broken after its features array began keeps the elements before the damage, and says where it is', () => {
    for (const [text, count, damage] of DAMAGED) {
      const s = scanFeatureCollection(bytes(text));
      expect(s?.count, text).toBe(count);
      expect(s?.damage, text).toEqual(damage);
      // the same through a window of any size
      for (const w of [16, 17, 23, 64]) expect(scanFeatureCollectionSource(source(bytes(text), 7), w)?.damage, `${text} window ${w}`).toEqual(damage);
    }
  });

  it('a truncated file keeps its complete features, with an error that says where it ends', () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [feature('a', 113), feature('b', 113.01), feature('c', 113.02)] });
    const cut = text.slice(0, text.indexOf('"c"') + 10);
    const layer = readPolygonLayer(cut, { file: 'p.geojson' });
    expect(layer.features.map((f) => f.properties.id)).toEqual(['a', 'b']);
    expect(layer.problems).toHaveLength(1);
    expect(layer.problems[0]).toMatchObject({
      file: 'p.geojson',
      featureIndex: null,
      severity: 'error',
      code: 'not-json',
      params: { variant: 'truncated', index: 2 },
    });
    expect(layer.problems[0]?.message).toContain('之前完整的 2 个要素照常读取');
  });

  it('one broken feature in a well-formed collection is reported by index and the others are kept, from text or bytes', () => {
    const text = `{"type":"FeatureCollection","features":[${JSON.stringify(feature('a', 113))},{"type":"Feature",,"properties":{}},${JSON.stringify(feature('c', 113.01))}]}`;
    const fromText = readPolygonLayer(text, { file: 'p.geojson' });
    const fromBytes = readPolygonLayer(bytes(text), { file: 'p.geojson' });
    expect(fromText).toEqual(fromBytes);
    expect(fromBytes.features.map((f) => f.properties.id)).toEqual(['a', 'c']);
    expect(fromBytes.problems).toHaveLength(1);
    expect(fromBytes.problems[0]).toMatchObject({ file: 'p.geojson', featureIndex: 1, severity: 'error', code: 'not-json' });
    expect(problemMessage('en', fromBytes.problems[0] as Problem)).toMatch(/^not JSON: /);
    expect(fromBytes.problems[0]?.message).toMatch(/^不是有效的 JSON/);
  });

  it('a bare Feature or geometry given as bytes is read as from its text', () => {
    for (const obj of [feature('a', 113), feature('a', 113).geometry]) {
      const text = JSON.stringify(obj);
      expect(readPolygonLayer(bytes(text), { file: 'f.geojson' })).toEqual(readPolygonLayer(text, { file: 'f.geojson' }));
    }
  });

  it('finds the same elements as JSON.parse in features full of brackets, braces, quotes and backslashes in strings and arrays', () => {
    // deterministic pseudo-random strings from an alphabet of the scanner's delimiters
    let seed = 11;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = ['{', '}', '[', ']', '"', '\\', ',', ':', '\\"', 'a', '地', ' ', '\n'];
    const str = () => Array.from({ length: Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const features = Array.from({ length: 300 }, (_, i) => ({
      type: 'Feature',
      id: i % 3 === 0 ? str() : i,
      properties: { id: str(), [str()]: str(), tags: [str(), { k: str(), v: [[str()], {}] }], n: [1, [2, [3]]], empty: [] },
      geometry: i % 4 === 0 ? null : { type: 'Polygon', coordinates: square(113 + i / 1000) },
    }));
    const fc = { type: 'FeatureCollection', features };
    for (const text of [JSON.stringify(fc), JSON.stringify(fc, null, 1), JSON.stringify(fc, null, '\t')]) {
      const s = scanFeatureCollection(bytes(text));
      expect(s?.count).toBe(features.length);
      if (!s) return;
      expect(features.map((_, i) => s.element(i))).toEqual(JSON.parse(text).features);
    }
  });

  it('a feature whose square brackets do not balance is that feature’s error; the features around it are read', () => {
    const broken = '{"type":"Feature","properties":{"id":"b"},"geometry":{"type":"Polygon","coordinates":[[[113,33],[113.001,33]]]]}}';
    const text = `{"type":"FeatureCollection","features":[${JSON.stringify(feature('a', 113))},${broken},${JSON.stringify(feature('c', 113.01))}]}`;
    const layer = readPolygonLayer(bytes(text), { file: 'p.geojson' });
    expect(layer.features.map((f) => f.properties.id)).toEqual(['a', 'c']);
    expect(layer.problems).toHaveLength(1);
    expect(layer.problems[0]).toMatchObject({ file: 'p.geojson', featureIndex: 1, severity: 'error', code: 'not-json' });
  });

  it('takes the bad-GeoJSON collections (more than half of the 99 cases are scanned, not parsed whole)', () => {
    const manifest = readJsonFixture<{ file: string }[]>('bad-geojson', 'manifest.json');
    const scanned = manifest.filter((c) => scanFeatureCollection(readFileSync(join(ROOT, 'tests', 'fixtures', 'bad-geojson', c.file))) !== null);
    expect(scanned.length).toBeGreaterThan(50);
  });
});

describe('featureScan through a window: a file read in pieces, never whole', () => {
  it('finds what a scan of the whole bytes finds, whatever the window, for good files and for those it leaves to JSON.parse', () => {
    const fc = {
      type: 'FeatureCollection',
      name: 'a "quoted" name with } and ] and \\ inside',
      features: [feature('a', 113), { type: 'Feature', properties: { id: 'b', note: '括号 {[ 和 \\"引号\\"' }, geometry: null }, feature('c', 114)],
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4490' } },
    };
    const texts = [
      JSON.stringify(fc),
      JSON.stringify(fc, null, 2),
      `\ufeff${JSON.stringify(fc)}\n\n   `,
      '{"type":"FeatureCollection","features":[]}',
      '{"features":[1, "x", null, {"a":[]}, 12345678, true],"type":"FeatureCollection"}',
      `{"type":"FeatureCollection","features":[${JSON.stringify(feature('a', 113))},{"type":"Feature",,"properties":{}}]}`,
      ...NOT_TAKEN,
    ];
    for (const text of texts) {
      const b = bytes(text);
      expectSameThroughWindows(b, [16, 17, 23, 31, 64, 100, 256, b.length + 1]);
    }
  });

  it('the bad-GeoJSON cases and 漯河’s parcels: the same through a small window as whole; a feature larger than the window grows it', () => {
    const manifest = readJsonFixture<{ file: string }[]>('bad-geojson', 'manifest.json');
    for (const c of manifest) expectSameThroughWindows(readFileSync(join(ROOT, 'tests', 'fixtures', 'bad-geojson', c.file)), [16, 61, 1000]);
    const parcels = readFileSync(join(ROOT, 'geodata', 'luohe', 'parcels.geojson'));
    expectSameThroughWindows(parcels, [4096], [Number.POSITIVE_INFINITY, 1000]);
    // read in windows, not whole: reads of at most the window's size, about the file's size over it in all
    const src = source(parcels);
    const s = scanFeatureCollectionSource(src, 64 << 10);
    expect(s?.count).toBeGreaterThan(2000);
    expect(src.reads).toBeLessThan(parcels.length / (32 << 10));
    // a part's parser is good until the next part is read (their bytes share a buffer)
    const first = s?.elements(0, 10);
    expect(first?.(3)).toEqual(s?.element(3));
    s?.elements(10, 20);
    expect(() => first?.(3)).toThrow(/after the next part was read/);
  });

  it('a layer read from a source is the layer read from its bytes: the bad-GeoJSON cases and 漯河’s parcels', () => {
    const manifest = readJsonFixture<{ file: string }[]>('bad-geojson', 'manifest.json');
    const files = [...manifest.map((c) => join(ROOT, 'tests', 'fixtures', 'bad-geojson', c.file)), join(ROOT, 'geodata', 'luohe', 'parcels.geojson')];
    for (const file of files) {
      const b = new Uint8Array(readFileSync(file));
      expect(readPolygonLayer(source(b, 4096), { file: 'f.geojson' }), file).toEqual(readPolygonLayer(b, { file: 'f.geojson' }));
    }
  });

  it('readAll reads a source whole through short reads', () => {
    const b = bytes('{"type":"FeatureCollection","features":[]}');
    expect(Array.from(readAll(source(b, 5)))).toEqual(Array.from(b));
  });
});

describe('a dataset read from bytes (feature by feature) is analysed as the same dataset read as text', () => {
  it('漯河: same results, same problems, the table holds every parcel’s box', async () => {
    const dir = join(ROOT, 'geodata', 'luohe');
    const fromText = await analyseFolder(async (rel) => readFileSync(join(dir, rel), 'utf8'), { asOfDate: '2018-12-31' });
    const fromBytes = await analyseFolder(async (rel) => new Uint8Array(readFileSync(join(dir, rel))), { asOfDate: '2018-12-31' });
    expect(fromBytes).toEqual(fromText);
    expect(fromBytes.parcels.length).toBeGreaterThan(2000);
    expect(Array.from(fromBytes.table.bbox)).toEqual(fromBytes.geometries.flatMap((g) => bboxOf(g)));
  });
});
