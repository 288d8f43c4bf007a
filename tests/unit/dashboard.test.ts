import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANGES } from '../../src/domain/change';
import { isIndustrialDivision, type PlanFacts, planSchema } from '../../src/domain/plan';
import { SOURCE_ID, sourceOf } from '../../src/domain/sources';
import { INTENSITY_BINS_WAN_PER_MU } from '../../src/domain/summary';
import { FUNCTIONAL_AREAS, type ParcelResult } from '../../src/domain/types';
import { muFromM2 } from '../../src/domain/units';
import type { Comparison } from '../../src/engine/reevaluate';
import { planarAreaM2 } from '../../src/geo/area';
import {
  binRanges,
  changesByZone,
  type DashboardData,
  dashboardFigures,
  type Figure,
  intensityDistribution,
  landUseByFunctionalArea,
  leadingRevenue,
  RANKING_METRICS,
  WASTE_KINDS,
  wasteByZone,
  zoneRanking,
} from '../../src/state/dashboard';
import { EMPTY_FILTERS, type Filters, filterRows } from '../../src/state/filters';
import { analyseLuohe, LUOHE, readLuohe, type TestAnalysis } from '../helpers/analyse';
import { ROOT, relDiff } from '../helpers/fixtures';
import { inProcessClient } from '../helpers/inProcessClient';

/**
 * Issue 24: every figure the dashboard shows equals a sum or an area-weighted mean of the per-parcel results of a
 * fresh analysis at the same date and over the same scope, computed here from the parcels, apart from the summaries.
 */
const YEAR_ENDS = ['2016-12-31', '2017-12-31', '2018-12-31'] as const;
const plan: PlanFacts = planSchema.parse(JSON.parse(readFileSync(join(ROOT, 'src', 'domain', 'plan-2016-2018.json'), 'utf8')));
const ZONES = plan.zones.map((z) => z.id);

let ds: Awaited<ReturnType<typeof readLuohe>>;
const at = new Map<string, TestAnalysis>();
beforeAll(async () => {
  ds = await readLuohe();
  for (const d of YEAR_ENDS) at.set(d, await analyseLuohe(d));
}, 120_000);

/** The dashboard's data from a fresh analysis, as the app holds it. */
function dataOf(a: TestAnalysis): DashboardData {
  return {
    asOfDate: a.asOfDate,
    summaries: a.zones,
    city: a.city,
    plan,
    zones: ds.zones.map((z) => ({ id: z.id, name: z.name, nameEn: z.nameEn, bbox: [0, 0, 0, 0], labels: [] })),
    targetSources: a.rules.zoneTargets.flatMap((_, i) => sourceOf(a.rules, SOURCE_ID.zoneTarget(i)) ?? []),
  };
}

const sum = (ps: readonly ParcelResult[], f: (p: ParcelResult) => number) => ps.reduce((t, p) => t + f(p), 0);
const areaMu = (ps: readonly ParcelResult[]) => muFromM2(sum(ps, (p) => p.areaM2));
const division = (p: ParcelResult) => (p.industryCode ?? '').slice(0, 2);
/** a weighted mean: Σ numerator ÷ Σ 亩 of the parcels that report it */
const perMu = (ps: readonly ParcelResult[], f: (p: ParcelResult) => number | null) => {
  const with_ = ps.filter((p) => f(p) != null);
  return with_.length ? sum(with_, (p) => f(p) as number) / areaMu(with_) : null;
};

/** Every figure's values computed from the parcels of a scope, by figure key (and params). */
function expectedFigures(a: TestAnalysis, zone: string | null): Record<string, (number | null)[]> {
  const ps = a.parcels.filter((p) => zone == null || p.zoneId === zone);
  const ind = ps.filter((p) => p.landUseKind === 'industrial');
  const indMu = areaMu(ind);
  const idle = ind.filter((p) => p.idle.status === 'idle');
  const low = ind.filter((p) => p.lowEfficiency.status);
  const breach = ind.filter((p) => p.lowEfficiency.supplyBreach);
  const flagged = (f: string) => ps.filter((p) => p.flags.includes(f as never));
  const zones = ds.zones.filter((z) => zone == null || z.id === zone);
  const faM2 = (fa: string) => ds.areas.filter((x) => x.kind === fa && zones.some((z) => z.id === x.zoneId)).reduce((t, x) => t + planarAreaM2(x.geometry), 0);
  const zoneM2 = zones.reduce((t, z) => t + planarAreaM2(z.geometry), 0);
  const out: Record<string, (number | null)[]> = {
    zoneArea: [muFromM2(zoneM2), zoneM2 / 1e6],
    ...Object.fromEntries(FUNCTIONAL_AREAS.map((fa) => [`functionalArea.${fa}`, [muFromM2(faM2(fa)), faM2(fa) / 1e6]])),
    parcels: [ps.length, areaMu(ps)],
    industrialLand: [ind.length, indMu],
    intensity: [perMu(ind, (p) => p.fixedAssetInvestmentWanYuan)],
    output: [perMu(ind, (p) => p.revenueWanYuan)],
    tax: [perMu(ind, (p) => p.taxWanYuan)],
    idle: [idle.length, areaMu(idle), (areaMu(idle) / indMu) * 100],
    ...Object.fromEntries(
      (['none', 'government', 'force-majeure', 'preliminary-work'] as const).map((c) => {
        const mine = idle.filter((p) => (p.idle.cause ?? 'none') === c);
        return [`idleCause.${c}`, [areaMu(mine), (areaMu(mine) / indMu) * 100]];
      }),
    ),
    lowEfficiency: [low.length, areaMu(low), (areaMu(low) / indMu) * 100],
    supplyBreach: [areaMu(breach), (areaMu(breach) / indMu) * 100],
    conflict: [flagged('conflict').length, areaMu(flagged('conflict'))],
    illegalOccupation: [flagged('suspected-illegal-occupation').length, areaMu(flagged('suspected-illegal-occupation'))],
    overdueStart: [flagged('overdue-start').length],
    overdueCompletion: [flagged('overdue-completion').length],
  };
  const revenueYi = (divisions: (d: string) => boolean) =>
    sum(
      ps.filter((p) => divisions(division(p))),
      (p) => p.revenueWanYuan ?? 0,
    ) / 10000;
  if (zone != null) {
    const z = plan.zones.find((x) => x.id === zone);
    const divisions = plan.industries.find((i) => i.id === z?.leadingIndustry)?.divisions ?? [];
    out[`leadingRevenue ${z?.leadingIndustry}`] = [revenueYi((d) => divisions.includes(d))];
    out.stars = [null];
    for (const t of [...(z?.targets ?? []), ...plan.perZoneTargets]) out[`plan.${t.id}`] = [null];
  } else {
    for (const t of plan.cityTargets) out[`plan.${t.id}`] = [t.compare.kind === 'industrial-revenue' ? revenueYi(isIndustrialDivision) : null];
    for (const c of plan.clusters) {
      const divisions = plan.industries.filter((i) => i.cluster === c.id).flatMap((i) => i.divisions);
      out[`clusterRevenue ${c.id}`] = [revenueYi((d) => divisions.includes(d))];
    }
  }
  return out;
}

const figureKey = (f: Figure) => [f.key, ...Object.values(f.params ?? {})].join(' ');
const close = (got: number | null, want: number | null, what: string) => {
  if (want == null || got == null) expect(got, what).toBe(want);
  else if (want === 0) expect(got, what).toBe(0);
  else expect(relDiff(got, want), `${what}: ${got} vs ${want}`).toBeLessThan(1e-9);
};

describe('the dashboard’s figures, against the parcels of a fresh analysis at each year-end', () => {
  it.each(YEAR_ENDS)('at %s: the city and each zone, every figure', (date) => {
    const a = at.get(date) as TestAnalysis;
    const data = dataOf(a);
    for (const zone of [null, ...ZONES]) {
      const want = expectedFigures(a, zone);
      const figures = dashboardFigures(data, zone).flatMap((s) => s.figures);
      const seen = new Set<string>();
      for (const f of figures) {
        const key = figureKey(f);
        seen.add(key);
        const w = want[key];
        expect(w, `${zone ?? 'city'}: no independent value for ${key}`).toBeDefined();
        expect(f.values.length, key).toBe(w?.length);
        f.values.forEach((v, i) => {
          close(v.value, w?.[i] ?? null, `${date} ${zone ?? 'city'} ${key}[${i}]`);
        });
      }
      expect([...seen].sort(), `${zone ?? 'city'}: figures`).toEqual(Object.keys(want).sort());
    }
  });

  it('say what each mean is weighted by and each share is of, in 亩 of industrial land', () => {
    const a = at.get('2018-12-31') as TestAnalysis;
    const figures = dashboardFigures(dataOf(a), 'jingji').flatMap((s) => s.figures);
    const ind = a.parcels.filter((p) => p.zoneId === 'jingji' && p.landUseKind === 'industrial');
    const of = (key: string) => figures.find((f) => f.key === key)?.over;
    expect(of('intensity')?.key).toBe('intensity');
    close(of('intensity')?.mu ?? null, areaMu(ind.filter((p) => p.fixedAssetInvestmentWanYuan != null)), 'intensity over');
    close(of('output')?.mu ?? null, areaMu(ind.filter((p) => p.revenueWanYuan != null)), 'output over');
    close(of('tax')?.mu ?? null, areaMu(ind.filter((p) => p.taxWanYuan != null)), 'tax over');
    close(of('idle')?.mu ?? null, areaMu(ind), 'idle share of');
  });

  it('set each figure against its target: the leading industry’s revenue with progress, the rules’ tax target not in force before 2020, what the data cannot compare said so', () => {
    const a = at.get('2018-12-31') as TestAnalysis;
    const data = dataOf(a);
    for (const zone of ZONES) {
      const figures = dashboardFigures(data, zone).flatMap((s) => s.figures);
      const lead = figures.find((f) => f.key === 'leadingRevenue');
      const z = plan.zones.find((x) => x.id === zone);
      expect(lead?.target?.value).toBe(z?.leadingIndustryRevenueTarget2018.value);
      const value = lead?.values[0]?.value as number;
      close(lead?.target?.progress?.ratio ?? null, value / (z?.leadingIndustryRevenueTarget2018.value as number), `${zone} progress`);
      expect(lead?.target?.progress?.met).toBe(value >= (z?.leadingIndustryRevenueTarget2018.value as number));
      expect(lead?.target?.source).toMatchObject({ kind: 'plan', articles: [{ id: '3.2.2' }] });
      // stars and the zone's counts: no figure, and why
      const stars = figures.find((f) => f.key === 'stars');
      expect(stars?.values[0]?.value).toBeNull();
      expect(stars?.target).toMatchObject({ value: z?.stars.value, commitment: z?.stars.commitment, notComparable: 'star-rating', progress: null });
      for (const key of ['plan.leading-firms', 'plan.major-projects', 'plan.rd-centre']) {
        const f = figures.find((x) => x.key === key);
        expect(f?.values[0]?.value, key).toBeNull();
        expect(f?.target?.notComparable, key).not.toBeNull();
        expect(f?.target?.progress, key).toBeNull();
      }
      const tax = figures.find((f) => f.key === 'tax');
      expect(tax?.target).toMatchObject({ value: 11, source: { kind: 'rule', inForce: false }, progress: null });
      expect((tax?.target?.source as { source: { en: string } } | undefined)?.source.en).toContain('11');
    }
    // some zones above their targets, some below (the demo is set so)
    const met = ZONES.map(
      (zone) =>
        dashboardFigures(data, zone)
          .flatMap((s) => s.figures)
          .find((f) => f.key === 'leadingRevenue')?.target?.progress?.met,
    );
    expect(met).toContain(true);
    expect(met).toContain(false);
    // after 2020 the tax target is in force and compared
    const city = dashboardFigures(dataOf(at.get('2018-12-31') as TestAnalysis), null).flatMap((s) => s.figures);
    expect(city.find((f) => f.key === 'plan.industrial-revenue')?.target).toMatchObject({ caveat: 'firm-size', notComparable: null });
    expect(city.find((f) => f.key === 'plan.employment')?.target).toMatchObject({ notComparable: 'no-employment-data', progress: null });
  });
});

/** Row count of the table under a chart item's filter (what clicking it shows). */
const rowsUnder = (a: TestAnalysis, filter: Partial<Filters>, change: Uint8Array | null = null) =>
  filterRows(a.table, { ...EMPTY_FILTERS, ...filter }, change).length;

describe('the charts’ series, and the filter behind each bar, slice or row', () => {
  it.each(YEAR_ENDS)('at %s: intensity by bin and zone, idle land by measure and low efficiency by zone, land use by functional area', (date) => {
    const a = at.get(date) as TestAnalysis;
    const data = dataOf(a);
    const dist = intensityDistribution(data, a.table);
    expect(dist.zones.map((z) => z.zoneId)).toEqual(ZONES);
    for (const z of dist.zones)
      z.items.forEach((item, k) => {
        const [from, to] = INTENSITY_BINS_WAN_PER_MU[k] as [number, number | null];
        const mine = a.parcels.filter(
          (p) =>
            p.zoneId === z.zoneId &&
            p.landUseKind === 'industrial' &&
            p.fixedAssetInvestmentWanYuan != null &&
            (p.intensityWanPerMu as number) >= from &&
            (to == null || (p.intensityWanPerMu as number) < to),
        );
        expect(item.count, `${z.zoneId} bin ${k}`).toBe(mine.length);
        close(item.value, areaMu(mine), `${z.zoneId} bin ${k} 亩`);
        expect(rowsUnder(a, item.filter), `${z.zoneId} bin ${k} filtered`).toBe(mine.length);
      });
    for (const z of wasteByZone(data))
      for (const kind of WASTE_KINDS) {
        const item = z.items[kind];
        const mine = a.parcels.filter(
          (p) =>
            p.zoneId === z.zoneId &&
            p.landUseKind === 'industrial' &&
            (kind === 'low-efficiency' ? p.lowEfficiency.status : p.idle.status === 'idle' && p.idle.measure === kind),
        );
        expect(item.count, `${z.zoneId} ${kind}`).toBe(mine.length);
        close(item.value, areaMu(mine), `${z.zoneId} ${kind} 亩`);
        expect(rowsUnder(a, item.filter), `${z.zoneId} ${kind} filtered`).toBe(mine.length);
      }
    for (const zone of [null, 'linying']) {
      for (const fa of landUseByFunctionalArea(data, zone)) {
        for (const [kind, item] of Object.entries(fa.kinds)) {
          const mine = a.parcels.filter(
            (p) => (zone == null || p.zoneId === zone) && p.functionalArea === fa.functionalArea && (p.landUseKind ?? 'none') === kind,
          );
          expect(item.count, `${zone} ${fa.functionalArea} ${kind}`).toBe(mine.length);
          close(item.value, areaMu(mine), `${zone} ${fa.functionalArea} ${kind} 亩`);
          if (kind !== 'none') expect(rowsUnder(a, item.filter)).toBe(mine.length);
        }
      }
    }
  });

  it('leading-industry revenue by zone against its target, and the filter of a zone’s leading industry', () => {
    const a = at.get('2018-12-31') as TestAnalysis;
    const rows = leadingRevenue(dataOf(a)) ?? [];
    expect(rows.map((r) => r.zoneId)).toEqual(ZONES);
    for (const r of rows) {
      const divisions = plan.industries.find((i) => i.id === r.items.industry)?.divisions ?? [];
      const mine = a.parcels.filter((p) => p.zoneId === r.zoneId && divisions.includes(division(p)));
      close(r.items.value, sum(mine, (p) => p.revenueWanYuan ?? 0) / 10000, `${r.zoneId} revenue`);
      expect(rowsUnder(a, r.items.filter)).toBe(mine.length);
    }
    expect(leadingRevenue({ ...dataOf(a), plan: null })).toBeNull();
  });

  it('the zone ranking: by intensity, output per 亩 (highest first) and idle share (lowest first), with star targets', () => {
    const a = at.get('2018-12-31') as TestAnalysis;
    for (const metric of RANKING_METRICS) {
      const rows = zoneRanking(dataOf(a), metric);
      const values = ZONES.map((zone) => {
        const ind = a.parcels.filter((p) => p.zoneId === zone && p.landUseKind === 'industrial');
        const v =
          metric === 'idleShare'
            ? (areaMu(ind.filter((p) => p.idle.status === 'idle')) / areaMu(ind)) * 100
            : perMu(ind, (p) => (metric === 'intensityWanPerMu' ? p.fixedAssetInvestmentWanYuan : p.revenueWanYuan));
        return { zone, v: v as number };
      });
      values.sort((x, y) => (metric === 'idleShare' ? x.v - y.v : y.v - x.v));
      expect(
        rows.map((r) => r.zoneId),
        metric,
      ).toEqual(values.map((x) => x.zone));
      rows.forEach((r, i) => {
        close(r.value, values[i]?.v ?? null, `${metric} ${r.zoneId}`);
      });
      expect(rows.find((r) => r.zoneId === 'linying')?.stars).toEqual({ value: 3, commitment: 'strive' });
      expect(rowsUnder(a, rows[0]?.filter ?? {})).toBe(a.parcels.filter((p) => p.zoneId === rows[0]?.zoneId).length);
    }
  });

  it('the year-end comparison by zone: each change’s count, and its filter shows exactly those parcels', async () => {
    const a = at.get('2018-12-31') as TestAnalysis;
    const before = at.get('2017-12-31') as TestAnalysis;
    const client = inProcessClient();
    await client.load(
      pathToFileURL(join(LUOHE, '/')).href,
      null,
      () => {},
      () => {},
      null,
    );
    const c = (await client.compare('2017-12-31', '2018-12-31')) as Comparison;
    for (const z of changesByZone(dataOf(a), c))
      for (const ch of CHANGES) {
        const item = z.items[ch];
        const mine = a.parcels.filter((p, i) => {
          const q = before.parcels[i] as ParcelResult;
          return (
            p.zoneId === z.zoneId &&
            CHANGES[(c.change[i] as number) - 1] === ch &&
            (p.idle.status !== q.idle.status || p.idle.measure !== q.idle.measure || p.lowEfficiency.status !== q.lowEfficiency.status)
          );
        });
        expect(item.count, `${z.zoneId} ${ch}`).toBe(mine.length);
        expect(rowsUnder(a, item.filter, c.change)).toBe(mine.length);
      }
  });

  it('bin ranges hold exactly the bins’ values, with round upper ends', () => {
    const values = Float64Array.from([99.999, 100, 149.97, 150, 212.5, 499.9999, Number.NaN]);
    expect(binRanges(values, INTENSITY_BINS_WAN_PER_MU)).toEqual([
      [0, 99.9999],
      [100, 149.99],
      [150, 199],
      [200, 299],
      [300, 499.99999],
      [500, null],
    ]);
    const ranges = binRanges(values, INTENSITY_BINS_WAN_PER_MU);
    const inBin = (v: number, [lo, hi]: [number, number | null]) => v >= lo && (hi == null || v <= hi);
    for (const v of values) if (!Number.isNaN(v)) expect(ranges.filter((r) => inBin(v, r))).toHaveLength(1);
  });
});
