import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseFolder } from '../helpers/analyse';
import { ROOT } from '../helpers/fixtures';

/** The per-parcel analysis (src/analysis/analyse.ts): problems found at the analysis stage. */

describe('analysis-stage problems', () => {
  it('a zoneId that the geometry contradicts, and a certified area far from the surveyed one, are warnings naming the parcel', async () => {
    const dir = join(ROOT, 'geodata', 'luohe');
    const parcels = JSON.parse(readFileSync(join(dir, 'parcels.geojson'), 'utf8'));
    const first = parcels.features[0];
    first.properties.zoneId = 'dongcheng'; // it lies in jingji
    first.properties.certifiedAreaM2 = 1; // far from its surveyed area
    const files: Record<string, string> = { 'parcels.geojson': JSON.stringify({ type: 'FeatureCollection', features: parcels.features.slice(0, 50) }) };
    const a2 = await analyseFolder(async (rel) => files[rel] ?? readFileSync(join(dir, rel), 'utf8'), { asOfDate: '2018-12-31' });
    const mismatch = a2.problems.find((p) => p.code === 'zone-mismatch');
    expect(mismatch).toMatchObject({ file: 'parcels.geojson', featureIndex: 0, featureId: first.properties.id, property: 'zoneId', severity: 'warning' });
    expect(mismatch?.message).toContain('jingji');
    expect(a2.parcels[0]?.zoneId).toBe('jingji');
    expect(a2.problems.find((p) => p.code === 'certified-area-mismatch')).toMatchObject({ featureIndex: 0, property: 'certifiedAreaM2', severity: 'warning' });
  });
});
