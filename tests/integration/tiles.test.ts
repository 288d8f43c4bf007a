import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VectorTile } from '@mapbox/vector-tile';
import type { Position } from 'geojson';
import { PbfReader } from 'pbf';
import { PMTiles, type Source } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { NodeShardPool } from '../../src/cli/shardPool';
import { writeTiles } from '../../src/cli/writeTiles';
import type { ParcelGeometry } from '../../src/domain/types';
import { arraySource, FeaturePacker, PackedReader } from '../../src/engine/packedFeatures';
import { writePmtiles } from '../../src/engine/pmtiles';
import { MAP_PROP_FIELDS, METRIC_PROP, PARCEL_TILE_LAYER, PROP, type TileFeature } from '../../src/engine/tileFeatures';
import { encodeTile, parcelTiles, TilesOnRequest, tileIndexOf } from '../../src/engine/tiles';
import { unionBbox } from '../../src/geo/bbox';
import { analyseLuohe, tileFeaturesOf } from '../helpers/analyse';
import { ROOT } from '../helpers/fixtures';

describe('parcel vector tiles (audit --tiles)', () => {
  it('every parcel is in the tiles of the highest zoom, with the properties the map reads', async () => {
    const a = await analyseLuohe('2018-12-31');
    const tiles = [...parcelTiles(arraySource(tileFeaturesOf(a)), { minZoom: 12, maxZoom: 14 })];
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

describe('tiles cut one lowest-zoom tile at a time', () => {
  it('are the tiles of one index over all the parcels, byte for byte, and no tile more or less', async () => {
    const a = await analyseLuohe('2018-12-31');
    for (const opts of [
      { minZoom: 11, maxZoom: 14 },
      { minZoom: 9, maxZoom: 12 },
    ]) {
      const cut = [...parcelTiles(arraySource(tileFeaturesOf(a)), opts)];
      const whole = tileIndexOf(tileFeaturesOf(a), opts);
      const tops = new Set(cut.filter((t) => t.path.startsWith(`${opts.minZoom}/`)).map((t) => t.path));
      // 漯河 spans several tiles of the lowest zoom, so parcels near their edges are in two indexes
      expect(tops.size).toBeGreaterThanOrEqual(opts.minZoom === 11 ? 3 : 1);
      const paths = new Set(cut.map((t) => t.path));
      expect(paths.size).toBe(cut.length);
      for (const t of cut) {
        const [z, x, y] = t.path.replace('.pbf', '').split('/').map(Number) as [number, number, number];
        expect(t.bytes, t.path).toEqual(encodeTile(whole, z, x, y));
      }
      // every tile the whole index has in the parcels' range is among them
      const box = unionBbox(a.geometries);
      if (!box) throw new Error('no parcels');
      let count = 0;
      for (let z = opts.minZoom; z <= opts.maxZoom; z++) {
        const n = 2 ** z;
        const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n);
        const ty = (lat: number) => Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
        for (let x = tx(box[0]); x <= tx(box[2]); x++)
          for (let y = ty(box[3]); y <= ty(box[1]); y++) {
            if (!encodeTile(whole, z, x, y)) continue;
            count++;
            expect(paths.has(`${z}/${x}/${y}.pbf`), `${z}/${x}/${y}`).toBe(true);
          }
      }
      expect(count).toBe(cut.length);
    }
  });
});

describe("tiles cut when asked for (the app worker's, TilesOnRequest)", () => {
  it('are the tiles of one index over all the parcels, byte for byte, slicing only the subtrees asked for', async () => {
    const a = await analyseLuohe('2018-12-31');
    const opts = { minZoom: 11, maxZoom: 14 };
    const features = tileFeaturesOf(a);
    const whole = tileIndexOf(features, opts);
    const onRequest = new TilesOnRequest(arraySource(features), opts);
    const box = unionBbox(a.geometries);
    if (!box) throw new Error('no parcels');
    // the tile of zoom z holding a lon/lat, as [x, y]
    const at = (lon: number, lat: number, z = 12) => [
      Math.floor(((lon + 180) / 360) * 2 ** z),
      Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z),
    ];
    const tx = (lon: number) => at(lon, 0)[0] as number;
    const ty = (lat: number) => at(0, lat)[1] as number;
    // the tile of zoom 12 under a parcel: one subtree sliced, the tile that of the whole index
    const one = unionBbox([a.geometries[0] as ParcelGeometry]);
    if (!one) throw new Error('no geometry');
    const [mx, my] = [tx((one[0] + one[2]) / 2), ty((one[1] + one[3]) / 2)];
    const first = onRequest.tile(12, mx, my);
    expect(first).not.toBeNull();
    expect(first).toEqual(encodeTile(whole, 12, mx, my));
    expect(onRequest.subtreesSliced).toBe(1);
    // every tile of zooms 11–14 over the parcels' range, and one tile more on each side (where only a parcel's
    // buffer may reach), in an order that jumps between subtrees
    let compared = 0;
    for (let z = 14; z >= 11; z--) {
      const k = 2 ** (z - 12);
      for (let x = Math.floor(tx(box[0]) * k) - 1; x <= Math.floor(tx(box[2]) * k) + 1; x++)
        for (let y = Math.floor(ty(box[3]) * k) - 1; y <= Math.floor(ty(box[1]) * k) + 1; y++) {
          const ref = encodeTile(whole, z, x, y);
          expect(onRequest.tile(z, x, y), `${z}/${x}/${y}`).toEqual(ref);
          if (ref) compared++;
        }
    }
    expect(compared).toBeGreaterThan(50);
    // 漯河's parcels span several tiles of zoom 11
    expect(onRequest.subtreesSliced).toBeGreaterThanOrEqual(3);
    // outside the zoom range: none (the map's source asks for none there)
    expect(onRequest.tile(10, mx >> 2, my >> 2)).toBeNull();
    expect(onRequest.tile(15, mx * 8, my * 8)).toBeNull();
    expect(new TilesOnRequest(arraySource([]), opts).tile(12, mx, my)).toBeNull();
    // a box sliced ahead (the page asks as the map sets off towards a zone or a parcel): its subtrees now, none more
    // when its tiles are asked for
    const ahead = new TilesOnRequest(arraySource(features), opts);
    expect(ahead.prepare(one as [number, number, number, number])).toBe(1);
    expect(ahead.tile(12, mx, my)).toEqual(first);
    expect(ahead.subtreesSliced).toBe(1);
    expect(ahead.prepare(one as [number, number, number, number])).toBe(0);
    expect(ahead.prepare(box)).toBeGreaterThanOrEqual(2);
    // the subtrees kept are the most recently used: beyond `keep`, one is let go and sliced again when asked for
    const tops = [
      ...new Set(
        a.geometries.map((g) => {
          const b = unionBbox([g]) as [number, number, number, number];
          return at((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, 11).join('/');
        }),
      ),
    ].map((t) => t.split('/').map(Number) as [number, number]);
    expect(tops.length).toBeGreaterThanOrEqual(3);
    const [[ax, ay], [bx, by], [cx, cy]] = tops as [[number, number], [number, number], [number, number]];
    const two = new TilesOnRequest(arraySource(features), opts, 2);
    for (const [x, y] of [
      [ax, ay],
      [bx, by],
      [ax, ay],
    ])
      expect(two.tile(11, x as number, y as number)).toEqual(encodeTile(whole, 11, x as number, y as number));
    expect(two.subtreesSliced).toBe(2); // a kept, used again
    two.tile(11, cx, cy); // c in, b (the least recently used) out
    two.tile(11, ax, ay);
    expect(two.subtreesSliced).toBe(3);
    expect(two.tile(11, bx, by)).toEqual(encodeTile(whole, 11, bx, by)); // b sliced again, the same bytes
    expect(two.subtreesSliced).toBe(4);
  });
});

/** An archive in memory, read through the pmtiles package's own reader (an independent check of the writer). */
class BytesSource implements Source {
  constructor(private readonly bytes: Uint8Array) {}
  getKey() {
    return 'memory';
  }
  async getBytes(offset: number, length: number) {
    const start = this.bytes.byteOffset + offset;
    return { data: this.bytes.buffer.slice(start, start + length) as ArrayBuffer };
  }
}

describe('parcel tiles as one PMTiles archive (audit --tiles FILE.pmtiles)', () => {
  it('the pmtiles reader finds every tile with the same bytes, the zooms, bounds and the parcels layer', async () => {
    const a = await analyseLuohe('2018-12-31');
    const opts = { minZoom: 11, maxZoom: 14 };
    const tiles = [...parcelTiles(arraySource(tileFeaturesOf(a)), opts)];
    const bounds = unionBbox(a.geometries);
    if (!bounds) throw new Error('no parcels');
    const archive = writePmtiles(tiles, { ...opts, bounds, layer: { id: PARCEL_TILE_LAYER, fields: { id: 'String' } }, name: 'luohe' });
    const reader = new PMTiles(new BytesSource(archive));
    const h = await reader.getHeader();
    expect(h.specVersion).toBe(3);
    expect([h.minZoom, h.maxZoom]).toEqual([11, 14]);
    expect(h.numAddressedTiles).toBe(tiles.length);
    expect(h.minLon).toBeCloseTo(bounds[0], 6);
    expect(h.maxLat).toBeCloseTo(bounds[3], 6);
    const meta = (await reader.getMetadata()) as { vector_layers: { id: string }[] };
    expect(meta.vector_layers.map((l) => l.id)).toEqual([PARCEL_TILE_LAYER]);
    for (const t of tiles) {
      const [z, x, y] = t.path.replace('.pbf', '').split('/').map(Number) as [number, number, number];
      const got = await reader.getZxy(z, x, y);
      expect(got, t.path).toBeDefined();
      expect(new Uint8Array(got?.data ?? new ArrayBuffer(0))).toEqual(t.bytes);
    }
    expect(await reader.getZxy(14, 0, 0)).toBeUndefined();
    // the same tiles through leaf directories (as a dataset with many more tiles gets them), read back the same way
    const leafy = writePmtiles(tiles, { ...opts, bounds, layer: { id: PARCEL_TILE_LAYER, fields: {} }, name: 'luohe', leafSize: 7 });
    const leafReader = new PMTiles(new BytesSource(leafy));
    const lh = await leafReader.getHeader();
    expect(lh.leafDirectoryLength).toBeGreaterThan(0);
    expect(lh.numAddressedTiles).toBe(tiles.length);
    for (const t of tiles) {
      const [z, x, y] = t.path.replace('.pbf', '').split('/').map(Number) as [number, number, number];
      expect(new Uint8Array((await leafReader.getZxy(z, x, y))?.data ?? new ArrayBuffer(0)), t.path).toEqual(t.bytes);
    }
  });

  it('the CLI writes it when --tiles names a .pmtiles file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pmt-')), 'parcels.pmtiles');
    execFileSync(
      process.execPath,
      [join(ROOT, 'src', 'cli', 'run.mjs'), join(ROOT, 'geodata', 'luohe'), '--out', '/dev/null', '--tiles', out, '--tiles-min-parcels', '0'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 7).toString()).toBe('PMTiles');
    expect(bytes[7]).toBe(3);
  });

  it('the CLI gives the same archive with a worker thread, its parcels packed across (small parts), as with one thread and as the tiles of one pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmt-'));
    const run = (name: string, threads: string) => {
      const out = join(dir, name);
      const r = spawnSync(
        process.execPath,
        [
          join(ROOT, 'src', 'cli', 'run.mjs'),
          join(ROOT, 'geodata', 'luohe'),
          '--out',
          '/dev/null',
          '--tiles',
          out,
          '--tiles-min-parcels',
          '0',
          '--threads',
          threads,
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(r.status).toBe(0);
      expect(r.stderr).not.toContain('worker thread failed');
      return new Uint8Array(readFileSync(out));
    };
    const two = run('two.pmtiles', '2');
    expect(two).toEqual(run('one.pmtiles', '1'));
    // the same bytes as an archive written from one pass over 漯河 (analyse, every result kept)
    const a = await analyseLuohe();
    const opts = { minZoom: 11, maxZoom: 14 };
    const bounds = unionBbox(a.geometries) ?? [0, 0, 0, 0];
    const archive = writePmtiles(parcelTiles(arraySource(tileFeaturesOf(a)), opts), {
      ...opts,
      bounds,
      layer: { id: PARCEL_TILE_LAYER, fields: MAP_PROP_FIELDS },
      name: a.datasetName ?? 'parcels',
    });
    expect(two).toEqual(archive);
  });
});

describe('--tiles with worker threads (writeTiles)', () => {
  it('a pool that cuts subtrees, and one whose worker fails to load (its subtrees are cut here), give the archive of no pool', async () => {
    const a = await analyseLuohe('2018-12-31');
    const features = arraySource(tileFeaturesOf(a));
    const dir = mkdtempSync(join(tmpdir(), 'pmt-'));
    const write = async (name: string, pool: NodeShardPool | null) => {
      const out = join(dir, name);
      await writeTiles({ features, datasetName: 'luohe' }, out, 0, { minZoom: 11, maxZoom: 14 }, pool, 'en');
      return new Uint8Array(readFileSync(out));
    };
    const alone = await write('alone.pmtiles', null);
    const pool = new NodeShardPool(1);
    const broken = join(dir, 'worker.mjs');
    writeFileSync(broken, "throw new Error('cannot load the tiles');\n");
    const failing = new NodeShardPool(1, pathToFileURL(broken));
    try {
      expect(await write('pool.pmtiles', pool)).toEqual(alone);
      expect(await write('failing.pmtiles', failing)).toEqual(alone);
      expect(failing.failure?.message).toMatch(/cannot load the tiles/);
      expect(pool.failure).toBeNull();
      // the worker did cut some of the subtrees (漯河 has three at z11), the failing one none
      expect(pool.subtreesRun).toBeGreaterThan(0);
      expect(failing.subtreesRun).toBe(0);
    } finally {
      pool.close();
      failing.close();
    }
  });
});

describe('tile features packed to cross threads', () => {
  it('read back as they went in (properties as JSON has them), Polygons, MultiPolygons and holes alike', async () => {
    const a = await analyseLuohe('2018-12-31');
    const square = (x: number, y: number, d: number, cw = false): Position[] => {
      const r: Position[] = [
        [x, y],
        [x + d, y],
        [x + d, y + d],
        [x, y + d],
        [x, y],
      ];
      return cw ? r.reverse() : r;
    };
    const extra: TileFeature[] = [
      {
        type: 'Feature',
        properties: { id: 'm' },
        geometry: { type: 'MultiPolygon', coordinates: [[square(114, 33, 0.01), square(114.002, 33.002, 0.001, true)], [square(114.1, 33, 0.002)]] },
      },
      {
        // a flag false and a metric that is not finite (JSON gives null for it)
        type: 'Feature',
        properties: { id: 'n', z: '', f_idle: false, f_low: true, m_far: Number.POSITIVE_INFINITY, m_area: 0 },
        geometry: { type: 'Polygon', coordinates: [square(114.2, 33, 0.01)] },
      },
      {
        type: 'Feature',
        properties: { id: 'h', m_int: 1.5 },
        geometry: { type: 'Polygon', coordinates: [square(114, 33, 0.01), square(114.001, 33.001, 0.001, true), square(114.005, 33.005, 0.001, true)] },
      },
    ];
    const features = [...extra, ...tileFeaturesOf(a)];
    const packer = new FeaturePacker();
    for (const f of features) packer.add(f);
    const reader = new PackedReader(packer.pack());
    expect(reader.count).toBe(features.length);
    features.forEach((f, k) => {
      const json = JSON.parse(JSON.stringify(f));
      expect(reader.feature(k)).toEqual(json);
      // the keys' order too: a tile's key table follows it
      expect(Object.keys(reader.feature(k).properties)).toEqual(Object.keys(json.properties));
    });
    expect(a.geometries.some((g) => g.type === 'MultiPolygon' || g.coordinates.length > 1) || extra.length > 0).toBe(true);
  });

  it('the fields the archive lists are every property the tiles carry, with its type', async () => {
    const a = await analyseLuohe('2018-12-31');
    const seen = new Set<string>();
    for (const f of tileFeaturesOf(a))
      for (const [k, v] of Object.entries(f.properties)) {
        expect(Object.keys(MAP_PROP_FIELDS)).toContain(k);
        seen.add(k);
        if (v !== undefined) expect(typeof v).toBe(String(MAP_PROP_FIELDS[k]).toLowerCase());
      }
    expect([...seen].sort()).toEqual(Object.keys(MAP_PROP_FIELDS).sort());
  });
});
