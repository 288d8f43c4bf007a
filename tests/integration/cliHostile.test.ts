import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath, ROOT } from '../helpers/fixtures';

/**
 * The audit CLI against hostile and broken input (issue 18) and as the README runs it (issue 17, item 8): each test
 * runs the real CLI in a child process.
 */
function audit(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'src', 'cli', 'run.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256e6 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const sh = (command: string) => spawnSync('bash', ['-c', command], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256e6 });
const tmp = mkdtempSync(join(tmpdir(), 'audit-hostile-'));
const luohe = join(ROOT, 'geodata', 'luohe');
const square = (x: number) => [
  [
    [x, 33.5],
    [x + 0.001, 33.5],
    [x + 0.001, 33.501],
    [x, 33.501],
    [x, 33.5],
  ],
];
const feature = (properties: Record<string, unknown>, x = 114) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: square(x) } });
const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
/** A copy of the demo dataset in a fresh folder, its manifest changed by `change`. */
function datasetCopy(name: string, change: (m: Record<string, unknown> & { layers: Record<string, unknown> }) => void = () => {}) {
  const dir = join(tmp, name);
  cpSync(luohe, dir, { recursive: true });
  const m = JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8'));
  change(m);
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify(m));
  return dir;
}
const controlCharacters = (s: string) =>
  [...s].filter((c) => c !== '\n' && ((c.codePointAt(0) as number) < 0x20 || ((c.codePointAt(0) as number) >= 0x7f && (c.codePointAt(0) as number) < 0xa0)));

describe('the README’s command writes the report, and only the report, to stdout', () => {
  it('every audit command of the README that sends stdout to a file gives a file that is the report', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const commands = readme
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter((l) => /^(npm run --silent audit|npx parkatlas-audit) -- .*> ?\S+\.json$|^(npx parkatlas-audit) .*> ?\S+\.json$/.test(l));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      // (the README's command exactly, its output file put in a temporary folder)
      const out = join(tmp, 'readme-report.json');
      const r = sh(command.replace(/> ?\S+\.json$/, `> ${out}`));
      expect(r.status, `${command}\n${r.stderr}`).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8')) as { asOf: string; parcels: unknown[] };
      expect(report.parcels.length).toBeGreaterThan(0);
      // the summary, with its as-of date, on stderr
      expect(r.stderr).toMatch(/评估基准日 \d{4}-\d{2}-\d{2}|as of \d{4}-\d{2}-\d{2}/);
    }
  });

  it('a report piped into a reader that stops early ends quietly (no "internal error")', () => {
    const r = sh(`node src/cli/run.mjs ${luohe} | head -c 100 > /dev/null; echo "exit \${PIPESTATUS[0]}"`);
    expect(r.stdout.trim()).toBe('exit 0');
    expect(r.stderr).not.toMatch(/internal error|内部错误/);
  });
});

describe('1: an output never destroys an input, nor is left half written', () => {
  it('--out naming the input file, the dataset’s manifest, a layer, the rules file or a link to one is refused (exit 2), the file unchanged', () => {
    const lone = join(tmp, 'lone.geojson');
    writeFileSync(lone, collection([feature({ id: 'A' })]));
    const before = readFileSync(lone, 'utf8');
    const dir = datasetCopy('out-is-input');
    const rules = join(tmp, 'rules.json');
    cpSync(join(luohe, 'rules.json'), rules);
    symlinkSync(join(dir, 'parcels.geojson'), join(tmp, 'link-to-parcels.geojson'));
    const cases: [string[], string][] = [
      [[lone, '--out', lone], lone],
      [[dir, '--out', join(dir, 'dataset.json')], join(dir, 'dataset.json')],
      [[dir, '--out', join(dir, 'zones.geojson')], join(dir, 'zones.geojson')],
      [[lone, '--rules', rules, '--out', rules], rules],
      [[dir, '--format', 'csv', '--out', join(tmp, 'link-to-parcels.geojson')], join(dir, 'parcels.geojson')],
      [[dir, '--tiles', join(dir, 'rules.pmtiles'), '--out', join(dir, 'rules.json')], join(dir, 'rules.json')],
    ];
    for (const [args, file] of cases) {
      const content = readFileSync(file);
      const r = audit(...args, '--lang', 'en');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/is an input of this audit/);
      expect(readFileSync(file).equals(content), `${file} unchanged`).toBe(true);
    }
    expect(readFileSync(lone, 'utf8')).toBe(before);
    // --tiles as a folder over a file: refused, the file kept
    const tiles = audit(dir, '--tiles', join(dir, 'zones.geojson'), '--lang', 'en');
    expect(tiles.code).toBe(2);
    expect(tiles.stderr).toMatch(/--tiles .*zones\.geojson is a file/);
  });

  it('--out in a folder that does not exist is a usage error at once, before anything is read', () => {
    const r = audit(luohe, '--out', join(tmp, 'no', 'such', 'folder', 'r.json'), '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^audit: the folder .*no\/such\/folder of --out does not exist/m);
    expect(r.stderr).not.toMatch(/as of|\d+ parcels/);
  });

  it('a failed audit leaves the file that was at --out as it was, and no temporary file', () => {
    const dir = join(tmp, 'keep');
    mkdirSync(dir);
    const out = join(dir, 'report.json');
    writeFileSync(out, 'the last good report');
    const r = audit(fixturePath('validation', 'not-json.geojson'), '--out', out);
    expect(r.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('the last good report');
    expect(readdirSync(dir)).toEqual(['report.json']);
    // and a good one replaces it whole
    expect(audit(luohe, '--out', out).code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { parcels: unknown[] }).parcels.length).toBeGreaterThan(2000);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});

describe('4: a dataset’s files are read from its folder only', () => {
  it('../, absolute paths and a symbolic link out of the folder are not read; each is a problem naming its member; the parcels are audited', () => {
    const secret = join(tmp, 'secret.geojson');
    writeFileSync(secret, collection([{ ...feature({ id: 'SECRET-ZONE', name: 'TOP SECRET' }), properties: { id: 'SECRET-ZONE', name: 'TOP SECRET' } }]));
    const dir = datasetCopy('traversal', (m) => {
      m.layers.zones = '../secret.geojson';
      m.layers.areas = secret;
      m.layers.constraints = 'link.geojson';
      m.layers.boundaries = '/etc/hostname';
    });
    symlinkSync(secret, join(dir, 'link.geojson'));
    const r = audit(dir, '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('SECRET');
    expect(r.stdout).not.toContain(readFileSync('/etc/hostname', 'utf8').trim() || '\u0000');
    const problems = (JSON.parse(r.stdout) as { problems: { property: string; code: string }[] }).problems;
    expect(
      problems
        .filter((p) => ['bad-path', 'outside-dataset'].includes(p.code))
        .map((p) => [p.property, p.code])
        .sort(),
    ).toEqual([
      ['layers.areas', 'bad-path'],
      ['layers.boundaries', 'bad-path'],
      ['layers.constraints', 'outside-dataset'],
      ['layers.zones', 'bad-path'],
    ]);
    expect(r.stderr).toMatch(
      /ERROR dataset\.json layers\.constraints: the path link\.geojson of layers\.constraints in dataset\.json leads outside the dataset folder/,
    );
  });
});

describe('5, 12 and 14: floods, terminal text and usage errors', () => {
  it('100,000 empty features and one parcel: exit 0, the parcel in a report that parses, the problems counted', () => {
    const file = join(tmp, 'flood.geojson');
    writeFileSync(file, `{"type":"FeatureCollection","features":[${'{},'.repeat(100_000)}${JSON.stringify(feature({ id: 'GOOD' }))}]}`);
    const r = audit(file, '--as-of', '2019-01-01', '--lang', 'en');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { parcels: { id: string }[]; problems: unknown[] };
    expect(report.parcels.map((p) => p.id)).toEqual(['GOOD']);
    expect(report.problems.length).toBeLessThan(10_000);
    expect(r.stderr).toMatch(/problems: 300000 errors/);
  });

  it('ids with escape sequences, BEL, CR and LF are printed escaped: no colour, no line of their own', () => {
    const file = join(tmp, 'terminal.geojson');
    writeFileSync(file, collection([feature({ id: 'X\u001b[2J\u0007\r\nERROR faked.geojson: everything is lost\u001b]0;title\u0007', landGrade: 'bad' })]));
    const r = audit(file, '--as-of', '2019-01-01', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(controlCharacters(r.stderr)).toEqual([]);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('ERROR faked'))).toEqual([]);
    expect(r.stderr).toContain('\\u{1b}[2J');
  });

  it('usage errors are usage errors (exit 2, said in --lang), not internal errors', () => {
    const cases: [string[], RegExp][] = [
      [[luohe, '--rules', luohe], /is not a file/],
      [[luohe, '--cm', '1e309'], /--cm must be the central meridian/],
      [[luohe, '--crs', 'EPSG:3857'], /--crs must be EPSG:4490/],
      [[luohe, '--cm', '114', '--crs', 'EPSG:4547'], /not both/],
      // (a --lang that is neither: said in Chinese, the default)
      [[luohe, '--lang', 'fr'], /--lang 必须是 zh 或 en/],
      [[luohe, '--out'], /option --out needs a value/],
    ];
    for (const [args, message] of cases) {
      const r = audit(...args, ...(args.includes('--lang') ? [] : ['--lang', 'en']));
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error/);
    }
    const zh = audit(luohe, '--rules', luohe);
    expect(zh.stderr).toMatch(/^audit：.* 不是文件$/m);
  });

  it('a rules file that is not valid is an error, exit 1, no report: never the default rules in silence', () => {
    const rules = join(tmp, 'bad-rules.json');
    const good = JSON.parse(readFileSync(join(luohe, 'rules.json'), 'utf8'));
    writeFileSync(rules, JSON.stringify({ ...good, idle: { ...good.idle, graceYears: 10_000 } }));
    const r = audit(luohe, '--rules', rules, '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ERROR .*bad-rules\.json idle\.graceYears: the rules file is not valid: idle\.graceYears: must not be above 10/);
    expect(r.stderr).toMatch(/the rules could not be read, so no parcel is assessed/);
  });
});

describe('17.9: 3° and 6° Gauss–Krüger input at the command line', () => {
  it('6° zone 20 eastings are read as zone 20 (117°E), not as a 3° zone; --crs names a CRS the numbers cannot tell', () => {
    const six = fixturePath('crs-zones', 'parcels-epsg4498.geojson');
    const r = audit(six, '--as-of', '2019-01-01', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/6° Gauss–Krüger coordinates \(central meridian 117°E, from the zone prefix\)/);
    // bare eastings with --crs (6° meridian 117°E, EPSG:4509) and without (the error names the options)
    const bare = fixturePath('crs-zones', 'parcels-epsg4509.geojson');
    expect(audit(bare, '--crs', 'EPSG:4509', '--as-of', '2019-01-01').code).toBe(0);
    const unknown = audit(bare, '--as-of', '2019-01-01', '--lang', 'en');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--cm .*--crs EPSG/);
  });
});

describe('cleanup', () => {
  it('leaves no temporary report files beside its outputs', () => {
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(tmp)).toBe(true);
  });
});
