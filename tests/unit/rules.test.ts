import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../../src/domain/dates';
import { assessIdle } from '../../src/domain/idle';
import { assessLowEfficiency } from '../../src/domain/lowEfficiency';
import { parcelMetrics } from '../../src/domain/metrics';
import { DEFAULT_RULES, intensityThresholdWanPerMu, parseRules, regionClassOfGrade } from '../../src/domain/rules';
import type { ParcelProps } from '../../src/domain/types';
import { readJsonFixture } from '../helpers/fixtures';

interface Case<E> {
  case: string;
  asOf: string;
  areaM2: number;
  props: Omit<ParcelProps, 'id'>;
  expected: E;
}

describe('idle land: 闲置土地处置办法 art. 2 and 14 (tests/fixtures/idle/cases.json)', () => {
  const { cases } = readJsonFixture<{ cases: Case<Record<string, unknown>>[] }>('idle', 'cases.json');
  for (const c of cases) {
    it(c.case, () => {
      const r = assessIdle({ id: 'x', ...c.props }, c.areaM2, DEFAULT_RULES, c.asOf);
      expect(r).toMatchObject(c.expected);
      // the measure follows the status: only idle land has one, and a cause never leads to fee or reclaim
      if (r.status !== 'idle') expect(r.measure).toBeNull();
      if (r.cause) expect(r.measure === null || r.measure === 'negotiate').toBe(true);
    });
  }
});

describe('low-efficiency land (tests/fixtures/low-efficiency/cases.json)', () => {
  const { cases } = readJsonFixture<{ cases: Case<{ status: boolean; failed?: string[]; assessed?: boolean; note?: string }>[] }>(
    'low-efficiency',
    'cases.json',
  );
  for (const c of cases) {
    it(c.case, () => {
      const props = { id: 'x', ...c.props };
      const m = parcelMetrics(props, c.areaM2);
      const r = assessLowEfficiency(props, m, DEFAULT_RULES, 9, c.asOf, false);
      expect(r.status).toBe(c.expected.status);
      if (c.expected.failed) expect(r.reasons.map((x) => x.indicator)).toEqual(c.expected.failed);
      if (c.expected.assessed !== undefined) expect(r.assessed).toBe(c.expected.assessed);
      if (c.expected.note) expect(r.note).toBe(c.expected.note);
      for (const reason of r.reasons) {
        const check = r.checks.find((k) => k.indicator === reason.indicator);
        expect(check?.pass).toBe(false);
        expect(check?.source.length).toBeGreaterThan(10);
      }
    });
  }

  it('an idle parcel is handled as idle land, not counted again as low-efficiency', () => {
    const props = { id: 'x', landUse: '0601', industryCode: '13', taxWanYuan: 0 };
    const r = assessLowEfficiency(props, parcelMetrics(props, 10000), DEFAULT_RULES, 9, '2018-12-31', true);
    expect(r).toMatchObject({ status: false, assessed: false, note: 'idle-instead' });
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

describe('rules file', () => {
  it('the default rules parse and every threshold names its source', () => {
    const le = DEFAULT_RULES.lowEfficiency;
    for (const k of ['intensity', 'far', 'coverage', 'admin', 'green', 'output', 'tax'] as const) expect(le[k].source.length).toBeGreaterThan(10);
    expect(DEFAULT_RULES.idle.source).toContain('闲置土地处置办法');
    for (const ind of Object.values(DEFAULT_RULES.industries)) if (ind.farMin != null) expect(ind.farSource).toBeTruthy();
  });

  it('land grades map to the 2008 table classes 1–4, 5–6, 7–8, 9–10, 11–12, 13–14, 15', () => {
    expect([1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((g) => regionClassOfGrade(DEFAULT_RULES, g))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7]);
  });

  it('a national per-class table in 万元/公顷 is used when no local value is set', () => {
    const industry = {
      name: 't',
      nameEn: 't',
      farMin: null,
      intensityMinWanPerMu: null,
      intensityMinWanPerHaByClass: [7000, 6000, 5000, 4000, 3000, 2000, 1500],
      outputMinWanPerMu: null,
      taxMinWanPerMu: null,
    };
    expect(intensityThresholdWanPerMu(DEFAULT_RULES, industry, 9).value).toBeCloseTo(4000 / 15, 10);
    expect(intensityThresholdWanPerMu(DEFAULT_RULES, industry, 15).value).toBeCloseTo(100, 10);
    expect(intensityThresholdWanPerMu(DEFAULT_RULES, industry, null).value).toBeNull();
  });

  it('a bad rules file gives messages naming the member, not an exception', () => {
    const { rules, messages } = parseRules({ ...DEFAULT_RULES, idle: { ...DEFAULT_RULES.idle, graceYears: 'one' } });
    expect(rules).toBeNull();
    expect(messages.some((m) => m.startsWith('idle.graceYears'))).toBe(true);
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
