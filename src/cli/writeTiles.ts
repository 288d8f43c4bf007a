import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditResult } from '../engine/audit';
import { FeaturePacker, type TileFeatureSource } from '../engine/packedFeatures';
import { gzipped, writePmtiles } from '../engine/pmtiles';
import { MAP_PROP_FIELDS, PARCEL_TILE_LAYER } from '../engine/tileFeatures';
import { cutJob, type SubtreeJob, type TileOptions, type TileOutput, tilePlan } from '../engine/tiles';
import type { NodeShardPool } from './shardPool';

/** `--tiles`: the analysed parcels as one PMTiles archive (a path ending in .pmtiles) or a folder of {z}/{x}/{y}.pbf. */
export async function writeTiles(
  result: NonNullable<AuditResult['kept']>,
  dir: string,
  minParcels: number,
  opts: TileOptions,
  pool: NodeShardPool | null,
): Promise<void> {
  const n = result.features.count;
  if (n < minParcels) {
    process.stderr.write(`tiles not written: ${n} parcels, below --tiles-min-parcels ${minParcels} (one GeoJSON source is enough)\n`);
    return;
  }
  const plan = tilePlan(result.features, opts);
  if (dir.endsWith('.pmtiles')) {
    const archive = writePmtiles(await allTiles(result.features, plan, opts, pool, true), {
      ...opts,
      bounds: plan.bounds,
      layer: { id: PARCEL_TILE_LAYER, fields: MAP_PROP_FIELDS },
      name: result.datasetName ?? 'parcels',
    });
    mkdirSync(dirname(dir), { recursive: true });
    writeFileSync(dir, archive);
    process.stderr.write(`wrote a PMTiles archive (${(archive.length / 1e6).toFixed(1)} MB, zoom ${opts.minZoom}–${opts.maxZoom}) to ${dir}\n`);
    return;
  }
  let count = 0;
  let bytes = 0;
  for (const tile of await allTiles(result.features, plan, opts, pool, false)) {
    const path = join(dir, tile.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, tile.bytes);
    count++;
    bytes += tile.bytes.length;
  }
  process.stderr.write(`wrote ${count} vector tiles (${(bytes / 1e6).toFixed(1)} MB, zoom ${opts.minZoom}–${opts.maxZoom}) to ${dir}\n`);
}

/**
 * Every tile (as parcelTiles gives them, in the same order), the subtrees cut on this thread and the pool's, gzipped
 * where they were cut when `gzip` (for an archive): a worker gets a subtree's parcels packed and sends its tiles back,
 * with a second subtree waiting for it meanwhile (this thread packs and sends only between its own subtrees); the
 * largest subtrees go first, so the last to finish are small; a worker that fails has its subtree cut here.
 */
async function allTiles(
  features: TileFeatureSource,
  plan: ReturnType<typeof tilePlan>,
  opts: TileOptions,
  pool: NodeShardPool | null,
  gzip: boolean,
): Promise<TileOutput[]> {
  const done: TileOutput[][] = new Array(plan.jobs.length);
  const order = [...plan.jobs.keys()].sort((a, b) => (plan.jobs[b]?.which.length ?? 0) - (plan.jobs[a]?.which.length ?? 0));
  let next = 0;
  const take = () => (next < order.length ? (order[next++] as number) : -1);
  const here = (i: number) => {
    const tiles = cutJob(features, plan.jobs[i] as SubtreeJob, plan.bounds, opts);
    done[i] = gzip ? tiles.map(gzipped) : tiles;
  };
  const remote = async (p: NodeShardPool) => {
    for (let i = take(); i >= 0; i = take()) {
      const job = plan.jobs[i] as SubtreeJob;
      const packer = new FeaturePacker();
      for (const k of job.which) packer.add(features.feature(k));
      try {
        done[i] = await p.runTiles({ tx: job.tx, ty: job.ty, packed: packer.pack(), bounds: plan.bounds, opts, gzip });
      } catch {
        here(i);
      }
    }
  };
  const remotes = pool ? Array.from({ length: pool.size * 2 }, () => remote(pool)) : [];
  for (let i = take(); i >= 0; i = take()) {
    here(i);
    // let the workers' answers in, and hand them their next subtree
    if (pool) await new Promise((r) => setTimeout(r, 0));
  }
  await Promise.all(remotes);
  return done.flat();
}
