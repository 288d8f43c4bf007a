import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataset } from '../../src/data/dataset';
import { type PlanFacts, type PlanTarget, planSchema, progressOf, revenueOfDivisionsWanYuan, zonePlan } from '../../src/domain/plan';
import { LUOHE } from '../helpers/analyse';
import { folderReader, ROOT } from '../helpers/fixtures';

const SEED = join(ROOT, 'src', 'domain', 'plan-2016-2018.json');
const seedText = readFileSync(SEED, 'utf8');
const raw = () => JSON.parse(seedText) as Record<string, unknown> & PlanFacts;
const plan = planSchema.parse(raw());

/** Every figure of the plan with where it sits, for the checks that hold for all of them. */
function everyFact(p: PlanFacts): { where: string; articles: string[] }[] {
  return [
    ...p.clusters.map((c) => ({ where: `cluster ${c.id}`, articles: c.articles })),
    ...p.cityTargets.map((t) => ({ where: `city ${t.id}`, articles: t.articles })),
    ...p.perZoneTargets.map((t) => ({ where: `every zone ${t.id}`, articles: t.articles })),
    ...p.zones.flatMap((z) => [
      { where: `${z.id} leading industry revenue`, articles: z.leadingIndustryRevenueTarget2018.articles },
      { where: `${z.id} stars`, articles: z.stars.articles },
      ...z.targets.map((t) => ({ where: `${z.id} ${t.id}`, articles: t.articles })),
    ]),
  ];
}

/**
 * The plan's figures as read in its text (漯政办〔2016〕17号), typed here by hand, apart from the file: id → value, the
 * upper end of a range, how it compares, 达到 (reach) or 争取 (strive), and the parts of the plan that say it.
 */
const TRANSCRIBED: Record<string, [number, number | null, string, 'reach' | 'strive', string[]]> = {
  'city investment': [900, null, '>', 'reach', ['2-agglomeration']],
  'city industrial-revenue': [2500, null, '>', 'reach', ['2-agglomeration']],
  'city share-of-industry': [70, null, '>', 'reach', ['2-agglomeration']],
  'city contribution-to-growth': [90, null, '>', 'reach', ['2-agglomeration']],
  'city firms-above-size': [650, null, '>', 'reach', ['2-agglomeration']],
  'city new-firms-above-size': [50, null, '=', 'reach', ['2-agglomeration', '3.2.2']],
  'city infrastructure': [9, null, '>=', 'reach', ['2-infrastructure']],
  'city demonstration-firms': [20, null, '=', 'reach', ['2-innovation']],
  'city high-tech-share': [5, null, '>=', 'reach', ['2-innovation']],
  'city energy-per-value-added': [10, null, '>=', 'reach', ['2-green']],
  'city solid-waste-reuse': [80, null, '>=', 'reach', ['2-green']],
  'city eco-low-carbon-parks': [1, 2, '=', 'strive', ['2-green']],
  'city employment': [30, null, '>=', 'reach', ['2-employment']],
  'city major-projects': [100, null, '=', 'reach', ['3.2.2']],
  'city small-innovative-firms': [100, null, '=', 'reach', ['3.2.2']],
  'city leading-firms': [30, null, '=', 'reach', ['3.2.2']],
  'city new-listed-firms': [10, null, '=', 'reach', ['3.2.2']],
  'zone rd-centre': [1, null, '>=', 'reach', ['2-innovation']],
  'zone major-projects': [15, null, '≈', 'reach', ['3.2.2']],
  'zone leading-firms': [5, null, '≈', 'reach', ['3.2.2']],
  'zone logistics-system': [1, null, '>=', 'reach', ['3.3.3']],
  'linying duqu-furniture-park': [1, null, '=', 'reach', ['3.2.3']],
};

describe('the 2016–2018 plan as data (src/domain/plan-2016-2018.json)', () => {
  it('passes its schema, and the embedded dataset carries the same file as plan.json', () => {
    expect(planSchema.safeParse(raw()).success).toBe(true);
    expect(JSON.parse(readFileSync(join(LUOHE, 'plan.json'), 'utf8'))).toEqual(JSON.parse(seedText));
    expect(JSON.parse(readFileSync(join(LUOHE, 'dataset.json'), 'utf8')).plan).toBe('plan.json');
  });

  it('gives every figure at least one article, each one of the plan’s parts it lists', () => {
    const ids = new Set(plan.articles.map((a) => a.id));
    const facts = everyFact(plan);
    expect(facts.length).toBeGreaterThan(30);
    for (const f of facts) {
      expect(f.articles.length, f.where).toBeGreaterThan(0);
      for (const a of f.articles) expect(ids.has(a), `${f.where}: ${a}`).toBe(true);
    }
    for (const a of plan.articles) {
      expect(a.zh).toMatch(/^[二三]/);
      expect(a.en).toMatch(/^(II|III) /);
    }
  });

  it('holds the figures as read in the plan’s text', () => {
    const got: Record<string, PlanTarget> = Object.fromEntries([
      ...plan.cityTargets.map((t) => [`city ${t.id}`, t]),
      ...plan.perZoneTargets.map((t) => [`zone ${t.id}`, t]),
      ...plan.zones.flatMap((z) => z.targets.map((t) => [`${z.id} ${t.id}`, t])),
    ]);
    expect(Object.keys(got).sort()).toEqual(Object.keys(TRANSCRIBED).sort());
    for (const [key, [value, valueMax, comparison, commitment, articles]] of Object.entries(TRANSCRIBED)) {
      const t = got[key] as PlanTarget;
      expect([t.value, t.valueMax ?? null, t.comparison, t.commitment, t.articles], key).toEqual([value, valueMax, comparison, commitment, articles]);
    }
    expect(got['city investment']?.growthPctPerYearMin).toBe(15);
    expect(got['city industrial-revenue']?.growthPctPerYearMin).toBe(13);
    expect(got['city new-firms-above-size']?.perCounty).toEqual({ value: 8, valueMax: 10, comparison: '=' });
    expect(got['city small-innovative-firms']?.perCounty).toEqual({ value: 15, comparison: '≈' });
    expect(got['city employment']?.cumulativeNew).toEqual({ value: 8, comparison: '≈' });
    expect(got['zone major-projects']?.atLeastOneOverYi).toBe(10);
    expect(got['linying duqu-furniture-park']?.due).toBe(2018);
    const clusters = Object.fromEntries(plan.clusters.map((c) => [c.id, [c.revenue.value, c.revenue.commitment, c.scaleClass]]));
    expect(clusters).toEqual({
      food: [2000, 'strive', '两千亿级'],
      'salt-chemical': [200, 'reach', '双百亿级'],
      electronics: [200, 'reach', '双百亿级'],
      biomedicine: [200, 'reach', '双百亿级'],
      equipment: [100, 'strive', '百亿级'],
    });
  });

  it('fixes what issue 24 found: the leading industry’s revenue, all investment, 争创 against 达到, an industry for 沙澧', () => {
    const zones = Object.fromEntries(plan.zones.map((z) => [z.id, z]));
    // the 2018 revenue is the leading industry's, not the zone's
    for (const z of raw().zones) {
      expect(z).not.toHaveProperty('revenueTarget2018');
      expect(z).toHaveProperty('leadingIndustryRevenueTarget2018');
    }
    expect(
      Object.fromEntries(
        plan.zones.map((z) => [
          z.id,
          [
            z.leadingIndustry,
            z.leadingIndustryRevenueTarget2018.value,
            z.leadingIndustryRevenueTarget2018.comparison,
            z.leadingIndustryRevenueTarget2018.commitment,
          ],
        ]),
      ),
    ).toEqual({
      jingji: ['food', 800, '>=', 'strive'],
      linying: ['food', 400, '>', 'reach'],
      wuyang: ['salt-chemical', 200, '>=', 'strive'],
      songjiang: ['biomedicine', 200, '>=', 'strive'],
      shali: ['trade-logistics', 200, '>=', 'strive'],
      dongcheng: ['electronics', 200, '>=', 'strive'],
    });
    // 年完成投资 is all investment
    const investment = plan.cityTargets.find((t) => t.id === 'investment');
    expect(investment?.metric.en).toContain('all investment');
    expect(investment?.metric.en).not.toMatch(/^(annual )?fixed-asset/);
    // 争创 3 stars (strive) against 达到 2 stars (reach), both kept
    expect(Object.fromEntries(plan.zones.map((z) => [z.id, [z.stars.value, z.stars.commitment]]))).toEqual({
      jingji: [3, 'strive'],
      linying: [3, 'strive'],
      wuyang: [2, 'reach'],
      songjiang: [2, 'reach'],
      shali: [2, 'reach'],
      dongcheng: [2, 'reach'],
    });
    // 沙澧's 商贸物流 is an industry of its own, of no cluster; every zone's industries resolve
    expect(zones.shali && zonePlan(plan, 'shali')?.leadingIndustry).toMatchObject({ id: 'trade-logistics', name: '商贸物流产业', cluster: null });
    expect(zonePlan(plan, 'shali')?.leadingCluster).toBeNull();
    for (const z of plan.zones) expect(zonePlan(plan, z.id)?.leadingIndustry.id).toBe(z.leadingIndustry);
    expect(zonePlan(plan, 'jingji')?.secondIndustry?.id).toBe('equipment');
  });

  it('zonePlan: a zone’s industries, cluster and every target it has (its own, then those of every zone); null for a zone the plan does not name', () => {
    const linying = zonePlan(plan, 'linying');
    expect(linying?.leadingCluster?.id).toBe('food');
    expect(linying?.targets.map((t) => t.id)).toEqual(['duqu-furniture-park', 'rd-centre', 'major-projects', 'leading-firms', 'logistics-system']);
    expect(zonePlan(plan, 'wuyang')?.targets.map((t) => t.id)).toEqual(['rd-centre', 'major-projects', 'leading-firms', 'logistics-system']);
    expect(zonePlan(plan, 'nowhere')).toBeNull();
  });

  it('the schema refuses a file with an unknown member, a figure without an article or naming one not there, an industry that is not there, a range upside down', () => {
    const cases: [string, (p: Record<string, unknown> & PlanFacts) => void, string][] = [
      ['unknown member', (p) => Object.assign(p.zones[0] as object, { revenueTarget2018: { value: 800 } }), 'zones.0'],
      ['no article', (p) => Object.assign(p.cityTargets[0] as object, { articles: [] }), 'cityTargets.0.articles'],
      ['missing article', (p) => Object.assign(p.cityTargets[1] as object, { articles: ['4.1'] }), 'cityTargets.1.articles.0'],
      ['no such industry', (p) => Object.assign(p.zones[4] as object, { leadingIndustry: 'logistics' }), 'zones.4.leadingIndustry'],
      ['range upside down', (p) => Object.assign(p.cityTargets[11] as object, { value: 3, valueMax: 2 }), 'cityTargets.11.valueMax'],
      ['twice', (p) => p.perZoneTargets.push(p.perZoneTargets[0] as PlanTarget), 'perZoneTargets.4.id'],
    ];
    for (const [name, change, path] of cases) {
      const p = raw();
      change(p);
      const r = planSchema.safeParse(p);
      expect(r.success, name).toBe(false);
      expect(
        r.error?.issues.map((i) => i.path.join('.')),
        name,
      ).toContain(path);
    }
  });

  it('a dataset whose plan is not valid loads all the same, without a plan, and says why (file, member, issue)', async () => {
    const bad = raw();
    Object.assign(bad.zones[4] as object, { leadingIndustry: 'logistics' });
    const disk = folderReader(LUOHE);
    const opened = await openDataset(async (rel) => (rel === 'plan.json' ? JSON.stringify(bad) : disk(rel)));
    expect(opened.plan).toBeNull();
    expect(opened.parcels?.featureCount).toBeGreaterThan(2000);
    const p = opened.problems.find((x) => x.code === 'bad-plan');
    expect(p).toMatchObject({ file: 'plan.json', property: 'zones.4.leadingIndustry', severity: 'warning' });
    const good = await openDataset(disk);
    expect(good.plan?.document.number).toBe('漯政办[2016]17号');
    expect(good.problems.filter((x) => x.code === 'bad-plan')).toEqual([]);
  });

  it('revenue of an industry’s divisions (or of every industrial division) and progress against a target', () => {
    const byDivision = { '13': 100, '14': 50, '26': 7, '59': 30, '05': 1000 };
    expect(revenueOfDivisionsWanYuan(byDivision, ['13', '14', '15'])).toBe(150);
    // 06–46: mining, manufacturing, utilities (05 is farming services, 59 warehousing)
    expect(revenueOfDivisionsWanYuan(byDivision, 'industrial')).toBe(157);
    expect(progressOf(400, { value: 400, comparison: '>' })).toEqual({ ratio: 1, met: false });
    expect(progressOf(400, { value: 400, comparison: '>=' })).toEqual({ ratio: 1, met: true });
    expect(progressOf(180, { value: 200, comparison: '>=' })).toEqual({ ratio: 0.9, met: false });
  });
});
