import { type AnalysisLayers, parcelAnalyser } from '../analysis/analyse';
import type { ElementSlice } from '../data/featureScan';
import { type RawFeature, readSlice } from '../data/geojson';
import { duplicateIdProblem, type ParcelReader, parcelOf } from '../data/parcels';
import type { Problem } from '../data/problem';
import { ProblemList, problemsOf } from '../data/problemList';
import type { Grading } from '../domain/grading';
import { bboxOf } from '../geo/bbox';
import type { PartJoiner, PartWriter, RunSpec } from './sink';
import { activeSinks, type SinkLocals, type SinkName, type SinkOutputs, type SinkParts, type SinkSpecs } from './sinks';

/**
 * The one analysis path, for the CLI and the app alike and whatever the size: a parcels file analysed in parts
 * ("shards": runs of consecutive features), each part on whichever thread is free, the parts joined in file order.
 * What it makes of the parcels is up to its sinks (sink.ts: the report, the table, tile features, summaries, …). A
 * parcel's result depends on that parcel alone, but two things cross parts:
 *  - ids: a part knows only the ids it has met, so a parcel whose id an earlier part has is dropped when the parts
 *    are joined, with the problem parcelOf would have given it and without its contract and analysis warnings;
 *  - order: every problem and every output comes out in the order of the file, as if read in one go.
 * So the outputs are the same, byte for byte, whatever the parts and however many threads (tests/integration/shards.test.ts).
 */

/** What every part of one run shares; sent once to each worker thread. */
export interface ShardSpec extends RunSpec {
  /** the outputs each part makes */
  sinks: SinkSpecs;
}

/**
 * The spec of a run over a dataset's parcels (read by `reader`), against its other layers, making `sinks` (and the
 * summaries); `grading`: the grades' cut-offs when a run over every parcel gave them already (see RunSpec).
 */
export function shardSpecOf(
  ds: AnalysisLayers,
  reader: ParcelReader | null,
  asOfDate: string,
  sinks: Omit<SinkSpecs, 'summary'>,
  grading: Grading | null = null,
): ShardSpec {
  return {
    grading,
    file: reader?.file ?? 'parcels',
    crs: reader?.crs ?? { kind: 'lonlat' },
    layers: { rules: ds.rules, zones: ds.zones, areas: ds.areas, constraints: ds.constraints },
    asOfDate,
    sinks: { ...sinks, summary: true },
  };
}

/**
 * A run's problems in the order one pass gives them: the dataset's, the parcels file's (opening it), each parcel's
 * reading (structure, geometry, contract), then the analysis'; `read` are those before the analysis'.
 */
export function runProblems(opened: { problems: Problem[] }, reader: ParcelReader | null, joined: Pick<JoinedShards, 'readProblems' | 'analysisProblems'>) {
  const reading = [opened.problems, reader?.problems ?? [], joined.readProblems];
  return { read: problemsOf(...reading), all: problemsOf(...reading, joined.analysisProblems) };
}

/** One part to analyse: features [from, to) of the file, as bytes when it goes to another thread. */
export interface ShardTask {
  id: number;
  from: number;
  to: number;
}

/** What one part gives back; the arrays with one entry per parcel are in file order. */
export interface ShardOutput {
  id: number;
  featureIndex: Int32Array;
  ids: string[];
  /** reading's problems (structure, geometry, contract) in file order */
  readProblems: Problem[];
  /** parcel k's own contract problems (made by parcelOf) are readProblems[contractFrom[k] .. contractTo[k]) */
  contractFrom: Int32Array;
  contractTo: Int32Array;
  /** the analysis' warnings; parcel k's end at analysisTo[k] (and start where parcel k − 1's end) */
  analysisProblems: Problem[];
  analysisTo: Int32Array;
  bboxes: Float64Array;
  /** each sink's output of the part */
  parts: SinkParts;
  /** the bytes the part was read from when sent to a worker, sent back to carry another part */
  input: Uint8Array | null;
}

type ReadFn = (problems: Problem[], onFeature: (f: RawFeature) => void) => void;

/**
 * Analyses parts one after the other on this thread, the analysis layers' indexes built once. `buffers` holds this
 * thread's spare buffers, which sinks take from and which come back once their part is joined.
 */
export function shardRunner(spec: ShardSpec, buffers: Uint8Array[] = []): (task: ShardTask, read: ReadFn) => ShardOutput {
  const analysisProblems: Problem[] = [];
  const analyse = parcelAnalyser(spec.layers, spec.asOfDate, spec.file, analysisProblems, spec.grading);
  const sinks = activeSinks(spec.sinks);
  return (task, read) => {
    const n = task.to - task.from;
    const featureIndex = new Int32Array(n);
    const contractFrom = new Int32Array(n);
    const contractTo = new Int32Array(n);
    const analysisTo = new Int32Array(n);
    const bboxes = new Float64Array(n * 4);
    const ids: string[] = [];
    const writers = sinks.map(([name, sink, own]) => [name, sink.writer(own, spec, n, buffers)] as [SinkName, PartWriter<unknown>]);
    const readProblems: Problem[] = [];
    const seen = new Set<string>();
    let k = 0;
    read(readProblems, (f) => {
      const from = readProblems.length;
      const p = parcelOf(f, spec.file, seen, readProblems);
      if (!p) return;
      const box = bboxOf(p.geometry);
      const r = analyse(p, box);
      featureIndex[k] = f.index;
      contractFrom[k] = from;
      contractTo[k] = readProblems.length;
      analysisTo[k] = analysisProblems.length;
      bboxes.set(box, k * 4);
      ids.push(p.props.id);
      for (const [, w] of writers) w.add(r, p, box);
      k++;
    });
    return {
      id: task.id,
      featureIndex: featureIndex.slice(0, k),
      ids,
      readProblems,
      contractFrom: contractFrom.slice(0, k),
      contractTo: contractTo.slice(0, k),
      analysisProblems: analysisProblems.splice(0),
      analysisTo: analysisTo.slice(0, k),
      bboxes: bboxes.slice(0, k * 4),
      parts: Object.fromEntries(writers.map(([name, w]) => [name, w.finish()])) as SinkParts,
      input: null,
    };
  };
}

/** A part sent to a worker thread: its features' bytes (transferred, not copied). */
export interface ShardMessage {
  task: ShardTask;
  slice: ElementSlice;
}

/** A shard's output as a message: the typed arrays transferred (the core's and every sink's). */
export function encodeShardOutput(spec: ShardSpec, o: ShardOutput): { message: unknown; transfer: ArrayBuffer[] } {
  const arrays = [o.featureIndex, o.contractFrom, o.contractTo, o.analysisTo, o.bboxes, ...(o.input ? [o.input] : [])];
  const transfer = arrays.map((a) => a.buffer as ArrayBuffer);
  for (const [name, sink] of activeSinks(spec.sinks)) transfer.push(...sink.transfer(o.parts[name]));
  // a buffer may hold more than one array (a sink's views): each goes once
  return { message: o, transfer: [...new Set(transfer)] };
}

/** Buffers of a joined part that the thread that made it can use again. */
export function spentBuffers(spec: ShardSpec, o: ShardOutput): Uint8Array[] {
  return activeSinks(spec.sinks).flatMap(([name, sink]) => sink.spent?.(o.parts[name]) ?? []);
}

/**
 * A pool thread's side (ThreadShardPool): a spec, then parts to analyse, each answered with its output, and spent
 * buffers sent back to be used again. Returns whether the message was one of these (the CLI's threads also cut tiles).
 */
export function shardThreadHandler(post: (message: unknown, transfer: ArrayBuffer[]) => void): (m: unknown) => boolean {
  let spec: ShardSpec | null = null;
  let run: ReturnType<typeof shardRunner> | null = null;
  /** buffers written out by the joining thread, sent back to be used again */
  const buffers: Uint8Array[] = [];
  return (message) => {
    const m = message as { spec?: ShardSpec; call?: number; shard?: ShardMessage; recycle?: Uint8Array[] };
    if (m.recycle) {
      buffers.push(...m.recycle);
      return true;
    }
    if (m.spec) {
      spec = m.spec;
      run = shardRunner(spec, buffers);
      return true;
    }
    if (m.call === undefined || !m.shard) return false;
    try {
      if (!spec || !run) throw new Error('no spec was sent before the part');
      const s = spec;
      const shard = m.shard;
      const o = run(shard.task, (problems, onFeature) => readSlice(shard.slice, shard.task.from, s.crs, s.file, problems, onFeature));
      const { message: output, transfer } = encodeShardOutput(s, { ...o, input: shard.slice.bytes });
      post({ call: m.call, output }, transfer);
    } catch (e) {
      post({ call: m.call, error: (e as Error).message }, []);
    }
    return true;
  };
}

/** Worker threads that analyse parts: Node's worker_threads for the CLI (src/cli/shardPool.ts), Web Workers in the app. */
export interface ShardPool {
  /** how many parts it analyses at once */
  size: number;
  run(spec: ShardSpec, m: ShardMessage): Promise<ShardOutput>;
  /** Gives spent buffers of an output back to the worker that made it. */
  recycle(o: ShardOutput, buffers: Uint8Array[]): void;
  /** Ends its threads (the app's pools live for one load; the CLI closes its own). */
  close?(): void;
}

/** What joining the parts gives. */
export interface JoinedShards {
  readProblems: Problem[];
  analysisProblems: Problem[];
  /** each kept parcel's feature index in the file, by id */
  featureIndexById: Map<string, number>;
  /** every sink's joined output */
  outputs: SinkOutputs;
}

export interface ShardRunOptions {
  /** features per part; by default about a hundredth of the file, 250 to 2,000 */
  featuresPerPart?: number;
  /** what the caller gives each output on this thread (e.g. where the report goes) */
  locals?: SinkLocals;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Reads and analyses every feature of an opened parcels file in parts, on this thread and the pool's, and joins them
 * in file order (see the top of this file). Without a pool, or for a file of one part, every part is analysed here.
 */
export async function analyseInShards(reader: ParcelReader, spec: ShardSpec, pool: ShardPool | null, opts: ShardRunOptions = {}): Promise<JoinedShards> {
  const total = reader.featureCount;
  const per = opts.featuresPerPart ?? Math.min(2000, Math.max(250, Math.ceil(total / 100)));
  const tasks: ShardTask[] = [];
  for (let from = 0, id = 0; from < total; from += per, id++) tasks.push({ id, from, to: Math.min(total, from + per) });
  const buffers: Uint8Array[] = [];
  /** buffers that carried parts to workers and came back */
  const carriers: Uint8Array[] = [];
  const run = shardRunner(spec, buffers);
  const slice = reader.layer.slice;
  const usePool = pool && slice && tasks.length > 1 ? pool : null;

  const join = joiner(spec, opts, total);
  const done = new Map<number, ShardOutput>();
  const madeHere = new WeakSet<ShardOutput>();
  let nextJoin = 0;
  const finished = (o: ShardOutput) => {
    done.set(o.id, o);
    for (let d = done.get(nextJoin); d; d = done.get(nextJoin)) {
      done.delete(nextJoin);
      join.add(d);
      // its outputs are joined: their spent buffers can take another part's
      const spent = spentBuffers(spec, d);
      if (spent.length > 0) {
        if (madeHere.has(d)) buffers.push(...spent);
        else usePool?.recycle(d, spent);
      }
      if (d.input) carriers.push(new Uint8Array(d.input.buffer));
      nextJoin++;
      opts.onProgress?.((tasks[d.id] as ShardTask).to, total);
    }
  };
  let next = 0;
  const take = () => (next < tasks.length ? tasks[next++] : undefined);
  const here = (t: ShardTask) => {
    const o = run(t, (problems, onFeature) => reader.layer.eachIn(t.from, t.to, problems, onFeature));
    madeHere.add(o);
    return o;
  };
  // two parts queued per worker, so that one is waiting while this thread is busy with a part of its own
  const remote = async (p: ShardPool, cut: NonNullable<typeof slice>) => {
    for (let t = take(); t; t = take()) {
      let out: ShardOutput;
      try {
        out = await p.run(spec, { task: t, slice: cut(t.from, t.to, carriers.pop()) });
      } catch {
        out = here(t); // a worker that failed: its part is analysed here
      }
      finished(out);
    }
  };
  // the first part is this thread's, so that joining (and writing) starts as soon as it can
  const first = take();
  const remotes = usePool && slice ? Array.from({ length: usePool.size * 2 }, () => remote(usePool, slice)) : [];
  for (let t = first; t; t = take()) {
    finished(here(t));
    // let the workers' results in (and their next parts out)
    if (usePool) await new Promise((r) => setTimeout(r, 0));
  }
  await Promise.all(remotes);
  if (tasks.length === 0) opts.onProgress?.(0, 0);
  return join.finish();
}

/** Joins parts in file order: drops parcels whose id an earlier part has, orders the problems, hands each sink its parts. */
function joiner(spec: ShardSpec, opts: ShardRunOptions, total: number) {
  // bounded per kind: a flood of one problem keeps its first ones and a count (see ProblemList)
  const readProblems = new ProblemList();
  const analysisProblems = new ProblemList();
  const joiners = activeSinks(spec.sinks).map(
    ([name, sink, own]) => [name, sink.joiner(own, spec, total, opts.locals?.[name])] as [SinkName, PartJoiner<unknown, unknown>],
  );
  // every id met so far, with its feature index: a later parcel with one is dropped; the app's lookup by id
  const featureIndexById = new Map<string, number>();
  return {
    add(o: ShardOutput) {
      const n = o.ids.length;
      const keep = new Uint8Array(n);
      let dropped = 0;
      for (let k = 0; k < n; k++) {
        const id = o.ids[k] as string;
        if (featureIndexById.has(id)) dropped++;
        else {
          keep[k] = 1;
          featureIndexById.set(id, o.featureIndex[k] as number);
        }
      }
      // reading's problems, a dropped parcel's own contract problems replaced by its duplicate id
      let at = 0;
      const take = (from: number, to: number) => {
        for (let i = from; i < to; i++) readProblems.add(o.readProblems[i] as Problem);
      };
      for (let k = 0; k < n; k++) {
        if (keep[k] === 1) continue;
        take(at, o.contractFrom[k] as number);
        readProblems.add(duplicateIdProblem(spec.file, o.featureIndex[k] as number, o.ids[k] as string));
        at = o.contractTo[k] as number;
      }
      take(at, o.readProblems.length);
      // the analysis' warnings of the parcels kept
      let a = 0;
      for (let k = 0; k < n; k++) {
        const end = o.analysisTo[k] as number;
        if (keep[k] === 1) for (let i = a; i < end; i++) analysisProblems.add(o.analysisProblems[i] as Problem);
        a = end;
      }
      for (const [name, j] of joiners) j.add(o.parts[name], dropped === 0 ? null : keep, o.bboxes);
    },
    finish(): JoinedShards {
      const outputs = Object.fromEntries(joiners.map(([name, j]) => [name, j.finish()])) as SinkOutputs;
      return { readProblems, analysisProblems, featureIndexById, outputs };
    },
  };
}
