import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse, analyseOpened } from '../../src/analysis/analyse';
import { openDataset } from '../../src/data/dataset';
import { scanFeatureCollection } from '../../src/data/featureScan';
import { readPolygonLayer } from '../../src/data/geojson';
import { bboxOf } from '../../src/geo/bbox';
import { loadLuohe, ROOT, readJsonFixture } from '../helpers/fixtures';

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
const feature = (id: string, x: number) => ({ type: 'Feature', properties: { id }, geometry: { type: 'Polygon', coordinates: square(x) } });

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
    for (const text of [
      '',
      '[]',
      '{}',
      '{"type":"Feature","geometry":null,"properties":{}}', // no features member
      '{"type":"FeatureCollection","features":{}}', // not an array
      '{"type":"FeatureCollection","features":[],"features":[]}', // twice
      '{"type":"FeatureCollection","type":"FeatureCollection","features":[]}', // a member twice
      '{"__proto__":{"x":1},"type":"FeatureCollection","features":[]}',
      '{"type":"FeatureCollection","features":[]} trailing',
      '{"type":"FeatureCollection","features":[{"a":1}', // cut short
      '{"type":"FeatureCollection","features":[{"a":"unterminated}]}',
      '{"type":"FeatureCollection" "features":[]}', // missing comma
      '{"type":"FeatureCollection","features":[1 2]}',
      "{'type':'FeatureCollection','features':[]}",
    ]) {
      expect(scanFeatureCollection(bytes(text)), text).toBeNull();
    }
  });

  it('one broken feature in a well-formed collection is reported by index and the others are kept (a text loses them all)', () => {
    const text = `{"type":"FeatureCollection","features":[${JSON.stringify(feature('a', 113))},{"type":"Feature",,"properties":{}},${JSON.stringify(feature('c', 113.01))}]}`;
    const fromText = readPolygonLayer(text, { file: 'p.geojson' });
    expect(fromText.features).toHaveLength(0);
    expect(fromText.problems.map((p) => [p.code, p.featureIndex])).toEqual([['not-json', null]]);
    const fromBytes = readPolygonLayer(bytes(text), { file: 'p.geojson' });
    expect(fromBytes.features.map((f) => f.properties.id)).toEqual(['a', 'c']);
    expect(fromBytes.problems).toHaveLength(1);
    expect(fromBytes.problems[0]).toMatchObject({ file: 'p.geojson', featureIndex: 1, severity: 'error', code: 'not-json' });
    expect(fromBytes.problems[0]?.message).toMatch(/^not JSON: /);
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

describe('streamed analysis (parcel by parcel, geometry let go) equals the analysis of the loaded dataset', () => {
  it('漯河: same results, same problems, bboxes of every parcel', async () => {
    const ds = await loadLuohe();
    const whole = analyse(ds, { asOfDate: '2018-12-31' });
    const dir = join(ROOT, 'geodata', 'luohe');
    const read = async (rel: string) => new Uint8Array(readFileSync(join(dir, rel)));
    const streamed = analyseOpened(await openDataset(read), { asOfDate: '2018-12-31', keepGeometry: false });
    expect(streamed.analysis).toEqual(whole);
    expect(streamed.dataset.parcels).toHaveLength(0);
    expect(streamed.dataset.parcelFeatureCount).toBe(ds.parcelFeatureCount);
    expect(streamed.dataset.problems).toEqual(ds.problems);
    expect(Array.from(streamed.bboxes)).toEqual(ds.parcels.flatMap((p) => bboxOf(p.geometry)));
    const kept = analyseOpened(await openDataset(read), { asOfDate: null, keepGeometry: (n) => n < 5000 });
    expect(kept.dataset.parcels).toEqual(ds.parcels);
    expect(kept.analysis.asOfDate).toBe(ds.manifest?.asOfDate);
  });
});
