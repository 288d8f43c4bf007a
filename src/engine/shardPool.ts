import { packedBuffers } from './packedFeatures';
import type { ShardMessage, ShardOutput, ShardPool, ShardSpec } from './shards';
import type { TileOutput, TilesJob } from './tiles';

/**
 * One thread of a pool, whatever runs it: Node's worker_threads for the CLI (cli/shardPool.ts), a Web Worker in the
 * app (worker/webShardPool.ts). Its side of the conversation is `shardThreadHandler` (shards.ts).
 */
export interface ShardThread {
  post(message: unknown, transfer: ArrayBuffer[]): void;
  /** Calls back with each message the thread sends, and with an error when it fails or ends. */
  listen(onMessage: (m: unknown) => void, onFailure: (e: Error) => void): void;
  terminate(): void;
}

/** A thread's answer: a part's output or a subtree's tiles, and who answered. */
interface Reply {
  output?: unknown;
  tiles?: TileOutput[];
  thread: ShardThread;
}

/**
 * Threads that analyse parts of a parcels file. They start when the pool is made, so loading their code overlaps
 * reading the files; each gets the run's spec once, then parts in turn. A thread that fails rejects its parts, which
 * the caller then analyses itself (analyseInShards).
 */
export class ThreadShardPool implements ShardPool {
  readonly size: number;
  /** parts the threads have analysed */
  partsRun = 0;
  /** subtrees of vector tiles the threads have cut */
  subtreesRun = 0;
  /** the first error of a thread that failed before the pool was closed (its parts were handed back) */
  failure: Error | null = null;
  private closed = false;
  private readonly threads: { thread: ShardThread; spec: ShardSpec | null; load: number; failed: Error | null }[];
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (e: Error) => void; thread: ShardThread }>();
  private nextId = 0;
  private readonly madeBy = new WeakMap<ShardOutput, ShardThread>();

  constructor(size: number, start: () => ShardThread) {
    this.size = size;
    this.threads = Array.from({ length: size }, () => {
      const thread = start();
      const entry = { thread, spec: null, load: 0, failed: null as Error | null };
      thread.listen(
        (message) => {
          const m = message as { call: number; output?: unknown; tiles?: TileOutput[]; error?: string };
          const p = this.pending.get(m.call);
          if (!p) return;
          this.pending.delete(m.call);
          entry.load--;
          if (m.error !== undefined) p.reject(new Error(m.error));
          else p.resolve({ ...m, thread });
        },
        (e) => {
          entry.failed ??= e;
          if (!this.closed) this.failure ??= e;
          for (const [call, p] of this.pending)
            if (p.thread === thread) {
              this.pending.delete(call);
              p.reject(e);
            }
        },
      );
      return entry;
    });
  }

  async run(spec: ShardSpec, m: ShardMessage): Promise<ShardOutput> {
    const { bytes, starts, ends } = m.slice;
    const reply = await this.call({ shard: m }, [bytes.buffer, starts.buffer, ends.buffer] as ArrayBuffer[], spec);
    const o = reply.output as ShardOutput;
    this.partsRun++;
    this.madeBy.set(o, reply.thread);
    return o;
  }

  /** Cuts one subtree of vector tiles (see cli/writeTiles.ts); the features go packed, the tiles come back transferred. */
  async runTiles(job: TilesJob): Promise<TileOutput[]> {
    const reply = await this.call({ tiles: job }, packedBuffers(job.packed), null);
    this.subtreesRun++;
    return reply.tiles ?? [];
  }

  /** Posts a message to the least busy thread that works (sending it the spec first when it has another). */
  private call(message: object, transfer: ArrayBuffer[], spec: ShardSpec | null): Promise<Reply> {
    const live = this.threads.filter((x) => !x.failed);
    if (live.length === 0) return Promise.reject(this.threads[0]?.failed ?? new Error('no worker thread'));
    const w = live.reduce((a, b) => (b.load < a.load ? b : a));
    if (spec && w.spec !== spec) {
      w.thread.post({ spec }, []);
      w.spec = spec;
    }
    const call = this.nextId++;
    w.load++;
    return new Promise((resolve, reject) => {
      this.pending.set(call, { resolve, reject, thread: w.thread });
      w.thread.post({ call, ...message }, transfer);
    });
  }

  recycle(o: ShardOutput, buffers: Uint8Array[]): void {
    const thread = this.madeBy.get(o);
    const w = this.threads.find((x) => x.thread === thread);
    if (!w || w.failed) return;
    w.thread.post({ recycle: buffers }, [...new Set(buffers.map((b) => b.buffer as ArrayBuffer))]);
  }

  close(): void {
    this.closed = true;
    for (const w of this.threads) {
      w.failed ??= new Error('the pool is closed');
      w.thread.terminate();
    }
  }
}
