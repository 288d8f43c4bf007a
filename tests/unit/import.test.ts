import { zipSync } from 'fflate';
import gcoord from 'gcoord';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { openImport } from '../../src/data/importDataset';
import { assembleImport, type ImportSettings, type ImportSources, openImportLayer, readImport } from '../../src/data/importLayer';
import { type Problem, problemMessage } from '../../src/data/problem';
import type { ImportFile } from '../../src/data/shapefile';
import type { Parcel } from '../../src/domain/types';
import { planarAreaM2 } from '../../src/geo/area';
import { readFixture, readFixtureBytes, relDiff } from '../helpers/fixtures';

/**
 * The import (issue 22, items 1–3): each fixture of tests/fixtures/import (made by its make.sh with ogr2ogr from the
 * embedded parcels) read back through the same reader the GeoJSON datasets use; areas agree with the GeoJSON original
 * to 0.01 %, Chinese names exactly.
 */
const file = (name: string): ImportFile => ({ name, bytes: readFixtureBytes('import', name) });
const original = JSON.parse(readFixture('import', 'original.geojson')) as GeoJSON.FeatureCollection;
const originalById = new Map(original.features.map((f) => [String(f.properties?.id), f]));

async function parcelsOf(sources: ImportSources, settings: ImportSettings = {}) {
  const opened = await openImport(sources, settings, { name: 'test', asOfDate: '2018-12-31' });
  const parcels: Parcel[] = [];
  opened.parcels?.each((p) => {
    parcels.push(p);
  });
  return { opened, parcels, problems: [...(opened.parcels?.problems ?? []), ...opened.problems] as Problem[] };
}

const codes = (ps: readonly Problem[], severity?: Problem['severity']) => ps.filter((p) => !severity || p.severity === severity).map((p) => p.code);

describe('Shapefiles read as the GeoJSON original', () => {
  const cases: [string, { encoding: string; from: string }, string][] = [
    ['zd-4547-gbk.zip', { encoding: 'gbk', from: 'cpg' }, 'prj'],
    ['zd-4547-ldid.zip', { encoding: 'gbk', from: 'language-driver' }, 'prj'],
    ['zd-4526-utf8.zip', { encoding: 'utf-8', from: 'cpg' }, 'prj'],
    ['zd-4526-noprj.zip', { encoding: 'gbk', from: 'fallback' }, 'zone-prefix'],
    ['zd-32650-utm.zip', { encoding: 'utf-8', from: 'cpg' }, 'prj-def'],
  ];
  for (const [zip, encoding, crsFrom] of cases)
    it(`${zip}: 99 parcels, areas to 0.01 %, names exact, encoding ${encoding.encoding} (${encoding.from}), CRS from ${crsFrom}`, async () => {
      const { opened, parcels, problems } = await parcelsOf({ parcels: [file(zip)] });
      expect(codes(problems, 'error')).toEqual([]);
      expect(opened.summary.read.encoding).toMatchObject(encoding);
      const reprojected = problems.find((p) => p.code === 'reprojected');
      expect(reprojected?.params.variant).toBe(crsFrom);
      expect(parcels).toHaveLength(99);
      for (const p of parcels) {
        const o = originalById.get(p.props.id) as GeoJSON.Feature;
        expect(o, p.props.id).toBeDefined();
        const want = planarAreaM2(o.geometry as GeoJSON.Polygon);
        expect(relDiff(planarAreaM2(p.geometry), want)).toBeLessThan(1e-4);
        expect(p.props.name).toBe(o.properties?.name);
        expect(p.props.enterprise ?? null).toBe(o.properties?.enterprise ?? null);
        expect(p.props.certifiedAreaM2).toBe(o.properties?.certifiedAreaM2);
        expect(p.props.landUse).toBe(o.properties?.landUse);
      }
    });

  it('maps the cadastral and Chinese field names by the preset, .dbf-cut names included, with dates and numbers as the contract has them', async () => {
    const { opened, parcels } = await parcelsOf({ parcels: [file('zd-4547-gbk.zip')] });
    const m = opened.summary.mapping;
    expect(m.id).toEqual({ source: 'parcels', field: 'ZDDM' });
    expect(m.enterprise?.field).toBe('QLRMC');
    expect(m.landUse?.field).toBe('TDYT');
    expect(m.certifiedAreaM2?.field).toBe('ZDMJ');
    expect(m.fixedAssetInvestmentWanYuan?.field).toBe('固定资产投');
    expect(m.agreedStartDate?.field).toBe('约定动工日');
    expect(m.footprintM2?.field).toBe('建筑基底面');
    const ji1 = parcels.find((p) => p.props.id === 'JI0001') as Parcel;
    const o = originalById.get('JI0001')?.properties as Record<string, unknown>;
    for (const k of [
      'supplyDate',
      'agreedStartDate',
      'actualStartDate',
      'fixedAssetInvestmentWanYuan',
      'floorAreaM2',
      'footprintM2',
      'landPriceWanYuan',
    ] as const)
      expect(ji1.props[k], k).toEqual(o[k]);
    // the source's other fields are kept under their names
    expect(opened.summary.read.fields).toContain('TYSHXYDM');
  });

  it('reads polygons and multipolygons with holes (rings nested by where they lie, wound as RFC 7946 says)', async () => {
    const holes = JSON.parse(readFixture('import', 'holes-original.geojson')) as GeoJSON.FeatureCollection;
    const { parcels, problems } = await parcelsOf({ parcels: [file('zd-holes.zip')] });
    expect(codes(problems, 'error')).toEqual([]);
    expect(codes(problems)).not.toContain('winding');
    expect(parcels.map((p) => p.props.id)).toEqual(['H1', 'H2']);
    const [h1, h2] = parcels as [Parcel, Parcel];
    expect(h1.geometry.type).toBe('Polygon');
    expect((h1.geometry as GeoJSON.Polygon).coordinates).toHaveLength(2);
    expect(h2.geometry.type).toBe('MultiPolygon');
    expect((h2.geometry as GeoJSON.MultiPolygon).coordinates.map((p) => p.length).sort()).toEqual([1, 2]);
    holes.features.forEach((f, i) => {
      expect(relDiff(planarAreaM2((parcels[i] as Parcel).geometry), planarAreaM2(f.geometry as GeoJSON.MultiPolygon))).toBeLessThan(1e-4);
    });
    expect(h2.props.name).toBe('两块组成的宗地');
  });

  it('reads loose files (a .shp with its siblings) as the zip', async () => {
    const names = ['宗地.shp', '宗地.dbf', '宗地.shx', '宗地.prj', '宗地.cpg'];
    const { parcels } = await parcelsOf({ parcels: names.map((n) => ({ name: n, bytes: readFixtureBytes('import', 'loose', n) })) });
    expect(parcels).toHaveLength(99);
  });

  it('lets the user choose the encoding: GBK read as UTF-8 gives replacement characters and a warning, read as GBK the names', async () => {
    const wrong = await parcelsOf({ parcels: [file('zd-4547-gbk.zip')] }, { encoding: 'utf-8' });
    expect(wrong.opened.summary.read.encoding).toEqual({ encoding: 'utf-8', from: 'option' });
    expect(codes(wrong.problems)).toContain('replacement-characters-in');
    expect(wrong.parcels.some((p) => p.props.name?.includes('\ufffd'))).toBe(true);
    const right = await parcelsOf({ parcels: [file('zd-4547-gbk.zip')] }, { encoding: 'gbk' });
    expect(right.parcels.find((p) => p.props.id === 'JI0001')?.props.name).toBe(originalById.get('JI0001')?.properties?.name);
  });
});

describe('what goes wrong with Shapefiles', () => {
  it('a zip cut short is an error naming it, and nothing is read', async () => {
    const { parcels, problems } = await parcelsOf({ parcels: [file('zd-truncated.zip')] });
    expect(parcels).toHaveLength(0);
    const p = problems.find((x) => x.code === 'bad-zip') as Problem;
    expect(p.file).toBe('zd-truncated.zip');
    expect(problemMessage('zh', p)).toContain('压缩包已损坏或不完整');
    expect(problemMessage('en', p)).toContain('damaged or incomplete');
  });

  it('a zip whose directory says it unpacks to more than a browser holds is refused before it is unpacked, naming the limit', async () => {
    const zip = zipSync({ '宗地.shp': new Uint8Array(100), '宗地.dbf': new Uint8Array(100) });
    // the central directory's uncompressed size (offset 24 of each entry) set to 300 MiB, as a zip bomb's would be
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let entries = 0;
    for (let o = 0; o + 46 <= zip.length; o++)
      if (view.getUint32(o, true) === 0x02014b50) {
        view.setUint32(o + 24, 300 * 1024 * 1024, true);
        entries++;
      }
    expect(entries).toBe(2);
    const { parcels, problems } = await parcelsOf({ parcels: [{ name: 'bomb.zip', bytes: zip }] });
    expect(parcels).toHaveLength(0);
    const p = problems.find((x) => x.code === 'bad-zip') as Problem;
    expect(p.file).toBe('bomb.zip');
    expect(p.params.variant).toBe('too-large');
    expect(problemMessage('zh', p)).toContain('超过 512 MB');
    expect(problemMessage('en', p)).toContain('more than 512 MB');
  });

  it('a .prj that says lon/lat of Gauss–Krüger metres is an error; stating the CRS reads the file', async () => {
    const bad = await parcelsOf({ parcels: [file('zd-wrong-prj.zip')] });
    expect(bad.parcels).toHaveLength(0);
    expect(codes(bad.problems, 'error')).toEqual(['prj-mismatch']);
    const stated = await parcelsOf({ parcels: [file('zd-wrong-prj.zip')] }, { crs: { epsg: 4547 } });
    expect(stated.parcels).toHaveLength(99);
  });

  it('a .shp cut inside a record keeps the records before it, and says so', async () => {
    const shp = readFixtureBytes('import', 'loose', '宗地.shp');
    const cut = shp.subarray(0, Math.floor(shp.length * 0.5));
    const sources = ['宗地.dbf', '宗地.prj', '宗地.cpg'].map((n) => ({ name: n, bytes: readFixtureBytes('import', 'loose', n) }));
    const { parcels, problems } = await parcelsOf({ parcels: [{ name: '宗地.shp', bytes: cut }, ...sources] });
    const t = problems.find((p) => p.code === 'truncated') as Problem;
    expect(t.params.variant).toBe('shp');
    expect(parcels.length).toBe(t.params.count);
    expect(parcels.length).toBeGreaterThan(40);
    expect(parcels.length).toBeLessThan(99);
  });

  it('a .dbf cut short keeps the records before the cut; a deleted record is no feature', async () => {
    const dbf = new Uint8Array(readFixtureBytes('import', 'loose', '宗地.dbf'));
    const view = new DataView(dbf.buffer);
    const headerBytes = view.getUint16(8, true);
    const recordBytes = view.getUint16(10, true);
    dbf[headerBytes] = 0x2a; // record 0 deleted
    const cut = dbf.subarray(0, headerBytes + recordBytes * 50 + 7);
    const others = ['宗地.shp', '宗地.prj', '宗地.cpg'].map((n) => ({ name: n, bytes: readFixtureBytes('import', 'loose', n) }));
    const { parcels, problems } = await parcelsOf({ parcels: [{ name: '宗地.dbf', bytes: cut }, ...others] });
    expect(problems.find((p) => p.code === 'truncated')?.params).toMatchObject({ variant: 'dbf', count: 50 });
    // records 1–49 with their attributes; those past the cut have geometry but no id, and are dropped as such
    expect(parcels.map((p) => p.props.id)).not.toContain(originalById.get('JI0001') ? 'JI0001' : '');
    expect(parcels).toHaveLength(49);
    expect(codes(problems)).toContain('missing-id');
  });

  it('a point Shapefile is refused: parcels are polygons', async () => {
    const shp = new Uint8Array(readFixtureBytes('import', 'loose', '宗地.shp'));
    new DataView(shp.buffer).setInt32(32, 1, true);
    const { parcels, problems } = await parcelsOf({ parcels: [{ name: 'p.shp', bytes: shp }] });
    expect(parcels).toHaveLength(0);
    expect(problems.find((p) => p.code === 'bad-shp')?.params).toMatchObject({ variant: 'not-polygons', type: 'Point' });
  });
});

describe('tables joined to the parcels', () => {
  const join = { key: 'ZDDM', tableKey: '宗地代码' };
  for (const table of ['enterprises-utf8bom.csv', 'enterprises-gbk.csv', 'enterprises.xlsx'])
    it(`${table}: revenue in 万元 and tax in 元 (its title says so) joined to 88 of 99 parcels`, async () => {
      const { opened, parcels, problems } = await parcelsOf({ parcels: [file('zd-4547-gbk.zip')], table: file(table) }, { join });
      expect(codes(problems, 'error')).toEqual([]);
      expect(opened.summary.mapping.taxWanYuan).toEqual({ source: 'table', field: '税收（元）', unit: 'yuan' });
      const report = opened.summary.join;
      expect(report?.matchedParcels).toBe(88);
      expect(report?.unmatchedRows).toEqual([]);
      expect(report?.unmatchedParcels).toHaveLength(11);
      for (const p of parcels) {
        const o = originalById.get(p.props.id)?.properties as Record<string, number | undefined>;
        expect(p.props.revenueWanYuan ?? null).toBe(o.revenueWanYuan ?? null);
        if (o.taxWanYuan != null) expect(p.props.taxWanYuan).toBeCloseTo(o.taxWanYuan, 6);
      }
      if (table.endsWith('.csv')) expect(opened.summary.read.table?.encoding?.from).toBe(table.includes('gbk') ? 'fallback' : 'bom');
    });

  it('a table by credit code: an enterprise’s figures shared among its parcels by area, sums kept', async () => {
    const { opened, parcels } = await parcelsOf(
      { parcels: [file('zd-4547-gbk.zip')], table: file('enterprises-by-credit-code.xlsx') },
      { join: { key: 'TYSHXYDM', tableKey: '统一社会信用代码' } },
    );
    const report = opened.summary.join;
    expect(report?.sharedKeys.length).toBeGreaterThan(5);
    const byEnterprise = new Map<string, { revenue: number; parcels: Parcel[] }>();
    for (const p of parcels) {
      const e = p.props.enterprise;
      if (!e || p.props.revenueWanYuan == null) continue;
      const x = byEnterprise.get(e) ?? { revenue: 0, parcels: [] };
      x.revenue += p.props.revenueWanYuan;
      x.parcels.push(p);
      byEnterprise.set(e, x);
    }
    const sumOriginal = new Map<string, number>();
    for (const f of original.features)
      if (f.properties?.enterprise && f.properties.revenueWanYuan != null)
        sumOriginal.set(f.properties.enterprise, (sumOriginal.get(f.properties.enterprise) ?? 0) + f.properties.revenueWanYuan);
    for (const [e, x] of byEnterprise) {
      expect(x.revenue, e).toBeCloseTo(sumOriginal.get(e) as number, 3);
      // per unit of area, the same for each of its parcels
      const perM2 = x.parcels.map((p) => (p.props.revenueWanYuan as number) / planarAreaM2(p.geometry));
      for (const v of perM2) expect(relDiff(v, perM2[0] as number)).toBeLessThan(1e-6);
    }
  });

  it('join-problems.csv: duplicate keys, unmatched on both sides, a bad value and a ragged row named by row and column', async () => {
    const { opened, problems } = await parcelsOf({ parcels: [file('zd-4547-gbk.zip')], table: file('join-problems.csv') }, { join });
    const r = opened.summary.join;
    expect(r?.duplicateKeys).toEqual([{ key: 'JI0005', rows: [3, 5] }]);
    expect(r?.unmatchedRows).toEqual([
      { row: 6, key: 'JX9001' },
      { row: 8, key: 'JX9002' },
    ]);
    expect(r?.matchedParcels).toBe(2); // JI0001, JI0006 (JI0005 is ambiguous, JI0007's row is ragged)
    const bad = problems.find((p) => p.code === 'bad-cell') as Problem;
    expect(bad.params).toMatchObject({ row: 4, column: '主营业务收入（万元）', value: '约3千' });
    expect(problemMessage('zh', bad)).toBe('第 4 行 主营业务收入（万元） 列的值 约3千：不是数字；此值不予采用');
    expect(problemMessage('en', bad)).toContain('row 4, column 主营业务收入（万元）');
    const ragged = problems.find((p) => p.code === 'ragged-row') as Problem;
    expect(ragged.params).toMatchObject({ row: 7, count: 5, expected: 4 });
    expect(ragged.file).toBe('join-problems.csv');
    // "1,234,500" 元 is 123.45 万元 (JX9002's row: read, though no parcel has it)
    expect(problems.filter((p) => p.code === 'bad-cell')).toHaveLength(1);
  });

  it('an old binary .xls and an HTML page named .xls are refused with what to do', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const xls = await readImport({ parcels: [file('zd-4547-gbk.zip')], table: { name: '企业.xls', bytes: ole } });
    const p = xls.table?.problems[0] as Problem;
    expect(p).toMatchObject({ code: 'old-excel', severity: 'error', file: '企业.xls' });
    expect(problemMessage('zh', p)).toContain('另存为 .xlsx 或 CSV');
    const html = await readImport({ parcels: [file('zd-4547-gbk.zip')], table: { name: '企业.xls', bytes: new TextEncoder().encode('<html><table>') } });
    expect(html.table?.problems[0]?.params.variant).toBe('html');
  });
});

describe('coordinates of Chinese web maps', () => {
  const systems = [
    ['GCJ-02', 'gcj02', gcoord.GCJ02],
    ['BD-09', 'bd09', gcoord.BD09],
  ] as const;
  for (const [label, offset, system] of systems)
    it(`${label} declared: taken back to WGS84 within half a metre of the original (gcoord), areas to 0.01 %`, async () => {
      const shift = (p: Position) => gcoord.transform([p[0] as number, p[1] as number], gcoord.WGS84, system) as Position;
      const shifted = structuredClone(original);
      for (const f of shifted.features) {
        const g = f.geometry as GeoJSON.Polygon;
        g.coordinates = g.coordinates.map((r) => r.map(shift));
      }
      const bytes = new TextEncoder().encode(JSON.stringify(shifted));
      const plain = await parcelsOf({ parcels: [{ name: `${offset}.geojson`, bytes }] });
      const declared = await parcelsOf({ parcels: [{ name: `${offset}.geojson`, bytes }] }, { crs: { offset } });
      expect(declared.problems.find((p) => p.code === 'reprojected')?.params.variant).toBe(offset);
      expect(declared.parcels).toHaveLength(99);
      const first = (p: Parcel) => (p.geometry as GeoJSON.Polygon).coordinates[0]?.[0] as Position;
      const metres = (a: Position, b: Position) => Math.hypot(((a[0] as number) - (b[0] as number)) * 93_000, ((a[1] as number) - (b[1] as number)) * 111_000);
      for (const p of declared.parcels) {
        const o = originalById.get(p.props.id) as GeoJSON.Feature;
        expect(metres(first(p), (o.geometry as GeoJSON.Polygon).coordinates[0]?.[0] as Position)).toBeLessThan(0.5);
        expect(relDiff(planarAreaM2(p.geometry), planarAreaM2(o.geometry as GeoJSON.Polygon))).toBeLessThan(1e-4);
      }
      // undeclared, the offset (some hundreds of metres here) stays
      const o1 = originalById.get('JI0001') as GeoJSON.Feature;
      const p1 = plain.parcels.find((p) => p.props.id === 'JI0001') as Parcel;
      expect(metres(first(p1), (o1.geometry as GeoJSON.Polygon).coordinates[0]?.[0] as Position)).toBeGreaterThan(100);
    });
});

describe('the import layer keeps problems in order and bounded', () => {
  it('opens with the import’s problems first, then each feature’s', async () => {
    const read = await readImport({ parcels: [file('zd-4547-gbk.zip')], table: file('join-problems.csv') }, {});
    const assembled = assembleImport(read, { join: { key: 'ZDDM', tableKey: '宗地代码' } });
    const layer = openImportLayer(read, assembled);
    const before = layer.problems.length;
    expect(before).toBeGreaterThan(3);
    let n = 0;
    layer.each(() => {
      n++;
    });
    expect(n).toBe(99);
  });
});
