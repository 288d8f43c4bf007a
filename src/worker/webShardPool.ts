import { ThreadShardPool } from '../analysis/shardPool';

/**
 * Web Workers started by the analysis worker that analyse parts of a large dataset alongside it: one per core but
 * one (the analysis worker's own), at most 3; none on a single core.
 */
export function webShardPool(cores = navigator.hardwareConcurrency || 1): ThreadShardPool | null {
  const size = Math.min(3, cores - 1);
  if (size < 1 || typeof Worker === 'undefined') return null;
  return new ThreadShardPool(size, () => {
    const worker = new Worker(new URL('./shard.worker.ts', import.meta.url), { type: 'module', name: 'analysis-parts' });
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      listen(onMessage, onFailure) {
        worker.onmessage = (e) => onMessage(e.data);
        worker.onerror = (e) => {
          e.preventDefault();
          onFailure(new Error(e.message || 'a worker of the analysis failed to load'));
        };
        worker.onmessageerror = () => onFailure(new Error('a message of a worker of the analysis could not be read'));
      },
      terminate: () => worker.terminate(),
    };
  });
}
