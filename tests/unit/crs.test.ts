import type { FeatureCollection, Polygon } from 'geojson';
import proj4 from 'proj4';
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

describe('3° and 6° Gauss–Krüger zones (tests/fixtures/crs-zones, made by ogr2ogr; references by cs2cs)', () => {
  const reference = readJsonFixture<{ firstVertexLonLat: Record<string, Record<string, [number, number]>> }>('crs-zones', 'expected.json').firstVertexLonLat;
  /**
   * Each parcel's first vertex is where cs2cs puts it, and its area that of the lon/lat source (within 1e-5: the
   * fixtures' metres are rounded to 0.1 mm, some 1e-5 of the smallest parcel's 25 m sides).
   */
  function expectAsReference(name: string, layer: ReturnType<typeof readPolygonLayer>, source: string) {
    const lonLat = readJsonFixture<FeatureCollection<Polygon, { id: string }>>('crs-zones', source);
    expect(layer.features.map((f) => f.properties.id).sort()).toEqual(lonLat.features.map((f) => f.properties.id).sort());
    for (const f of layer.features) {
      const want = reference[name]?.[f.properties.id as string] as [number, number];
      const got = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0]?.[0] : f.geometry.coordinates[0]?.[0]?.[0];
      expect(got?.[0], `${name} ${f.properties.id}`).toBeCloseTo(want[0], 7);
      expect(got?.[1]).toBeCloseTo(want[1], 7);
      const src = lonLat.features.find((s) => s.properties.id === f.properties.id);
      expect(relDiff(planarAreaM2(f.geometry), planarAreaM2(src?.geometry as Polygon))).toBeLessThan(1e-5);
    }
  }
  const read = (name: string, opts: { centralMeridian?: number; crsCode?: number } = {}) =>
    readPolygonLayer(readFixture('crs-zones', name), { file: name, ...opts });

  it.each([
    ['parcels-epsg4513.geojson', 'lonlat-zone25.geojson', 3, 75],
    ['parcels-epsg4533.geojson', 'lonlat-zone45.geojson', 3, 135],
    ['parcels-epsg4498.geojson', 'lonlat-117.geojson', 6, 117],
  ])('%s: the zone is told from the prefix', (name, source, width, cm) => {
    const layer = read(name);
    expect(layer.crs).toMatchObject({ kind: 'gauss-kruger', from: 'zone-prefix', zone: { centralMeridian: cm, zoneWidth: width, zonePrefix: true } });
    expect(layer.problems.map((p) => p.code)).toEqual(['reprojected', 'winding']);
    expectAsReference(name, layer, source);
  });

  it('6° zone 20 is not read as 3° zone 20 (60°E): every parcel lands at 116.7–117.3°E', () => {
    for (const f of read('parcels-epsg4498.geojson').features) {
      const x = (f.geometry.coordinates as unknown[]).flat(3)[0] as number;
      expect(x).toBeGreaterThan(116.6);
      expect(x).toBeLessThan(117.4);
    }
  });

  it('bare 6° eastings: the error names --cm and --crs; either reads them; a crs member names the zone itself', () => {
    const bare = read('parcels-epsg4509.geojson');
    expect(bare.features).toHaveLength(0);
    expect(bare.problems[0]).toMatchObject({ code: 'unknown-crs', severity: 'error', params: { variant: 'no-prefix' } });
    expect(problemMessage('en', bare.problems[0] as Problem)).toMatch(/--cm .*--crs EPSG/);
    expectAsReference('parcels-epsg4509.geojson', read('parcels-epsg4509.geojson', { crsCode: 4509 }), 'lonlat-117.geojson');
    expectAsReference('parcels-epsg4509.geojson', read('parcels-epsg4509.geojson', { centralMeridian: 117 }), 'lonlat-117.geojson');
    const member = read('parcels-epsg4509-crs.geojson');
    expect(member.crs).toMatchObject({ kind: 'gauss-kruger', from: 'crs-member', zone: { centralMeridian: 117, zoneWidth: 6, zonePrefix: false } });
    expectAsReference('parcels-epsg4509.geojson', member, 'lonlat-117.geojson');
  });

  it('a file spanning zones 38 and 39: each parcel is read in the zone its easting names', () => {
    const layer = read('parcels-zones-38-39.geojson');
    expect(layer.crs).toMatchObject({ kind: 'gauss-kruger', from: 'zone-prefix', zones: [38, 39] });
    expect(layer.problems[0]).toMatchObject({ code: 'reprojected', params: { variant: 'zone-prefixes', zones: '38, 39' } });
    expectAsReference('parcels-zones-38-39.geojson', layer, 'lonlat-115-5.geojson');
  });

  it('--crs naming a zone: a parcel of another zone is dropped on its own, named', () => {
    const layer = read('parcels-zones-38-39.geojson', { crsCode: 4526 });
    expect(layer.features.length).toBe(2);
    expect(layer.problems.filter((p) => p.code === 'outside-zone').map((p) => p.params.zone)).toEqual([38, 38, 38, 38, 38, 38]);
  });

  it('eastings Web Mercator metres of eastern China could also be (6° zones 13–15) are not guessed: the error names --crs with the code', () => {
    const wm = proj4('EPSG:4326', 'EPSG:3857');
    const ring = [
      [120, 40],
      [120.01, 40],
      [120.01, 40.01],
      [120, 40.01],
      [120, 40],
    ].map((p) => wm.forward(p));
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { id: 'A' }, geometry: { type: 'Polygon', coordinates: [ring] } }],
    });
    const layer = readPolygonLayer(text, { file: 'wm.geojson' });
    expect(layer.problems[0]).toMatchObject({ code: 'unknown-crs', params: { variant: 'ambiguous', zone: 13, code: 4491 } });
    expect(problemMessage('en', layer.problems[0] as Problem)).toMatch(/--crs EPSG:4491/);
    // named, it is read as what it is said to be
    expect(readPolygonLayer(text, { file: 'wm.geojson', crsCode: 4491 }).features).toHaveLength(1);
    // a zone number of neither system: the error says so and names --crs
    const zone24 = JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { id: 'A' }, geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [(x as number) + 11e6, y])] } }],
    });
    const unknown = readPolygonLayer(zone24, { file: 'z24.geojson' });
    expect(unknown.problems[0]).toMatchObject({ code: 'unknown-crs', params: { variant: 'unknown-zone', zone: 24 } });
    expect(problemMessage('zh', unknown.problems[0] as Problem)).toContain('--crs');
  });
});
