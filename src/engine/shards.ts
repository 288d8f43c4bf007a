import { type AnalysisLayers, parcelAnalyser, summaryAccumulator } from '../analysis/analyse';
import { type ReportFormat, type ReportMeta, reportWriter } from '../analysis/report';
import type { ElementSlice } from '../data/featureScan';
import { type RawFeature, readSlice } from '../data/geojson';
import { duplicateIdProblem, type ParcelReader, parcelOf } from '../data/parcels';
import type { Problem } from '../data/problem';
import { ProblemList, problemsOf } from '../data/problemList';
import type { SummaryAccumulator } from '../domain/summary';
import { type Bbox, bboxOf } from '../geo/bbox';
import type { CrsDetection } from '../geo/crs';
import type { Lang } from '../i18n/resources';
import { FeaturePacker, type PackedFeatures, PackedReader, packedBuffers, type TileFeatureSource } from './packedFeatures';
import { type PackedRows, packedRowsBuffers, RowsPacker, rowReader } from './packedRows';
import { joinTableParts, type ParcelTableWire, type TablePart, TableRows, tablePartBuffers } from './parcelTable';
import { type TileFeature, tileFeature } from './tileFeatures';

/**
 * A parcels file analysed in parts ("shards": runs of consecutive features), each part on whichever thread is free,
 * the parts joined in file order. A parcel's result depends on that parcel alone, but two things cross parts:
 *  - ids: a part knows only the ids it has met, so a parcel whose id an earlier part has is dropped when the parts
 *    are joined, with the problem parcelOf would have given it and without its contract and analysis warnings;
 *  - order: every problem and every parcel's report text comes out in the order of the file, as if read in one go.
 * What a part sends back is small: its parcels' report text, a summary row each and its problems; the results
 * themselves stay where they were made (with `keep`, each parcel's tile feature comes back too, packed; with a
 * table, the app's table rows, as columns).
 */

/** What every part of one run shares; sent once to each worker thread. */
export interface ShardSpec {
  /** the parcels file's name, in problems */
  file: string;
  crs: CrsDetection;
  layers: AnalysisLayers;
  asOfDate: string;
  /** the report each part writes its parcels' text of (the CLI's); null for none (the app's) */
  report: { format: ReportFormat; lang: Lang; meta: ReportMeta } | null;
  /** the app's table rows of each parcel (see TableRows), their zones numbered in this order; null for none */
  table: { zoneIds: string[] } | null;
}

/** The spec of a run over a dataset's parcels (read by `reader`), against its other layers. */
export function shardSpecOf(
  ds: AnalysisLayers,
  reader: ParcelReader | null,
  asOfDate: string,
  report: ShardSpec['report'],
  table: ShardSpec['table'],
): ShardSpec {
  return {
    file: reader?.file ?? 'parcels',
    crs: reader?.crs ?? { kind: 'lonlat' },
    layers: { rules: ds.rules, zones: ds.zones, areas: ds.areas, constraints: ds.constraints },
    asOfDate,
    report,
    table,
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
  /** what the summaries read of each parcel, packed */
  rows: PackedRows;
  /** the parcels' report texts as UTF-8, the separator between them; parcel k's is byteLengths[k] bytes long (its separator first, but the first's) */
  utf8: Uint8Array;
  byteLengths: Int32Array;
  bboxes: Float64Array;
  /** the bytes the part was read from when sent to a worker, sent back to carry another part */
  input: Uint8Array | null;
  /** each parcel's tile feature (geometry and the properties the map reads), packed, only with `keep` */
  kept: PackedFeatures | null;
  /** the parcels' table rows, when the spec asks for them */
  table: TablePart | null;
}

type ReadFn = (problems: Problem[], onFeature: (f: RawFeature) => void) => void;

/**
 * Text written as UTF-8 into one buffer that grows as needed. Each part's text is encoded as it is made, so no
 * parcel's text outlives its parcel as a string, and a buffer can be used again once written out (`buffers`).
 */
class Utf8Buffer {
  private static readonly encoder = new TextEncoder();
  private buf: Uint8Array;
  private used = 0;
  constructor(reuse: Uint8Array | undefined) {
    this.buf = reuse ?? new Uint8Array(1 << 22);
  }
  /** Appends the text; returns its length in bytes. */
  add(text: string): number {
    // a UTF-16 code unit takes at most 3 UTF-8 bytes
    if (this.buf.length - this.used < text.length * 3) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.used + text.length * 3));
      grown.set(this.buf.subarray(0, this.used));
      this.buf = grown;
    }
    const n = Utf8Buffer.encoder.encodeInto(text, this.buf.subarray(this.used)).written;
    this.used += n;
    return n;
  }
  /** The bytes written (a view of the whole buffer, which `buffers` gets back once they are written out). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.used);
  }
}

/**
 * Analyses parts one after the other on this thread, the analysis layers' indexes built once. `buffers` holds
 * buffers whose text has been written out, to be used again (fresh memory is slow to touch on small machines).
 */
export function shardRunner(spec: ShardSpec, buffers: Uint8Array[] = []): (task: ShardTask, read: ReadFn, keep: boolean) => ShardOutput {
  const analysisProblems: Problem[] = [];
  const analyse = parcelAnalyser(spec.layers, spec.asOfDate, spec.file, analysisProblems);
  const writer = spec.report ? reportWriter(spec.report.format, spec.report.meta, spec.report.lang) : null;
  return (task, read, keep) => {
    const n = task.to - task.from;
    const featureIndex = new Int32Array(n);
    const contractFrom = new Int32Array(n);
    const contractTo = new Int32Array(n);
    const analysisTo = new Int32Array(n);
    const bboxes = new Float64Array(n * 4);
    const ids: string[] = [];
    const rows = new RowsPacker();
    const byteLengths = new Int32Array(n);
    // (no report, no buffer: the app's parts write none)
    const utf8 = writer ? new Utf8Buffer(buffers.pop()) : null;
    const readProblems: Problem[] = [];
    const kept = keep ? new FeaturePacker() : null;
    const table = spec.table ? new TableRows(spec.table.zoneIds, n) : null;
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
      rows.add(r);
      if (writer && utf8) byteLengths[k] = (k > 0 ? utf8.add(writer.separator) : 0) + utf8.add(writer.parcel(r, p.geometry));
      kept?.add(tileFeature(r, p.geometry));
      table?.add(r);
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
      rows: rows.pack(),
      utf8: utf8?.bytes() ?? new Uint8Array(0),
      byteLengths: byteLengths.slice(0, k),
      bboxes: bboxes.slice(0, k * 4),
      input: null,
      kept: kept?.pack() ?? null,
      table: table?.part() ?? null,
    };
  };
}

/** A part sent to a worker thread: its features' bytes (transferred, not copied). */
export interface ShardMessage {
  task: ShardTask;
  slice: ElementSlice;
  /** send the parcels' tile features back too (packed) */
  keep: boolean;
}

/** Runs a part sent by `ShardPool.run` (in the worker thread), with the runner made from the spec it was sent first. */
export function runShardMessage(run: ReturnType<typeof shardRunner>, spec: ShardSpec, m: ShardMessage): ShardOutput {
  const o = run(m.task, (problems, onFeature) => readSlice(m.slice, m.task.from, spec.crs, spec.file, problems, onFeature), m.keep);
  return { ...o, input: m.slice.bytes };
}

/** A shard's output as a message: typed arrays transferred (the report's bytes and the packed rows' too). */
export function encodeShardOutput(o: ShardOutput): { message: unknown; transfer: ArrayBuffer[] } {
  const arrays = [o.featureIndex, o.contractFrom, o.contractTo, o.analysisTo, o.byteLengths, o.bboxes, o.utf8, ...(o.input ? [o.input] : [])];
  const transfer = [
    ...arrays.map((a) => a.buffer as ArrayBuffer),
    ...(o.kept ? packedBuffers(o.kept) : []),
    ...packedRowsBuffers(o.rows),
    ...(o.table ? tablePartBuffers(o.table) : []),
  ];
  return { message: o, transfer };
}

/**
 * A pool thread's side (ThreadShardPool): a spec, then parts to analyse, each answered with its output, and report
 * buffers sent back to be used again. Returns whether the message was one of these (the CLI's threads also cut tiles).
 */
export function shardThreadHandler(post: (message: unknown, transfer: ArrayBuffer[]) => void): (m: unknown) => boolean {
  let spec: ShardSpec | null = null;
  let run: ReturnType<typeof shardRunner> | null = null;
  /** report buffers written out by the joining thread, sent back to be used again */
  const buffers: Uint8Array[] = [];
  return (message) => {
    const m = message as { spec?: ShardSpec; call?: number; shard?: ShardMessage; recycle?: Uint8Array };
    if (m.recycle) {
      buffers.push(m.recycle);
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
      const { message: output, transfer } = encodeShardOutput(runShardMessage(run, spec, m.shard));
      post({ call: m.call, output }, transfer);
    } catch (e) {
      post({ call: m.call, error: (e as Error).message }, []);
    }
    return true;
  };
}

/** Worker threads that analyse parts: Node's worker_threads for the CLI (src/cli/shardPool.ts). */
export interface ShardPool {
  /** how many parts it analyses at once */
  size: number;
  run(spec: ShardSpec, m: ShardMessage): Promise<ShardOutput>;
  /** Gives an output's report buffer back to the worker that made it, once written out. */
  recycle(o: ShardOutput): void;
  /** Ends its threads (the app's pools live for one load; the CLI closes its own). */
  close?(): void;
}

/** What joining the parts gives. */
export interface JoinedShards {
  /** the zone summaries and tally of the parcels kept, added as the parts were joined */
  summary: SummaryAccumulator;
  readProblems: Problem[];
  analysisProblems: Problem[];
  /** each kept parcel's tile feature, when `keep` asked for them */
  kept: TileFeatureSource | null;
  /** the kept parcels' table (when the spec asks for one), their boxes in it */
  table: ParcelTableWire | null;
  /** each kept parcel's feature index in the file, by id (with the table) */
  featureIndexById: Map<string, number> | null;
}

export interface ShardRunOptions {
  /** features per part; by default about a hundredth of the file, 250 to 2,000 */
  featuresPerPart?: number;
  /** keep each parcel's tile feature, for vector tiles (packed, see packedFeatures.ts) */
  keep: boolean;
  /**
   * Gets the parcels' report texts as UTF-8, in file order, `separator` (the report writer's) between them; the
   * bytes are valid during the call only (their buffer is used again).
   */
  write?: (utf8: Uint8Array) => void;
  separator?: string;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Reads and analyses every feature of an opened parcels file in parts, on this thread and the pool's, and joins them
 * in file order (see the top of this file). Without a pool, or with `keep`, every part is analysed here.
 */
export async function analyseInShards(reader: ParcelReader, spec: ShardSpec, pool: ShardPool | null, opts: ShardRunOptions): Promise<JoinedShards> {
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
      // its text is written out: the buffer can take another part's
      if (d.utf8.buffer.byteLength === 0) {
        // no report text: no buffer to give back
      } else if (madeHere.has(d)) buffers.push(new Uint8Array(d.utf8.buffer));
      else usePool?.recycle(d);
      if (d.input) carriers.push(new Uint8Array(d.input.buffer));
      nextJoin++;
      opts.onProgress?.((tasks[d.id] as ShardTask).to, total);
    }
  };
  let next = 0;
  const take = () => (next < tasks.length ? tasks[next++] : undefined);
  const here = (t: ShardTask) => {
    const o = run(t, (problems, onFeature) => reader.layer.eachIn(t.from, t.to, problems, onFeature), opts.keep);
    madeHere.add(o);
    return o;
  };
  // two parts queued per worker, so that one is waiting while this thread is busy with a part of its own
  const remote = async (p: ShardPool, cut: NonNullable<typeof slice>) => {
    for (let t = take(); t; t = take()) {
      let out: ShardOutput;
      try {
        out = await p.run(spec, { task: t, slice: cut(t.from, t.to, carriers.pop()), keep: opts.keep });
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

/** Joins parts in file order: drops parcels whose id an earlier part has, writes report texts, gathers the rest. */
function joiner(spec: ShardSpec, opts: ShardRunOptions, total: number) {
  const summary = summaryAccumulator(spec.layers);
  // bounded per kind: a flood of one problem keeps its first ones and a count (see ProblemList)
  const readProblems = new ProblemList();
  const analysisProblems = new ProblemList();
  const kept = opts.keep ? new JoinedFeatures() : null;
  // with a table: its parts (which rows each keeps) and the kept parcels' boxes
  const tableParts: { part: TablePart; keep: Uint8Array | null }[] = [];
  const boxes = spec.table ? new Float64Array(total * 4) : null;
  // every id met so far, with its feature index: a later parcel with one is dropped; the table's lookup by id
  const featureIndexById = new Map<string, number>();
  let rowsKept = 0;
  const separator = new TextEncoder().encode(opts.separator ?? '');
  let written = false;
  const write = (bytes: Uint8Array) => {
    if (!opts.write || bytes.length === 0) return;
    if (written && separator.length > 0) opts.write(separator);
    opts.write(bytes);
    written = true;
  };
  return {
    add(o: ShardOutput) {
      const n = o.ids.length;
      const drop: boolean[] = [];
      let dropped = 0;
      for (let k = 0; k < n; k++) {
        const id = o.ids[k] as string;
        drop.push(featureIndexById.has(id));
        if (drop[k]) dropped++;
        else featureIndexById.set(id, o.featureIndex[k] as number);
      }
      // reading's problems, a dropped parcel's own contract problems replaced by its duplicate id
      let at = 0;
      const take = (from: number, to: number) => {
        for (let i = from; i < to; i++) readProblems.add(o.readProblems[i] as Problem);
      };
      for (let k = 0; k < n; k++) {
        if (!drop[k]) continue;
        take(at, o.contractFrom[k] as number);
        readProblems.add(duplicateIdProblem(spec.file, o.featureIndex[k] as number, o.ids[k] as string));
        at = o.contractTo[k] as number;
      }
      take(at, o.readProblems.length);
      if (o.table) tableParts.push({ part: o.table, keep: dropped === 0 ? null : Uint8Array.from(drop, (d) => (d ? 0 : 1)) });
      if (dropped === 0) write(o.utf8);
      let a = 0;
      let offset = 0;
      const row = rowReader(o.rows);
      for (let k = 0; k < n; k++) {
        const end = o.analysisTo[k] as number;
        const length = o.byteLengths[k] as number;
        if (!drop[k]) {
          for (let i = a; i < end; i++) analysisProblems.add(o.analysisProblems[i] as Problem);
          summary.add(row(k));
          if (boxes) {
            for (let j = 0; j < 4; j++) boxes[rowsKept * 4 + j] = o.bboxes[k * 4 + j] as number;
            rowsKept++;
          }
          if (kept && o.kept) kept.take(o.kept, o.bboxes, k);
          // parcel k's bytes begin with the separator, but the part's first
          if (dropped > 0) write(o.utf8.subarray(k > 0 ? offset + separator.length : offset, offset + length));
        }
        a = end;
        offset += length;
      }
    },
    finish(): JoinedShards {
      const table = spec.table && boxes ? joinTableParts(tableParts, spec.table.zoneIds, boxes.slice(0, rowsKept * 4)) : null;
      return { summary, readProblems, analysisProblems, kept, table, featureIndexById: spec.table ? featureIndexById : null };
    },
  };
}

/** The kept parcels' tile features of every part, in file order (a dropped parcel's left out), read where they are. */
class JoinedFeatures implements TileFeatureSource {
  /** each part's features and boxes ([minX, minY, maxX, maxY] per parcel, ShardOutput.bboxes) */
  private readonly parts: { packed: PackedFeatures; reader: PackedReader; bboxes: Float64Array }[] = [];
  /** per kept parcel, its part and its index there */
  private readonly part: number[] = [];
  private readonly index: number[] = [];

  get count(): number {
    return this.part.length;
  }

  /** Keeps parcel k of a part. */
  take(packed: PackedFeatures, bboxes: Float64Array, k: number): void {
    if (this.parts.at(-1)?.packed !== packed) this.parts.push({ packed, reader: new PackedReader(packed), bboxes });
    this.part.push(this.parts.length - 1);
    this.index.push(k);
  }

  feature(k: number): TileFeature {
    return this.at(k).reader.feature(this.index[k] as number);
  }

  bbox(k: number): Bbox {
    const i = (this.index[k] as number) * 4;
    return Array.from(this.at(k).bboxes.subarray(i, i + 4)) as Bbox;
  }

  private at(k: number) {
    return this.parts[this.part[k] as number] as (typeof this.parts)[number];
  }
}
