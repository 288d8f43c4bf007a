import { parentPort } from 'node:worker_threads';
import { type PackedFeatures, PackedReader } from '../analysis/packedFeatures';
import { encodeShardOutput, runShardMessage, type ShardMessage, type ShardSpec, shardRunner } from '../analysis/shards';
import type { TileOptions } from '../analysis/tiles';
import type { Bbox } from '../geo/bbox';

/** One subtree of vector tiles to cut (writeTiles.ts): its tile of the lowest zoom, its parcels packed, the bounds. */
export interface TilesJob {
  tx: number;
  ty: number;
  packed: PackedFeatures;
  bounds: Bbox;
  opts: TileOptions;
  /** gzip each tile (for a PMTiles archive) */
  gzip: boolean;
}

/** A worker thread of NodeShardPool: a spec, then parts to analyse, each answered with its output; then, for --tiles, subtrees to cut. */
let spec: ShardSpec | null = null;
let run: ReturnType<typeof shardRunner> | null = null;
/** report buffers written out by the main thread, sent back to be used again */
const buffers: Uint8Array[] = [];
parentPort?.on('message', (m: { spec?: ShardSpec; call?: number; shard?: ShardMessage; tiles?: TilesJob; recycle?: Uint8Array }) => {
  if (m.recycle) {
    buffers.push(m.recycle);
    return;
  }
  if (m.spec) {
    spec = m.spec;
    run = shardRunner(spec, buffers);
    return;
  }
  if (m.call !== undefined && m.tiles) {
    void cutTiles(m.call, m.tiles);
    return;
  }
  if (m.call === undefined || !m.shard) return;
  try {
    if (!spec || !run) throw new Error('no spec was sent before the part');
    const { message, transfer } = encodeShardOutput(runShardMessage(run, spec, m.shard));
    parentPort?.postMessage({ call: m.call, output: message }, transfer);
  } catch (e) {
    parentPort?.postMessage({ call: m.call, error: (e as Error).message });
  }
});

async function cutTiles(call: number, job: TilesJob): Promise<void> {
  try {
    // tiling's code is loaded only when tiles are asked for
    const [{ cutSubtree }, { gzipped }] = await Promise.all([import('../analysis/tiles'), import('../analysis/pmtiles')]);
    const reader = new PackedReader(job.packed);
    const features = Array.from({ length: reader.count }, (_, k) => reader.feature(k));
    const tiles = cutSubtree(features, job, job.bounds, job.opts).map((t) => (job.gzip ? gzipped(t) : t));
    const transfer = [...new Set(tiles.map((t) => t.bytes.buffer as ArrayBuffer))];
    parentPort?.postMessage({ call, tiles }, transfer);
  } catch (e) {
    parentPort?.postMessage({ call, error: (e as Error).message });
  }
}
