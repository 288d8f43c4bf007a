import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { flagBit } from '../../src/engine/parcelTable';
import type { MapCommand } from '../../src/state/commands';
import { createAppStore } from '../../src/state/store';
import { DEFAULT_VIEW } from '../../src/state/urlState';
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
