import { Worker } from 'node:worker_threads';
import { decodeShardOutput, type ShardMessage, type ShardOutput, type ShardPool, type ShardSpec } from '../analysis/shards';
import type { TileOutput } from '../analysis/tiles';
import type { TilesJob } from './shardWorker';

const WORKER_YOUNG_GENERATION_MB = 8;

/** A worker's answer: a part's output or a subtree's tiles, and who answered. */
interface Reply {
  output?: unknown;
  tiles?: TileOutput[];
  worker: Worker;
}

/**
 * Worker threads (Node's worker_threads) that analyse parts of a parcels file for the CLI. They start when the pool
 * is made, so loading their code overlaps reading the files; each gets the run's spec once, then parts in turn.
 * A worker that fails rejects its parts, which the caller then analyses itself (analyseInShards).
 */
export class NodeShardPool implements ShardPool {
  readonly size: number;
  /** parts the worker threads have analysed */
  partsRun = 0;
  /** subtrees of vector tiles the worker threads have cut */
  subtreesRun = 0;
  /** the first error of a worker thread that failed before the pool was closed (its parts were handed back) */
  failure: Error | null = null;
  private closed = false;
  private readonly workers: { worker: Worker; spec: ShardSpec | null; load: number; failed: Error | null }[];
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (e: Error) => void; worker: Worker }>();
  private nextId = 0;
  private readonly madeBy = new WeakMap<ShardOutput, Worker>();

  constructor(size: number, url = new URL('./shardWorker.mjs', import.meta.url)) {
    this.size = size;
    this.workers = Array.from({ length: size }, () => {
      // A small young generation: a worker cost some 100 MB of memory when it ran through tsx, some 20 MB less with
      // this, at the same speed within the machine's noise (ad hoc runs at 100k; 48 MB was no faster either); the
      // CLI's peak memory must stay under 4 × the file
      const worker = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      worker.on('message', (m: { call: number; output?: unknown; tiles?: TileOutput[]; error?: string }) => {
        const p = this.pending.get(m.call);
        if (!p) return;
        this.pending.delete(m.call);
        const w = this.workers.find((x) => x.worker === worker);
        if (w) w.load--;
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve({ ...m, worker });
      });
      const failAll = (e: Error) => {
        const w = this.workers.find((x) => x.worker === worker);
        if (w) w.failed ??= e;
        if (!this.closed) this.failure ??= e;
        for (const [call, p] of this.pending)
          if (p.worker === worker) {
            this.pending.delete(call);
            p.reject(e);
          }
      };
      worker.on('error', failAll);
      worker.on('exit', (code) => failAll(new Error(`worker thread exited (${code})`)));
      return { worker, spec: null, load: 0, failed: null };
    });
  }

  async run(spec: ShardSpec, m: ShardMessage): Promise<ShardOutput> {
    const { bytes, starts, ends } = m.slice;
    const reply = await this.call({ shard: m }, [bytes.buffer, starts.buffer, ends.buffer] as ArrayBuffer[], spec);
    const o = decodeShardOutput(reply.output);
    this.partsRun++;
    this.madeBy.set(o, reply.worker);
    return o;
  }

  /** Cuts one subtree of vector tiles (see writeTiles.ts); the features go packed, the tiles come back transferred. */
  async runTiles(job: TilesJob): Promise<TileOutput[]> {
    const reply = await this.call({ tiles: job }, [job.packed.coords.buffer, job.packed.shape.buffer] as ArrayBuffer[], null);
    this.subtreesRun++;
    return reply.tiles ?? [];
  }

  /** Posts a message to the least busy worker that works (sending it the spec first when it has another). */
  private call(message: object, transfer: ArrayBuffer[], spec: ShardSpec | null): Promise<Reply> {
    const live = this.workers.filter((x) => !x.failed);
    if (live.length === 0) return Promise.reject(this.workers[0]?.failed ?? new Error('no worker thread'));
    const w = live.reduce((a, b) => (b.load < a.load ? b : a));
    if (spec && w.spec !== spec) {
      w.worker.postMessage({ spec });
      w.spec = spec;
    }
    const call = this.nextId++;
    w.load++;
    return new Promise((resolve, reject) => {
      this.pending.set(call, { resolve, reject, worker: w.worker });
      w.worker.postMessage({ call, ...message }, transfer);
    });
  }

  recycle(o: ShardOutput): void {
    const worker = this.madeBy.get(o);
    const w = this.workers.find((x) => x.worker === worker);
    if (!w || w.failed) return;
    const buffer = o.utf8.buffer as ArrayBuffer;
    w.worker.postMessage({ recycle: new Uint8Array(buffer) }, [buffer]);
  }

  close(): void {
    this.closed = true;
    for (const w of this.workers) {
      w.failed ??= new Error('the pool is closed');
      void w.worker.terminate();
    }
  }
}
