import type { FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readPolygonLayer } from '../../src/data/geojson';
import { planarAreaM2 } from '../../src/geo/area';
import { centralMeridianOf, zoneOfEpsg } from '../../src/geo/gaussKruger';
import { readFixture, readJsonFixture, relDiff } from '../helpers/fixtures';

const lonLat = readJsonFixture<FeatureCollection<Polygon, { id: string }>>('areas', 'parcels.geojson');
const expected = readJsonFixture<{ areas: Record<string, { planarEpsg4547M2: number }> }>('areas', 'expected.json').areas;

/** Projected by ogr2ogr (tests/fixtures/areas/make-references.sh): reading them back must give the lon/lat input again. */
function expectSameAsLonLat(layer: ReturnType<typeof readPolygonLayer>) {
  expect(layer.features).toHaveLength(lonLat.features.length);
  layer.features.forEach((f, i) => {
    const src = lonLat.features[i];
    if (!src) throw new Error('fixture mismatch');
    const a = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0]?.[0] : f.geometry.coordinates[0]?.[0]?.[0];
    const b =
      src.geometry.type === 'Polygon'
        ? src.geometry.coordinates[0]?.[0]
        : (src.geometry as unknown as { coordinates: number[][][][] }).coordinates[0]?.[0]?.[0];
    expect(a?.[0]).toBeCloseTo(b?.[0] as number, 7);
    expect(a?.[1]).toBeCloseTo(b?.[1] as number, 7);
    const ref = expected[src.properties.id]?.planarEpsg4547M2 as number;
    expect(relDiff(planarAreaM2(f.geometry), ref)).toBeLessThan(1e-6);
  });
}

describe('CRS detection and reprojection', () => {
  it('EPSG:4547 coordinates (no zone prefix) need the central meridian: the error names --cm', () => {
    const text = readFixture('areas', 'parcels-epsg4547.geojson');
    const noCrs = JSON.stringify({ ...JSON.parse(text), crs: undefined });
    const layer = readPolygonLayer(noCrs, { file: 'gk.geojson' });
    expect(layer.features).toHaveLength(0);
    const p = layer.problems.find((x) => x.code === 'unknown-crs');
    expect(p?.severity).toBe('error');
    expect(p?.message).toContain('--cm');
    expect(p?.message).toContain('zone cannot be told');
  });

  it('EPSG:4547 coordinates with --cm 114 read back to the lon/lat input', () => {
    const noCrs = JSON.stringify({ ...JSON.parse(readFixture('areas', 'parcels-epsg4547.geojson')), crs: undefined });
    expectSameAsLonLat(readPolygonLayer(noCrs, { file: 'gk.geojson', centralMeridian: 114 }));
  });

  it('EPSG:4547 named in a legacy crs member is used without --cm', () => {
    const layer = readPolygonLayer(readFixture('areas', 'parcels-epsg4547.geojson'), { file: 'gk.geojson' });
    expect(layer.crs).toMatchObject({ kind: 'gauss-kruger', from: 'crs-member', zone: { centralMeridian: 114, zonePrefix: false } });
    expectSameAsLonLat(layer);
  });

  it('eastings with the zone prefix (EPSG:4526, zone 38) are told from the numbers alone', () => {
    const noCrs = JSON.stringify({ ...JSON.parse(readFixture('areas', 'parcels-epsg4526.geojson')), crs: undefined });
    const layer = readPolygonLayer(noCrs, { file: 'gk38.geojson' });
    expect(layer.crs).toMatchObject({ kind: 'gauss-kruger', from: 'zone-prefix', zone: { centralMeridian: 114, zonePrefix: true } });
    expectSameAsLonLat(layer);
  });

  it('Web-Mercator metres (Catania land use) are not taken for Gauss–Krüger', () => {
    const layer = readPolygonLayer(readFixture('crs', 'catania-landuse-epsg3857-with-AREA.geojson'), { file: 'catania.geojson', centralMeridian: 114 });
    expect(layer.features).toHaveLength(0);
    expect(layer.problems[0]).toMatchObject({ code: 'unknown-crs', severity: 'error' });
    expect(layer.problems[0]?.message).toContain('Web Mercator');
  });

  it('lon/lat input (Catania, WGS84) is used as is', () => {
    const layer = readPolygonLayer(readFixture('crs', 'catania-landuse-wgs84.geojson'), { file: 'catania-wgs84.geojson' });
    expect(layer.crs).toEqual({ kind: 'lonlat' });
    expect(layer.features.length).toBeGreaterThan(50);
  });

  it('EPSG codes map to 3° zones', () => {
    expect(zoneOfEpsg(4547)).toEqual({ centralMeridian: 114, zonePrefix: false });
    expect(zoneOfEpsg(4526)).toEqual({ centralMeridian: 114, zonePrefix: true });
    expect(zoneOfEpsg(4513)).toEqual({ centralMeridian: 75, zonePrefix: true });
    expect(zoneOfEpsg(4554)).toEqual({ centralMeridian: 135, zonePrefix: false });
    expect(zoneOfEpsg(3857)).toBeNull();
    expect(centralMeridianOf(113.47)).toBe(114);
    expect(centralMeridianOf(112.4)).toBe(111);
  });
});
