import { expression, featureFilter, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { quantile } from 'simple-statistics';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify, classOf } from '../../src/domain/classes';
import { METRICS } from '../../src/domain/metrics';
import { fromWire, joinTableParts, type ParcelTable, TableRows, transferables } from '../../src/engine/parcelTable';
import { MAP_PROPS } from '../../src/engine/tileFeatures';
import { buildStyle, COLORS, choroplethColor, classColors, LAYER, noValueSwatches, parcelLayerFilter } from '../../src/map/style';
import { EMPTY_FILTERS, type Filters, filterRows } from '../../src/state/filters';
import { DEFAULT_VIEW, parseUrl, parseView, serializeView } from '../../src/state/urlState';
import { DEFAULT_VISIBILITY, THEMES, TOGGLE_KEYS } from '../../src/state/view';
import { analyseLuohe, type TestAnalysis } from '../helpers/analyse';

let a: TestAnalysis;
let table: ParcelTable;

beforeAll(async () => {
  a = await analyseLuohe('2018-12-31');
  table = a.table;
});

describe('the map style is valid MapLibre style data', () => {
  it('validates for every metric, theme and layer visibility', () => {
    for (const metric of METRICS) {
      const classes = classify(table.numeric[metric], 5, 'quantile');
      for (const off of [null, ...TOGGLE_KEYS]) {
        const visibility = { ...DEFAULT_VISIBILITY, ...(off ? { [off]: false } : {}) };
        expect(validateStyleMin(buildStyle({ metric, classes, visibility }))).toEqual([]);
      }
    }
    for (const theme of THEMES) expect(validateStyleMin(buildStyle({ metric: 'far', theme, classes: null, visibility: DEFAULT_VISIBILITY }))).toEqual([]);
  });

  it('the choropleth colour of a parcel is the colour of the legend class its value falls in', () => {
    const classes = classify(table.numeric.intensityWanPerMu, 5, 'natural');
    if (!classes) throw new Error('no classes');
    const compiled = expression.createExpression(choroplethColor('intensityWanPerMu', classes), {
      type: 'color',
      'property-type': 'data-driven',
      expression: { interpolated: false, parameters: ['zoom', 'feature'] },
    } as never);
    if (compiled.result !== 'success') throw new Error('expression did not compile');
    const colors = classColors(classes.edges.length - 1);
    for (const p of a.parcels.slice(0, 400)) {
      const color = compiled.value.evaluate({ zoom: 12 }, { type: 3, properties: MAP_PROPS.toProperties(p) } as never) as { toString(): string };
      const c = p.intensityWanPerMu == null ? null : classOf(classes, p.intensityWanPerMu);
      const want = c == null ? '#cfcfcf' : (colors[c] as string);
      const got = color.toString().replace(/\s/g, '').toLowerCase();
      expect(got.startsWith('#') ? got : hexOf(got)).toBe(want.toLowerCase());
    }
  });
});

describe('the years-idle map', () => {
  it('colours a parcel that is not idle as 未闲置, one the rule cannot assess as no data, idle ones by their class', () => {
    const classes = { edges: [1, 2, 3, 4, 5] };
    const compiled = expression.createExpression(choroplethColor('idleYears', classes), {
      type: 'color',
      'property-type': 'data-driven',
      expression: { interpolated: false, parameters: ['zoom', 'feature'] },
    } as never);
    if (compiled.result !== 'success') throw new Error('expression did not compile');
    const colors = classColors(4);
    const seen = new Set<string>();
    // the demo data have no parcel the idle rule cannot assess: one is made from the first
    const first = a.parcels[0] as (typeof a.parcels)[number];
    const unknown = { ...first, idle: { ...first.idle, status: 'unknown' as const, years: null }, flags: [] };
    for (const p of [...a.parcels, unknown]) {
      const raw = (compiled.value.evaluate({ zoom: 12 }, { type: 3, properties: MAP_PROPS.toProperties(p) } as never) as { toString(): string })
        .toString()
        .replace(/\s/g, '')
        .toLowerCase();
      const got = raw.startsWith('#') ? raw : hexOf(raw);
      const want = p.idle.status === 'idle' ? colors[(p.idle.years as number) - 1] : p.idle.status === 'unknown' ? COLORS.noData : COLORS.notIdle;
      expect(got).toBe((want as string).toLowerCase());
      seen.add(p.idle.status);
    }
    expect(seen).toEqual(new Set(['idle', 'suspected', 'not-idle', 'unknown']));
    expect(noValueSwatches('idleYears').map((s) => s.key)).toEqual(['notIdle', 'idleUnknown']);
  });
});

/** rgba(r,g,b,1) → #rrggbb */
function hexOf(rgba: string): string {
  const [r, g, b] = (rgba.match(/\d+/g) ?? []).map(Number);
  return `#${[r, g, b].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

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

describe('the table crossing from the worker', () => {
  it('arrives equal after a transferring structured clone, text columns as UTF-8 chunks (untrusted text included)', async () => {
    // the table's rows made as the table sink makes them, one parcel's name untrusted text
    const rows = new TableRows(table.zoneIds, a.parcels.length);
    a.parcels.forEach((p, i) => {
      rows.add(i === 0 ? { ...p, name: '<img src=x> 𝒳 "引号" \u0000 end' } : p);
    });
    const expected = {
      ...structuredClone(table),
      text: { ...structuredClone(table.text), name: ['<img src=x> 𝒳 "引号" \u0000 end', ...table.text.name.slice(1)] },
    };
    const sent = joinTableParts([{ part: rows.part(), keep: null }], table.zoneIds, table.bbox.slice());
    const wire = structuredClone(sent, { transfer: transferables(sent) });
    expect(sent.textChunks.id[0]?.utf8.byteLength).toBe(0); // moved, not copied
    expect(wire.textChunks.id.length).toBe(Math.ceil(table.length / 10_000));
    let yields = 0;
    const back = await fromWire(wire, async () => {
      yields++;
    });
    expect(back).toEqual(expected);
    expect(yields).toBe(5 * wire.textChunks.id.length);
  });
});

describe('URL state', () => {
  it('round-trips the whole view', () => {
    const view = {
      ...DEFAULT_VIEW,
      lang: 'en' as const,
      metric: 'far' as const,
      theme: 'grade' as const,
      classMethod: 'natural' as const,
      visibility: { ...DEFAULT_VISIBILITY, constraints: false, conflict: true, illegalOccupation: false, supplyBreach: true, overdueStart: true },
      filters: {
        zone: 'jingji',
        functionalAreas: ['built-up' as const],
        industries: ['13'],
        landUses: ['0601'],
        landUseKinds: ['industrial' as const],
        flags: ['idle' as const],
        idleStatuses: ['idle' as const, 'suspected' as const],
        idleMeasures: ['reclaim' as const],
        changes: ['newly-idle' as const, 'fee-to-reclaim' as const],
        failedIndicators: ['far' as const],
        breachIndicators: ['green' as const, 'coverage' as const],
        stages: ['supplied-not-used' as const, 'built-not-in-production' as const],
        gradesCity: ['D' as const, 'ungraded' as const],
        gradesZone: ['A' as const],
        ranges: { far: [0.5, null] as [number, null], efficiencyScore: [null, 60] as [null, number], idleFeeWanYuan: [100, 500] as [number, number] },
        text: '食品 A',
      },
      sort: [
        { id: 'idleYears', desc: true },
        { id: 'areaMu', desc: false },
      ],
      drawer: 'table' as const,
      selectedId: 'JI0001',
      camera: { center: [114.01234, 33.5] as [number, number], zoom: 14.5 },
      tableOpen: false,
      reviewFilter: ['open' as const, 'stale' as const],
      reviewPane: true,
      queueOrder: 'priority-years' as const,
      asOfDate: '2017-12-31',
      compare: { from: '2016-12-31', to: '2017-12-31' },
      dashboard: true,
    };
    expect(parseView(serializeView(view))).toEqual(view);
    expect(parseView('')).toEqual(DEFAULT_VIEW);
  });
  it('ignores values it does not know, and never takes a URL or path as a dataset', () => {
    const v = parseView('?metric=evil&flags=idle,bogus&dataset=..%2F..%2Fetc&cam=1,2');
    expect(v.metric).toBe(DEFAULT_VIEW.metric);
    expect(v.filters.flags).toEqual(['idle']);
    expect(v.dataset).toBe('luohe');
    expect(v.camera).toBeNull();
  });
  it('the review pane, its filter and order: read from the URL, what is unknown named', () => {
    const { view, notices } = parseUrl('?review=1&rv=open,bogus,conflict&queue=sideways');
    expect(view.reviewPane).toBe(true);
    expect(view.reviewFilter).toEqual(['open', 'conflict']);
    expect(view.queueOrder).toBe('priority-area');
    expect(notices).toEqual([
      { param: 'rv', value: 'bogus', problem: 'malformed' },
      { param: 'queue', value: 'sideways', problem: 'malformed' },
    ]);
    expect(serializeView({ ...DEFAULT_VIEW, reviewPane: true, reviewFilter: ['closed'] })).toBe('?review=1&rv=closed');
  });
});
