import { quantile } from 'simple-statistics';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify, classOf } from '../../src/domain/classes';
import type { ParcelTable } from '../../src/engine/parcelTable';
import { analyseLuohe, type TestAnalysis } from '../helpers/analyse';

/** Choropleth classes (src/domain/classes.ts) over the embedded dataset’s values. */

let a: TestAnalysis;
let table: ParcelTable;

beforeAll(async () => {
  a = await analyseLuohe('2018-12-31');
  table = a.table;
});

describe('classes', () => {
  it('quantile classes hold about the same number of parcels', () => {
    const classes = classify(table.numeric.areaMu, 5, 'quantile');
    if (!classes) throw new Error('no classes');
    const counts = [0, 0, 0, 0, 0];
    for (const v of table.numeric.areaMu) {
      const c = classOf(classes, v) as number;
      counts[c] = (counts[c] ?? 0) + 1;
    }
    for (const c of counts) expect(c / table.length).toBeGreaterThan(0.15);
  });
  it('quantile edges equal simple-statistics quantile of the plain values', () => {
    const values = Array.from(table.numeric.intensityWanPerMu).filter(Number.isFinite);
    const classes = classify(table.numeric.intensityWanPerMu, 5, 'quantile');
    const want = quantile(values, [0.2, 0.4, 0.6, 0.8]);
    expect(classes?.edges).toEqual([Math.min(...values), ...want, Math.max(...values)]);
  });
  it('no values, no classes; missing values have no class', () => {
    expect(classify(new Float64Array([Number.NaN]), 5, 'quantile')).toBeNull();
    expect(classOf({ edges: [0, 1, 2] }, Number.NaN)).toBeNull();
  });
});
