import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parcelAnalyser } from '../../src/analysis/analyse';
import { isIsoDate } from '../../src/domain/dates';
import { gradeCutoffs, gradeOf, scoreParcel } from '../../src/domain/grading';
import { assessIdle, effectiveStartDate, IDLE_REASONS } from '../../src/domain/idle';
import { assessLowEfficiency } from '../../src/domain/lowEfficiency';
import { parcelMetrics } from '../../src/domain/metrics';
import { crosswalk, defaultRules, editionFor, parseRules, type RuleSet, regionClassOfGrade } from '../../src/domain/rules';
import { ruleSources, sourceOf } from '../../src/domain/sources';
import { overdue, type Stage, stageOf } from '../../src/domain/stages';
import { assessedAs, farThreshold, intensityThreshold, landUseKind } from '../../src/domain/thresholds';
import type { Constraint, ParcelGeometry, ParcelProps } from '../../src/domain/types';
import { ROOT, readJsonFixture } from '../helpers/fixtures';

interface Case<E> {
  case: string;
  asOf: string;
  areaM2: number;
  props: Omit<ParcelProps, 'id'>;
  rules?: Partial<RuleSet['idle']>;
  expected: E;
}

const withRules = (patch: (r: RuleSet) => void): RuleSet => {
  const r = structuredClone(defaultRules());
  patch(r);
  return r;
};

describe('idle land: 闲置土地处置办法 arts. 2, 8, 12, 14 and 城市房地产管理法 art. 26 (tests/fixtures/idle)', () => {
  const { cases } = readJsonFixture<{ cases: Case<Record<string, unknown>>[] }>('idle', 'cases.json');
  for (const c of cases) {
    it(c.case, () => {
      const rules = c.rules ? withRules((r) => Object.assign(r.idle, c.rules)) : defaultRules();
      const r = assessIdle({ id: 'x', ...c.props }, c.areaM2, rules, c.asOf);
      expect(r).toMatchObject(c.expected);
      // the measure follows the status: only idle land has one, and a cause never leads to fee or reclaim
      if (r.status !== 'idle') expect(r.measure).toBeNull();
      if (r.cause && r.measure) expect(r.measure).toBe('negotiate');
      // every branch and measure names a source the rules have, in both languages
      expect(sourceOf(rules, r.sourceId), r.sourceId).not.toBeNull();
      if (r.measure) expect(sourceOf(rules, r.measureSourceId ?? ''), String(r.measureSourceId)).not.toBeNull();
    });
  }
  it('a fixture case for every reason the rule can give', () => {
    const reasons = new Set(cases.map((c) => assessIdle({ id: 'x', ...c.props }, c.areaM2, defaultRules(), c.asOf).reason));
    expect([...reasons].sort()).toEqual([...IDLE_REASONS].sort());
  });
});

describe('low-efficiency land and supply breaches (tests/fixtures/low-efficiency)', () => {
  const { cases } = readJsonFixture<{
    cases: Case<{
      status: boolean;
      failed?: string[];
      supplyBreach?: boolean;
      breached?: string[];
      assessed?: boolean;
      note?: string;
      indicators?: string[];
    }>[];
  }>('low-efficiency', 'cases.json');
  for (const c of cases) {
    it(c.case, () => {
      const props = { id: 'x', ...c.props };
      const m = parcelMetrics(props, c.areaM2);
      const r = assessLowEfficiency(props, m, defaultRules(), 9, c.asOf, false);
      expect(r.status).toBe(c.expected.status);
      if (c.expected.failed) expect(r.reasons.map((x) => x.indicator)).toEqual(c.expected.failed);
      if (c.expected.supplyBreach !== undefined) expect(r.supplyBreach).toBe(c.expected.supplyBreach);
      if (c.expected.breached) expect(r.breaches.map((x) => x.indicator)).toEqual(c.expected.breached);
      if (c.expected.assessed !== undefined) expect(r.assessed).toBe(c.expected.assessed);
      if (c.expected.note) expect(r.note).toBe(c.expected.note);
      if (c.expected.indicators) expect(r.checks.map((k) => k.indicator)).toEqual(c.expected.indicators);
      for (const reason of [...r.reasons, ...r.breaches]) {
        const check = r.checks.find((k) => k.indicator === reason.indicator);
        expect(check?.pass).toBe(false);
        expect(sourceOf(defaultRules(), check?.sourceId ?? '')?.en.length).toBeGreaterThan(10);
      }
    });
  }

  it('an idle parcel is handled as idle land, not counted again as low-efficiency', () => {
    const props = { id: 'x', landUse: '0601', industryCode: '13', taxWanYuan: 0 };
    const r = assessLowEfficiency(props, parcelMetrics(props, 10000), defaultRules(), 9, '2018-12-31', true);
    expect(r).toMatchObject({ status: false, supplyBreach: false, assessed: false, note: 'idle-instead' });
  });

  it('idle first: an idle parcel before its agreed completion date is handled as idle land too', () => {
    const props = { id: 'x', landUse: '0601', industryCode: '13', agreedCompletionDate: '2019-06-01', taxWanYuan: 0 };
    expect(assessLowEfficiency(props, parcelMetrics(props, 10000), defaultRules(), 9, '2018-12-31', true).note).toBe('idle-instead');
    expect(assessLowEfficiency(props, parcelMetrics(props, 10000), defaultRules(), 9, '2018-12-31', false).note).toBe('not-yet-due');
  });

  it('a missing metric is null, never 0 or NaN', () => {
    const m = parcelMetrics({ id: 'x' }, 10000);
    expect(Object.values(m).every((v) => v === null)).toBe(true);
    expect(parcelMetrics({ id: 'x', floorAreaM2: 5000 }, 0).far).toBeNull();
  });

  it('intensity in 万元/亩 and 万元/公顷 agree (1 公顷 = 15 亩)', () => {
    const m = parcelMetrics({ id: 'x', fixedAssetInvestmentWanYuan: 3000 }, 10000);
    expect(m.intensityWanPerHa).toBe(3000);
    expect(m.intensityWanPerMu).toBeCloseTo(200, 10);
  });
});

/** A parcel of 1 hectare whose FAR is `far`, checked on 2018-12-31. */
function farCheck(rules: RuleSet, industryCode: string, far: number) {
  const props: ParcelProps = { id: 'x', landUse: '0601', industryCode, floorAreaM2: far * 10000, agreedCompletionDate: '2015-01-01' };
  return assessLowEfficiency(props, parcelMetrics(props, 10000), rules, 9, '2018-12-31', false).checks.find((k) => k.indicator === 'far');
}

describe('FAR of every manufacturing division, 2008 表2 through the 2002↔2017 crosswalk (tests/fixtures/far)', () => {
  const fx = readJsonFixture<{
    cases: {
      industryEdition: 'GB/T 4754-2017' | 'GB/T 4754-2002';
      industryCode: string;
      tableCode2002: string;
      threshold: number | null;
      note: string | null;
    }[];
    to2017: { testTable: Record<string, number>; cases: { industryCode: string; threshold: number | null; note: string | null; why: string }[] };
  }>('far', 'cases.json');
  for (const c of fx.cases) {
    it(`${c.industryEdition} ${c.industryCode} → 2002 ${c.tableCode2002}: ${c.threshold ?? c.note}`, () => {
      const rules = c.industryEdition === 'GB/T 4754-2017' ? defaultRules() : withRules((r) => (r.parcelIndustryEdition = 'GB/T 4754-2002'));
      const t = farThreshold(rules, editionFor(rules, '2018-12-31'), c.industryCode);
      expect(t.value).toBe(c.threshold);
      expect(t.note).toBe(c.note);
      if (c.threshold == null) return;
      expect(t.sourceId).toBe('far@2008');
      expect(farCheck(rules, c.industryCode, c.threshold)?.pass).toBe(true);
      expect(farCheck(rules, c.industryCode, c.threshold - 0.01)?.pass).toBe(false);
    });
  }
  it('every 2017 manufacturing division 13–43 has a case', () => {
    const codes = new Set(fx.cases.filter((c) => c.industryEdition === 'GB/T 4754-2017').map((c) => c.industryCode));
    for (let d = 13; d <= 43; d++) expect(codes.has(String(d)), String(d)).toBe(true);
  });
  // the other way: 2002-coded parcels against a table keyed by 2017 codes (a test table, not official values)
  const to2017 = withRules((r) => {
    r.parcelIndustryEdition = 'GB/T 4754-2002';
    const base = r.controlIndicators[1] as RuleSet['controlIndicators'][number];
    r.controlIndicators = [{ ...base, id: 'test', industryEdition: 'GB/T 4754-2017', far: { ...base.far, status: 'unchecked', values: fx.to2017.testTable } }];
  });
  for (const c of fx.to2017.cases) {
    it(`2002 ${c.industryCode} against a 2017-keyed table: ${c.why}`, () => {
      const t = farThreshold(to2017, editionFor(to2017, '2018-12-31'), c.industryCode);
      expect(t.value).toBe(c.threshold);
      expect(t.note).toBe(c.note);
    });
  }
  it('the crosswalk both ways, by division and by group', () => {
    const R = defaultRules();
    const from17 = (code: string) => crosswalk(R, code, 'GB/T 4754-2017', 'GB/T 4754-2002');
    const from02 = (code: string) => crosswalk(R, code, 'GB/T 4754-2002', 'GB/T 4754-2017');
    expect(from17('34')).toEqual(['35']);
    expect(from17('3411')).toEqual(['35']);
    expect(from17('3471')).toEqual(['41']);
    expect(from17('38')).toEqual(['39']);
    expect(from17('29')).toEqual(['29', '30']);
    expect(from17('43')).toEqual([]);
    expect(from02('35')).toEqual(['34']);
    expect(from02('40')).toEqual(['39']);
    expect(from02('37')).toEqual(['36', '37']);
    expect(from02('3721')).toEqual(['36']);
    expect(from02('36')).toEqual(['35']);
    // same edition: the division itself
    expect(crosswalk(R, '1311', 'GB/T 4754-2017', 'GB/T 4754-2017')).toEqual(['13']);
  });
});

describe('investment intensity per region class, and local values first (tests/fixtures/intensity)', () => {
  const fx = readJsonFixture<{
    testTable: Record<string, number[]>;
    national: { landGrade: number; regionClass: number; thresholdWanPerHa: number; thresholdWanPerMu: number }[];
    noLandGrade: { threshold: null; note: string };
    local: { industryCode: string; thresholdWanPerMu: number }[];
    neither: { industryCode: string; threshold: null; note: string };
  }>('intensity', 'cases.json');
  const rules = withRules((r) => {
    const e2008 = r.controlIndicators.find((e) => e.id === '2008') as RuleSet['controlIndicators'][number];
    e2008.intensity = { ...e2008.intensity, status: 'unchecked', values: fx.testTable };
  });
  const edition = editionFor(rules, '2018-12-31');
  for (const c of fx.national) {
    it(`land grade ${c.landGrade} → region class ${c.regionClass}: ${c.thresholdWanPerHa} 万元/公顷 = ${c.thresholdWanPerMu.toFixed(2)} 万元/亩`, () => {
      expect(regionClassOfGrade(rules, c.landGrade)).toBe(c.regionClass);
      const t = intensityThreshold(rules, edition, '22', c.landGrade);
      expect(t.value).toBeCloseTo(c.thresholdWanPerMu, 10);
      expect(t.sourceId).toBe('intensity@2008');
      // both sides of the boundary, through the assessment
      const check = (wanPerMu: number) => {
        const props: ParcelProps = {
          id: 'x',
          landUse: '0601',
          industryCode: '22',
          fixedAssetInvestmentWanYuan: wanPerMu * 15,
          agreedCompletionDate: '2015-01-01',
        };
        return assessLowEfficiency(props, parcelMetrics(props, 10000), rules, c.landGrade, '2018-12-31', false).checks.find((k) => k.indicator === 'intensity')
          ?.pass;
      };
      expect(check(c.thresholdWanPerMu)).toBe(true);
      expect(check(c.thresholdWanPerMu - 0.01)).toBe(false);
    });
  }
  it('no land grade: no national threshold', () => {
    const t = intensityThreshold(rules, edition, '22', null);
    expect(t.value).toBe(fx.noLandGrade.threshold);
    expect(t.note).toBe(fx.noLandGrade.note);
  });
  for (const c of fx.local)
    it(`local value for ${c.industryCode}: ${c.thresholdWanPerMu} 万元/亩, whatever the land grade`, () => {
      for (const grade of [1, 9, 15, null])
        expect(intensityThreshold(rules, edition, c.industryCode, grade)).toMatchObject({ value: c.thresholdWanPerMu, sourceId: 'local' });
    });
  it('no local value and the national table not found: none, said so', () => {
    const t = intensityThreshold(defaultRules(), editionFor(defaultRules(), '2018-12-31'), fx.neither.industryCode, 9);
    expect(t).toMatchObject({ value: null, note: fx.neither.note });
  });
});

describe('land-use codes of GB/T 21010-2017, the third survey and the 2023 classification (tests/fixtures/land-use)', () => {
  const { cases } = readJsonFixture<{ cases: { landUse: string; classification: string | null; kind: string; assessed: string }[] }>('land-use', 'cases.json');
  for (const c of cases)
    it(`${c.landUse}: ${c.kind}, assessed ${c.assessed}`, () => {
      expect(defaultRules().landUse[c.landUse]?.classification ?? null).toBe(c.classification);
      const kind = landUseKind(defaultRules(), c.landUse, '13');
      expect(kind).toBe(c.kind);
      expect(assessedAs(defaultRules(), kind)).toBe(c.assessed);
    });
});

describe('stages and overdue flags (tests/fixtures/stages)', () => {
  const { cases } = readJsonFixture<{
    cases: { case: string; asOf: string; props: Omit<ParcelProps, 'id'>; stage: Stage; overdueStart: boolean; overdueCompletion: boolean }[];
  }>('stages', 'cases.json');
  for (const c of cases)
    it(c.case, () => {
      const p = { id: 'x', ...c.props };
      const stage = stageOf(p, c.asOf);
      expect(stage).toBe(c.stage);
      expect(overdue(p, c.asOf, stage, effectiveStartDate(p, defaultRules()))).toEqual({ start: c.overdueStart, completion: c.overdueCompletion });
    });
  it('every stage has a case', () => {
    expect(new Set(cases.map((c) => c.stage)).size).toBe(6);
  });
});

describe('planning conflict while unbuilt, suspected illegal occupation once started', () => {
  // a 100 m square of basic farmland, and parcels inside it
  const square = (x0: number, y0: number, d: number): ParcelGeometry => ({
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x0 + d, y0],
        [x0 + d, y0 + d],
        [x0, y0 + d],
        [x0, y0],
      ],
    ],
  });
  const farmland: Constraint = { id: 'f', kind: 'basic-farmland', name: 'f', geometry: square(114, 33.5, 0.002) };
  const analyseOne = parcelAnalyser({ rules: defaultRules(), zones: [], areas: [], constraints: [farmland] }, '2018-12-31', 't', []);
  const flagsOf = (props: Omit<ParcelProps, 'id'>) => {
    const g = square(114.0005, 33.5005, 0.0005);
    return analyseOne({ index: 0, props: { id: 'p', landUse: '0601', ...props }, geometry: g }, [114.0005, 33.5005, 114.001, 33.501]).flags;
  };
  it('supplied, not started: conflict', () => {
    expect(flagsOf({ supplyDate: '2018-01-01', agreedStartDate: '2019-06-01' })).toEqual(['conflict']);
  });
  it('started: suspected illegal occupation, not a conflict', () => {
    const flags = flagsOf({ supplyDate: '2017-01-01', agreedStartDate: '2017-06-01', actualStartDate: '2017-07-01', agreedCompletionDate: '2020-01-01' });
    expect(flags).toContain('suspected-illegal-occupation');
    expect(flags).not.toContain('conflict');
  });
});

describe('亩均效益 grades (tests/fixtures/grading)', () => {
  const fx = readJsonFixture<{
    populations: { case: string; parcels: { id: string; score: number }[]; expected: Record<string, string> }[];
    scores: { case: string; taxWanPerMu: number; outputWanPerMu: number; score: number }[];
    ungraded: {
      case: string;
      kind: 'industrial' | 'warehousing';
      industryCode: string;
      stage: Stage;
      productionStartDate: string | null;
      reason: string | null;
      taxWanPerMu?: null;
    }[];
  }>('grading', 'cases.json');
  for (const pop of fx.populations)
    it(pop.case, () => {
      const cut = gradeCutoffs(
        defaultRules(),
        pop.parcels.map((p) => p.score),
      );
      for (const p of pop.parcels) expect(gradeOf(defaultRules(), p.score, cut), p.id).toBe(pop.expected[p.id]);
    });
  for (const s of fx.scores)
    it(s.case, () => {
      const r = scoreParcel(
        defaultRules(),
        {
          kind: 'industrial',
          industryCode: '13',
          stage: 'in-production',
          productionStartDate: '2010-01-01',
          metrics: { taxWanPerMu: s.taxWanPerMu, outputWanPerMu: s.outputWanPerMu, intensityWanPerMu: null },
        },
        '2018-12-31',
      );
      expect(r.score).toBeCloseTo(s.score, 10);
      expect(r.ungraded).toBeNull();
    });
  for (const u of fx.ungraded)
    it(`ungraded: ${u.case}`, () => {
      const metrics = { taxWanPerMu: u.taxWanPerMu === null ? null : 20, outputWanPerMu: 400, intensityWanPerMu: null };
      const r = scoreParcel(
        defaultRules(),
        { kind: u.kind, industryCode: u.industryCode, stage: u.stage, productionStartDate: u.productionStartDate, metrics },
        '2018-12-31',
      );
      expect(r.ungraded).toBe(u.reason);
      expect(r.score === null).toBe(u.reason !== null);
    });
});

describe('the rules file', () => {
  const transcription = JSON.parse(readFileSync(join(ROOT, 'docs', 'rules-transcription.json'), 'utf8')) as {
    sources: Record<string, { url: string }>;
    values: Record<string, { sources: string[]; value?: unknown; values?: Record<string, number> }>;
  };
  const shipped: [string, RuleSet][] = [
    ['default', defaultRules()],
    ['漯河', parseRules(JSON.parse(readFileSync(join(ROOT, 'geodata', 'luohe', 'rules.json'), 'utf8'))).rules as RuleSet],
  ];

  it.each(shipped)('%s: every threshold has a source in both languages and a date it applies from', (_, rules) => {
    expect(rules).not.toBeNull();
    const sources = ruleSources(rules);
    for (const s of sources.values()) {
      expect(s.zh.length, s.id).toBeGreaterThan(4);
      expect(s.en.length, s.id).toBeGreaterThan(4);
      expect(isIsoDate(s.effectiveFrom), s.id).toBe(true);
      // no developer file names in what users read, and the Chinese text is Chinese
      for (const text of [s.zh, s.en]) expect(text, s.id).not.toMatch(/\.(md|ts|json)\b|DOMAIN|ParkAtlas DOMAIN/);
      expect(s.zh, s.id).toMatch(/[\u4e00-\u9fff]/);
    }
    // the thresholds of every edition, each part a source
    for (const e of rules.controlIndicators)
      for (const part of ['far', 'intensity', 'coverage', 'admin', 'green']) expect(sources.get(`${part}@${e.id}`), `${part}@${e.id}`).toBeDefined();
    for (const id of [
      'local',
      'landGradeClasses',
      'industryCrosswalk',
      'stages',
      'grading',
      'idle.notStarted',
      'idle.fee',
      'idle.reclaim',
      'idle.exceptions',
      'idle.lawArt26',
    ])
      expect(sources.get(id), id).toBeDefined();
    for (let i = 0; i < rules.zoneTargets.length; i++) expect(sources.get(`zoneTarget.${i}`)).toBeDefined();
  });

  it.each(shipped)('%s: every value marked checked is the one the transcription records, from a source it names', (_, rules) => {
    const rec = (key: string) => {
      const v = transcription.values[key];
      expect(v, key).toBeDefined();
      for (const s of v?.sources ?? []) expect(transcription.sources[s]?.url, `${key}: ${s}`).toMatch(/^https?:\/\//);
      return v as { value?: unknown; values?: Record<string, number> };
    };
    let checked = 0;
    for (const e of rules.controlIndicators) {
      if (e.far.status === 'checked') {
        expect(e.far.values).toEqual(rec(`controlIndicators.${e.id}.far`).values);
        checked += Object.keys(e.far.values).length;
      }
      if (e.intensity.status === 'checked') expect(e.intensity.values).toEqual(rec(`controlIndicators.${e.id}.intensity`).values);
      for (const k of ['coverageMin', 'adminMax', 'greenMax'] as const)
        if (e[k].status === 'checked') {
          expect(e[k].value).toBe(rec(`controlIndicators.${e.id}.${k}`).value);
          checked++;
        }
      // a value not found is absent, never guessed
      if (e.far.status === 'not-found') expect(e.far.values).toEqual({});
      if (e.intensity.status === 'not-found') expect(e.intensity.values).toEqual({});
    }
    const idleChecked = ['notStarted', 'stopped', 'fee', 'reclaim', 'extension'] as const;
    if (idleChecked.every((k) => rules.idle.cite[k].status === 'checked'))
      for (const k of [
        'graceYears',
        'stoppedYears',
        'developedShareMin',
        'investedShareMin',
        'feeAfterYears',
        'reclaimAfterYears',
        'feeShareOfLandPrice',
        'maxExtensionYears',
      ] as const) {
        expect(rules.idle[k], k).toBe(rec(`idle.${k}`).value);
        checked++;
      }
    for (const t of rules.zoneTargets)
      if (t.status === 'checked') {
        expect(t.min).toBe(rec(`zoneTargets.${t.metric}`).value);
        checked++;
      }
    if (rules.grading.cite.status === 'checked') {
      expect(Object.fromEntries(rules.grading.indicators.map((i) => [i.metric, i.weight]))).toEqual(rec('grading.weights').value);
      expect(Object.fromEntries(rules.grading.bands.map((b) => [b.grade, b.upToShare]))).toEqual(rec('grading.bands').value);
      checked += 2;
    }
    for (const [id, d] of Object.entries(rules.documents))
      if (d.dateStatus === 'checked') expect(d.effectiveFrom, id).toBe(rec(`documents.${id}.effectiveFrom`).value);
    for (const [code, lu] of Object.entries(rules.landUse)) if (lu.status === 'checked') expect(rec(`landUse.${code}`).value).toEqual(lu.kind);
    // (what makes this test worth having: most of the national values are checked)
    expect(checked).toBeGreaterThan(40);
  });

  it('the as-of date picks the edition: none before 2004, the 2004 edition until 2008, the 2008 one, then the 2023 revision', () => {
    expect(editionFor(defaultRules(), '2003-12-31')).toBeNull();
    expect(editionFor(defaultRules(), '2004-11-01')?.id).toBe('2004');
    expect(editionFor(defaultRules(), '2008-01-30')?.id).toBe('2004');
    expect(editionFor(defaultRules(), '2018-12-31')?.id).toBe('2008');
    expect(editionFor(defaultRules(), '2023-06-25')?.id).toBe('2023');
  });

  it('the 2023 revision’s values were not found: the 2008 values stand in, marked unchecked for that use; the 2004 table is not found', () => {
    const after = farThreshold(defaultRules(), editionFor(defaultRules(), '2026-01-01'), '33');
    expect(after).toMatchObject({ value: 0.7, sourceId: 'far@2008-for-2023' });
    const s = sourceOf(defaultRules(), after.sourceId);
    expect(s?.status).toBe('unchecked');
    expect(s?.effectiveFrom).toBe('2023-06-25');
    expect(s?.zh).toContain('2008');
    expect(farThreshold(defaultRules(), editionFor(defaultRules(), '2006-01-01'), '33')).toMatchObject({
      value: null,
      note: 'not-found',
      sourceId: 'far@2004',
    });
    expect(farThreshold(defaultRules(), editionFor(defaultRules(), '2003-01-01'), '33')).toMatchObject({ value: null, note: 'no-edition' });
  });

  it('a bad rules file gives messages naming the member, not an exception', () => {
    const bad = (patch: (r: Record<string, unknown>) => void) => {
      const r = structuredClone(defaultRules()) as unknown as Record<string, unknown>;
      patch(r);
      return parseRules(r);
    };
    const a = bad((r) => ((r.idle as Record<string, unknown>).graceYears = 'one'));
    expect(a.rules).toBeNull();
    expect(a.messages.some((m) => m.startsWith('idle.graceYears'))).toBe(true);
    const b = bad((r) => ((r.local as Record<string, unknown>).doc = 'nowhere'));
    expect(b.messages).toContain('local.doc: no document "nowhere" in documents');
    const c = bad((r) => ((r.idle as { stoppedLand: unknown }).stoppedLand = { feeAfterYears: 1, reclaimAfterYears: null }));
    expect(c.messages.some((m) => m.startsWith('idle.stoppedLand.cite'))).toBe(true);
    const d = bad((r) => (r.controlIndicators as unknown[]).reverse());
    expect(d.messages.some((m) => m.includes('date order'))).toBe(true);
  });
});

describe('ISO dates', () => {
  it('a YYYY-MM-DD string is a date exactly when the platform calendar gives it back (every day of 1900–2100 and its neighbours)', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    let checked = 0;
    for (let y = 1900; y <= 2100; y++) {
      for (let m = 0; m <= 13; m++) {
        for (const d of [0, 1, 28, 29, 30, 31, 32]) {
          const s = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          const t = new Date(Date.UTC(y, m - 1, d));
          const platform = m >= 1 && m <= 12 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
          expect(isIsoDate(s), s).toBe(platform);
          checked++;
        }
      }
    }
    expect(checked).toBe(201 * 14 * 7);
    for (const bad of ['2018-1-01', '2018/01/01', '20180101', ' 2018-01-01', '2018-01-01T00:00', 20180101, null]) expect(isIsoDate(bad)).toBe(false);
  });
});
