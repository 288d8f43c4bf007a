import { beforeAll, describe, expect, it } from 'vitest';
import { assessLowEfficiency, withChecks } from '../../src/domain/lowEfficiency';
import { parcelMetrics } from '../../src/domain/metrics';
import { analyseLuohe, readLuohe, type TestAnalysis } from '../helpers/analyse';

/** Low-efficiency checks (src/domain/lowEfficiency.ts): derived from the assessment, never stored. */

let a: TestAnalysis;
/** the dataset's layers and its parcels as read (no analysis) */
let ds: Awaited<ReturnType<typeof readLuohe>>;

beforeAll(async () => {
  a = await analyseLuohe();
  ds = await readLuohe();
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
