import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../src/data/featureScan';
import { FEATURE_PROBLEMS_PER_KIND } from '../../src/data/geojson';
import type { Problem } from '../../src/data/problem';
import { readParcels } from '../helpers/analyse';

/**
 * The reader (featureScan + geojson + the parcel contract) under property-based damage (fast-check): valid
 * FeatureCollections, then cut short, a byte changed, a value replaced by any JSON, a value or geometry nested
 * thousands deep, or the whole file re-encoded. Whatever the damage, reading never throws, never lists more than
 * FEATURE_PROBLEMS_PER_KIND problems of one kind for one feature, and keeps every valid feature before the damage
 * (and, where the damage is one feature's, every other feature). Read from bytes (the app) and from a source read
 * through a small window (the CLI), with the same result.
 */
const enc = new TextEncoder();

interface Built {
  bytes: Uint8Array;
  /** each feature's byte range in the file */
  spans: { start: number; end: number }[];
  ids: string[];
}

/** A valid parcel: a 0.001° square of its own, an id, and some contract properties. */
const validFeature = fc.record({
  name: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('漯河食品', '临颍 "饮料" {厂}', 'a\\b', '')),
  industryCode: fc.constantFrom('13', '14', '1310', '3420'),
  fixedAssetInvestmentWanYuan: fc.integer({ min: 0, max: 100_000 }),
  agreedStartDate: fc.constantFrom('2015-03-01', '2016-02-29', '2017-12-31'),
});

function build(props: Record<string, unknown>[], replace: (i: number, f: Record<string, unknown>) => string | null = () => null): Built {
  const head = '{"type":"FeatureCollection","features":[';
  const texts = props.map((p, i) => {
    const x = 114 + i * 0.002;
    const f = {
      type: 'Feature',
      properties: { id: `F${i}`, ...p },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, 33.5],
            [x + 0.001, 33.5],
            [x + 0.001, 33.501],
            [x, 33.501],
            [x, 33.5],
          ],
        ],
      },
    };
    return replace(i, f) ?? JSON.stringify(f);
  });
  const spans: Built['spans'] = [];
  let at = enc.encode(head).length;
  for (const t of texts) {
    const n = enc.encode(t).length;
    spans.push({ start: at, end: at + n });
    at += n + 1;
  }
  return { bytes: enc.encode(`${head}${texts.join(',')}]}`), spans, ids: props.map((_, i) => `F${i}`) };
}

/** Bytes read through a window of 64 bytes, a read giving at most 29 (as a file descriptor may). */
const smallWindowSource = (b: Uint8Array): ByteSource => ({
  size: b.length,
  readAt(into, position) {
    const part = b.subarray(position, Math.min(b.length, position + into.length, position + 29));
    into.set(part);
    return part.length;
  },
});

/** Reads the bytes both ways and checks the properties every read must have; returns the ids kept. */
function readChecked(bytes: Uint8Array): { ids: string[]; problems: Problem[] } {
  const fromBytes = readParcels(bytes, { file: 'p.geojson', centralMeridian: null });
  for (const problems of [fromBytes.problems]) {
    const perKind = new Map<string, number>();
    for (const p of problems) {
      if (p.featureIndex === null) continue;
      const kind = `${p.featureIndex}|${p.code}|${p.property ?? ''}`;
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
    }
    for (const [kind, n] of perKind) expect(n, kind).toBeLessThanOrEqual(FEATURE_PROBLEMS_PER_KIND);
    for (const p of problems) expect(typeof p.message).toBe('string');
  }
  return { ids: fromBytes.parcels.map((p) => p.props.id), problems: fromBytes.problems };
}

/** The same read from a source through a small window gives the same parcels and problems. */
function expectSameFromSource(bytes: Uint8Array) {
  const a = readParcels(bytes, { file: 'p.geojson', centralMeridian: null });
  const b = readParcels(smallWindowSource(bytes), { file: 'p.geojson', centralMeridian: null });
  expect(b.parcels.map((p) => p.props.id)).toEqual(a.parcels.map((p) => p.props.id));
  expect(b.problems).toEqual(a.problems);
}

const files = fc.array(validFeature, { minLength: 1, maxLength: 25 });
/** Runs per property; FUZZ_RUNS=5000 npx vitest run tests/unit/readerFuzz.test.ts looks harder (a minute or two). */
const RUNS = { numRuns: Number(process.env.FUZZ_RUNS) || 150 };
const FEW_RUNS = { numRuns: Math.ceil(RUNS.numRuns / 2.5) };

describe('the reader under random damage (fast-check)', () => {
  it('cut short anywhere: every feature that ends before the cut is kept', () => {
    fc.assert(
      fc.property(files, fc.double({ min: 0, max: 1, noNaN: true }), (props, share) => {
        const { bytes, spans, ids } = build(props);
        const cut = Math.floor(bytes.length * share);
        const { ids: kept } = readChecked(bytes.subarray(0, cut));
        const before = ids.filter((_, i) => (spans[i] as { end: number }).end <= cut);
        expect(kept).toEqual(before);
        expectSameFromSource(bytes.subarray(0, cut));
      }),
      RUNS,
    );
  });

  it('one byte changed anywhere: every feature before it is kept', () => {
    fc.assert(
      fc.property(files, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 }), (props, share, value) => {
        const { bytes, spans, ids } = build(props);
        const at = Math.floor(bytes.length * share);
        const damaged = bytes.slice();
        damaged[at] = value;
        const { ids: kept } = readChecked(damaged);
        for (const [i, id] of ids.entries()) if ((spans[i] as { end: number }).end <= at) expect(kept).toContain(id);
      }),
      RUNS,
    );
  });

  it('one feature’s property or geometry replaced by any JSON value: every other feature is kept', () => {
    fc.assert(
      fc.property(
        files,
        fc.nat(),
        fc.jsonValue(),
        fc.constantFrom('name', 'landGrade', 'supplyDate', 'fixedAssetInvestmentWanYuan', 'other', '__proto__', 'geometry'),
        (props, pick, value, key) => {
          const j = pick % props.length;
          const { bytes, ids } = build(props, (i, f) => {
            if (i !== j) return null;
            if (key === 'geometry') return JSON.stringify({ ...f, geometry: { type: 'Polygon', coordinates: value } });
            const text = JSON.stringify(f);
            // (as text: a "__proto__" key is a key of the file, not the object's prototype)
            // (a function as the replacement: a "$'" in the value is text, not a replacement pattern)
            return text.replace('"properties":{', () => `"properties":{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},`);
          });
          const { ids: kept } = readChecked(bytes);
          expect(kept.filter((id) => id !== `F${j}`)).toEqual(ids.filter((id) => id !== `F${j}`));
          expectSameFromSource(bytes);
        },
      ),
      RUNS,
    );
  });

  it('one feature’s value or geometry nested up to 50,000 deep: every other feature is kept, nothing overflows', () => {
    fc.assert(
      fc.property(
        files,
        fc.nat(),
        fc.integer({ min: 1, max: 50_000 }),
        fc.constantFrom('array', 'object', 'geometry', 'collection'),
        (props, pick, depth, shape) => {
          const j = pick % props.length;
          const deep =
            shape === 'object'
              ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
              : shape === 'array' || shape === 'geometry'
                ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
                : '';
          const { bytes, ids } = build(props, (i, f) => {
            if (i !== j) return null;
            const text = JSON.stringify(f);
            if (shape === 'geometry') return text.replace(/"coordinates":\[.*\]\]\]/, () => `"coordinates":${deep}`);
            if (shape === 'collection') {
              let g = '{"type":"Point","coordinates":[0,0]}';
              for (let k = 0; k < Math.min(depth, 5000); k++) g = `{"type":"GeometryCollection","geometries":[${g}]}`;
              return text.replace(/"geometry":\{.*\}\}$/, () => `"geometry":${g}}`);
            }
            return text.replace('"properties":{', () => `"properties":{"name":${deep},`);
          });
          const { ids: kept } = readChecked(bytes);
          expect(kept.filter((id) => id !== `F${j}`)).toEqual(ids.filter((id) => id !== `F${j}`));
        },
      ),
      FEW_RUNS,
    );
  });

  it('the whole file in UTF-16 (either byte order, with or without a byte order mark) or with a UTF-8 one: every feature is kept', () => {
    fc.assert(
      fc.property(files, fc.constantFrom('utf-16le', 'utf-16be', 'utf-16le-nobom', 'utf-16be-nobom', 'utf-8-bom'), (props, encoding) => {
        const { bytes, ids } = build(props);
        const text = new TextDecoder().decode(bytes);
        let out: Uint8Array;
        if (encoding === 'utf-8-bom') out = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
        else {
          const le = encoding.startsWith('utf-16le');
          const units = [...(encoding.endsWith('nobom') ? [] : [0xfeff]), ...Array.from(text, (c) => c.charCodeAt(0))];
          out = new Uint8Array(units.length * 2);
          const view = new DataView(out.buffer);
          units.forEach((u, i) => {
            view.setUint16(i * 2, u, le);
          });
        }
        const { ids: kept, problems } = readChecked(out);
        expect(kept).toEqual(ids);
        if (encoding !== 'utf-8-bom') expect(problems[0]?.code).toBe('encoding');
      }),
      FEW_RUNS,
    );
  });

  it('bytes that are not UTF-8 in one feature’s name (GBK, stray bytes): every feature is kept, the name’s replacement characters counted', () => {
    fc.assert(
      fc.property(
        files,
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 12 }).map((a) => a.map((b) => 0x80 | b)),
        (props, pick, stray) => {
          const j = pick % props.length;
          const { bytes, ids } = build(props, (i, f) =>
            i === j ? JSON.stringify({ ...f, properties: { ...(f.properties as object), name: 'STRAYBYTES' } }) : null,
          );
          const at = Buffer.from(bytes).indexOf('STRAYBYTES');
          const out = new Uint8Array(Buffer.concat([bytes.subarray(0, at), stray, bytes.subarray(at + 'STRAYBYTES'.length)]));
          const { ids: kept, problems } = readChecked(out);
          expect(kept).toEqual(ids);
          const decoded = new TextDecoder().decode(stray);
          if (decoded.includes('\ufffd'))
            expect(problems.some((p) => p.code === 'replacement-characters' && p.featureIndex === j && p.property === 'name')).toBe(true);
        },
      ),
      RUNS,
    );
  });
});
