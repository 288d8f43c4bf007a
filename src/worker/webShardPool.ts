import { ThreadShardPool } from '../engine/shardPool';

/**
 * Threads that analyse a large dataset, the analysis worker included: by default one per core but one, which is left
 * to the page (its main thread and the drawing of the map), at most 4. On 2 cores the analysis worker is alone: in ad
 * hoc runs at 100k a second thread made the load no faster there, and the map's frames during it up to twice as long.
 */
export function analysisThreads(requested: number | null, cores = navigator.hardwareConcurrency || 1): number {
  if (requested != null && Number.isInteger(requested) && requested >= 1) return Math.min(requested, 8);
  return Math.max(1, Math.min(4, cores - 1));
}

/** Web Workers started by the analysis worker that analyse parts of a large dataset alongside it; null for none. */
export function webShardPool(threads: number): ThreadShardPool | null {
  const size = threads - 1;
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
