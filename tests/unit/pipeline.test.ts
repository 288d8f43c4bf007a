import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Analysis, analyse, summaryAccumulator } from '../../src/analysis/analyse';
import { columnContext, csvCell, REPORT_COLUMNS, reportChunks, ruleSources } from '../../src/analysis/report';
import type { Dataset } from '../../src/data/dataset';
import { assessLowEfficiency, withChecks } from '../../src/domain/lowEfficiency';
import { parcelMetrics } from '../../src/domain/metrics';
import { muFromM2 } from '../../src/domain/units';
import { overlapAreaM2 } from '../../src/geo/overlay';
import { translate } from '../../src/i18n/plain';
import { loadLuohe, ROOT, relDiff } from '../helpers/fixtures';

let ds: Dataset;
let a: Analysis;

beforeAll(async () => {
  ds = await loadLuohe();
  a = analyse(ds, { asOfDate: ds.manifest?.asOfDate ?? '2018-12-31' });
});

describe('reports written in chunks', () => {
  it('the CSV in chunks equals the CSV built in one go by papaparse', () => {
    const fields = REPORT_COLUMNS.map((c) => translate('zh', `column.${c.key}`));
    const ctx = columnContext({ zoneNames: ds.zones }, 'zh');
    const data = a.parcels.map((r) => REPORT_COLUMNS.map((c) => csvCell(c.value(r, ctx))));
    const whole = `\uFEFF${Papa.unparse({ fields, data }, { newline: '\r\n' })}\r\n`;
    const chunks = [...reportChunks('csv', a, 'zh', undefined, 500, ds.zones)];
    expect(chunks.length).toBe(2 + Math.ceil(a.parcels.length / 500));
    expect(chunks.join('')).toBe(whole);
  });
  it('the JSON report in chunks is the report built in one go, sources by index, whatever the chunk size', () => {
    const text = [...reportChunks('json', a, 'zh')].join('');
    for (const size of [1, 7, 5000]) expect([...reportChunks('json', a, 'zh', undefined, size)].join('')).toBe(text);
    const report = JSON.parse(text) as { sources: string[]; parcels: unknown[] } & Record<string, unknown>;
    // built here in one go: every check's source sentence, then the same with sources replaced by their index
    const detailed = a.parcels.map((r) => withChecks(r, a.rules));
    const cited = new Set(detailed.flatMap((d) => d.lowEfficiency.checks.map((c) => c.source)));
    // the sources are the rule set's, in its order: every one the checks cite, and no sentence twice
    const sources = ruleSources(a.rules);
    expect(new Set(sources).size).toBe(sources.length);
    for (const c of cited) expect(sources).toContain(c);
    expect(sources).toContain(a.rules.lowEfficiency.intensity.source);
    const parcels = detailed.map((d) => ({
      ...d,
      lowEfficiency: { ...d.lowEfficiency, checks: d.lowEfficiency.checks.map((c) => ({ ...c, source: sources.indexOf(c.source) })) },
    }));
    const expected = { asOf: a.asOfDate, dataset: a.datasetName, illustrative: a.illustrative, parcels, zones: a.zones, problems: a.problems, sources };
    expect(report).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(Object.keys(report)).toEqual(['asOf', 'dataset', 'illustrative', 'parcels', 'zones', 'problems', 'sources']);
  });
  it('the GeoJSON report is the parcels with their results as properties, geometry kept', () => {
    const geometryOf = new Map(ds.parcels.map((p) => [p.props.id, p.geometry]));
    const report = JSON.parse([...reportChunks('geojson', a, 'zh', (r) => geometryOf.get(r.id) ?? null, 3)].join(''));
    expect(report.type).toBe('FeatureCollection');
    expect(report.features).toHaveLength(a.parcels.length);
    const i = 17;
    const r = a.parcels[i];
    if (!r) throw new Error('no parcel');
    expect(report.features[i]).toEqual(
      JSON.parse(JSON.stringify({ type: 'Feature', id: r.id, properties: { ...withChecks(r, a.rules), asOf: a.asOfDate }, geometry: geometryOf.get(r.id) })),
    );
  });
});

describe('indicator checks are derived, not stored', () => {
  it('withChecks gives every 漯河 parcel exactly the checks its assessment made', () => {
    const asOf = a.asOfDate;
    expect(a.parcels.every((r) => !('checks' in r.lowEfficiency))).toBe(true);
    ds.parcels.forEach((p, i) => {
      const r = a.parcels[i];
      if (!r) throw new Error('result missing');
      const assessed = assessLowEfficiency(p.props, parcelMetrics(p.props, r.areaM2), ds.rules, r.landGrade, asOf, r.idle.status === 'idle');
      expect(withChecks(r, ds.rules).lowEfficiency).toEqual(assessed);
    });
  });
});

describe('the embedded 漯河 demo dataset', () => {
  it('validates with no errors and says it is illustrative', () => {
    expect(ds.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(ds.manifest?.illustrative).toBe(true);
    expect(ds.manifest?.notice).toContain('示例');
    expect(ds.zones.map((z) => z.id)).toEqual(['jingji', 'linying', 'wuyang', 'songjiang', 'shali', 'dongcheng']);
    expect(ds.areas).toHaveLength(18);
    expect(ds.parcels.length).toBeGreaterThanOrEqual(2000);
    expect(ds.parcels.length).toBeLessThanOrEqual(4000);
    expect(ds.parcels.length).toBe(ds.parcelFeatureCount);
  });

  it('zone summaries are sums over the parcels in file order: added one at a time, the same to the last bit', () => {
    const acc = summaryAccumulator(ds);
    for (const p of a.parcels) acc.add(p);
    expect(acc.zoneSummaries()).toEqual(a.zones);
    expect(a.zones.map((z) => z.zoneId)).toEqual(ds.zones.map((z) => z.id));
    for (const z of a.zones) {
      const mine = a.parcels.filter((p) => p.zoneId === z.zoneId);
      expect(z.parcelCount).toBe(mine.length);
      expect(z.totalAreaM2).toBe(mine.reduce((s, p) => s + p.areaM2, 0));
      expect(z.idleAreaM2).toBe(mine.filter((p) => p.idle.status === 'idle').reduce((s, p) => s + p.areaM2, 0));
      for (const fa of ['built-up', 'development', 'control'] as const) {
        const inFa = mine.filter((p) => p.functionalArea === fa);
        expect(z.byFunctionalArea[fa].parcelCount).toBe(inFa.length);
        expect(z.byFunctionalArea[fa].totalAreaM2).toBe(inFa.reduce((s, p) => s + p.areaM2, 0));
      }
    }
    expect(acc.tally.parcelCount).toBe(a.parcels.length);
    expect(acc.tally.areaM2).toBe(a.parcels.reduce((s, p) => s + p.areaM2, 0));
    expect(acc.tally.flagCounts.get('idle')).toBe(a.parcels.filter((p) => p.flags.includes('idle')).length);
    expect(acc.tally.flagCounts.get('idle')).toBeGreaterThan(0);
  });

  it('every parcel falls in the zone its zoneId names, and in a functional area', () => {
    expect(a.problems.filter((p) => p.code === 'zone-mismatch')).toEqual([]);
    for (const p of a.parcels) {
      expect(p.zoneId).not.toBeNull();
      expect(p.functionalArea).not.toBeNull();
    }
  });

  it('holds a realistic mix of healthy, idle, suspected, low-efficiency, government-delayed and conflicting parcels', () => {
    const n = a.parcels.length;
    const share = (pred: (p: (typeof a.parcels)[number]) => boolean) => a.parcels.filter(pred).length / n;
    expect(share((p) => p.flags.length === 0)).toBeGreaterThan(0.5);
    expect(share((p) => p.idle.status === 'idle' && p.idle.measure === 'idle-fee')).toBeGreaterThan(0.01);
    expect(share((p) => p.idle.status === 'idle' && p.idle.measure === 'reclaim')).toBeGreaterThan(0.01);
    expect(share((p) => p.idle.measure === 'negotiate')).toBeGreaterThan(0.005);
    expect(share((p) => p.idle.status === 'suspected')).toBeGreaterThan(0.01);
    expect(share((p) => p.lowEfficiency.status)).toBeGreaterThan(0.1);
    expect(share((p) => p.conflicts.length > 0)).toBeGreaterThan(0.01);
  });

  it('conflict overlaps are exact polygon intersections, never larger than the parcel', () => {
    const withConflict = a.parcels.filter((p) => p.conflicts.length > 0);
    for (const r of withConflict.slice(0, 30)) {
      const parcel = ds.parcels.find((p) => p.props.id === r.id);
      for (const c of r.conflicts) {
        const constraint = ds.constraints.find((k) => k.id === c.constraintId);
        if (!parcel || !constraint) throw new Error('lost a feature');
        expect(c.overlapM2).toBeGreaterThan(0);
        expect(c.overlapM2).toBeLessThanOrEqual(r.areaM2 * (1 + 1e-9));
        expect(c.overlapM2).toBeCloseTo(overlapAreaM2(constraint.geometry, parcel.geometry), 3);
      }
    }
  });

  it('zone summaries add up to the parcels, with area-weighted intensities', () => {
    const zones = a.zones.filter((z) => z.zoneId !== null);
    expect(zones.reduce((s, z) => s + z.parcelCount, 0)).toBe(a.parcels.length);
    for (const z of zones) {
      const mine = a.parcels.filter((p) => p.zoneId === z.zoneId);
      const withInv = mine.filter((p) => p.fixedAssetInvestmentWanYuan != null);
      const intensity = withInv.reduce((s, p) => s + (p.fixedAssetInvestmentWanYuan ?? 0), 0) / muFromM2(withInv.reduce((s, p) => s + p.areaM2, 0));
      expect(relDiff(z.intensityWanPerMu ?? 0, intensity)).toBeLessThan(1e-12);
      const idleM2 = mine.filter((p) => p.idle.status === 'idle').reduce((s, p) => s + p.areaM2, 0);
      expect(z.idleAreaM2).toBeCloseTo(idleM2, 6);
      const byFa = Object.values(z.byFunctionalArea).reduce((s, x) => s + x.parcelCount, 0);
      expect(byFa).toBe(z.parcelCount);
      expect(z.functionalAreaM2['built-up']).toBeGreaterThan(0);
    }
  });

  it('the generator is deterministic: re-running it gives byte-identical files', () => {
    const out = mkdtempSync(join(tmpdir(), 'luohe-'));
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'seeds', 'generate-luohe.ts')], {
      env: { ...process.env, PARKATLAS_SEED_OUT: out },
      cwd: ROOT,
    });
    const committed = join(ROOT, 'geodata', 'luohe');
    const files = readdirSync(committed).sort();
    expect(readdirSync(out).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(committed, f), 'utf8'));
  });
});

describe('analysis-stage problems', () => {
  it('a zoneId that the geometry contradicts, and a certified area far from the surveyed one, are warnings naming the parcel', async () => {
    const dir = join(ROOT, 'geodata', 'luohe');
    const parcels = JSON.parse(readFileSync(join(dir, 'parcels.geojson'), 'utf8'));
    const first = parcels.features[0];
    first.properties.zoneId = 'dongcheng'; // it lies in jingji
    first.properties.certifiedAreaM2 = 1; // far from its surveyed area
    const files: Record<string, string> = { 'parcels.geojson': JSON.stringify({ type: 'FeatureCollection', features: parcels.features.slice(0, 50) }) };
    const { loadDataset } = await import('../../src/data/dataset');
    const ds2 = await loadDataset(async (rel) => files[rel] ?? readFileSync(join(dir, rel), 'utf8'));
    const a2 = analyse(ds2, { asOfDate: '2018-12-31' });
    const mismatch = a2.problems.find((p) => p.code === 'zone-mismatch');
    expect(mismatch).toMatchObject({ file: 'parcels.geojson', featureIndex: 0, featureId: first.properties.id, property: 'zoneId', severity: 'warning' });
    expect(mismatch?.message).toContain('jingji');
    expect(a2.parcels[0]?.zoneId).toBe('jingji');
    expect(a2.problems.find((p) => p.code === 'certified-area-mismatch')).toMatchObject({ featureIndex: 0, property: 'certifiedAreaM2', severity: 'warning' });
  });
});
