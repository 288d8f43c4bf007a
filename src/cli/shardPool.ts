import { Worker } from 'node:worker_threads';
import { type ShardThread, ThreadShardPool } from '../engine/shardPool';

const WORKER_YOUNG_GENERATION_MB = 8;

/** Node's worker_threads as the threads of a pool (see ThreadShardPool), for the CLI. */
export class NodeShardPool extends ThreadShardPool {
  constructor(size: number, url = new URL('./shardWorker.mjs', import.meta.url)) {
    super(size, () => nodeThread(url));
  }
}

function nodeThread(url: URL): ShardThread {
  // A small young generation: a worker cost some 100 MB of memory when it ran through tsx, some 20 MB less with
  // this, at the same speed within the machine's noise (ad hoc runs at 100k; 48 MB was no faster either); the
  // CLI's peak memory must stay under 4 × the file
  const worker = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen(onMessage, onFailure) {
      worker.on('message', onMessage);
      worker.on('error', onFailure);
      worker.on('exit', (code) => onFailure(new Error(`worker thread exited (${code})`)));
    },
    terminate: () => void worker.terminate(),
  };
}
