// The entry of NodeShardPool's worker threads: a worker thread does not inherit the tsx loader of the main thread
// (Node 20), so it registers it before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./shardWorker.ts');
