import { parentPort } from 'node:worker_threads';
import { encodeShardOutput, runShardMessage, type ShardMessage, type ShardSpec, shardRunner } from '../analysis/shards';

/** A worker thread of NodeShardPool: a spec, then parts to analyse, each answered with its output. */
let spec: ShardSpec | null = null;
let run: ReturnType<typeof shardRunner> | null = null;
/** report buffers written out by the main thread, sent back to be used again */
const buffers: Uint8Array[] = [];
parentPort?.on('message', (m: { spec?: ShardSpec; call?: number; shard?: ShardMessage; recycle?: Uint8Array }) => {
  if (m.recycle) {
    buffers.push(m.recycle);
    return;
  }
  if (m.spec) {
    spec = m.spec;
    run = shardRunner(spec, buffers);
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
