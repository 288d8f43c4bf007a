import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeShardPool } from '../../src/cli/shardPool';
import { withChecks } from '../../src/domain/lowEfficiency';
import { FLAGS } from '../../src/domain/types';
import { type AuditFormat, runAudit, summaryLine } from '../../src/engine/audit';
import { fromWire } from '../../src/engine/parcelTable';
import { AnalysisSession, type MapLayers, type SessionOptions } from '../../src/engine/session';
import type { TileFeature } from '../../src/engine/tileFeatures';
import { encodeTile, tileIndexOf, tileRange } from '../../src/engine/tiles';
import { analysisThreads } from '../../src/worker/webShardPool';
import { analyseFolder, analyseLuohe, analyseParcelsFile, auditReport, tileFeaturesOf } from '../helpers/analyse';
import { fixturePath, ROOT } from '../helpers/fixtures';

/**
 * The analysis runs a file in parts ("shards"), some in a worker thread, and joins them. What it makes must be what
 * the file as one part on one thread gives, byte for byte, whatever the parts: so the dataset below puts what
 * crosses parts (duplicate ids, problems of dropped parcels) across the parts' borders.
 */
const PER_PART = 7;
let dir: string;
const read = (rel: string) => {
  try {
    return new Uint8Array(readFileSync(join(dir, rel)));
  } catch {
    return null;
  }
};

/** 漯河's parcels with hostile features put in, written as a dataset folder. */
function hostileDataset(): string {
  const out = mkdtempSync(join(tmpdir(), 'shards-'));
  const src = join(ROOT, 'geodata', 'luohe');
  for (const f of ['dataset.json', 'rules.json', 'zones.geojson', 'areas.geojson', 'constraints.geojson', 'boundaries.geojson'])
    copyFileSync(join(src, f), join(out, f));
  const fc = JSON.parse(readFileSync(join(src, 'parcels.geojson'), 'utf8')) as { features: { properties: Record<string, unknown>; geometry: unknown }[] };
  const texts = fc.features.slice(0, 400).map((f) => JSON.stringify(f));
  const idOf = (i: number) => String(fc.features[i]?.properties.id);
  const withProps = (i: number, props: Record<string, unknown>) => {
    const f = fc.features[i] as { properties: Record<string, unknown> };
    return JSON.stringify({ ...f, properties: { ...f.properties, ...props } });
  };
  const bowtie = {
    type: 'Polygon',
    coordinates: [
      [
        [114.0, 33.5],
        [114.01, 33.51],
        [114.01, 33.5],
        [114.0, 33.51],
        [114.0, 33.5],
      ],
    ],
  };
  // part 4 (features 28–34): the id of feature 3 (part 0) with a bad value and a zoneId its geometry contradicts,
  // so that its contract and analysis warnings must go with it; then feature 5's id twice
  texts[30] = withProps(40, { id: idOf(3), fixedAssetInvestmentWanYuan: 'lots', zoneId: 'wuyang' });
  texts[31] = withProps(41, { id: idOf(5) });
  texts[33] = withProps(42, { id: idOf(5), taxWanYuan: -1 });
  // broken JSON inside one feature (the scan finds its end, JSON.parse fails on it alone)
  texts[44] = '{"type":"Feature","properties":{"id":"broken"},"geometry":{"type":"Polygon","coordinates":[[[114,33.5],[114.1,33.5]]}}';
  // an invalid geometry under an id an earlier part has: a geometry error, no duplicate (it is dropped before)
  texts[50] = JSON.stringify({ type: 'Feature', properties: { id: idOf(2) }, geometry: bowtie });
  texts[60] = withProps(60, { id: null });
  // an id whose first feature is dropped for its geometry (part 10) and comes again valid in part 11: kept
  texts[70] = JSON.stringify({ type: 'Feature', properties: { id: 'DUP-LATER' }, geometry: bowtie });
  texts[77] = withProps(77, { id: 'DUP-LATER' });
  // duplicates inside one part and across the last border, and a dropped parcel as a part's first feature
  texts[92] = withProps(92, { id: idOf(90) });
  texts[98] = withProps(98, { id: idOf(97) });
  texts[105] = withProps(105, { id: idOf(104) });
  texts[95] = withProps(95, { id: idOf(93) });
  texts[399] = withProps(399, { id: idOf(0), certifiedAreaM2: 1 });
  writeFileSync(join(out, 'parcels.geojson'), `{"type":"FeatureCollection","features":[\n${texts.join(',\n')}\n]}\n`);
  return out;
}

/** The whole file as one part, on this thread: the report, and every result kept. */
const ONE_PART = Number.MAX_SAFE_INTEGER;
async function singlePass(format: AuditFormat) {
  const text = await auditReport(async (rel) => read(rel), format, { featuresPerPart: ONE_PART });
  const analysis = await analyseFolder(async (rel) => read(rel), { featuresPerPart: ONE_PART });
  return { text, analysis };
}

async function inParts(format: AuditFormat, pool: NodeShardPool | null) {
  const pieces: Buffer[] = [];
  const result = await runAudit({
    input: { kind: 'folder', read: async (rel) => read(rel) },
    asOfDate: null,
    centralMeridian: null,
    rulesText: null,
    format,
    lang: 'zh',
    write: (bytes) => pieces.push(Buffer.from(bytes)), // a copy: the bytes are valid during the call only
    pool,
    featuresPerPart: PER_PART,
  });
  return { text: Buffer.concat(pieces).toString('utf8'), result };
}

let pool: NodeShardPool;
beforeAll(() => {
  dir = hostileDataset();
  pool = new NodeShardPool(1);
});
afterAll(() => pool.close());

describe('an audit in parts, some in a worker thread, is the audit of the file as one part', () => {
  it.each(['json', 'csv', 'geojson'] as AuditFormat[])('%s: the same report byte for byte, problems in the same order', async (format) => {
    const one = await singlePass(format);
    const before = pool.partsRun;
    const parts = await inParts(format, pool);
    // the worker thread did analyse parts of the file
    expect(pool.partsRun - before).toBeGreaterThan(0);
    expect(parts.text).toBe(one.text);
    expect(parts.result.problems).toEqual(one.analysis.problems);
    // the line of a tally counted here from the single pass's parcels
    const parcels = one.analysis.parcels;
    const flagCounts = new Map(FLAGS.map((f) => [f, parcels.filter((p) => p.flags.includes(f)).length]));
    const areaM2 = parcels.reduce((sum, p) => sum + p.areaM2, 0);
    expect(parts.result.summaryLine).toBe(
      summaryLine({ parcelCount: parcels.length, areaM2, flagCounts }, one.analysis.problems, 'zh', { asOfDate: one.analysis.asOfDate, defaulted: false }),
    );
    expect(parts.result.parcelCount).toBe(one.analysis.parcels.length);
  });

  it('what crosses parts: duplicate ids dropped with their warnings, the rest of each feature kept', async () => {
    const { result } = await inParts('json', pool);
    const at = (i: number) => result.problems.filter((p) => p.featureIndex === i).map((p) => p.code);
    expect(at(30)).toEqual(['duplicate-id']); // no bad-property, no zone-mismatch: the parcel is not read
    expect(at(31)).toEqual(['duplicate-id']);
    expect(at(33)).toEqual(['duplicate-id']);
    expect(at(44)).toEqual(['not-json']);
    expect(at(50)).not.toContain('duplicate-id');
    expect(at(50).length).toBeGreaterThan(0);
    expect(at(60)).toEqual(['missing-id']);
    expect(at(77)).toEqual([]); // its id's first feature was dropped, so this one is kept
    for (const i of [92, 95, 98, 105, 399]) expect(at(i)).toEqual(['duplicate-id']);
    // 400 features, 12 dropped: 8 duplicates, broken JSON, two invalid geometries, no id
    expect(result.parcelCount).toBe(400 - 12);
  });

  it('a lone Gauss–Krüger file (reprojected in the worker thread, 2 features a part) gives the report of one part', async () => {
    const file = fixturePath('areas', 'parcels-epsg4547.geojson');
    const bytes = new Uint8Array(readFileSync(file));
    const audit = async (p: NodeShardPool | null, featuresPerPart: number) => {
      const pieces: Buffer[] = [];
      const r = await runAudit({
        input: { kind: 'file', file: 'parcels-epsg4547.geojson', text: bytes },
        asOfDate: '2020-01-01',
        centralMeridian: null,
        rulesText: null,
        format: 'json',
        lang: 'en',
        write: (b) => pieces.push(Buffer.from(b)),
        pool: p,
        featuresPerPart,
      });
      return { r, text: Buffer.concat(pieces).toString('utf8') };
    };
    const single = await audit(null, ONE_PART);
    expect(single.r.problems.map((p) => p.code)).toContain('reprojected');
    const before = pool.partsRun;
    const parts = await audit(pool, 2);
    expect(pool.partsRun - before).toBeGreaterThan(0);
    expect(parts.text).toBe(single.text);
    expect(parts.r.problems).toEqual(single.r.problems);
    expect(JSON.parse(parts.text).parcels).toHaveLength((await analyseParcelsFile(bytes, 'parcels-epsg4547.geojson')).parcels.length);
  });

  it('with no worker thread, or one that has stopped, every part is analysed here and the report is the same', async () => {
    const one = await singlePass('json');
    expect((await inParts('json', null)).text).toBe(one.text);
    const stopped = new NodeShardPool(1);
    stopped.close();
    const r = await inParts('json', stopped);
    expect(stopped.partsRun).toBe(0);
    expect(r.text).toBe(one.text);
    // a pool's closing is no failure to report
    expect(stopped.failure).toBeNull();
  });

  it('a worker thread that fails to load hands its parts back, and the pool keeps its error for the CLI to report', async () => {
    const one = await singlePass('json');
    const broken = join(mkdtempSync(join(tmpdir(), 'broken-')), 'worker.mjs');
    writeFileSync(broken, "throw new Error('cannot load the analysis');\n");
    const failing = new NodeShardPool(1, pathToFileURL(broken));
    try {
      const r = await inParts('json', failing);
      expect(r.text).toBe(one.text);
      expect(failing.partsRun).toBe(0);
      expect(failing.failure?.message).toMatch(/cannot load the analysis/);
    } finally {
      failing.close();
    }
  });
});

describe('summary rows packed to cross threads', () => {
  it('read back as they were: nulls, repeated strings, no flags or several, every idle status', async () => {
    const { RowsPacker, rowReader } = await import('../../src/engine/packedRows');
    const rows = (await analyseLuohe('2026-06-30')).parcels.map((p) => ({
      zoneId: p.zoneId,
      functionalArea: p.functionalArea,
      areaM2: p.areaM2,
      landUseKind: p.landUseKind,
      industryCode: p.industryCode,
      stage: p.stage,
      fixedAssetInvestmentWanYuan: p.fixedAssetInvestmentWanYuan,
      intensityWanPerMu: p.intensityWanPerMu,
      revenueWanYuan: p.revenueWanYuan,
      taxWanYuan: p.taxWanYuan,
      flags: p.flags,
      idle: { status: p.idle.status, cause: p.idle.cause, kind: p.idle.kind, measure: p.idle.measure },
      lowEfficiency: { status: p.lowEfficiency.status, supplyBreach: p.lowEfficiency.supplyBreach },
      efficiency: { score: p.efficiency.score, ungraded: p.efficiency.ungraded },
    }));
    // rows outside every zone and area, with nothing reported and several flags
    rows.push({
      ...(rows[0] as (typeof rows)[number]),
      zoneId: null,
      functionalArea: null,
      landUseKind: null,
      industryCode: null,
      fixedAssetInvestmentWanYuan: null,
      intensityWanPerMu: null,
      revenueWanYuan: null,
      taxWanYuan: 0,
      flags: ['idle', 'conflict', 'idle'],
      idle: { status: 'unknown', cause: 'preliminary-work', kind: null, measure: 'reclaim' },
      efficiency: { score: null, ungraded: 'no-data' },
    });
    const packer = new RowsPacker();
    for (const r of rows) packer.add(r);
    const packed = packer.pack();
    expect(packed.count).toBe(rows.length);
    const row = rowReader(packed);
    const back = rows.map((_, k) => structuredClone(row(k)));
    expect(back).toEqual(rows);
    // what makes the test worth having: the data have each case
    expect(new Set(rows.map((r) => r.idle.status)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((r) => r.stage)).size).toBeGreaterThanOrEqual(4);
    expect(rows.some((r) => r.efficiency.score != null) && rows.some((r) => r.lowEfficiency.supplyBreach)).toBe(true);
    expect(rows.some((r) => r.flags.length === 0) && rows.some((r) => r.flags.length > 1)).toBe(true);
    // strings are stored once each
    expect(packed.strings.length).toBe(new Set(packed.strings).size);
  });
});

describe("the app's worker (AnalysisSession): the same whatever the parts and threads", () => {
  /** The session over the hostile dataset, read from its folder. */
  const session = (opts: SessionOptions) => new AnalysisSession({ readFile: async (url) => read(fileURLToPath(url).slice(dir.length + 1)), ...opts });
  const base = () => pathToFileURL(`${dir}/`).href;

  it.each([
    ['with a worker thread', true],
    ['on this thread alone', false],
  ])('%s: the same table, summaries, problems and zones; each parcel in full; the same tiles', async (_, threads) => {
    // one part on this thread, the parcels drawn as GeoJSON; against parts of 7, the parcels as tiles sliced here
    const onePart = session({ featuresPerPart: ONE_PART });
    const one = await onePart.load(base(), null, () => {});
    let threadPool: NodeShardPool | null = null;
    const parts = session({ featuresPerPart: PER_PART, threadsAbove: 0, tilesAbove: 0, pool: threads ? () => (threadPool = new NodeShardPool(1)) : undefined });
    const phases: string[] = [];
    let early: MapLayers | null = null;
    const two = await parts.load(
      base(),
      null,
      (phase) => phases.push(phase),
      (m) => {
        early = m;
        phases.push('map layers');
      },
    );
    // the map's layers but the parcels go to the page before the parcels are analysed, the same as with the results
    expect(phases.indexOf('map layers')).toBeLessThan(phases.indexOf('analyse'));
    const sent = early as MapLayers | null;
    for (const k of ['zones', 'areas', 'constraints', 'boundaries'] as const)
      expect(new Uint8Array(sent?.layers[k] ?? new ArrayBuffer(0))).toEqual(new Uint8Array(two.layers[k]));
    expect(sent?.zones).toEqual(two.zones);
    if (threads) expect((threadPool as NodeShardPool | null)?.partsRun ?? 0).toBeGreaterThan(0);
    expect(phases).toContain('analyse');
    // its parts' text (7 rows each) joined into chunks of up to 10,000 rows: the page decodes one a task
    expect(two.table.textChunks.name.length).toBe(1);
    const page = await fromWire(two.table, async () => {});
    expect(page).toEqual(await fromWire(one.table, async () => {}));
    expect(page.length).toBeGreaterThan(350);
    expect(two.summaries).toEqual(one.summaries);
    expect(two.problems).toEqual(one.problems);
    expect(two.problems.some((p) => p.code === 'duplicate-id')).toBe(true);
    expect(two.zones).toEqual(one.zones);
    expect(two.bbox).toEqual(one.bbox);
    expect(two.asOfDate).toBe(one.asOfDate);
    // every parcel's full result, made again from its feature when asked for, is the same, and the results sink's
    const all = await analyseFolder(async (rel) => read(rel));
    for (const id of page.text.id) expect(parts.parcel(id)).toEqual(onePart.parcel(id));
    expect(all.parcels.map((r) => withChecks(r, all.rules, all.asOfDate))).toEqual(page.text.id.map((id) => parts.parcel(id)));
    expect(parts.parcel('no such id')).toBeNull();
    // the small session draws the parcels as GeoJSON: each parcel's geometry and the properties the map reads
    expect(one.parcelTiles).toBeNull();
    const geojson = JSON.parse(new TextDecoder().decode(one.layers.parcels)) as { features: TileFeature[] };
    expect(geojson.features.map(({ properties, geometry }) => ({ type: 'Feature', properties, geometry }))).toEqual(
      JSON.parse(JSON.stringify(tileFeaturesOf(all))),
    );
    // the other slices its parcels into tiles here: each tile is that of one index over all the results
    expect(two.parcelTiles?.url).toMatch(/^parkatlas-tiles:/);
    expect(JSON.parse(new TextDecoder().decode(two.layers.parcels)).features).toEqual([]);
    const whole = tileIndexOf(tileFeaturesOf(all), { minZoom: 11, maxZoom: 14 });
    let compared = 0;
    for (const z of [11, 12, 13, 14]) {
      const { x0, y0, x1, y1 } = tileRange(one.bbox as [number, number, number, number], z);
      for (let x = x0; x <= x1; x++)
        for (let yy = y0; yy <= y1; yy++) {
          const mine = parts.tile(z, x, yy);
          const ref = encodeTile(whole, z, x, yy);
          expect(mine ? new Uint8Array(mine) : null).toEqual(ref);
          if (ref) compared++;
        }
    }
    expect(compared).toBeGreaterThan(10);
  });
});

describe("the app's analysis threads", () => {
  it('one per core but one (left to the page), at most 4, unless ?threads= asks', () => {
    expect(analysisThreads(null, 1)).toBe(1);
    expect(analysisThreads(null, 2)).toBe(1);
    expect(analysisThreads(null, 4)).toBe(3);
    expect(analysisThreads(null, 16)).toBe(4);
    expect(analysisThreads(2, 2)).toBe(2);
    expect(analysisThreads(64, 2)).toBe(8);
    expect(analysisThreads(0, 4)).toBe(3);
  });
});
