import { beforeAll, describe, expect, it } from 'vitest';
import type { ParcelTable } from '../../src/engine/parcelTable';
import { EMPTY_FILTERS, type Filters, filterRows, isFiltered } from '../../src/state/filters';
import { analyseParcelsFile } from '../helpers/analyse';

/**
 * The table's and map's filters (src/state/filters.ts) over a table built by the real pipeline from parcels written
 * for the cases that were not covered: a range's upper bound, the text filter over enterprise names, industry codes
 * of four digits (GB/T 4754 classes) filtered by their two-digit division.
 */
const parcel = (id: string, x: number, props: Record<string, unknown>) => ({
  type: 'Feature',
  properties: { id, ...props },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, 33.5],
        [x + 0.002, 33.5],
        [x + 0.002, 33.502],
        [x, 33.502],
        [x, 33.5],
      ],
    ],
  },
});

async function table(): Promise<ParcelTable> {
  const text = JSON.stringify({
    type: 'FeatureCollection',
    features: [
      // one parcel of 0.002° × 0.002° at 33.5°N is some 41,400 m², 62.1 亩: investment 6,210 万元 is 100 万元/亩
      parcel('P1', 114.0, { name: '食品项目', enterprise: '漯河双汇食品有限公司', industryCode: '1310', fixedAssetInvestmentWanYuan: 6210 }),
      parcel('P2', 114.01, { name: '设备项目', enterprise: 'Henan Heavy Equipment Co.', industryCode: '34', fixedAssetInvestmentWanYuan: 12420 }),
      parcel('P3', 114.02, { name: '饮料项目', enterprise: '临颍饮料厂', industryCode: '1521', fixedAssetInvestmentWanYuan: 18630 }),
      parcel('P4', 114.03, { name: '无投资', enterprise: '', industryCode: '13' }),
      parcel('P5', 114.04, { name: 'Warehouse', enterprise: 'SHUANGHUI Logistics', industryCode: '5920', fixedAssetInvestmentWanYuan: 31050 }),
    ],
  });
  const a = await analyseParcelsFile(text, 'p.geojson', { asOfDate: '2019-01-01' });
  expect(a.problems).toEqual([]);
  return a.table;
}

const ids = (t: ParcelTable, f: Partial<Filters>) => Array.from(filterRows(t, { ...EMPTY_FILTERS, ...f }), (i) => t.text.id[i]);

describe('filters over the parcel table', () => {
  let t: ParcelTable;
  beforeAll(async () => {
    t = await table();
  });
  const intensity = (id: string) => t.numeric.intensityWanPerMu[t.text.id.indexOf(id)] as number;

  it('the fixture’s intensities are about 100, 200, 300 and 500 万元/亩 (one parcel has none)', () => {
    // (the parcels' planar areas differ a little with their distance from the zone's central meridian)
    for (const [id, want] of [
      ['P1', 100],
      ['P2', 200],
      ['P3', 300],
      ['P5', 500],
    ] as const)
      expect(Math.abs(intensity(id) / want - 1)).toBeLessThan(0.01);
    expect(Number.isNaN(intensity('P4'))).toBe(true);
  });

  it('a range’s upper bound excludes what lies above it, keeps what equals it, and never matches a parcel without the metric', () => {
    const upTo = (hi: number) => ids(t, { ranges: { intensityWanPerMu: [null, hi] } });
    expect(upTo(250)).toEqual(['P1', 'P2']);
    expect(upTo(intensity('P3'))).toEqual(['P1', 'P2', 'P3']);
    expect(upTo(intensity('P3') - 1e-9)).toEqual(['P1', 'P2']);
    expect(upTo(50)).toEqual([]);
    // both bounds: the band between
    expect(ids(t, { ranges: { intensityWanPerMu: [150, 400] } })).toEqual(['P2', 'P3']);
    expect(isFiltered({ ...EMPTY_FILTERS, ranges: { intensityWanPerMu: [null, 250] } })).toBe(true);
  });

  it('the text filter finds enterprise names (any case, any part), as well as ids and project names', () => {
    expect(ids(t, { text: '双汇' })).toEqual(['P1']);
    expect(ids(t, { text: 'shuanghui' })).toEqual(['P5']);
    expect(ids(t, { text: 'heavy equip' })).toEqual(['P2']);
    expect(ids(t, { text: '  饮料厂 ' })).toEqual(['P3']);
    expect(ids(t, { text: 'p4' })).toEqual(['P4']);
    expect(ids(t, { text: 'warehouse' })).toEqual(['P5']);
    expect(ids(t, { text: '不存在的企业' })).toEqual([]);
  });

  it('four-digit industry codes are filtered by their two-digit division', () => {
    expect(ids(t, { industries: ['13'] })).toEqual(['P1', 'P4']);
    expect(ids(t, { industries: ['15'] })).toEqual(['P3']);
    expect(ids(t, { industries: ['59'] })).toEqual(['P5']);
    expect(ids(t, { industries: ['13', '34'] })).toEqual(['P1', 'P2', 'P4']);
    // the table keeps the code as written
    expect(t.text.industryCode[t.text.id.indexOf('P1')]).toBe('1310');
  });

  it('filters combine (AND): division, upper bound and text together', () => {
    expect(ids(t, { industries: ['13', '15', '59'], ranges: { intensityWanPerMu: [null, 400] }, text: '项目' })).toEqual(['P1', 'P3']);
  });
});
