import type { FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { type LngLat, pathLengthM, perimeterM, polygonAreaM2 } from '../../src/geo/measure';
import { readJsonFixture, relDiff } from '../helpers/fixtures';

/** The measure tool's figures against PROJ (tests/fixtures/measure: geod; tests/fixtures/areas: ogr2ogr + SpatiaLite). */
const paths = readJsonFixture<Record<string, LngLat[]>>('measure', 'paths.json');
const lengths = readJsonFixture<{ lengthsM: Record<string, number> }>('measure', 'expected.json').lengthsM;
const parcels = readJsonFixture<FeatureCollection<Polygon, { id: string }>>('areas', 'parcels.geojson');
const areas = readJsonFixture<{ areas: Record<string, { planarEpsg4547M2: number }> }>('areas', 'expected.json').areas;

describe('distance on the CGCS2000 ellipsoid, against PROJ geod', () => {
  for (const [id, pts] of Object.entries(paths))
    it(`${id}: within 1 mm`, () => {
      const want = lengths[id];
      expect(want).toBeGreaterThan(0);
      expect(Math.abs(pathLengthM(pts) - (want as number))).toBeLessThan(1e-3);
    });

  it('no length below two points; a perimeter closes back to the first point', () => {
    expect(pathLengthM([])).toBe(0);
    expect(pathLengthM([[114, 33.6]])).toBe(0);
    const legs = paths['path-three-legs'] as LngLat[];
    expect(perimeterM(legs)).toBeCloseTo(pathLengthM([...legs, legs[0] as LngLat]), 9);
  });
});

describe('area in the cadastral Gauss–Krüger plane, against ogr2ogr to EPSG:4547', () => {
  // the one-ring parcels of the area fixtures, measured along their corners as the tool is clicked
  for (const f of parcels.features.filter((p) => p.geometry.type === 'Polygon' && p.geometry.coordinates.length === 1)) {
    const ref = areas[f.properties.id]?.planarEpsg4547M2;
    if (ref === undefined) continue;
    it(`${f.properties.id}: to 0.01 %, whichever way round and from whichever corner`, () => {
      const ring = (f.geometry.coordinates[0] as LngLat[]).slice(0, -1);
      expect(relDiff(polygonAreaM2(ring), ref)).toBeLessThan(1e-4);
      expect(relDiff(polygonAreaM2([...ring].reverse()), ref)).toBeLessThan(1e-4);
      expect(relDiff(polygonAreaM2([...ring.slice(2), ...ring.slice(0, 2)]), ref)).toBeLessThan(1e-4);
    });
  }

  it('no area below three points', () => {
    expect(polygonAreaM2([])).toBe(0);
    expect(
      polygonAreaM2([
        [114, 33.6],
        [114.01, 33.6],
      ]),
    ).toBe(0);
  });
});
