// first: no schema may be made before zod is told not to compile (jitless.ts)
import './jitless';
import { shardThreadHandler } from '../engine/shards';

/**
 * A thread of the analysis worker's pool (webShardPool.ts): parts of a large parcels file, analysed as the CLI's
 * worker threads analyse them (shardThreadHandler), their output transferred back.
 */
const scope = self as unknown as { postMessage(message: unknown, transfer: Transferable[]): void; onmessage: ((e: MessageEvent) => void) | null };
const handle = shardThreadHandler((message, transfer) => scope.postMessage(message, transfer));
scope.onmessage = (e) => {
  handle(e.data);
};
