import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { datasetFolderFiles, zipDatasetFolder } from '../../src/data/datasetExport';
import { importProvenance, openImport } from '../../src/data/importDataset';
import { mappingFileOf } from '../../src/data/mapping';
import { fixturePath, ROOT, readFixture, readFixtureBytes, relDiff } from '../helpers/fixtures';

/**
 * `audit` on the files officers have (issue 22, item 5): a zipped Shapefile, a .shp with its siblings, --join with
 * --key / --join-key, --map, --encoding, --crs, and each malformed input (message, exit code, the valid rest kept);
 * and the dataset folder the app exports (item 6) audited with the same results.
 */
function audit(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'src', 'cli', 'run.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64e6 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = mkdtempSync(join(tmpdir(), 'audit-import-'));
const fx = (...p: string[]) => fixturePath('import', ...p);

interface Report {
  parcels: { id: string; name: string | null; enterprise: string | null; areaM2: number; revenueWanYuan: number | null; taxWanYuan: number | null }[];
  problems: { severity: string; file: string; code: string; property: string | null; message: string; params: Record<string, unknown> }[];
}
const original = JSON.parse(readFixture('import', 'original.geojson')) as GeoJSON.FeatureCollection;
const originalProps = new Map(original.features.map((f) => [f.properties?.id as string, f.properties as Record<string, unknown>]));

describe('audit reads the files officers have', () => {
  it('a zipped Shapefile in EPSG:4547 with GBK attributes: 99 parcels, names exact, exit 0', () => {
    const r = audit(fx('zd-4547-gbk.zip'), '--as-of', '2018-12-31');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.parcels).toHaveLength(99);
    for (const p of report.parcels) expect(p.name).toBe(originalProps.get(p.id)?.name);
    expect(r.stderr).toContain('据 .prj');
  });

  it('a .shp with its siblings, and the same parcels as the zip', () => {
    const a = JSON.parse(audit(fx('loose', '宗地.shp'), '--as-of', '2018-12-31').stdout) as Report;
    const b = JSON.parse(audit(fx('zd-4547-gbk.zip'), '--as-of', '2018-12-31').stdout) as Report;
    expect(a.parcels.map((p) => [p.id, p.areaM2])).toEqual(b.parcels.map((p) => [p.id, p.areaM2]));
  });

  it('--join --key --join-key: a GBK CSV and an XLSX give the parcels their revenue and tax (元 converted to 万元)', () => {
    for (const table of ['enterprises-gbk.csv', 'enterprises.xlsx']) {
      const r = audit(fx('zd-4547-gbk.zip'), '--join', fx(table), '--key', 'ZDDM', '--join-key', '宗地代码', '--as-of', '2018-12-31');
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as Report;
      const ji1 = report.parcels.find((p) => p.id === 'JI0001');
      expect(ji1?.revenueWanYuan).toBe(originalProps.get('JI0001')?.revenueWanYuan);
      expect(ji1?.taxWanYuan).toBeCloseTo(originalProps.get('JI0001')?.taxWanYuan as number, 6);
      expect(r.stderr).toMatch(/11 宗地在表格中没有对应的行/);
    }
  });

  it('--join with the problems table: duplicate keys, unmatched rows, the bad value and the ragged row named, the rest joined (exit 0)', () => {
    const r = audit(fx('zd-4547-gbk.zip'), '--join', fx('join-problems.csv'), '--key', 'ZDDM', '--join-key', '宗地代码', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('row 4, column 主营业务收入（万元）: value 约3千 is not a number');
    expect(r.stderr).toContain('row 7 has 5 cells where the header has 4 columns');
    expect(r.stderr).toContain('key JI0005 is in rows 3, 5: none of them is joined');
    expect(r.stderr).toContain('2 rows of the table match no parcel (rows 6, 8: JX9001, JX9002)');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.parcels).toHaveLength(99);
    expect(report.parcels.find((p) => p.id === 'JI0001')?.revenueWanYuan).toBe(37948);
  });

  it('--map: a saved mapping file is used instead of the guess (ZDMJ declared in 亩 is converted, and said to look like m²)', () => {
    const map = join(tmp, 'mapping.json');
    writeFileSync(
      map,
      JSON.stringify(
        mappingFileOf({
          id: { source: 'parcels', field: 'ZDDM' },
          name: { source: 'parcels', field: 'QLRMC' },
          certifiedAreaM2: { source: 'parcels', field: 'ZDMJ', unit: 'mu' },
        }),
      ),
    );
    const r = audit(fx('zd-4547-gbk.zip'), '--map', map, '--format', 'geojson');
    expect(r.code).toBe(0);
    const fc = JSON.parse(r.stdout) as GeoJSON.FeatureCollection;
    const ji1 = fc.features.find((f) => f.properties?.id === 'JI0001');
    expect(ji1?.properties?.name).toBe(originalProps.get('JI0001')?.enterprise);
    expect(r.stderr).toMatch(/ZDMJ 的数值看来是以平方米为单位，而不是亩/);
  });

  it('--encoding overrides the .cpg: GBK read as UTF-8 gives replacement characters and says so', () => {
    const r = audit(fx('zd-4547-gbk.zip'), '--encoding', 'utf-8', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/cannot be read as UTF-8/);
    const right = JSON.parse(audit(fx('zd-4547-ldid.zip'), '--encoding', 'gbk').stdout) as Report;
    expect(right.parcels.find((p) => p.id === 'JI0001')?.name).toBe(originalProps.get('JI0001')?.name);
  });

  it('--crs EPSG:4547 reads a file whose .prj is wrong; without it the wrong .prj is an error, exit 1', () => {
    const bad = audit(fx('zd-wrong-prj.zip'), '--lang', 'en');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/the \.prj names a lon\/lat system .* but the coordinates are projected metres/);
    const good = audit(fx('zd-wrong-prj.zip'), '--crs', 'EPSG:4547');
    expect(good.code).toBe(0);
    expect((JSON.parse(good.stdout) as Report).parcels).toHaveLength(99);
  });

  it('--crs GCJ-02 converts a GeoJSON of web-map coordinates; a bad --crs is a usage error', () => {
    const r = audit(fx('original.geojson'), '--crs', 'GCJ-02', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('GCJ-02');
    const u = audit(fx('original.geojson'), '--crs', 'WGS-99');
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('GCJ-02、BD-09');
  });

  it('malformed input: a truncated zip (exit 1, named), a missing table, --key without --join, a bad mapping, an unknown encoding (exit 2)', () => {
    const cut = audit(fx('zd-truncated.zip'));
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/错误 .*zd-truncated\.zip：压缩包已损坏或不完整/);
    expect(audit(fx('zd-4547-gbk.zip'), '--join', join(tmp, 'none.csv'), '--key', 'ZDDM').code).toBe(2);
    const k = audit(fx('zd-4547-gbk.zip'), '--key', 'ZDDM', '--lang', 'en');
    expect(k.code).toBe(2);
    expect(k.stderr).toContain('--key goes with --join only');
    const bad = join(tmp, 'bad-mapping.json');
    writeFileSync(bad, JSON.stringify({ format: 'parkatlas-field-mapping', version: 1, fields: { taxWanYuan: { field: '税收', unit: 'mu' } } }));
    const m = audit(fx('zd-4547-gbk.zip'), '--map', bad, '--lang', 'en');
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('mapping file');
    const e = audit(fx('zd-4547-gbk.zip'), '--encoding', 'klingon', '--lang', 'en');
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('--encoding must be gbk, utf-8');
    expect(audit(join(ROOT, 'geodata', 'luohe'), '--join', fx('enterprises.xlsx'), '--key', 'id').code).toBe(2);
  });

  it('an output that is the join table or the mapping file is refused (exit 2)', () => {
    const t = join(tmp, 'copy.csv');
    writeFileSync(t, readFileSync(fx('enterprises-gbk.csv')));
    const r = audit(fx('zd-4547-gbk.zip'), '--join', t, '--key', 'ZDDM', '--join-key', '宗地代码', '--out', t);
    expect(r.code).toBe(2);
    expect(readFileSync(t)).toEqual(readFileSync(fx('enterprises-gbk.csv')));
  });
});

describe('the dataset folder an import is exported as (issue 22, item 6)', () => {
  it('is audited by the CLI with the parcels, areas and joined figures of the import itself', async () => {
    const settings = { join: { key: 'ZDDM', tableKey: '宗地代码' } };
    const opened = await openImport(
      {
        parcels: [{ name: 'zd-4547-gbk.zip', bytes: readFixtureBytes('import', 'zd-4547-gbk.zip') }],
        table: { name: 'enterprises.xlsx', bytes: readFixtureBytes('import', 'enterprises.xlsx') },
      },
      settings,
      { name: '经开宗地（导入）', asOfDate: '2018-12-31', importedAt: '2026-01-05T08:00:00Z' },
    );
    if (!opened.parcels || !opened.manifest) throw new Error('not opened');
    const files = datasetFolderFiles({
      manifest: opened.manifest,
      rules: opened.rules,
      parcels: opened.parcels,
      provenance: importProvenance(opened.summary, opened.parcels.crs, '2026-01-05T08:00:00Z'),
      extra: { 'mapping.json': JSON.stringify(mappingFileOf(opened.summary.mapping), null, 2) },
    });
    const zip = zipDatasetFolder('经开宗地（导入）', files);
    const dir = join(tmp, 'exported');
    for (const [name, bytes] of Object.entries(unzipSync(zip))) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    const folder = join(dir, '经开宗地（导入）');
    const manifest = JSON.parse(readFileSync(join(folder, 'dataset.json'), 'utf8'));
    expect(manifest.importNote).toContain('导入自 zd-4547-gbk.zip/宗地.shp');
    expect(manifest.importNote).toContain('GBK');
    const fromFolder = audit(folder);
    expect(fromFolder.code, fromFolder.stderr).toBe(0);
    const direct = audit(fx('zd-4547-gbk.zip'), '--join', fx('enterprises.xlsx'), '--key', 'ZDDM', '--join-key', '宗地代码', '--as-of', '2018-12-31');
    const a = JSON.parse(fromFolder.stdout) as Report;
    const b = JSON.parse(direct.stdout) as Report;
    expect(a.parcels.map((p) => p.id)).toEqual(b.parcels.map((p) => p.id));
    a.parcels.forEach((p, i) => {
      const q = b.parcels[i] as Report['parcels'][0];
      expect(relDiff(p.areaM2, q.areaM2)).toBeLessThan(1e-9);
      expect([p.name, p.enterprise, p.revenueWanYuan, p.taxWanYuan]).toEqual([q.name, q.enterprise, q.revenueWanYuan, q.taxWanYuan]);
    });
    // its warnings are the reader's: no file problem, no unknown member (the notes end in "Note")
    expect(a.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(a.problems.filter((p) => p.code === 'unknown-member')).toEqual([]);
  });
});
