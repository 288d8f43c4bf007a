import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPolygonLayer } from '../../src/data/geojson';
import type { Problem } from '../../src/data/problem';
import { readParcels } from '../helpers/analyse';
import { fixturePath, readFixture, readFixtureBytes, readJsonFixture } from '../helpers/fixtures';

type Verdict = 'invalid' | 'warning' | 'valid';

/** Verdicts that differ from the source's on purpose: tests/fixtures/bad-geojson/DEVIATIONS.md says why. */
const DEVIATIONS: Record<string, Verdict> = {
  'geojson-validator/invalid_geometries/invalid_exterior_not_ccw.geojson': 'warning',
  'geojson-validator/invalid_geometries/invalid_interior_not_cw.geojson': 'warning',
  'turf-boolean-valid/true/Polygon--polygon-with-hole-1-vertice-touching.geojson': 'warning',
  'turf-boolean-valid/true/Polygon--polygon-internal-hole.geojson': 'warning',
  'geojson-validator/invalid_structure/invalid_geometry_coordinates_4d.geojson': 'warning',
  'geojson-validator/problematic_geometries/problematic_3d_coordinates.geojson': 'invalid',
  'geojson-validator/problematic_geometries/problematic_duplicate_nodes.geojson': 'invalid',
  'geojson-validator/problematic_geometries/problematic_self_intersection_large.geojson': 'invalid',
  'geojson-validator/problematic_geometries/problematic_self_intersection_small.geojson': 'invalid',
  'geojson-validator/problematic_geometries/problematic_crosses_antimeridian.geojson': 'invalid',
  'geojson-validator/problematic_geometries/problematic_outside_lat_lon_boundaries.geojson': 'invalid',
  'geojson-validator/problematic_geometries/problematic_excessive_coordinate_precision.geojson': 'valid',
  'geojson-validator/problematic_geometries/problematic_excessive_vertices.geojson': 'valid',
  'geojson-validator/problematic_geometries/problematic_holes.geojson': 'valid',
  'geojson-validator/problematic_geometries/problematic_multitype_geometry_with_just_one_geometry.geojson': 'valid',
  'geojson-validator/problematic_geometries/problematic_wrong_bbox_coordinate_order.geojson': 'valid',
  'geojson-validator/problematic_geometries/problematic_feature_null_geometry.geojson': 'valid',
  'geojson-validator/invalid_structure/invalid_featurecollection_crs_defined.geojson': 'invalid',
  'turf-boolean-valid/true/MultiPolygon--multipolygon-touch.geojson': 'invalid',
};

function sourceVerdict(expected: string): Verdict {
  if (expected.startsWith('invalid')) return 'invalid';
  if (expected.startsWith('warning') || expected.startsWith('problematic')) return 'warning';
  if (expected.startsWith('valid') || expected.startsWith('no-issue')) return 'valid';
  throw new Error(`no verdict mapping for "${expected}": add the file to DEVIATIONS`);
}

function verdictOf(problems: Problem[]): Verdict {
  const relevant = problems.filter((p) => p.category !== 'contract');
  if (relevant.some((p) => p.severity === 'error')) return 'invalid';
  return relevant.length > 0 ? 'warning' : 'valid';
}

describe('99 invalid and edge-case GeoJSON files get their source verdict (tests/fixtures/bad-geojson)', () => {
  const manifest = readJsonFixture<{ file: string; expected: string }[]>('bad-geojson', 'manifest.json');
  it('reads all 99 cases', () => expect(manifest).toHaveLength(99));
  for (const c of manifest) {
    it(c.file, () => {
      const text = readFixture('bad-geojson', c.file);
      const layer = readPolygonLayer(text, { file: c.file });
      // read from bytes (feature by feature when the scanner takes the file) the outcome is the same
      expect(readPolygonLayer(readFixtureBytes('bad-geojson', c.file), { file: c.file })).toEqual(layer);
      const want = DEVIATIONS[c.file] ?? sourceVerdict(c.expected);
      expect(verdictOf(layer.problems)).toBe(want);
      for (const p of layer.problems) {
        expect(p.file).toBe(c.file);
        expect(p.message.length).toBeGreaterThan(5);
        expect(p.message).not.toMatch(/\bat Object\.|\bat .*\.ts:\d+/); // no stack traces
      }
    });
  }
});

interface BadCase {
  file: string;
  expect: { code: string; severity: 'error' | 'warning'; featureIndex: number | null; featureId?: string | null; property?: string | null }[];
  /** ids of the parcels that must survive */
  kept: string[];
}

describe('parcel contract: each problem has a bad file (tests/fixtures/validation)', () => {
  const cases = readJsonFixture<BadCase[]>('validation', 'cases.json');
  it('every fixture file is listed', () => {
    const files = readdirSync(fixturePath('validation')).filter((f) => f.endsWith('.geojson') || f.endsWith('.json') || f.endsWith('.txt'));
    for (const f of files.filter((f) => f !== 'cases.json')) expect(cases.map((c) => c.file)).toContain(f);
  });
  for (const c of cases) {
    it(c.file, () => {
      const r = readParcels(readFixture('validation', c.file), { file: c.file, centralMeridian: null });
      expect(readParcels(readFixtureBytes('validation', c.file), { file: c.file, centralMeridian: null })).toEqual(r);
      for (const e of c.expect) {
        const match = r.problems.find(
          (p) =>
            p.code === e.code &&
            p.severity === e.severity &&
            p.featureIndex === e.featureIndex &&
            (e.featureId === undefined || p.featureId === e.featureId) &&
            (e.property === undefined || p.property === e.property),
        );
        expect(match, `${e.code} at #${e.featureIndex} in ${JSON.stringify(r.problems, null, 1)}`).toBeDefined();
        expect(match?.file).toBe(c.file);
      }
      expect(r.parcels.map((p) => p.props.id)).toEqual(c.kept);
    });
  }
});

describe('parcel properties: blanks and keys outside the contract', () => {
  const square = [
    [114, 33.5],
    [114.001, 33.5],
    [114.001, 33.501],
    [114, 33.501],
    [114, 33.5],
  ];
  const read = (properties: Record<string, unknown>[]) =>
    readParcels(
      JSON.stringify({
        type: 'FeatureCollection',
        features: properties.map((p) => ({ type: 'Feature', properties: p, geometry: { type: 'Polygon', coordinates: [square] } })),
      }),
      { file: 'p.geojson', centralMeridian: null },
    );

  it('a value null or "" is absent, with no problem; a key outside the contract is not kept', () => {
    const r = read([
      { id: 'a', name: '', landGrade: null, fixedAssetInvestmentWanYuan: 1200, industryCode: 13, 备注: '<b>x</b>' },
      { id: 'b', name: '甲', landGrade: 9, fixedAssetInvestmentWanYuan: 800, landUse: '0601', extra: { nested: true } },
    ]);
    expect(r.problems).toEqual([]);
    expect(r.parcels.map((p) => p.props)).toEqual([
      { id: 'a', fixedAssetInvestmentWanYuan: 1200, industryCode: '13' },
      { id: 'b', name: '甲', landGrade: 9, fixedAssetInvestmentWanYuan: 800, landUse: '0601' },
    ]);
  });

  it('with a blank and a bad value together, the bad one is named and dropped, the others kept', () => {
    const r = read([{ id: 'c', name: '', landGrade: 'nine', taxWanYuan: 12.5, supplyDate: '2015-03-01' }]);
    expect(r.problems.map((p) => [p.code, p.property, p.featureId])).toEqual([['bad-property', 'landGrade', 'c']]);
    expect(r.parcels[0]?.props).toEqual({ id: 'c', taxWanYuan: 12.5, supplyDate: '2015-03-01' });
  });
});
