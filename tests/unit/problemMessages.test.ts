import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { openDataset, type TextReader } from '../../src/data/dataset';
import { readPolygonLayer } from '../../src/data/geojson';
import { openImport } from '../../src/data/importDataset';
import type { ImportSettings, ImportSources } from '../../src/data/importLayer';
import { type Problem, problemKey, problemMessage, problemMessageWith } from '../../src/data/problem';
import { problemsOf } from '../../src/data/problemList';
import { defaultRules } from '../../src/domain/rules';
import { renderText, translate } from '../../src/i18n/plain';
import { en, zh } from '../../src/i18n/resources';
import { analyseOpened, readParcels } from '../helpers/analyse';
import { FIXTURES, filesUnder, ROOT, readFixture, readFixtureBytes } from '../helpers/fixtures';

/**
 * Every problem message and every CLI message comes from src/i18n in both languages (issue 17, item 6): a corpus of
 * the problems the reader and the dataset loader give (the bad-GeoJSON, validation and CRS fixtures, broken
 * manifests, rules and paths, an analysis' warnings) is rendered in Chinese and English, by the CLI's translate and
 * by i18next as the app renders at display time.
 */
const luohe = join(ROOT, 'geodata', 'luohe');
const folder =
  (files: Record<string, string>): TextReader =>
  async (rel) => {
    if (rel in files) return files[rel] as string;
    try {
      return readFileSync(join(luohe, rel), 'utf8');
    } catch {
      return null;
    }
  };

async function corpus(): Promise<Problem[]> {
  const out: Problem[] = [];
  for (const path of filesUnder(join(FIXTURES, 'bad-geojson'), (n) => n.endsWith('.geojson')))
    out.push(...readPolygonLayer(readFileSync(path, 'utf8'), { file: path.slice(FIXTURES.length + 1) }).problems);
  for (const dir of ['validation', 'crs', 'crs-zones', 'areas'])
    for (const name of readdirSync(join(FIXTURES, dir)).filter((n) => /\.(geojson|json|txt)$/.test(n) && n !== 'cases.json' && n !== 'expected.json'))
      out.push(...readParcels(readFixture(dir, name), { file: name, centralMeridian: null }).problems);
  const manifest = JSON.parse(readFileSync(join(luohe, 'dataset.json'), 'utf8'));
  const broken: Record<string, unknown>[] = [
    { ...manifest, asOfDate: '2019-02-30', centralMeridian: 1e308, crs: 'EPSG:3857', zones: [manifest.zones[0], manifest.zones[0], { id: 3 }] },
    { ...manifest, name: 5, illustrative: 'yes', layers: { parcels: 7 }, basemap: { enabled: 1 }, typo: true },
    {
      ...manifest,
      layers: {
        ...manifest.layers,
        zones: 'http://x/z.geojson',
        areas: '../a.geojson',
        constraints: '/c',
        boundaries: 'a%2e',
        parcelTiles: { path: 'a//b', minZoom: 1, maxZoom: 2 },
      },
    },
    { ...manifest, layers: { ...manifest.layers, zones: 'missing.geojson' } },
  ];
  for (const m of broken) out.push(...(await openDataset(folder({ 'dataset.json': JSON.stringify(m) }))).problems);
  out.push(...(await openDataset(folder({ 'dataset.json': '{"name": ' }))).problems);
  out.push(...(await openDataset(async () => null)).problems);
  const badRules = { ...defaultRules(), idle: { ...defaultRules().idle, graceYears: 1e5, developedShareMin: 'a third' }, industries: { 13: { name: 1 } } };
  out.push(...(await openDataset(folder({ 'rules.json': JSON.stringify(badRules) }))).problems);
  out.push(...(await openDataset(folder({ 'rules.json': '{,}' }))).problems);
  // an analysis' warnings: the demo data with a wrong zone, a wrong certified area and a footprint larger than the parcel
  const parcels = JSON.parse(readFileSync(join(luohe, 'parcels.geojson'), 'utf8'));
  Object.assign(parcels.features[0].properties, { zoneId: 'linying', certifiedAreaM2: 1, footprintM2: 1e9 });
  const opened = await openDataset(folder({ 'parcels.geojson': JSON.stringify(parcels) }));
  out.push(...(await analyseOpened(opened)).problems);
  // a flood: problems of a kind past the bound stand for the rest
  out.push(...problemsOf(readParcels(`{"type":"FeatureCollection","features":[${'{},'.repeat(1500)}{}]}`, { file: 'f.geojson' }).problems));
  out.push(...(await importCorpus()));
  return out;
}

/** The problems of imports (Shapefiles, tables, the mapping, the join) from the import fixtures and a few made here. */
async function importCorpus(): Promise<Problem[]> {
  const out: Problem[] = [];
  const f = (name: string) => ({ name, bytes: readFixtureBytes('import', name) });
  const problemsOfImport = async (sources: ImportSources, settings: ImportSettings = {}) => {
    const o = await openImport(sources, settings, { name: 'corpus' });
    o.parcels?.each(() => {});
    out.push(...(o.parcels?.problems ?? []), ...o.problems);
  };
  const join = { key: 'ZDDM', tableKey: '宗地代码' };
  await problemsOfImport({ parcels: [f('zd-truncated.zip')] });
  await problemsOfImport({ parcels: [f('zd-wrong-prj.zip')] });
  await problemsOfImport({ parcels: [f('zd-32650-utm.zip')] });
  await problemsOfImport({ parcels: [f('zd-4547-gbk.zip')], table: f('join-problems.csv') }, { join, encoding: 'utf-8' });
  await problemsOfImport(
    { parcels: [f('zd-4547-gbk.zip')], table: f('enterprises-by-credit-code.xlsx') },
    { join: { key: 'TYSHXYDM', tableKey: '统一社会信用代码' } },
  );
  await problemsOfImport({ parcels: [f('zd-4547-gbk.zip')], table: f('enterprises.xlsx') }, { join: { key: 'NOPE', tableKey: 'NOPE' }, sheet: 'missing' });
  await problemsOfImport({
    parcels: [f('zd-4547-gbk.zip')],
    table: { name: 'a.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  });
  await problemsOfImport(
    { parcels: [f('zd-4547-gbk.zip')] },
    {
      mapping: {
        id: { source: 'parcels', field: 'ZDDM' },
        certifiedAreaM2: { source: 'parcels', field: 'ZDMJ', unit: 'mu' },
        name: { source: 'table', field: 'x' },
      },
    },
  );
  await problemsOfImport({ parcels: [{ name: 'x.txt', bytes: new Uint8Array(1) }] });
  const shp = new Uint8Array(readFixtureBytes('import', 'loose', '宗地.shp'));
  new DataView(shp.buffer).setInt32(32, 3, true);
  await problemsOfImport({ parcels: [{ name: 'l.shp', bytes: shp }] });
  await problemsOfImport({
    parcels: [
      { name: 'cut.shp', bytes: readFixtureBytes('import', 'loose', '宗地.shp').subarray(0, 3000) },
      { name: 'cut.cpg', bytes: new TextEncoder().encode('KOI9') },
    ],
  });
  await problemsOfImport(
    { parcels: [{ name: 'g.geojson', bytes: new TextEncoder().encode(readFixture('import', 'original.geojson')) }] },
    { crs: { offset: 'bd09' } },
  );
  return out;
}

/** Texts of keys not found (translate gives the key back) or parameters not filled. */
const UNRESOLVED =
  /\{\{|\b(problem|schemaIssue|geojsonRule|contractRule|polygonPart|jsonError|valueType|pathRule|crsHint|cli|valueRule|amountUnit|target)\.[a-z-]+/;

describe('problem messages in both languages', () => {
  it('every problem of the corpus has a message in Chinese and in English, no key or parameter left unresolved, no developer file named', async () => {
    const problems = await corpus();
    const kinds = new Set(problems.map((p) => problemKey(p.code, p.params)));
    // the corpus covers the kinds of problems there are
    expect(kinds.size).toBeGreaterThan(45);
    if (process.env.PRINT_PROBLEMS) {
      const seen = new Set<string>();
      for (const p of problems) {
        const k = problemKey(p.code, p.params);
        if (seen.has(k)) continue;
        seen.add(k);
        console.log(`${k}\n  ${problemMessage('zh', p)}\n  ${problemMessage('en', p)}`);
      }
    }
    for (const p of problems) {
      const zhText = problemMessage('zh', p);
      const enText = problemMessage('en', p);
      expect(zhText, JSON.stringify(p)).not.toMatch(UNRESOLVED);
      expect(enText, JSON.stringify(p)).not.toMatch(UNRESOLVED);
      expect(zhText).toBe(p.message);
      expect(zhText).toMatch(/[\u4e00-\u9fff]/);
      expect(enText).not.toBe(zhText);
      for (const text of [zhText, enText]) expect(text).not.toMatch(/DOMAIN\.md|DESIGN\.md|src\/|\.ts\b|ParkAtlas DOMAIN/);
    }
    // geojson-validation's messages are all ones the reader knows (none passed on as English text)
    expect(problems.filter((p) => JSON.stringify(p.params).includes('geojsonRule.other'))).toEqual([]);
    // zod's too, and V8's JSON.parse errors
    expect(problems.filter((p) => JSON.stringify(p.params).includes('schemaIssue.other'))).toEqual([]);
    expect(problems.filter((p) => p.code === 'not-json' && p.params.variant === 'other')).toEqual([]);
  });

  it('the app’s rendering (i18next, at display time, in the language shown) gives the CLI’s messages', async () => {
    const t = i18next.createInstance();
    await t.init({ resources: { zh: { translation: zh }, en: { translation: en } }, lng: 'zh', fallbackLng: 'zh', interpolation: { escapeValue: false } });
    for (const p of await corpus()) {
      for (const lang of ['zh', 'en'] as const) {
        await t.changeLanguage(lang);
        expect(problemMessageWith((key, params) => t.t(key, params), p)).toBe(problemMessage(lang, p));
      }
    }
  });

  it('every message of the CLI exists in both languages', () => {
    const source = ['audit.ts', 'writeTiles.ts'].map((f) => readFileSync(join(ROOT, 'src', 'cli', f), 'utf8')).join('\n');
    const keys = [...source.matchAll(/'(cli\.[\w.]+)'/g)].map((m) => m[1] as string);
    const usage = [...source.matchAll(/new UsageError\('(\w+)'/g)].map((m) => `cli.error.${m[1]}`);
    expect(keys.length + usage.length).toBeGreaterThan(20);
    for (const key of [...keys, ...usage])
      for (const lang of ['zh', 'en'] as const) {
        expect(translate(lang, key), `${lang} ${key}`).not.toBe(key);
        expect(renderText((k) => k, key)).toBe(key);
      }
  });
});
