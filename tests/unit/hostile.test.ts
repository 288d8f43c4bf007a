import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, TextCode } from '../../src/analysis/report';
import { memberPathRule, openDataset, type TextReader } from '../../src/data/dataset';
import { GEOMETRY_DEPTH_MAX, PROPERTY_DEPTH_MAX } from '../../src/data/geojson';
import { formatProblem, type Problem, problemMessage, terminalText } from '../../src/data/problem';
import { OMITTED, PROBLEMS_KEPT_PER_KIND, problemTotals } from '../../src/data/problemList';
import { addFullYears, LAST_DATE } from '../../src/domain/dates';
import { assessIdle } from '../../src/domain/idle';
import { defaultRules, MAX_RULE_YEARS, parseRules } from '../../src/domain/rules';
import { type AuditFormat, runAudit } from '../../src/engine/audit';
import { datasetReader } from '../../src/engine/session';
import { gkProjector } from '../../src/geo/gaussKruger';
import { analyseOpened, readParcels } from '../helpers/analyse';
import { ROOT } from '../helpers/fixtures';

/**
 * Issue 18's classes of hostile and broken input, each read in-process as the CLI and the app read it (the CLI's own
 * behaviour — outputs, exit codes, terminal — is in cliHostile.test.ts, the app's in tests/e2e/hostile.e2e.ts).
 */
const enc = new TextEncoder();
const square = (x: number, y = 33.5, side = 0.001) => [
  [
    [x, y],
    [x + side, y],
    [x + side, y + side],
    [x, y + side],
    [x, y],
  ],
];
const feature = (properties: Record<string, unknown>, coordinates: unknown = square(114)) => ({
  type: 'Feature',
  properties,
  geometry: { type: 'Polygon', coordinates },
});
const collection = (features: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });
const file = 'p.geojson';
const read = (text: string | Uint8Array) => readParcels(text, { file, centralMeridian: null });
const luohe = join(ROOT, 'geodata', 'luohe');
/** A dataset folder read from memory: luohe's files, with some replaced or added. */
const folder =
  (files: Record<string, string | Uint8Array>, reads: string[] = []): TextReader =>
  async (rel) => {
    reads.push(rel);
    if (rel in files) return files[rel] as string;
    try {
      return new Uint8Array(readFileSync(join(luohe, rel)));
    } catch {
      return null;
    }
  };
const manifest = () => JSON.parse(readFileSync(join(luohe, 'dataset.json'), 'utf8'));

/** An audit run in-process, its report as text. */
async function audit(input: string | Uint8Array, format: AuditFormat = 'json') {
  const pieces: Buffer[] = [];
  const result = await runAudit({
    input: { kind: 'file', file, text: typeof input === 'string' ? enc.encode(input) : input },
    asOfDate: '2019-01-01',
    centralMeridian: null,
    rulesText: null,
    format,
    lang: 'zh',
    write: (b) => pieces.push(Buffer.from(b)),
  });
  return { result, text: Buffer.concat(pieces).toString('utf8') };
}

describe('2: CSV cells a spreadsheet would run as formulas are neutralised (OWASP CSV injection)', () => {
  const formulas = ['=HYPERLINK("http://x","y")', '+1+1', '-1+2', '@SUM(A1)', '\t=1+1', '\r=1+1', ' =1+1', '\u3000=1', '＝1+1', '＋1', '－1', '＠A1'];
  it.each(formulas)('%j gets a leading apostrophe and is quoted as text', (v) => {
    const cell = csvCell(v);
    expect(String(cell).startsWith("'")).toBe(true);
    // read back by a CSV parser, the cell is the text with its apostrophe: nothing else changed
    const [row] = Papa.parse<string[]>(csvLine([v, 'next'])).data;
    expect(row?.[0]).toBe(`'${v}`);
    expect(row?.[1]).toBe('next');
  });
  it('a formula hidden after a line break is neutralised too (papaparse’s own check misses it)', () => {
    expect(csvCell('=1+1\n=2+2')).toBe("'=1+1\n=2+2");
  });
  it('plain text and numbers are left as they are; a missing value is an empty cell; control characters are escaped', () => {
    expect(csvCell('漯河 A-1')).toBe('漯河 A-1');
    expect(csvCell(-12.5)).toBe(-12.5);
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell('a\u001b[31mred')).toBe('a\\u{1b}[31mred');
  });
  it('codes of digits stay text in Excel as ="…" (the only formula written, and it holds digits only)', () => {
    expect(csvCell(new TextCode('0601'))).toBe('="0601"');
    expect(() => new TextCode('1+1')).not.toThrow();
    // only digits are ever made TextCodes by the report's columns (see the CSV report test below)
  });
  it('in a report: names neutralised, land-use and industry codes as ="…", zone name and id in their own columns, missing values empty', async () => {
    const text = collection([
      feature({ id: '=cmd|calc', name: '=HYPERLINK("http://evil","click")', enterprise: '@SUM(1)', landUse: '0601', industryCode: '1310' }),
      feature({ id: '000123', name: '-2+3' }, square(114.01)),
    ]);
    const { text: csv } = await audit(text, 'csv');
    // (the delimiter named: cells with ';' and '|' could make papaparse guess another)
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter: ',' }).data.filter((r) => r.length > 1);
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    const [a, b] = [rows[1] as string[], rows[2] as string[]];
    expect(a[col('宗地编号')]).toBe("'=cmd|calc");
    expect(a[col('项目名称')]).toBe('\'=HYPERLINK("http://evil","click")');
    expect(a[col('企业名称')]).toBe("'@SUM(1)");
    expect(a[col('用地类型')]).toBe('="0601"');
    expect(a[col('行业代码')]).toBe('="1310"');
    expect(b[col('宗地编号')]).toBe('="000123"');
    expect(b[col('项目名称')]).toBe("'-2+3");
    expect(col('产业集聚区')).toBeGreaterThan(0);
    expect(col('集聚区编号')).toBe(col('产业集聚区') + 1);
    // no cell says "—" for a missing value: missing is empty
    for (const row of rows) for (const cell of row) expect(cell).not.toBe('—');
    // no cell of data begins with a formula character but the ="digits" codes
    for (const row of rows.slice(1)) for (const cell of row) if (/^[=+\-@]/.test(cell)) expect(cell).toMatch(/^="\d+"$/);
  });
});

describe('3 and 4: paths in dataset.json are confined to the dataset folder', () => {
  it.each([
    ['', 'empty'],
    ['/etc/passwd', 'absolute'],
    ['http://example.com/p.geojson', 'url'],
    ['javascript:alert(1)', 'url'],
    ['C:/data/p.geojson', 'url'],
    ['//evil.example/p.geojson', 'absolute'],
    ['../luohe/parcels.geojson', 'parent'],
    ['a/../../p.geojson', 'parent'],
    ['./p.geojson', 'parent'],
    ['%2e%2e/p.geojson', 'characters'],
    ['a\\..\\p.geojson', 'characters'],
    ['p.geojson?x=1', 'characters'],
    ['p\u0000.geojson', 'characters'],
    ['a//p.geojson', 'segments'],
  ])('%j is refused (%s)', (path, rule) => {
    expect(memberPathRule(path)).toBe(rule);
  });
  it.each(['parcels.geojson', 'layers/宗地.geojson', 'tiles/', 'parcels.pmtiles'])('%j is read', (path) => {
    expect(memberPathRule(path)).toBeNull();
  });

  it('bad paths are never read: each is a problem naming its member, the rest of the dataset loads', async () => {
    const m = manifest();
    m.layers.zones = 'http://example.com/zones.geojson';
    m.layers.areas = '../secret/areas.geojson';
    m.layers.constraints = '/etc/passwd';
    m.layers.boundaries = 'javascript:alert(1)';
    const reads: string[] = [];
    const opened = await openDataset(folder({ 'dataset.json': JSON.stringify(m) }, reads));
    expect(reads.sort()).toEqual(['dataset.json', 'parcels.geojson', 'plan.json', 'rules.json']);
    expect(opened.problems.filter((p) => p.code === 'bad-path').map((p) => p.property)).toEqual([
      'layers.zones',
      'layers.areas',
      'layers.constraints',
      'layers.boundaries',
    ]);
    expect(opened.parcels?.featureCount).toBeGreaterThan(2000);
  });

  it('in the app: a path that resolves off the dataset’s origin or folder is refused before any fetch, a fetch that fails is that file’s problem', async () => {
    const fetched: string[] = [];
    const reader = datasetReader('http://app.example/geodata/luohe/', async (url) => {
      fetched.push(url.href);
      if (url.pathname.endsWith('broken.geojson')) throw new TypeError('Failed to fetch');
      return null;
    });
    expect(await reader('https://evil.example/x.geojson')).toEqual({ failure: 'outside-dataset' });
    expect(await reader('//evil.example/x.geojson')).toEqual({ failure: 'outside-dataset' });
    expect(await reader('../other/x.geojson')).toEqual({ failure: 'outside-dataset' });
    expect(await reader('%2e%2e/other/x.geojson')).toEqual({ failure: 'outside-dataset' });
    expect(await reader('broken.geojson')).toEqual({ failure: 'unreadable', detail: 'Failed to fetch' });
    expect(await reader('zones.geojson')).toBeNull();
    expect(fetched).toEqual(['http://app.example/geodata/luohe/broken.geojson', 'http://app.example/geodata/luohe/zones.geojson']);
  });
});

describe('5: a flood of problems keeps memory bounded and the valid parcel', () => {
  it(`100,000 empty features and one parcel: the parcel is kept, at most ${PROBLEMS_KEPT_PER_KIND} problems of a kind are listed, the rest counted`, async () => {
    const valid = JSON.stringify(feature({ id: 'GOOD', fixedAssetInvestmentWanYuan: 100 }));
    const text = `{"type":"FeatureCollection","features":[${'{},'.repeat(100_000)}${valid}]}`;
    const { result, text: report } = await audit(text);
    expect(result.parcelCount).toBe(1);
    const json = JSON.parse(report) as { parcels: { id: string }[]; problems: Problem[] };
    expect(json.parcels.map((p) => p.id)).toEqual(['GOOD']);
    const byCode = new Map<string, number>();
    for (const p of json.problems) byCode.set(p.code, (byCode.get(p.code) ?? 0) + 1);
    for (const [code, n] of byCode) if (code !== OMITTED) expect(n, code).toBeLessThanOrEqual(PROBLEMS_KEPT_PER_KIND);
    expect(json.problems.length).toBeLessThan(10 * PROBLEMS_KEPT_PER_KIND);
    const omitted = json.problems.filter((p) => p.code === OMITTED);
    expect(omitted.length).toBeGreaterThan(0);
    // every empty feature is counted: listed or not, 100,000 of its first problem's kind
    const first = json.problems.find((p) => p.featureIndex === 0)?.code as string;
    const listed = byCode.get(first) ?? 0;
    const counted = omitted.filter((p) => p.params.kind === first).reduce((s, p) => s + Number(p.params.count), 0);
    // (each empty feature misses "type", "properties" and "geometry": three of that kind)
    expect(listed + counted).toBe(300_000);
    expect(problemTotals(result.problems).errors).toBeGreaterThanOrEqual(100_000);
    expect(result.summaryLine).toMatch(/数据问题 \d{6,} 个错误/);
  });

  it('a feature with thousands of broken positions reports a few of a kind and how many more', () => {
    const ring = Array.from({ length: 5000 }, () => ['x', 'y']);
    const r = read(collection([feature({ id: 'A' }, [ring]), feature({ id: 'B' }, square(114.01))]));
    expect(r.parcels.map((p) => p.props.id)).toEqual(['B']);
    const mine = r.problems.filter((p) => p.featureIndex === 0);
    expect(mine.length).toBeLessThan(10);
    expect(mine.find((p) => p.code === 'more-in-feature')?.params.count).toBeGreaterThan(4000);
  });
});

describe('6: dates are dates: no rule period makes a deadline past 9999, and none compares wrongly', () => {
  it(`a grace of more than ${MAX_RULE_YEARS} years is refused by the rules schema`, () => {
    const { rules, messages } = parseRules({ ...defaultRules(), idle: { ...defaultRules().idle, graceYears: 10_000 } });
    expect(rules).toBeNull();
    expect(messages.join()).toMatch(/graceYears/);
  });
  it('a date past 9999 saturates at 9999-12-31, so an idle deadline of 10018 is never "before" 2018', () => {
    expect(addFullYears('2008-01-01', 10_000)).toBe(LAST_DATE);
    expect(addFullYears('2016-02-29', 1)).toBe('2017-02-28');
    const rules = { ...defaultRules(), idle: { ...defaultRules().idle, graceYears: 10_000 } };
    const r = assessIdle({ id: 'x', agreedStartDate: '2008-01-01' }, 10_000, rules, '2018-12-31');
    expect(r.status).toBe('not-idle');
    expect(r.measure).toBeNull();
  });
  it('a bad rules file is an error and no parcel is assessed (never the defaults in silence)', async () => {
    for (const rulesText of ['{not json', JSON.stringify({ ...defaultRules(), idle: { ...defaultRules().idle, graceYears: 10_000 } })]) {
      const opened = await openDataset(folder({ 'rules.json': rulesText }));
      expect(opened.parcels).toBeNull();
      expect(opened.problems.some((p) => p.code === 'no-rules' && p.severity === 'error')).toBe(true);
      expect(opened.problems.some((p) => p.file === 'rules.json' && (p.code === 'not-json' || p.code === 'bad-rules'))).toBe(true);
    }
  });
});

describe('7: nesting is checked before anything recurses', () => {
  const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
  it('a property value nested 100,000 deep: that property is dropped with a warning, the parcel kept', async () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A","name":${deep(100_000)}},"geometry":${JSON.stringify({ type: 'Polygon', coordinates: square(114) })}}]}`;
    const r = read(text);
    expect(r.parcels.map((p) => p.props.id)).toEqual(['A']);
    expect(r.problems.find((p) => p.code === 'too-deep')).toMatchObject({ property: 'name', severity: 'warning', params: { limit: PROPERTY_DEPTH_MAX } });
    // the report can be written (nothing stringifies the deep value)
    expect(JSON.parse((await audit(text)).text).parcels).toHaveLength(1);
  });
  it('geometry collections or coordinates nested 100,000 deep: that feature is an error, the others are kept', () => {
    let gc = '{"type":"Point","coordinates":[0,0]}';
    for (let i = 0; i < 100_000; i++) gc = `{"type":"GeometryCollection","geometries":[${gc}]}`;
    const good = JSON.stringify(feature({ id: 'B' }, square(114.01)));
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A"},"geometry":${gc}},{"type":"Feature","properties":{"id":"C"},"geometry":{"type":"Polygon","coordinates":${deep(100_000)}}},${good}]}`;
    const r = read(text);
    expect(r.parcels.map((p) => p.props.id)).toEqual(['B']);
    expect(r.problems.find((p) => p.featureIndex === 0)).toMatchObject({ code: 'too-deep', severity: 'error', params: { limit: GEOMETRY_DEPTH_MAX } });
    expect(r.problems.find((p) => p.featureIndex === 1)?.severity).toBe('error');
  });
});

describe('9: one stray feature does not reject a whole Gauss–Krüger file', () => {
  it('a parcel whose easting lost its zone prefix is dropped on its own; the others are read in zone 38', () => {
    const gk = gkProjector({ centralMeridian: 114, zonePrefix: true });
    const ring = (lon: number) => square(lon, 33.5, 0.002)[0]?.map((p) => gk.forward(p as [number, number])) as number[][];
    const stray = (ring(114.02) as number[][]).map(([x, y]) => [(x as number) - 38e6, y]);
    const r = read(collection([feature({ id: 'A' }, [ring(114)]), feature({ id: 'STRAY' }, [stray]), feature({ id: 'C' }, [ring(114.01)])]));
    expect(r.parcels.map((p) => p.props.id)).toEqual(['A', 'C']);
    expect(r.problems.find((p) => p.featureId === 'STRAY')).toMatchObject({ code: 'outside-zone', severity: 'error', params: { zone: 38 } });
    expect(r.crs).toMatchObject({ kind: 'gauss-kruger', from: 'zone-prefix' });
  });
});

describe('10: encodings are recognised, replacement characters counted', () => {
  const text = collection([feature({ id: 'A', name: '漯河食品' }), feature({ id: 'B' }, square(114.01))]);
  const utf16 = (s: string, le: boolean, bom: boolean) => {
    const units = Array.from(s, (c) => c.charCodeAt(0));
    const out = new Uint8Array((units.length + (bom ? 1 : 0)) * 2);
    const view = new DataView(out.buffer);
    [...(bom ? [0xfeff] : []), ...units].forEach((u, i) => {
      view.setUint16(i * 2, u, le);
    });
    return out;
  };
  it.each([
    ['UTF-16LE with a byte order mark', utf16(text, true, true), 'UTF-16LE'],
    ['UTF-16BE with a byte order mark', utf16(text, false, true), 'UTF-16BE'],
    ['UTF-16LE without one', utf16(text, true, false), 'UTF-16LE'],
  ])('%s is read, with a warning naming the encoding', (_, bytes, name) => {
    const r = read(bytes);
    expect(r.parcels.map((p) => [p.props.id, p.props.name ?? null])).toEqual([
      ['A', '漯河食品'],
      ['B', null],
    ]);
    expect(r.problems[0]).toMatchObject({ code: 'encoding', severity: 'warning', params: { encoding: name } });
  });
  it('a GBK name reads with replacement characters, counted and warned on its property', () => {
    // 漯河 in GBK: E4 F0 BA D3
    const bytes = enc.encode(text.replace('漯河食品', 'GBKNAME'));
    const at = Buffer.from(bytes).indexOf('GBKNAME');
    const gbk = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xe4, 0xf0, 0xba, 0xd3]), bytes.subarray(at + 7)]);
    const r = read(new Uint8Array(gbk));
    expect(r.parcels).toHaveLength(2);
    const w = r.problems.find((p) => p.code === 'replacement-characters');
    expect(w).toMatchObject({ featureIndex: 0, featureId: 'A', property: 'name', severity: 'warning' });
    expect(Number(w?.params.count)).toBeGreaterThan(0);
    expect(problemMessage('en', w as Problem)).toMatch(/GBK/);
  });
});

describe('11: dataset.json is checked as strictly as the CLI’s flags', () => {
  const openWith = async (change: (m: ReturnType<typeof manifest>) => void, files: Record<string, string> = {}) => {
    const m = manifest();
    change(m);
    return openDataset(folder({ 'dataset.json': JSON.stringify(m), ...files }));
  };
  it.each([
    ['asOfDate', (m: ReturnType<typeof manifest>) => Object.assign(m, { asOfDate: '2019-02-30' })],
    ['centralMeridian', (m: ReturnType<typeof manifest>) => Object.assign(m, { centralMeridian: 1e308 })],
    ['centralMeridian', (m: ReturnType<typeof manifest>) => Object.assign(m, { centralMeridian: 113 })],
    ['crs', (m: ReturnType<typeof manifest>) => Object.assign(m, { crs: 'EPSG:3857' })],
    ['zones.1.id', (m: ReturnType<typeof manifest>) => Object.assign(m, { zones: [m.zones[0], m.zones[0]] })],
  ])('a bad %s is an error naming it, and nothing is assessed', async (property, change) => {
    const opened = await openWith(change);
    expect(opened.problems.find((p) => p.code === 'bad-manifest')).toMatchObject({ file: 'dataset.json', property, severity: 'error' });
    expect(opened.parcels).toBeNull();
    for (const lang of ['zh', 'en'] as const) expect(problemMessage(lang, opened.problems[0] as Problem)).not.toMatch(/\{\{|schemaIssue|Invalid input/);
  });
  it('an unknown member is a warning (a typing error would pass unseen); a "…Note" member is a note', async () => {
    const opened = await openWith((m) => Object.assign(m, { asofDate: '2020-01-01', crsNote: 'from the survey' }));
    expect(opened.problems.map((p) => [p.code, p.property, p.severity])).toEqual([['unknown-member', 'asofDate', 'warning']]);
    expect(opened.parcels).not.toBeNull();
  });
  it('duplicate zone ids in the zones layer: the later zone is an error, the first kept', async () => {
    const zones = JSON.parse(readFileSync(join(luohe, 'zones.geojson'), 'utf8'));
    zones.features[1].properties.id = zones.features[0].properties.id;
    const opened = await openDataset(folder({ 'zones.geojson': JSON.stringify(zones) }));
    expect(opened.zones.filter((z) => z.id === zones.features[0].properties.id)).toHaveLength(1);
    expect(opened.problems.find((p) => p.code === 'duplicate-id')).toMatchObject({ file: 'zones.geojson', featureIndex: 1, severity: 'error' });
  });
});

describe('12: text from data is printed as text', () => {
  it('escape sequences, BEL, CR and LF in an id cannot colour the terminal or fake a line', () => {
    const r = read(collection([feature({ id: 'A\u001b[31m\u0007\r\nERROR fake.geojson: all is lost', landGrade: 'x' })]));
    const line = formatProblem(r.problems[0] as Problem, 'en');
    expect(
      [...line].filter((c) => (c.codePointAt(0) as number) < 0x20 || ((c.codePointAt(0) as number) >= 0x7f && (c.codePointAt(0) as number) < 0xa0)),
    ).toEqual([]);
    expect(line).toContain('\\u{1b}[31m\\u{7}\\u{d}\\u{a}ERROR fake.geojson');
    expect(line.split('\n')).toHaveLength(1);
    expect(terminalText('a\u202eb\u2066c')).toBe('a\\u{202e}b\\u{2066}c');
  });
});

describe('13: degenerate polygons are errors with their area', () => {
  it('a polygon of 1e-14 m² is dropped with its area; one of a few m² is kept', () => {
    const r = read(collection([feature({ id: 'TINY' }, square(114, 33.5, 1e-12)), feature({ id: 'SMALL' }, square(114.01, 33.5, 2e-5))]));
    expect(r.parcels.map((p) => p.props.id)).toEqual(['SMALL']);
    const p = r.problems.find((x) => x.featureId === 'TINY' && x.severity === 'error');
    expect(p).toMatchObject({ code: 'tiny-area', severity: 'error' });
    expect(Number(p?.params.areaM2)).toBeLessThan(1e-10);
    expect(problemMessage('en', p as Problem)).toMatch(/area is .* m², below 1 m²/);
  });
});

describe('14: a number too large to read says so (not "null")', () => {
  it('1e309 in a quantity is "must be a finite number", quoted as Infinity', () => {
    const r = read(
      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A","fixedAssetInvestmentWanYuan":1e309},"geometry":${JSON.stringify({ type: 'Polygon', coordinates: square(114) })}}]}`,
    );
    const p = r.problems.find((x) => x.property === 'fixedAssetInvestmentWanYuan') as Problem;
    expect(problemMessage('en', p)).toBe('value Infinity: must be a finite number; the value is ignored');
    expect(p.message).toBe('值 Infinity：必须是有限的数字；此值不予采用');
  });
});

describe('15 (data side): a file cut short keeps its complete features, through the whole pipeline', () => {
  it('the demo parcels cut at 60 % give the parcels before the cut and an error saying where', async () => {
    const bytes = new Uint8Array(readFileSync(join(luohe, 'parcels.geojson')));
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    const complete = Buffer.from(cut).toString('utf8').split('{"type":"Feature"').length - 2;
    const m = manifest();
    const opened = await openDataset(folder({ 'dataset.json': JSON.stringify(m), 'parcels.geojson': cut }));
    const analysis = await analyseOpened(opened);
    expect(analysis.parcels).toHaveLength(complete);
    expect(analysis.problems.find((p) => p.code === 'not-json')).toMatchObject({
      file: 'parcels.geojson',
      featureIndex: null,
      params: { variant: 'truncated', index: complete },
    });
  });
});
