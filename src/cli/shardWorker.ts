import { parentPort } from 'node:worker_threads';
import { PackedReader } from '../engine/packedFeatures';
import { shardThreadHandler } from '../engine/shards';
import type { TilesJob } from '../engine/tiles';

/** A worker thread of NodeShardPool: a spec, then parts to analyse (shardThreadHandler); then, for --tiles, subtrees to cut. */
const post = (message: unknown, transfer: ArrayBuffer[]) => parentPort?.postMessage(message, transfer);
const handle = shardThreadHandler(post);
parentPort?.on('message', (m: { call?: number; tiles?: TilesJob }) => {
  if (handle(m)) return;
  if (m.call !== undefined && m.tiles) void cutTiles(m.call, m.tiles);
});

async function cutTiles(call: number, job: TilesJob): Promise<void> {
  try {
    // tiling's code is loaded only when tiles are asked for
    const [{ cutSubtree, tileIndexOf }, { gzipped }] = await Promise.all([import('../engine/tiles'), import('../engine/pmtiles')]);
    const reader = new PackedReader(job.packed);
    const features = Array.from({ length: reader.count }, (_, k) => reader.feature(k));
    const tiles = cutSubtree(tileIndexOf(features, job.opts), job, job.bounds, job.opts).map((t) => (job.gzip ? gzipped(t) : t));
    const transfer = [...new Set(tiles.map((t) => t.bytes.buffer as ArrayBuffer))];
    post({ call, tiles }, transfer);
  } catch (e) {
    post({ call, error: (e as Error).message }, []);
  }
}
