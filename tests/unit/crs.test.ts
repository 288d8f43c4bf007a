import type { FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readPolygonLayer } from '../../src/data/geojson';
import { type Problem, problemMessage } from '../../src/data/problem';
import { planarAreaM2 } from '../../src/geo/area';
import { centralMeridianOf, type GkZone, gkProj4String, zoneOfEpsg } from '../../src/geo/gaussKruger';
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
    expect(p?.params.variant).toBe('no-prefix');
    // in either language the message names the options that tell the zone
    for (const lang of ['zh', 'en'] as const) {
      expect(problemMessage(lang, p as Problem)).toContain('--cm');
      expect(problemMessage(lang, p as Problem)).toContain('--crs');
    }
    expect(problemMessage('en', p as Problem)).toContain('zone cannot be told');
    expect(p?.message).toContain('无法判断所在投影带');
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
    expect(layer.problems[0]).toMatchObject({ code: 'unknown-crs', severity: 'error', params: { variant: 'neither' } });
    expect(problemMessage('en', layer.problems[0] as Problem)).toContain('Web Mercator');
    expect(layer.problems[0]?.message).toContain('Web 墨卡托');
  });

  it('lon/lat input (Catania, WGS84) is used as is', () => {
    const layer = readPolygonLayer(readFixture('crs', 'catania-landuse-wgs84.geojson'), { file: 'catania-wgs84.geojson' });
    expect(layer.crs).toEqual({ kind: 'lonlat' });
    expect(layer.features.length).toBeGreaterThan(50);
  });

  it('EPSG codes map to 3° and 6° zones (as PROJ defines them: projinfo EPSG:4491 … EPSG:4554)', () => {
    expect(zoneOfEpsg(4547)).toEqual({ centralMeridian: 114, zonePrefix: false, zoneWidth: 3 });
    expect(zoneOfEpsg(4526)).toEqual({ centralMeridian: 114, zonePrefix: true, zoneWidth: 3 });
    expect(zoneOfEpsg(4513)).toEqual({ centralMeridian: 75, zonePrefix: true, zoneWidth: 3 });
    expect(zoneOfEpsg(4533)).toEqual({ centralMeridian: 135, zonePrefix: true, zoneWidth: 3 });
    expect(zoneOfEpsg(4554)).toEqual({ centralMeridian: 135, zonePrefix: false, zoneWidth: 3 });
    // 6° zones 13–23 with the prefix (x_0 = n × 10⁶ + 500 000), their meridians 75°…135°E without it
    expect(zoneOfEpsg(4491)).toEqual({ centralMeridian: 75, zonePrefix: true, zoneWidth: 6 });
    expect(zoneOfEpsg(4498)).toEqual({ centralMeridian: 117, zonePrefix: true, zoneWidth: 6 });
    expect(zoneOfEpsg(4501)).toEqual({ centralMeridian: 135, zonePrefix: true, zoneWidth: 6 });
    expect(zoneOfEpsg(4502)).toEqual({ centralMeridian: 75, zonePrefix: false, zoneWidth: 6 });
    expect(zoneOfEpsg(4512)).toEqual({ centralMeridian: 135, zonePrefix: false, zoneWidth: 6 });
    expect(gkProj4String(zoneOfEpsg(4498) as GkZone)).toContain('+x_0=20500000');
    expect(gkProj4String(zoneOfEpsg(4526) as GkZone)).toContain('+x_0=38500000');
    expect(zoneOfEpsg(4490)).toBeNull();
    expect(zoneOfEpsg(3857)).toBeNull();
    expect(centralMeridianOf(113.47)).toBe(114);
    expect(centralMeridianOf(112.4)).toBe(111);
  });
});
