import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetIndex } from '../../src/build/datasetIndex';
import { flagBit } from '../../src/engine/parcelTable';
import type { MapCommand } from '../../src/state/commands';
import { classLabel } from '../../src/state/legend';
import { createAppStore, type DatasetEntry } from '../../src/state/store';
import { DEFAULT_VIEW, parseUrl, serializeView } from '../../src/state/urlState';
import { analyseLuohe, type TestAnalysis } from '../helpers/analyse';
import { ROOT } from '../helpers/fixtures';
import { inProcessClient } from '../helpers/inProcessClient';

/** The app's store over the embedded dataset, its analysis run in-process (the worker's own session). */
function storeOverLuohe() {
  const client = inProcessClient();
  const store = createAppStore(client, { datasetUrl: (name) => pathToFileURL(join(ROOT, 'geodata', name, '/')).href, view: DEFAULT_VIEW });
  const commands: MapCommand[] = [];
  store.commands.on((c) => commands.push(c));
  return { store, client, commands, state: () => store.api.getState() };
}

describe('the app store', () => {
  let s: ReturnType<typeof storeOverLuohe>;
  const order: string[] = [];
  beforeAll(async () => {
    s = storeOverLuohe();
    s.store.api.subscribe((st, prev) => {
      if (st.mapLayers && !prev.mapLayers) order.push('map layers');
      if (st.data && !prev.data) order.push('data');
      if (st.tableReady && !prev.tableReady) order.push('table');
    });
    expect(s.state().status).toBe('loading');
    await s.state().load();
  });

  it('loads the dataset: the map layers first, then the data with its rows and classes, then the table', () => {
    const st = s.state();
    expect(st.status).toBe('ready');
    expect(order).toEqual(['map layers', 'data', 'table']);
    const table = st.data?.table;
    expect(table?.length).toBeGreaterThan(2000);
    expect(st.rows.length).toBe(table?.length);
    expect(st.rowsAreaM2).toBeCloseTo(
      Array.from(table?.numeric.areaM2 ?? []).reduce((a, b) => a + b, 0),
      3,
    );
    expect(st.classes?.edges.length).toBe(6);
    expect(st.data?.asOfDate).toBe('2018-12-31');
  });

  it('a zone chosen scopes the rows and the classes to it and asks the map to fit the zone', () => {
    const table = s.state().data?.table;
    if (!table) throw new Error('no data');
    const zone = 'linying';
    const z = table.zoneIds.indexOf(zone);
    const expected = Array.from(table.zone).filter((code) => code === z).length;
    const before = s.commands.length;
    s.state().setZone(zone);
    const st = s.state();
    expect(st.rows.length).toBe(expected);
    expect([...st.rows].every((i) => table.zone[i] === z)).toBe(true);
    expect(s.commands.slice(before)).toEqual([{ kind: 'fit', bbox: st.data?.zones.find((x) => x.id === zone)?.bbox, maxZoom: 15 }]);
    // classes span the zone's values only
    const values = [...st.rows].map((i) => table.numeric.intensityWanPerMu[i] as number).filter(Number.isFinite);
    expect(st.classes?.edges[0]).toBe(Math.min(...values));
    expect(st.classes?.edges.at(-1)).toBe(Math.max(...values));
    // choosing it again is another request to fit (a command, not state)
    s.state().setZone(zone);
    expect(s.commands.length).toBe(before + 2);
  });

  it('a filter narrows the rows and leaves the legend’s classes as they were; a metric change reclassifies and keeps the rows', () => {
    const classes = s.state().classes;
    s.state().setFilters({ flags: ['idle'] });
    const st = s.state();
    const table = st.data?.table;
    expect(st.rows.length).toBeGreaterThan(0);
    expect([...st.rows].every((i) => ((table?.flags[i] as number) & flagBit('idle')) !== 0)).toBe(true);
    expect(st.classes).toBe(classes);
    const rows = st.rows;
    s.state().setMetric('far');
    expect(s.state().rows).toBe(rows);
    expect(s.state().classes).not.toBe(classes);
    s.state().clearFilters();
    expect(s.state().filters.zone).toBe('linying');
    expect(s.state().filters.flags).toEqual([]);
  });

  it('a range end is set from an input’s text, and cleared by an empty or non-numeric one', () => {
    s.state().setRangeEnd('areaMu', 1, '10');
    expect(s.state().filters.ranges.areaMu).toEqual([null, 10]);
    const table = s.state().data?.table;
    expect([...s.state().rows].every((i) => (table?.numeric.areaMu[i] as number) <= 10)).toBe(true);
    s.state().setRangeEnd('areaMu', 0, '2');
    expect(s.state().filters.ranges.areaMu).toEqual([2, 10]);
    s.state().setRangeEnd('areaMu', 1, 'abc');
    expect(s.state().filters.ranges.areaMu).toEqual([2, null]);
    s.state().setRangeEnd('areaMu', 0, '');
    expect(s.state().filters.ranges.areaMu).toBeUndefined();
  });

  it('a row picked in the table selects its parcel, asks the map to fly there and gets its full result', async () => {
    const table = s.state().data?.table;
    const row = s.state().rows[3] as number;
    const id = table?.text.id[row] as string;
    const before = s.commands.length;
    s.state().select(id, 'table');
    expect(s.state().selectedId).toBe(id);
    expect(s.commands.slice(before)).toEqual([{ kind: 'fit', bbox: Array.from(table?.bbox.subarray(row * 4, row * 4 + 4) ?? []), maxZoom: 16 }]);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.state().detail?.id).toBe(id);
    expect(s.state().detail?.areaM2).toBe(table?.numeric.areaM2[row]);
    // picked on the map: no flight
    s.state().select(id, 'map');
    expect(s.commands.length).toBe(before + 1);
    s.state().select(null, 'map');
    expect(s.state().detail).toBeNull();
  });
});

/** The store over the embedded dataset with a view, notices and a dataset index of its own. */
function storeWith(search: string, index: DatasetEntry[] | null = [{ id: 'luohe', name: '漯河', nameEn: 'Luohe' }]) {
  const client = inProcessClient();
  const { view, notices } = parseUrl(search);
  const store = createAppStore(client, {
    datasetUrl: (name) => pathToFileURL(join(ROOT, 'geodata', name, '/')).href,
    view,
    notices,
    datasetIndex: async () => index,
  });
  return { store, client, state: () => store.api.getState() };
}

describe('the table’s sort', () => {
  let s: ReturnType<typeof storeWith>;
  let audit: TestAnalysis;
  beforeAll(async () => {
    s = storeWith('?zone=linying&flags=idle&sort=-idleYears,areaMu');
    await s.state().load();
    audit = await analyseLuohe();
  });
  const ids = () => {
    const t = s.state().data?.table;
    return Array.from(s.state().sortedRows, (i) => t?.text.id[i] as string);
  };

  it('sorts by two columns from the URL, as the audit’s numbers order them', () => {
    const expected = audit.parcels
      .filter((p) => p.zoneId === 'linying' && p.flags.includes('idle'))
      .sort((a, b) => (b.idle.years as number) - (a.idle.years as number) || a.areaMu - b.areaMu)
      .map((p) => p.id);
    expect(expected.length).toBeGreaterThan(10);
    expect(ids()).toEqual(expected);
    // the map's rows keep the table's order: the sort is the table's only
    expect([...s.state().rows]).toEqual([...s.state().rows].sort((a, b) => a - b));
  });

  it('puts empty cells last in both directions, numbers as numbers', () => {
    s.state().setFilters({ flags: [] });
    const table = s.state().data?.table;
    if (!table) throw new Error('no data');
    for (const desc of [false, true]) {
      s.state().setSort([{ id: 'intensityWanPerMu', desc }]);
      const values = Array.from(s.state().sortedRows, (i) => table.numeric.intensityWanPerMu[i] as number);
      const firstEmpty = values.findIndex(Number.isNaN);
      expect(firstEmpty).toBeGreaterThan(0);
      expect(values.slice(firstEmpty).every(Number.isNaN)).toBe(true);
      const present = values.slice(0, firstEmpty);
      expect(present).toEqual([...present].sort((a, b) => (desc ? b - a : a - b)));
    }
    // text in the language's order, numbers inside text as numbers; empty names last
    s.state().setSort([{ id: 'industryCode', desc: false }]);
    const codes = Array.from(s.state().sortedRows, (i) => table.text.industryCode[i] as string);
    const collator = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'base' });
    const filled = codes.filter(Boolean);
    expect(filled).toEqual([...filled].sort(collator.compare));
    expect(codes.slice(filled.length).every((c) => c === '')).toBe(true);
  });

  it('filters by idle status and by failed indicator, each its own column', () => {
    const table = s.state().data?.table;
    if (!table) throw new Error('no data');
    s.state().setFilters({ flags: ['low-efficiency', 'conflict'], idleStatuses: ['suspected', 'not-idle'] });
    const rows = [...s.state().rows];
    expect(rows.length).toBeGreaterThan(0);
    const byId = new Map(audit.parcels.map((p) => [p.id, p]));
    for (const i of rows) {
      const p = byId.get(table.text.id[i] as string);
      expect(['suspected', 'not-idle']).toContain(p?.idle.status);
      expect(p?.flags.some((f) => f === 'low-efficiency' || f === 'conflict')).toBe(true);
    }
    s.state().setFilters({ flags: [], idleStatuses: [], failedIndicators: ['far'] });
    const failedFar = audit.parcels.filter((p) => p.zoneId === 'linying' && p.lowEfficiency.reasons.some((r) => r.indicator === 'far')).map((p) => p.id);
    expect(Array.from(s.state().rows, (i) => table.text.id[i]).sort()).toEqual(failedFar.sort());
  });

  it('colours years idle in whole-year classes', () => {
    s.state().setMetric('idleYears');
    const edges = s.state().classes?.edges ?? [];
    expect(edges.every(Number.isInteger)).toBe(true);
    expect(classLabel({ edges }, 0, 'idleYears', 'zh')).toBe(String(edges[0]));
    expect(classLabel({ edges: [1, 2, 4, 6] }, 1, 'idleYears', 'zh')).toBe('2–3');
  });
});

describe('URL values the data do not have', () => {
  it('a parcel or zone not in the data is dropped with a notice; the rest of the view stays', async () => {
    const s = storeWith('?sel=NOPE&zone=nowhere&ind=13,99&metric=far');
    await s.state().load();
    expect(s.state().status).toBe('ready');
    expect(s.state().selectedId).toBeNull();
    expect(s.state().detail).toBeNull();
    expect(s.state().filters.zone).toBeNull();
    expect(s.state().filters.industries).toEqual(['13']);
    expect(s.state().metric).toBe('far');
    expect(s.state().notices).toEqual([
      { param: 'zone', value: 'nowhere', problem: 'not-in-data' },
      { param: 'ind', value: '99', problem: 'not-in-data' },
      { param: 'sel', value: 'NOPE', problem: 'not-in-data' },
    ]);
    expect(serializeView(s.state())).toBe('?metric=far&ind=13');
  });

  it('a dataset the index does not list is not loaded: the store says not found and keeps the list', async () => {
    const s = storeWith('?dataset=doesnotexist');
    await s.state().load();
    expect(s.state().status).toBe('not-found');
    expect(s.state().datasets?.map((d) => d.id)).toEqual(['luohe']);
    expect(s.state().data).toBeNull();
    expect(s.client.calls).not.toContain('load');
  });

  it('the build’s dataset index lists the dataset folders with their names', () => {
    expect(datasetIndex(join(ROOT, 'geodata'))).toEqual([
      { id: 'luohe', name: '漯河市产业集聚区（示例数据）', nameEn: 'Luohe industrial cluster zones (illustrative data)' },
    ]);
  });
});

describe('URL parsing', () => {
  it('ignores a camera out of range (and says so), never passing it to the map', () => {
    for (const cam of ['200,95,-50', '114,33', '114,33,30', 'a,b,c', '114,,12', '114,90,12']) {
      const { view, notices } = parseUrl(`?cam=${cam}`);
      expect(view.camera).toBeNull();
      expect(notices).toEqual([{ param: 'cam', value: cam, problem: 'malformed' }]);
    }
    expect(parseUrl('?cam=114.05,33.5,12.5').view.camera).toEqual({ center: [114.05, 33.5], zoom: 12.5 });
  });

  it('lists every unknown parameter and malformed value, keeping the valid ones', () => {
    const { view, notices, threads } = parseUrl(
      '?foo=1&metric=evil&flags=idle,bogus&r_far=abc~&r_nope=1~2&lang=fr&sort=-areaMu,nope&threads=0&table=x&drawer=side',
    );
    expect(view.filters.flags).toEqual(['idle']);
    expect(view.sort).toEqual([{ id: 'areaMu', desc: true }]);
    expect(view.filters.ranges).toEqual({});
    expect(threads).toBeNull();
    expect(notices.map((n) => `${n.param}=${n.value}:${n.problem}`).sort()).toEqual(
      [
        'foo=1:unknown-param',
        'metric=evil:malformed',
        'flags=bogus:malformed',
        'r_far=abc~:malformed',
        'r_nope=1~2:unknown-param',
        'lang=fr:malformed',
        'sort=-areaMu,nope:malformed',
        'threads=0:malformed',
        'table=x:malformed',
        'drawer=side:malformed',
      ].sort(),
    );
    expect(parseUrl('?threads=2&zone=jingji').notices).toEqual([]);
  });
});
