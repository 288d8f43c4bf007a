import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { makeRandom } from '../../seeds/lib/random';
import type { ParcelGeometry } from '../../src/domain/types';
import { planarAreaM2 } from '../../src/geo/area';
import { overlapAreaM2, PolygonIndex } from '../../src/geo/overlay';
import { analyseLuohe, readLuohe } from '../helpers/analyse';
import { readJsonFixture } from '../helpers/fixtures';

/**
 * The overlay's shortcuts (a box no boundary edge reaches is wholly inside or outside; one holding every vertex holds
 * the parcel) must give what plain clipping of the parcel against every polygon gives.
 */
interface Item {
  id: string;
  geometry: ParcelGeometry;
}

const ring = (pts: [number, number][]): Position[] => [...pts, pts[0] as [number, number]];
// A U-shaped area (its notch lies inside its own bounding box) with a square hole, and a block filling the notch.
const items: Item[] = [
  {
    id: 'u',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [114.0, 33.5],
          [114.06, 33.5],
          [114.06, 33.56],
          [114.04, 33.56],
          [114.04, 33.52],
          [114.02, 33.52],
          [114.02, 33.56],
          [114.0, 33.56],
        ]),
        ring([
          [114.005, 33.505],
          [114.005, 33.515],
          [114.015, 33.515],
          [114.015, 33.505],
        ]),
      ],
    },
  },
  {
    id: 'notch',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [114.02, 33.52],
          [114.04, 33.52],
          [114.04, 33.56],
          [114.02, 33.56],
        ]),
      ],
    },
  },
];

/** Deterministic pseudo-random numbers (mulberry32, the generators'). */
const rng = (seed: number): (() => number) => makeRandom(seed).rand;

function parcels(n: number): Polygon[] {
  const r = rng(7);
  const out: Polygon[] = [];
  for (let i = 0; i < n; i++) {
    // centres over the whole layer and a little beyond; sizes from far smaller than the hole to larger than it
    const x = 113.995 + r() * 0.07;
    const y = 33.495 + r() * 0.07;
    const w = 0.0005 + r() * 0.012;
    const h = 0.0005 + r() * 0.012;
    out.push({
      type: 'Polygon',
      coordinates: [
        ring([
          [x, y],
          [x + w, y],
          [x + w * 0.7, y + h],
          [x, y + h * 0.8],
        ]),
      ],
    });
  }
  return out;
}

describe('polygon overlay', () => {
  const index = new PolygonIndex(items);
  const sample = parcels(600);

  it('largestOverlap picks the polygon holding the largest part of each parcel, as clipping against every polygon does', () => {
    let inside = 0;
    let none = 0;
    for (const g of sample) {
      const m2 = items.map((it) => overlapAreaM2(g, it.geometry));
      const best = Math.max(...m2);
      const got = index.largestOverlap(g, undefined, planarAreaM2(g));
      if (best === 0) {
        expect(got).toBeNull();
        none++;
      } else {
        expect(got?.id).toBe(items[m2.indexOf(best)]?.id);
        if (Math.abs(best - planarAreaM2(g)) < 1e-6 * best) inside++;
      }
    }
    // the sample covers parcels held whole, parcels across boundaries and parcels in no polygon (in the hole or outside)
    expect(inside).toBeGreaterThan(50);
    expect(none).toBeGreaterThan(20);
    expect(sample.length - inside - none).toBeGreaterThan(50);
  });

  it('overlaps lists every polygon a parcel overlaps, with the clipped area', () => {
    for (const g of sample) {
      const expected = items.map((it) => ({ id: it.id, m2: overlapAreaM2(g, it.geometry) })).filter((o) => o.m2 > 0);
      const got = index.overlaps(g, undefined, planarAreaM2(g)).map((o) => ({ id: o.item.id, m2: o.overlapM2 }));
      expect(got.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
      for (const o of got) expect(o.m2).toBeCloseTo(expected.find((e) => e.id === o.id)?.m2 ?? -1, 4);
    }
  });

  it('a parcel in the hole, or in the notch of the U, is not in the U', () => {
    const inHole: Polygon = {
      type: 'Polygon',
      coordinates: [
        ring([
          [114.008, 33.508],
          [114.012, 33.508],
          [114.01, 33.512],
        ]),
      ],
    };
    const inNotch: Polygon = {
      type: 'Polygon',
      coordinates: [
        ring([
          [114.028, 33.53],
          [114.032, 33.53],
          [114.03, 33.54],
        ]),
      ],
    };
    expect(index.largestOverlap(inHole)).toBeNull();
    expect(index.overlaps(inHole)).toEqual([]);
    expect(index.largestOverlap(inNotch)?.id).toBe('notch');
    expect(index.overlaps(inNotch).map((o) => o.item.id)).toEqual(['notch']);
  });
});

interface OverlapReference {
  postgis: string;
  constraints: { parcelId: string; constraintId: string; overlapM2: number }[];
  areas: { parcelId: string; areaId: string; overlapM2: number }[];
  straddling: { parcelId: string; areaId: string; overlapM2: number }[];
}

describe('漯河 overlaps against PostGIS (tests/fixtures/overlap-areas, GEOS intersection, area in EPSG:4547)', () => {
  const ref = readJsonFixture<OverlapReference>('overlap-areas', 'reference.json');

  it('every planning conflict and its area, and no conflict PostGIS does not find', async () => {
    const a = await analyseLuohe('2018-12-31');
    const found = a.parcels.flatMap((r) => r.conflicts.map((c) => ({ parcelId: r.id, constraintId: c.constraintId, overlapM2: c.overlapM2 })));
    const key = (x: { parcelId: string; constraintId: string }) => `${x.parcelId} ${x.constraintId}`;
    expect(ref.constraints.length).toBeGreaterThan(50);
    expect(found.map(key).sort()).toEqual(ref.constraints.map(key).sort());
    const byKey = new Map(found.map((x) => [key(x), x.overlapM2]));
    for (const x of ref.constraints) expect(Math.abs((byKey.get(key(x)) ?? Number.NaN) - x.overlapM2), key(x)).toBeLessThan(0.01);
  });

  it('each parcel’s functional area is the area PostGIS finds holding the largest part of it', async () => {
    const ds = await readLuohe();
    const a = await analyseLuohe('2018-12-31');
    const kindOf = new Map(ds.areas.map((x) => [x.id, x.kind]));
    const largest = new Map<string, { areaId: string; overlapM2: number }>();
    for (const x of ref.areas) if (x.overlapM2 > (largest.get(x.parcelId)?.overlapM2 ?? 0)) largest.set(x.parcelId, x);
    // (漯河's parcels each lie in one area: the parcels below cross the areas' borders)
    for (const r of a.parcels) expect(r.functionalArea, r.id).toBe(kindOf.get(largest.get(r.id)?.areaId ?? '') ?? null);
  });

  it('parcels across the areas’ borders: every overlap and its clipped area, and the area holding the largest part', async () => {
    const ds = await readLuohe();
    const parcels = readJsonFixture<{ features: { properties: { id: string }; geometry: ParcelGeometry }[] }>('overlap-areas', 'straddling.geojson').features;
    const index = new PolygonIndex(ds.areas);
    const expected = new Map<string, Map<string, number>>();
    for (const x of ref.straddling) expected.set(x.parcelId, (expected.get(x.parcelId) ?? new Map()).set(x.areaId, x.overlapM2));
    expect([...expected.values()].filter((m) => m.size > 1).length).toBeGreaterThan(20);
    for (const f of parcels) {
      const id = f.properties.id;
      const want = expected.get(id) ?? new Map<string, number>();
      const got = index.overlaps(f.geometry).filter((o) => o.overlapM2 > 0.0001);
      expect(got.map((o) => o.item.id).sort(), id).toEqual([...want.keys()].sort());
      for (const o of got) expect(Math.abs(o.overlapM2 - (want.get(o.item.id) ?? Number.NaN)), `${id} ${o.item.id}`).toBeLessThan(0.01);
      const largest = [...want].sort((p, q) => q[1] - p[1])[0]?.[0] ?? null;
      expect(index.largestOverlap(f.geometry, undefined, planarAreaM2(f.geometry))?.id ?? null, id).toBe(largest);
    }
  });
});
