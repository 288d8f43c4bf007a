import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANGES, changeBetween } from '../../src/domain/change';
import { withChecks } from '../../src/domain/lowEfficiency';
import { DATED_NUMERIC_COLUMNS, IDLE_MEASURES, IDLE_STATUSES, NONE, type ParcelTable } from '../../src/engine/parcelTable';
import type { Comparison } from '../../src/engine/reevaluate';
import type { AnalysisSession, LoadResult, Reevaluation } from '../../src/engine/session';
import { PARCEL_TILE_LAYER, PROP } from '../../src/engine/tileFeatures';
import { analyseLuohe, type TestAnalysis, tileFeaturesOf } from '../helpers/analyse';
import { ROOT } from '../helpers/fixtures';
import { inProcessClient } from '../helpers/inProcessClient';

/**
 * Item 4 of issue 24: another as-of date re-evaluates every date rule on the parcels the session already read and
 * placed, and gives what a fresh analysis at that date gives, parcel by parcel (tests/helpers/analyse.ts keeps every
 * result of the fresh one).
 */
const LUOHE_URL = pathToFileURL(join(ROOT, 'geodata', 'luohe', '/')).href;
const YEAR_ENDS = ['2016-12-31', '2017-12-31', '2018-12-31'] as const;
const CODE_COLUMNS = ['idleStatus', 'idleMeasure', 'flags', 'failedIndicators', 'stage', 'gradeCity', 'gradeZone'] as const;

const fresh = new Map<string, TestAnalysis>();
const analysisAt = async (date: string) => {
  const hit = fresh.get(date);
  if (hit) return hit;
  const a = await analyseLuohe(date);
  fresh.set(date, a);
  return a;
};

async function loadedSession(opts: Parameters<typeof inProcessClient>[0] = {}): Promise<{ session: AnalysisSession; loaded: LoadResult; calls: string[] }> {
  const client = inProcessClient(opts);
  const loaded = await client.load(
    LUOHE_URL,
    null,
    () => {},
    () => {},
    null,
  );
  return { session: client.session, loaded, calls: client.calls };
}

/** The dated columns of a re-evaluation against a fresh analysis' table, column by column. */
function expectSameDated(r: Reevaluation, table: ParcelTable, date: string) {
  for (const c of CODE_COLUMNS) expect(Array.from(r.dated[c]), `${date} ${c}`).toEqual(Array.from(table[c]));
  for (const c of DATED_NUMERIC_COLUMNS) expect(Array.from(r.dated[c]), `${date} ${c}`).toEqual(Array.from(table.numeric[c]));
}

describe('a new as-of date, re-evaluated in the session without reading the data again', () => {
  let s: Awaited<ReturnType<typeof loadedSession>>;
  beforeAll(async () => {
    s = await loadedSession();
    for (const d of YEAR_ENDS) await analysisAt(d);
  });

  it.each(YEAR_ENDS)('at %s: every parcel’s dated columns, the zone and city summaries and the edition are a fresh analysis’ at that date', async (date) => {
    const a = await analysisAt(date);
    const r = s.session.reevaluate(date) as Reevaluation;
    expect(r.asOfDate).toBe(date);
    expect(r.controlEdition).toBe(a.controlEdition);
    expectSameDated(r, a.table, date);
    expect(r.summaries).toEqual(a.zones);
    expect(r.city).toEqual(a.city);
    // the data were not read again: only the load read them
    expect(s.calls.filter((c) => c === 'load')).toHaveLength(1);
  });

  it.each(YEAR_ENDS)('at %s: the inspector’s full result of every parcel, and the map’s parcel features, are the fresh analysis’', async (date) => {
    const a = await analysisAt(date);
    const r = s.session.reevaluate(date) as Reevaluation;
    a.parcels.forEach((p) => {
      expect(s.session.parcel(p.id), p.id).toEqual(withChecks(p, a.rules, date));
    });
    // the map's GeoJSON: the same features, properties and all, as the fresh analysis' (the date's flags, stage, grade)
    const features = JSON.parse(new TextDecoder().decode(r.parcels as ArrayBuffer)).features;
    expect(features.map((f: { properties: unknown }) => f.properties)).toEqual(tileFeaturesOf(a).map((f) => JSON.parse(JSON.stringify(f.properties))));
    expect(r.mapFollows).toBe(true);
  });

  it('what changes between the year-ends: the date rules do change the results (else the tests above prove little)', async () => {
    const [a16, a17, a18] = await Promise.all(YEAR_ENDS.map(analysisAt));
    const idle = (a: TestAnalysis) => a.parcels.filter((p) => p.idle.status === 'idle').length;
    expect(new Set([idle(a16 as TestAnalysis), idle(a17 as TestAnalysis), idle(a18 as TestAnalysis)]).size).toBe(3);
    const stages = (a: TestAnalysis) => a.parcels.map((p) => p.stage).join();
    expect(stages(a16 as TestAnalysis)).not.toBe(stages(a18 as TestAnalysis));
    const grades = (a: TestAnalysis) => a.parcels.map((p) => p.efficiency.grade.city).join();
    expect(grades(a16 as TestAnalysis)).not.toBe(grades(a18 as TestAnalysis));
  });
});

describe('a large dataset’s tiles sliced in the session follow the date', () => {
  it('each parcel in a tile cut after the new date carries that date’s flags, stage and grade', async () => {
    const { session } = await loadedSession({ tilesAbove: 100 });
    const date = '2016-12-31';
    const a = await analysisAt(date);
    const r = session.reevaluate(date) as Reevaluation;
    expect(r.parcels).toBeNull();
    const byId = new Map(tileFeaturesOf(a).map((f) => [f.properties[PROP.id] as string, f.properties]));
    const z = 14;
    const geom = a.geometries[0];
    if (geom?.type !== 'Polygon') throw new Error('polygon expected');
    const [lng, lat] = (geom.coordinates[0]?.[0] ?? [0, 0]) as [number, number];
    // the Web Mercator tile holding the parcel's first vertex
    const x = Math.floor(((lng + 180) / 360) * 2 ** z);
    const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
    const bytes = session.tile(z, x, y);
    const layer = new VectorTile(new PbfReader(new Uint8Array(bytes as ArrayBuffer))).layers[PARCEL_TILE_LAYER];
    expect(layer?.length).toBeGreaterThan(0);
    for (let i = 0; i < (layer?.length ?? 0); i++) {
      const props = layer?.feature(i).properties as Record<string, unknown>;
      const want = byId.get(props[PROP.id] as string) as Record<string, unknown>;
      for (const k of [PROP.idle, PROP.suspected, PROP.low, PROP.conflict, PROP.illegalOccupation, PROP.overdueStart, PROP.stage, PROP.grade])
        expect(props[k], `${props[PROP.id]} ${k}`).toEqual(want[k]);
    }
  });
});

describe('the year-end comparison', () => {
  it.each([
    ['2016-12-31', '2017-12-31'],
    ['2017-12-31', '2018-12-31'],
    ['2016-12-31', '2018-12-31'],
  ])(
    '%s → %s: exactly the parcels whose idle status, idle measure or low efficiency differ between fresh analyses, each with its change, counted by zone',
    async (from, to) => {
      const { session, loaded } = await loadedSession();
      const [a, b] = [await analysisAt(from), await analysisAt(to)];
      const c = session.compare(from, to) as Comparison;
      const want = a.parcels.flatMap((p, i) => {
        const q = b.parcels[i];
        if (!q || q.id !== p.id) throw new Error('parcels out of order');
        const differs = p.idle.status !== q.idle.status || p.idle.measure !== q.idle.measure || p.lowEfficiency.status !== q.lowEfficiency.status;
        return differs ? [{ row: i, id: p.id, zone: p.zoneId, areaM2: p.areaM2, before: p, after: q }] : [];
      });
      expect(want.length).toBeGreaterThan(20);
      expect(Array.from(c.rows)).toEqual(want.map((w) => w.row));
      want.forEach((w, k) => {
        const expected = changeBetween(
          { idle: w.before.idle.status, measure: w.before.idle.measure, lowEfficiency: w.before.lowEfficiency.status },
          { idle: w.after.idle.status, measure: w.after.idle.measure, lowEfficiency: w.after.lowEfficiency.status },
        );
        expect(CHANGES[(c.change[w.row] as number) - 1], w.id).toBe(expected);
        expect(IDLE_STATUSES[c.before.idle[k] as number]).toBe(w.before.idle.status);
        expect(IDLE_STATUSES[c.after.idle[k] as number]).toBe(w.after.idle.status);
        const m = c.after.measure[k] as number;
        expect(m === NONE ? null : IDLE_MEASURES[m]).toBe(w.after.idle.measure);
      });
      // the rows that did not change carry no change
      expect(Array.from(c.change).filter((x) => x !== 0)).toHaveLength(want.length);
      // counted by zone, with their areas
      for (const { zoneId, changes } of c.byZone)
        for (const ch of CHANGES) {
          const mine = want.filter((w) => w.zone === zoneId && CHANGES[(c.change[w.row] as number) - 1] === ch);
          expect(changes[ch].count, `${zoneId} ${ch}`).toBe(mine.length);
          expect(changes[ch].areaM2).toBeCloseTo(
            mine.reduce((s, w) => s + w.areaM2, 0),
            6,
          );
        }
      expect(c.byZone.map((z) => z.zoneId).slice(0, loaded.zones.length)).toEqual(loaded.zones.map((z) => z.id));
    },
  );

  it('the demo data have the changes a comparison shows, between the last two year-ends', async () => {
    const { session } = await loadedSession();
    const c = session.compare('2017-12-31', '2018-12-31') as Comparison;
    for (const ch of ['newly-idle', 'idle-resolved', 'fee-to-reclaim', 'newly-low-efficiency', 'other'] as const)
      expect(c.total[ch].count, ch).toBeGreaterThan(0);
  });
});
