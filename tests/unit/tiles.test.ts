import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { parcelTiles } from '../../src/analysis/tiles';
import { METRIC_PROP, PROP } from '../../src/map/properties';
import { PARCEL_TILE_LAYER } from '../../src/map/style';
import { loadLuohe } from '../helpers/fixtures';

describe('parcel vector tiles (audit --tiles)', () => {
  it('every parcel is in the tiles of the highest zoom, with the properties the map reads', async () => {
    const ds = await loadLuohe();
    const a = analyse(ds, { asOfDate: '2018-12-31' });
    const tiles = [...parcelTiles(a, ds.parcels, { minZoom: 12, maxZoom: 14 })];
    expect(tiles.length).toBeGreaterThan(10);
    const ids = new Set<string>();
    const byId = new Map(a.parcels.map((p) => [p.id, p]));
    for (const t of tiles.filter((x) => x.path.startsWith('14/'))) {
      const layer = new VectorTile(new PbfReader(t.bytes)).layers[PARCEL_TILE_LAYER];
      if (!layer) throw new Error(`no parcels layer in ${t.path}`);
      for (let i = 0; i < layer.length; i++) {
        const f = layer.feature(i);
        const id = String(f.properties[PROP.id]);
        ids.add(id);
        const r = byId.get(id);
        expect(r).toBeDefined();
        expect(f.type).toBe(3);
        expect(f.properties[PROP.idle]).toBe(r?.flags.includes('idle'));
        if (r?.intensityWanPerMu != null) expect(f.properties[METRIC_PROP.intensityWanPerMu]).toBeCloseTo(r.intensityWanPerMu, 9);
      }
    }
    expect(ids.size).toBe(a.parcels.length);
  });
});
