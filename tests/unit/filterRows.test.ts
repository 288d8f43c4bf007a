import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParcelTable } from '../../src/engine/parcelTable';
import { MAP_PROPS } from '../../src/engine/tileFeatures';
import { LAYER, parcelLayerFilter } from '../../src/map/style';
import { EMPTY_FILTERS, type Filters, filterRows } from '../../src/state/filters';
import { analyseLuohe, type TestAnalysis } from '../helpers/analyse';

/** filterRows (src/state/filters.ts) over the embedded dataset: the parcels the table lists and the map shows, against a plain reading of the audit. */

let a: TestAnalysis;
let table: ParcelTable;

beforeAll(async () => {
  a = await analyseLuohe('2018-12-31');
  table = a.table;
});

describe('filter rows: the parcels the table lists and the map shows (feature-state), against a plain reading of the audit', () => {
  const cases: Filters[] = [
    EMPTY_FILTERS,
    { ...EMPTY_FILTERS, zone: 'jingji' },
    { ...EMPTY_FILTERS, flags: ['idle'] },
    { ...EMPTY_FILTERS, flags: ['low-efficiency', 'conflict'], zone: 'shali' },
    { ...EMPTY_FILTERS, functionalAreas: ['development'], industries: ['13', '14'] },
    { ...EMPTY_FILTERS, landUses: ['0508'] },
    { ...EMPTY_FILTERS, ranges: { intensityWanPerMu: [200, null] } },
    { ...EMPTY_FILTERS, ranges: { far: [0.8, 1.2], coverage: [null, 0.4] } },
    { ...EMPTY_FILTERS, ranges: { idleYears: [2, null] } },
    { ...EMPTY_FILTERS, text: '食品' },
    { ...EMPTY_FILTERS, text: 'ji00' },
    { ...EMPTY_FILTERS, zone: 'wuyang', flags: ['suspected-idle', 'government-delay'], ranges: { areaMu: [20, 60] } },
  ];
  // the reference: each rule read straight off the audit's parcel results
  const metricOf = (p: TestAnalysis['parcels'][number], m: string): number | null =>
    m === 'idleYears' ? (p.idle.status === 'idle' ? p.idle.years : null) : ((p as unknown as Record<string, number | null>)[m] ?? null);
  const passes = (p: TestAnalysis['parcels'][number], f: Filters): boolean =>
    (f.zone == null || p.zoneId === f.zone) &&
    (f.functionalAreas.length === 0 || (p.functionalArea != null && f.functionalAreas.includes(p.functionalArea))) &&
    (f.industries.length === 0 || f.industries.includes((p.industryCode ?? '').slice(0, 2))) &&
    (f.landUses.length === 0 || f.landUses.includes(p.landUse ?? '')) &&
    (f.flags.length === 0 || f.flags.some((fl) => p.flags.includes(fl))) &&
    Object.entries(f.ranges).every(([m, [lo, hi]]) => {
      const v = metricOf(p, m);
      return v != null && (lo == null || v >= lo) && (hi == null || v <= hi);
    }) &&
    (f.text.trim() === '' || [p.id, p.name ?? '', p.enterprise ?? ''].some((s) => s.toLowerCase().includes(f.text.trim().toLowerCase())));
  for (const f of cases) {
    it(JSON.stringify(f), () => {
      const want = a.parcels.filter((p) => passes(p, f)).map((p) => p.id);
      const inTable = Array.from(filterRows(table, f), (i) => a.parcels[i]?.id);
      expect(inTable).toEqual(want);
      if (f !== EMPTY_FILTERS && !f.ranges.idleYears) expect(inTable.length).toBeGreaterThan(0);
    });
  }
  it("the parcel layers' zone filter picks exactly the zone's parcels, and flag layers keep their own filter", () => {
    const evalFilter = (layer: string, zone: string | null) => {
      const expr = parcelLayerFilter(layer, zone);
      const fn = expr ? featureFilter(expr as never, 'test') : null;
      return a.parcels.filter((p) => !fn || fn.filter({ zoom: 12 } as never, { type: 3, properties: MAP_PROPS.toProperties(p) } as never)).map((p) => p.id);
    };
    expect(evalFilter(LAYER.parcelsFill, null)).toEqual(a.parcels.map((p) => p.id));
    expect(evalFilter(LAYER.parcelsFill, 'jingji')).toEqual(a.parcels.filter((p) => p.zoneId === 'jingji').map((p) => p.id));
    expect(evalFilter(LAYER.flagIdle, 'jingji')).toEqual(a.parcels.filter((p) => p.zoneId === 'jingji' && p.flags.includes('idle')).map((p) => p.id));
    expect(evalFilter(LAYER.flagIdle, null)).toEqual(a.parcels.filter((p) => p.flags.includes('idle')).map((p) => p.id));
  });
});
