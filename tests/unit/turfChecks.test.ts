import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanValid } from '@turf/boolean-valid';
import { kinks } from '@turf/kinks';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { makeRandom } from '../../seeds/lib/random';
import { KINKS, turfChecksNeeded, VALID } from '../../src/geo/turfChecks';
import { filesUnder, fixturePath, ROOT, readFixture } from '../helpers/fixtures';

type Parts = Position[][][];

/** What Turf's checks find, run as checkPolygonal runs them: kinks ring by ring, booleanValid on more than one ring. */
function turfFinds(parts: Parts): { kink: boolean; invalid: boolean } {
  const rings = parts.flat();
  const kink = rings.some((ring) => kinks({ type: 'Polygon', coordinates: [ring] }).features.length > 0);
  const geometry =
    parts.length === 1 ? { type: 'Polygon' as const, coordinates: parts[0] as Position[][] } : { type: 'MultiPolygon' as const, coordinates: parts };
  let invalid: boolean;
  try {
    invalid = rings.length > 1 && !booleanValid(geometry);
  } catch {
    // Turf throws on a ring that is not closed (reading never gets there: geojson-validation rejects it first)
    invalid = true;
  }
  return { kink, invalid };
}

/** Every polygon of a GeoJSON text (features, geometries, collections), as parts of x, y positions (as checkPolygonal has them). */
function polygonsOf(text: string): Parts[] {
  const out: Parts[] = [];
  const isRing = (r: unknown): r is Position[] =>
    Array.isArray(r) && r.length > 0 && r.every((p) => Array.isArray(p) && p.length >= 2 && p.every((v) => typeof v === 'number'));
  const isPolygon = (c: unknown): c is Position[][] => Array.isArray(c) && c.length > 0 && c.every(isRing);
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const xy = (parts: Parts): Parts => parts.map((rings) => rings.map((ring) => ring.map((p) => [p[0] as number, p[1] as number])));
    if (o.type === 'Polygon' && isPolygon(o.coordinates)) out.push(xy([o.coordinates]));
    else if (o.type === 'MultiPolygon' && Array.isArray(o.coordinates) && o.coordinates.length > 0 && o.coordinates.every(isPolygon))
      out.push(xy(o.coordinates as Parts));
    for (const x of Object.values(o)) if (x && typeof x === 'object') walk(x);
  };
  try {
    walk(JSON.parse(text));
  } catch {
    // not JSON: nothing to take
  }
  return out;
}

/** The claim: a check left out would have found nothing. Returns the counts, for the tests to see the claim was put to work. */
function expectSound(corpus: Parts[]): { found: number; skipped: number } {
  let found = 0;
  let skipped = 0;
  corpus.forEach((parts, i) => {
    const need = turfChecksNeeded(parts);
    const turf = turfFinds(parts);
    if (turf.kink || turf.invalid) found++;
    if ((need & (KINKS | VALID)) === 0) skipped++;
    if (!(need & KINKS)) expect(turf.kink, `polygon ${i}: kinks skipped but finds a crossing ${JSON.stringify(parts).slice(0, 300)}`).toBe(false);
    if (!(need & VALID)) expect(turf.invalid, `polygon ${i}: booleanValid skipped but finds it invalid ${JSON.stringify(parts).slice(0, 300)}`).toBe(false);
  });
  return { found, skipped };
}

/** A seeded generator (mulberry32, the generators'), so a failure can be run again. */
const random = (seed: number): (() => number) => makeRandom(seed).rand;

const close = (ring: Position[]): Position[] => [...ring, ring[0] as Position];

/**
 * Polygons made to meet Turf's checks in every way: random vertex orders (bow-ties), star shapes (simple), holes
 * inside, across, touching or outside their exterior, parts apart, overlapping, touching or inside another's hole,
 * spikes, repeated vertices, and coordinates on a coarse grid so that vertices fall exactly on other segments.
 */
function generated(seed: number, count: number): Parts[] {
  const rnd = random(seed);
  const out: Parts[] = [];
  const snap = (v: number, grid: number) => (grid > 0 ? Math.round(v / grid) * grid : v);
  const star = (cx: number, cy: number, r: number, n: number, grid: number, clockwise: boolean): Position[] => {
    const ring: Position[] = [];
    for (let i = 0; i < n; i++) {
      const a = ((clockwise ? -1 : 1) * 2 * Math.PI * i) / n;
      const rr = r * (0.5 + 0.5 * rnd());
      ring.push([snap(cx + rr * Math.cos(a), grid), snap(cy + rr * Math.sin(a), grid)]);
    }
    return close(ring);
  };
  for (let k = 0; k < count; k++) {
    const grid = [0, 0, 1e-5, 2e-4][k % 4] as number;
    const cx = 114 + rnd() * 0.01;
    const cy = 33.5 + rnd() * 0.01;
    const r = 0.0005 + rnd() * 0.001;
    const n = 3 + Math.floor(rnd() * 30);
    const kind = k % 8;
    if (kind === 0) {
      // random order: mostly crossing itself
      const ring: Position[] = [];
      for (let i = 0; i < n; i++) ring.push([snap(cx + (rnd() - 0.5) * r, grid), snap(cy + (rnd() - 0.5) * r, grid)]);
      out.push([[close(ring)]]);
    } else if (kind === 1) {
      out.push([[star(cx, cy, r, n, grid, false)]]);
    } else if (kind === 2) {
      // a hole of random size and place: inside, across the exterior, or outside
      const hole = star(cx + (rnd() - 0.5) * r * 1.5, cy + (rnd() - 0.5) * r * 1.5, r * rnd() * 0.8, 3 + Math.floor(rnd() * 10), grid, true);
      out.push([[star(cx, cy, r, n, grid, false), hole]]);
    } else if (kind === 3) {
      // a hole sharing a vertex or an edge with the exterior
      const ext = star(cx, cy, r, Math.max(4, n), grid, false);
      const a = ext[0] as Position;
      const b = ext[1] as Position;
      const inner: Position = [snap(cx + (rnd() - 0.5) * r * 0.2, grid), snap(cy + (rnd() - 0.5) * r * 0.2, grid)];
      const hole =
        rnd() < 0.5 ? [a, inner, b, a] : [a, inner, [(a[0] as number) * 0.5 + (b[0] as number) * 0.5, (a[1] as number) * 0.5 + (b[1] as number) * 0.5], a];
      out.push([[ext, hole as Position[]]]);
    } else if (kind === 4) {
      // two or three parts placed at random: apart, overlapping or touching
      const parts: Parts = [];
      const m = 2 + Math.floor(rnd() * 2);
      for (let j = 0; j < m; j++) parts.push([star(cx + (rnd() - 0.5) * r * 4, cy + (rnd() - 0.5) * r * 4, r, 3 + Math.floor(rnd() * 12), grid, false)]);
      out.push(parts);
    } else if (kind === 5) {
      // a part inside another's hole, or inside the other part itself
      const outer = star(cx, cy, r, Math.max(6, n), grid, false);
      const hole = star(cx, cy, r * 0.4, 8, grid, true);
      const island = star(cx, cy, r * (rnd() < 0.5 ? 0.1 : 0.6), 6, grid, false);
      out.push(rnd() < 0.5 ? [[outer, hole], [island]] : [[outer], [island]]);
    } else if (kind === 6) {
      // a spike (a vertex going back along the segment before it), or a repeated vertex
      const ring = star(cx, cy, r, Math.max(5, n), grid, false).slice(0, -1);
      const i = 1 + Math.floor(rnd() * (ring.length - 2));
      const p = ring[i] as Position;
      const q = ring[i - 1] as Position;
      const extra: Position = rnd() < 0.5 ? [...p] : [(p[0] as number) * 0.5 + (q[0] as number) * 0.5, (p[1] as number) * 0.5 + (q[1] as number) * 0.5];
      ring.splice(i + 1, 0, extra);
      const parts: Parts = [[close(ring)]];
      if (rnd() < 0.5) (parts[0] as Position[][]).push(star(cx, cy, r * 0.1, 4, grid, true));
      out.push(parts);
      // a hole that is a flat triangle, its first vertex between the other two (a spike with no other pair to show it)
      const a: Position = [cx - r * 0.1, cy];
      const b: Position = [cx + r * 0.1, cy];
      out.push([[star(cx, cy, r, Math.max(5, n), grid, false), [[cx, cy], a, b, [cx, cy]]]]);
    } else {
      // segments nearly touching: a thin notch cut to within a hair of the opposite side
      const w = r * 10 ** -(4 + Math.floor(rnd() * 8));
      const ring: Position[] = [
        [cx, cy],
        [cx + r, cy],
        [cx + r, cy + r],
        [cx + r / 2 + w, cy + r],
        [cx + r / 2 + w, cy + w * (rnd() < 0.5 ? 1 : -1)],
        [cx + r / 2 - w, cy + w],
        [cx + r / 2 - w, cy + r],
        [cx, cy + r],
      ];
      out.push([[close(ring)]]);
    }
  }
  return out;
}

describe('turfChecksNeeded: a check it leaves out would have found nothing', () => {
  it('on 4000 generated polygons made to cross, touch, spike and overlap in every way', () => {
    const { found, skipped } = expectSound(generated(20261129, 4000));
    // both sides must be well represented, or the claim was not put to the test
    expect(found).toBeGreaterThan(800);
    expect(skipped).toBeGreaterThan(600);
  });

  it('on every polygon of the bad-GeoJSON cases (tests/fixtures/bad-geojson)', () => {
    const corpus = filesUnder(fixturePath('bad-geojson'), (name) => /\.(geo)?json$/.test(name)).flatMap((f) =>
      polygonsOf(readFixture(f.slice(fixturePath().length + 1))),
    );
    const { found } = expectSound(corpus);
    expect(corpus.length).toBeGreaterThan(30);
    expect(found).toBeGreaterThan(5);
  });

  it('on real polygons: 漯河 parcels, Catania land use, Shanghai OSM tiles (clipped at tile edges), San Francisco census tracts', () => {
    const texts = [
      readFixture('crs', 'catania-landuse-wgs84.geojson'),
      readFixture('real-polygons', 'shanghai-tilezen-polygons.geojson'),
      readFixture('real-polygons', 'tl_2010_06075_tract10.geojson'),
    ];
    const luohe = polygonsOf(readFileSync(join(ROOT, 'geodata', 'luohe', 'parcels.geojson'), 'utf8'));
    const corpus = [...luohe, ...texts.flatMap(polygonsOf)];
    const { skipped } = expectSound(corpus);
    expect(corpus.length).toBeGreaterThan(4000);
    // the point of it: most real polygons need neither check (漯河's parcels alone: 2342)
    expect(skipped / corpus.length).toBeGreaterThan(0.8);
    expect(luohe.filter((p) => turfChecksNeeded(p) === 0).length / luohe.length).toBeGreaterThan(0.9);
  });

  it('asks for kinks on a bow-tie and booleanValid on a hole crossing its exterior', () => {
    const bowTie: Position[] = [
      [114, 33],
      [114.001, 33.001],
      [114.001, 33],
      [114, 33.001],
      [114, 33],
    ];
    expect(turfChecksNeeded([[bowTie]]) & KINKS).toBe(KINKS);
    const square: Position[] = [
      [114, 33],
      [114.002, 33],
      [114.002, 33.002],
      [114, 33.002],
      [114, 33],
    ];
    const across: Position[] = [
      [114.001, 33.001],
      [114.001, 33.003],
      [114.0015, 33.003],
      [114.001, 33.001],
    ];
    expect(turfChecksNeeded([[square, across]])).toBe(VALID);
    expect(turfChecksNeeded([[square]])).toBe(0);
  });
});
