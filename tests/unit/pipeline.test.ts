import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { summaryAccumulator } from '../../src/analysis/analyse';
import { columnContext, csvCell, REPORT_COLUMNS } from '../../src/analysis/report';
import { assessLowEfficiency, withChecks } from '../../src/domain/lowEfficiency';
import { parcelMetrics } from '../../src/domain/metrics';
import { planSchema } from '../../src/domain/plan';
import { ruleSources } from '../../src/domain/sources';
import { STAGES } from '../../src/domain/stages';
import { muFromM2 } from '../../src/domain/units';
import { overlapAreaM2 } from '../../src/geo/overlay';
import { translate } from '../../src/i18n/plain';
import { analyseFolder, analyseLuohe, auditReport, LUOHE, readLuohe, type TestAnalysis } from '../helpers/analyse';
import { folderReader, ROOT, relDiff } from '../helpers/fixtures';

let a: TestAnalysis;
/** the dataset's layers and its parcels as read (no analysis) */
let ds: Awaited<ReturnType<typeof readLuohe>>;

beforeAll(async () => {
  a = await analyseLuohe();
  ds = await readLuohe();
});

const luohe = folderReader(LUOHE);

describe('reports written a part at a time', () => {
  it('the CSV equals the CSV built in one go by papaparse from every result', async () => {
    const fields = REPORT_COLUMNS.map((c) => translate('zh', `column.${c.key}`));
    const ctx = columnContext({ zoneNames: ds.zones }, 'zh');
    const data = a.parcels.map((r) => REPORT_COLUMNS.map((c) => csvCell(c.value(r, ctx, () => withChecks(r, a.rules, a.asOfDate)))));
    const whole = `\uFEFF${Papa.unparse({ fields, data }, { newline: '\r\n' })}\r\n`;
    expect(await auditReport(luohe, 'csv', { featuresPerPart: 500 })).toBe(whole);
  });
  it('the JSON report is the report built in one go, sources by id, whatever the part size', async () => {
    const text = await auditReport(luohe, 'json');
    for (const size of [1, 7, 5000]) expect(await auditReport(luohe, 'json', { featuresPerPart: size })).toBe(text);
    const report = JSON.parse(text) as { sources: Record<string, { zh: string; en: string }>; parcels: unknown[] } & Record<string, unknown>;
    // built here in one go: every parcel's detail, its sources listed once in the tail and the checks' Chinese text left out
    const detailed = a.parcels.map((r) => withChecks(r, a.rules, a.asOfDate));
    const sources = Object.fromEntries(ruleSources(a.rules));
    for (const d of detailed) for (const id of Object.keys(d.sources)) expect(sources[id]).toBeDefined();
    const parcels = detailed.map(({ sources: _s, ...d }) => ({
      ...d,
      lowEfficiency: { ...d.lowEfficiency, checks: d.lowEfficiency.checks.map(({ source: _t, ...c }) => c) },
    }));
    const rules = { name: a.rules.name, schemaVersion: 2, controlEdition: '2008' };
    const expected = {
      asOf: a.asOfDate,
      dataset: a.datasetName,
      illustrative: a.illustrative,
      rules,
      parcels,
      zones: a.zones,
      city: a.city,
      grading: a.grading,
      problems: a.problems,
      sources,
    };
    expect(report).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(Object.keys(report)).toEqual(['asOf', 'dataset', 'illustrative', 'rules', 'parcels', 'zones', 'city', 'grading', 'problems', 'sources']);
  });
  it('the GeoJSON report is the parcels with their results as properties, geometry kept', async () => {
    const geometryOf = new Map(a.parcels.map((p, i) => [p.id, a.geometries[i]]));
    const report = JSON.parse(await auditReport(luohe, 'geojson', { featuresPerPart: 3 }));
    expect(report.type).toBe('FeatureCollection');
    expect(report.features).toHaveLength(a.parcels.length);
    const i = 17;
    const r = a.parcels[i];
    if (!r) throw new Error('no parcel');
    expect(report.features[i]).toEqual(
      JSON.parse(
        JSON.stringify({
          type: 'Feature',
          id: r.id,
          properties: { ...withChecks(r, a.rules, a.asOfDate), sources: undefined, asOf: a.asOfDate },
          geometry: geometryOf.get(r.id),
        }),
      ),
    );
  });
});

describe('indicator checks are derived, not stored', () => {
  it('withChecks gives every 漯河 parcel exactly the checks its assessment made', () => {
    const asOf = a.asOfDate;
    expect(a.parcels.every((r) => !('checks' in r.lowEfficiency))).toBe(true);
    ds.parcelList.forEach((p, i) => {
      const r = a.parcels[i];
      if (!r) throw new Error('result missing');
      const assessed = assessLowEfficiency(p.props, parcelMetrics(p.props, r.areaM2), ds.rules, r.landGrade, asOf, r.idle.status === 'idle');
      expect(withChecks(r, ds.rules, asOf).lowEfficiency).toEqual(assessed);
    });
  });
});

describe('the embedded 漯河 demo dataset', () => {
  it('validates with no errors and says it is illustrative', () => {
    expect(a.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(ds.manifest?.illustrative).toBe(true);
    expect(ds.manifest?.notice).toContain('示例');
    expect(ds.zones.map((z) => z.id)).toEqual(['jingji', 'linying', 'wuyang', 'songjiang', 'shali', 'dongcheng']);
    expect(ds.areas).toHaveLength(18);
    expect(ds.parcelList.length).toBeGreaterThanOrEqual(2000);
    expect(ds.parcelList.length).toBeLessThanOrEqual(4000);
    expect(ds.parcelList.length).toBe(ds.parcels?.featureCount);
    expect(a.parcels.map((p) => p.id)).toEqual(ds.parcelList.map((p) => p.props.id));
  });

  it('zone summaries are sums over the parcels in file order: added one at a time, the same to the last bit', () => {
    const acc = summaryAccumulator(ds, a.asOfDate);
    for (const p of a.parcels) acc.add(p);
    expect(acc.zoneSummaries()).toEqual(a.zones);
    expect(acc.citySummary()).toEqual(a.city);
    expect(a.zones.map((z) => z.zoneId)).toEqual(ds.zones.map((z) => z.id));
    for (const z of a.zones) {
      const mine = a.parcels.filter((p) => p.zoneId === z.zoneId);
      expect(z.parcelCount).toBe(mine.length);
      expect(z.totalAreaM2).toBe(mine.reduce((s, p) => s + p.areaM2, 0));
      // shares are of industrial land: the idle area counted is the idle industrial land
      const industrial = mine.filter((p) => p.landUseKind === 'industrial');
      expect(z.industrialAreaM2).toBe(industrial.reduce((s, p) => s + p.areaM2, 0));
      expect(z.idleAreaM2).toBe(industrial.filter((p) => p.idle.status === 'idle').reduce((s, p) => s + p.areaM2, 0));
      expect(z.idleShare).toBe(z.idleAreaM2 / z.industrialAreaM2);
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

  it('zone targets are for zone means only, and only once in force: Henan’s 11 万元/亩 from 2020', async () => {
    for (const z of a.zones)
      expect(z.targets).toEqual([{ metric: 'taxWanPerMu', min: 11, value: z.taxWanPerMu, inForce: false, met: null, sourceId: 'zoneTarget.0' }]);
    const later = await analyseLuohe('2020-06-30');
    for (const z of later.zones.filter((x) => x.taxWanPerMu != null))
      expect(z.targets[0]).toMatchObject({ inForce: true, met: (z.taxWanPerMu as number) >= 11 });
    // (no per-parcel check reads the zone target)
    expect(
      a.parcels.some((p) => p.taxWanPerMu != null && p.taxWanPerMu < 11 && p.taxWanPerMu >= 10 && p.lowEfficiency.reasons.some((x) => x.indicator === 'tax')),
    ).toBe(false);
  });

  it('grades within each zone rank the zone’s parcels alone; the zone and city tallies count them', () => {
    for (const z of a.zones.filter((x) => x.zoneId)) {
      const mine = a.parcels.filter((p) => p.zoneId === z.zoneId && p.efficiency.score != null);
      const better = (p: (typeof mine)[number]) => mine.filter((q) => (q.efficiency.score as number) > (p.efficiency.score as number)).length;
      for (const p of mine) {
        const position = (better(p) + 1) / mine.length;
        const expected = position <= 0.25 + 1e-12 ? 'A' : position <= 0.7 + 1e-12 ? 'B' : position <= 0.95 + 1e-12 ? 'C' : 'D';
        expect(p.efficiency.grade.zone, p.id).toBe(expected);
      }
      for (const g of ['A', 'B', 'C', 'D'] as const) expect(z.grades.byGrade[g].count).toBe(mine.filter((p) => p.efficiency.grade.zone === g).length);
    }
    for (const g of ['A', 'B', 'C', 'D'] as const) expect(a.city.grades.byGrade[g].count).toBe(a.parcels.filter((p) => p.efficiency.grade.city === g).length);
  });

  it('every parcel falls in the zone its zoneId names, and in a functional area', () => {
    expect(a.problems.filter((p) => p.code === 'zone-mismatch')).toEqual([]);
    for (const p of a.parcels) {
      expect(p.zoneId).not.toBeNull();
      expect(p.functionalArea).not.toBeNull();
    }
  });

  it('holds every case an audit meets, in the shares an audit of a real zone finds', () => {
    const count = (pred: (p: (typeof a.parcels)[number]) => boolean) => a.parcels.filter(pred).length;
    const idle = (kind: string, measure: string, cause: string | null) =>
      count((p) => p.idle.status === 'idle' && p.idle.kind === kind && p.idle.measure === measure && p.idle.cause === cause);
    // each idle branch and exception, a few of each
    for (const [kind, measure, cause] of [
      ['not-started', 'idle-fee', null],
      ['not-started', 'reclaim', null],
      ['not-started', 'negotiate', 'government'],
      ['not-started', 'negotiate', 'force-majeure'],
      ['not-started', 'negotiate', 'preliminary-work'],
      ['stopped', 'decide', null],
    ] as const)
      expect(idle(kind, measure, cause), `${kind} ${measure} ${cause}`).toBeGreaterThanOrEqual(2);
    for (const reason of ['not-started-deadline-near', 'agreed-start-missing', 'stopped-enough-progress', 'resumed', 'not-started-before-deadline'])
      expect(
        count((p) => p.idle.reason === reason),
        reason,
      ).toBeGreaterThanOrEqual(2);
    expect(count((p) => p.idle.feeWanYuan != null && p.idle.feeWanYuan > 0)).toBeGreaterThanOrEqual(2);
    expect(a.problems.filter((p) => p.code === 'extension-too-long').length).toBeGreaterThanOrEqual(1);
    expect(count((p) => p.dates.extendedStartDate != null && p.idle.status === 'not-idle')).toBeGreaterThanOrEqual(2);
    // every stage, the overdue flags, illegal occupation apart from planning conflicts
    for (const stage of STAGES.filter((s) => s !== 'unknown'))
      expect(
        count((p) => p.stage === stage),
        stage,
      ).toBeGreaterThanOrEqual(5);
    for (const flag of ['overdue-start', 'overdue-completion', 'supply-breach', 'conflict', 'stopped-work'] as const)
      expect(
        count((p) => p.flags.includes(flag)),
        flag,
      ).toBeGreaterThanOrEqual(5);
    const illegal = count((p) => p.flags.includes('suspected-illegal-occupation'));
    expect(illegal).toBeGreaterThanOrEqual(2);
    expect(illegal).toBeLessThanOrEqual(20);
    for (const p of a.parcels.filter((x) => x.flags.includes('suspected-illegal-occupation'))) expect(p.dates.actualStartDate).not.toBeNull();
    // grades A–D and each reason to leave a parcel ungraded
    for (const g of ['A', 'B', 'C', 'D'] as const)
      expect(
        count((p) => p.efficiency.grade.city === g),
        g,
      ).toBeGreaterThanOrEqual(10);
    for (const reason of ['not-industrial', 'utility', 'not-in-production', 'new-firm', 'no-data'] as const)
      expect(
        count((p) => p.efficiency.ungraded === reason),
        reason,
      ).toBeGreaterThanOrEqual(2);
    // shares of industrial land within what audits of real zones find (a few % idle, about a tenth low-efficiency)
    const city = a.city;
    expect(city.idleShare).toBeGreaterThan(0.02);
    expect(city.idleShare).toBeLessThan(0.1);
    expect(city.lowEfficiencyShare).toBeGreaterThan(0.05);
    expect(city.lowEfficiencyShare).toBeLessThan(0.2);
    expect(city.supplyBreachShare).toBeGreaterThan(0.02);
    expect(city.supplyBreachShare).toBeLessThan(0.12);
    for (const z of a.zones)
      for (const fa of ['built-up', 'development', 'control'] as const) expect(z.byFunctionalArea[fa].idleShare ?? 0, `${z.zoneId} ${fa}`).toBeLessThan(0.15);
    expect(count((p) => p.flags.length === 0) / a.parcels.length).toBeGreaterThan(0.45);
  });

  it('is consistent: totals with fixed-asset investment, enterprises on supplied land, revenue and firms in the plan’s order of magnitude', () => {
    const props = ds.parcelList.map((p) => p.props);
    for (const p of props) {
      if (p.totalInvestmentWanYuan != null && p.fixedAssetInvestmentWanYuan != null)
        expect(p.totalInvestmentWanYuan, p.id).toBeGreaterThanOrEqual(p.fixedAssetInvestmentWanYuan);
      if (p.enterprise) expect(p.supplyDate, p.id).toBeTruthy();
      if (p.revenueWanYuan != null) expect(p.productionStartDate, p.id).toBeTruthy();
    }
    // each zone's leading industry (the plan's industry, counted by its divisions) has a revenue about its 2018 target
    // (seeds/generate-luohe.ts sets some above, some below), in 亿元
    const plan = planSchema.parse(JSON.parse(readFileSync(join(ROOT, 'src', 'domain', 'plan-2016-2018.json'), 'utf8')));
    for (const z of plan.zones) {
      const divisions = plan.industries.find((i) => i.id === z.leadingIndustry)?.divisions ?? [];
      const revenueYi =
        props.filter((p) => p.zoneId === z.id && divisions.includes(p.industryCode ?? '')).reduce((s, p) => s + (p.revenueWanYuan ?? 0), 0) / 10000;
      expect(revenueYi / z.leadingIndustryRevenueTarget2018.value, z.id).toBeGreaterThan(0.8);
      expect(revenueYi / z.leadingIndustryRevenueTarget2018.value, z.id).toBeLessThan(1.2);
    }
    // the equipment cluster (34, 35) is 百亿级; firms above designated size (revenue ≥ 2000 万元) number some hundreds (the plan: over 650)
    const equipmentYi = props.filter((p) => p.industryCode === '34' || p.industryCode === '35').reduce((s, p) => s + (p.revenueWanYuan ?? 0), 0) / 10000;
    expect(equipmentYi).toBeGreaterThan(100);
    expect(equipmentYi).toBeLessThan(200);
    const byFirm = new Map<string, number>();
    for (const p of props) if (p.enterprise) byFirm.set(p.enterprise, (byFirm.get(p.enterprise) ?? 0) + (p.revenueWanYuan ?? 0));
    const aboveSize = [...byFirm.values()].filter((v) => v >= 2000).length;
    expect(aboveSize).toBeGreaterThan(500);
    expect(aboveSize).toBeLessThan(1000);
  });

  it('conflict overlaps are exact polygon intersections, never larger than the parcel', () => {
    const withConflict = a.parcels.filter((p) => p.conflicts.length > 0);
    for (const r of withConflict.slice(0, 30)) {
      const parcel = ds.parcelList.find((p) => p.props.id === r.id);
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
      // weighted over the industrial parcels that report investment (intensityAreaM2 names that area)
      const withInv = mine.filter((p) => p.landUseKind === 'industrial' && p.fixedAssetInvestmentWanYuan != null);
      expect(z.intensityAreaM2).toBe(withInv.reduce((s, p) => s + p.areaM2, 0));
      const intensity = withInv.reduce((s, p) => s + (p.fixedAssetInvestmentWanYuan ?? 0), 0) / muFromM2(withInv.reduce((s, p) => s + p.areaM2, 0));
      expect(relDiff(z.intensityWanPerMu ?? 0, intensity)).toBeLessThan(1e-12);
      const idleM2 = mine.filter((p) => p.landUseKind === 'industrial' && p.idle.status === 'idle').reduce((s, p) => s + p.areaM2, 0);
      const byCause = Object.values(z.idleAreaM2ByCause).reduce((s, x) => s + x, 0);
      expect(byCause).toBeCloseTo(idleM2, 6);
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
    // the tour is written by hand (docs/presentation.md; tests/unit/tour.test.ts checks it against the data)
    const HAND_WRITTEN = ['tour.json'];
    const files = readdirSync(committed)
      .filter((f) => !HAND_WRITTEN.includes(f))
      .sort();
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
    const a2 = await analyseFolder(async (rel) => files[rel] ?? readFileSync(join(dir, rel), 'utf8'), { asOfDate: '2018-12-31' });
    const mismatch = a2.problems.find((p) => p.code === 'zone-mismatch');
    expect(mismatch).toMatchObject({ file: 'parcels.geojson', featureIndex: 0, featureId: first.properties.id, property: 'zoneId', severity: 'warning' });
    expect(mismatch?.message).toContain('jingji');
    expect(a2.parcels[0]?.zoneId).toBe('jingji');
    expect(a2.problems.find((p) => p.code === 'certified-area-mismatch')).toMatchObject({ featureIndex: 0, property: 'certifiedAreaM2', severity: 'warning' });
  });
});
