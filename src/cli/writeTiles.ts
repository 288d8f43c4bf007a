import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { terminalText } from '../data/problem';
import type { AuditResult } from '../engine/audit';
import { FeaturePacker, type TileFeatureSource } from '../engine/packedFeatures';
import { gzipped, writePmtiles } from '../engine/pmtiles';
import { MAP_PROP_FIELDS, PARCEL_TILE_LAYER } from '../engine/tileFeatures';
import { cutJob, type SubtreeJob, type TileOptions, type TileOutput, tilePlan } from '../engine/tiles';
import { translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
import type { NodeShardPool } from './shardPool';

/** `--tiles`: the analysed parcels as one PMTiles archive (a path ending in .pmtiles) or a folder of {z}/{x}/{y}.pbf. */
export async function writeTiles(
  result: NonNullable<AuditResult['kept']>,
  dir: string,
  minParcels: number,
  opts: TileOptions,
  pool: NodeShardPool | null,
  lang: Lang,
): Promise<void> {
  const say = (key: string, params: Record<string, string | number>) => process.stderr.write(`${terminalText(translate(lang, key, params))}\n`);
  const n = result.features.count;
  if (n < minParcels) {
    say('cli.tilesSkipped', { count: n, min: minParcels });
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
    // beside its target under a temporary name, put in place when whole (the audit checked the folder exists)
    const temporary = join(dirname(dir), `.${basename(dir)}.${process.pid}.tmp`);
    writeFileSync(temporary, archive);
    renameSync(temporary, dir);
    say('cli.tilesWrittenArchive', { mb: (archive.length / 1e6).toFixed(1), minZoom: opts.minZoom, maxZoom: opts.maxZoom, path: dir });
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
  say('cli.tilesWrittenFolder', { count, mb: (bytes / 1e6).toFixed(1), minZoom: opts.minZoom, maxZoom: opts.maxZoom, path: dir });
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
