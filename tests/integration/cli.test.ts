import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBundle, freshBundle } from '../../src/cli/bundle.mjs';
import { defaultRules } from '../../src/domain/rules';
import { fixturePath, ROOT } from '../helpers/fixtures';

/** Runs the real CLI in a child process, as `npm run audit --` does (from its bundle, built if stale). */
function audit(...args: string[]) {
  return run([join(ROOT, 'src', 'cli', 'run.mjs'), ...args]);
}
/** Runs the CLI's TypeScript source through tsx, as before it was bundled. */
function auditFromSource(...args: string[]) {
  return run(['--import', 'tsx', join(ROOT, 'src', 'cli', 'audit.ts'), ...args]);
}
function run(args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256e6 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = mkdtempSync(join(tmpdir(), 'audit-'));
const luohe = join(ROOT, 'geodata', 'luohe');

interface Report {
  asOf: string;
  parcels: { id: string; zoneId: string | null; functionalArea: string | null; areaM2: number; idle: { status: string }; lowEfficiency: { status: boolean } }[];
  zones: { zoneId: string | null }[];
  problems: { severity: string; file: string; message: string }[];
}

describe('audit CLI', () => {
  it('audits the demo dataset folder: JSON report, summary on stderr, exit 0', () => {
    const r = audit(luohe);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.asOf).toBe('2018-12-31');
    expect(report.parcels.length).toBeGreaterThan(2000);
    expect(report.zones.filter((z) => z.zoneId)).toHaveLength(6);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.stderr).toMatch(new RegExp(`${report.parcels.length} 宗地`));
  });

  it('--as-of moves every date rule', () => {
    const early = JSON.parse(audit(luohe, '--as-of', '2016-01-01').stdout) as Report;
    const late = JSON.parse(audit(luohe, '--as-of', '2021-01-01').stdout) as Report;
    expect(early.asOf).toBe('2016-01-01');
    const idle = (x: Report) => x.parcels.filter((p) => p.idle.status === 'idle').length;
    expect(idle(late)).toBeGreaterThan(idle(early));
  });

  it('CSV has a UTF-8 BOM, Chinese headers and one row per parcel', () => {
    const out = join(tmp, 'r.csv');
    const r = audit(luohe, '--format', 'csv', '--out', out);
    expect(r.code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFF宗地编号,项目名称,企业名称,产业集聚区,集聚区编号,功能分区/);
    expect(lines[0]).toContain('投资强度（万元/亩）');
    const json = JSON.parse(audit(luohe).stdout) as Report;
    expect(lines).toHaveLength(json.parcels.length + 1);
  });

  it('GeoJSON output carries the results as properties', () => {
    const r = audit(luohe, '--format', 'geojson');
    const fc = JSON.parse(r.stdout) as { type: string; features: { properties: { areaM2: number; asOf: string }; geometry: { type: string } }[] };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features[0]?.properties.areaM2).toBeGreaterThan(0);
    expect(fc.features[0]?.properties.asOf).toBe('2018-12-31');
    expect(fc.features[0]?.geometry.type).toMatch(/Polygon/);
  });

  it('a lone parcels file is audited with the default rules; zone and functional area are null', () => {
    const r = audit(fixturePath('areas', 'parcels.geojson'), '--as-of', '2020-01-01');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.parcels).toHaveLength(8);
    expect(report.parcels.every((p) => p.zoneId === null && p.functionalArea === null)).toBe(true);
  });

  it('--rules replaces the dataset rules', () => {
    const strict = {
      ...defaultRules(),
      local: { ...defaultRules().local, taxMinWanPerMu: { ...defaultRules().local.taxMinWanPerMu, default: 1000 } },
    };
    const rulesFile = join(tmp, 'strict.json');
    writeFileSync(rulesFile, JSON.stringify(strict));
    const low = (x: Report) => x.parcels.filter((p) => p.lowEfficiency.status).length;
    expect(low(JSON.parse(audit(luohe, '--rules', rulesFile).stdout) as Report)).toBeGreaterThan(low(JSON.parse(audit(luohe).stdout) as Report));
  });

  it('Gauss–Krüger input without a zone: exit 1 with a message naming --cm; with --cm 114 it reads', () => {
    const src = JSON.parse(readFileSync(fixturePath('areas', 'parcels-epsg4547.geojson'), 'utf8'));
    delete src.crs;
    const file = join(tmp, 'gk.geojson');
    writeFileSync(file, JSON.stringify(src));
    const bad = audit(file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('gk.geojson');
    expect(bad.stderr).toContain('--cm');
    const good = audit(file, '--cm', '114');
    expect(good.code).toBe(0);
    expect((JSON.parse(good.stdout) as Report).parcels).toHaveLength(8);
  });

  it('a file that is not JSON: exit 1, one clear message naming the file, no stack trace, in the language of --lang', () => {
    const r = audit(fixturePath('validation', 'not-json.geojson'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not-json.geojson');
    expect(r.stderr).toMatch(/^错误 .*not-json\.geojson：文件在第 \d+ 字节处提前结束/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const en = audit(fixturePath('validation', 'not-json.geojson'), '--lang', 'en');
    expect(en.stderr).toMatch(/^ERROR .*not-json\.geojson: the file ends too soon, at byte \d+/m);
    expect(en.stderr).toMatch(/^as of \d{4}-\d{2}-\d{2} \(today: no --as-of given\): 0 parcels/m);
  });

  it('usage errors exit 2', () => {
    expect(audit().code).toBe(2);
    expect(audit(luohe, '--format', 'xml').code).toBe(2);
    expect(audit(luohe, '--as-of', '2018-13-45').code).toBe(2);
    expect(audit(luohe, '--cm', '113').code).toBe(2);
    expect(audit(join(tmp, 'missing.geojson')).code).toBe(2);
    expect(audit(luohe, '--bogus').code).toBe(2);
    expect(audit(luohe, '--threads', '0').code).toBe(2);
    expect(audit(luohe, '--threads', 'many').code).toBe(2);
  });

  it('--threads 3 (two worker threads) writes the report --threads 1 writes, to stdout and to --out', () => {
    const one = audit(luohe, '--threads', '1');
    const three = audit(luohe, '--threads', '3');
    expect(one.code).toBe(0);
    expect(three.code).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    expect(three.stderr).toBe(one.stderr);
    const out = join(tmp, 'threads.json');
    expect(audit(luohe, '--threads', '2', '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(one.stdout);
  });

  it('runs from a bundle that gives the report and messages of the TypeScript source, worker thread included', () => {
    const bundled = audit(luohe, '--threads', '2', '--as-of', '2019-06-30');
    const source = auditFromSource(luohe, '--threads', '2', '--as-of', '2019-06-30');
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).toBe(source.stdout);
    expect(bundled.stderr).toBe(source.stderr);
    // a worker thread that failed to load would be said on stderr
    expect(bundled.stderr).not.toMatch(/worker thread failed/);
  });
});

describe('the audit bundle', () => {
  it('is built once, used while no source is newer, and built afresh when one is', async () => {
    const dir = join(tmp, 'bundle');
    expect(freshBundle(dir)).toBeNull();
    const first = await ensureBundle(dir);
    expect(existsSync(first)).toBe(true);
    expect(existsSync(join(dirname(first), 'shardWorker.mjs'))).toBe(true);
    expect(freshBundle(dir)).toBe(first);
    expect(await ensureBundle(dir)).toBe(first);
    // a source file changed after the build: the build recorded is made older than every source
    const current = JSON.parse(readFileSync(join(dir, 'current.json'), 'utf8')) as { builtMs: number };
    writeFileSync(join(dir, 'current.json'), JSON.stringify({ ...current, builtMs: 0 }));
    expect(freshBundle(dir)).toBeNull();
    const second = await ensureBundle(dir);
    expect(second).not.toBe(first);
    expect(freshBundle(dir)).toBe(second);
    // the first build stays for a run that may still be loading its worker file
    expect(existsSync(first)).toBe(true);
    // an output missing: stale
    rmSync(join(dirname(second), 'shardWorker.mjs'));
    expect(freshBundle(dir)).toBeNull();
  });
});
