import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import type { ByteSource } from '../data/featureScan';
import { isIsoDate } from '../domain/dates';
import { type AuditFormat, type AuditResult, runAudit } from '../engine/audit';
import { LARGE_DATASET_PARCELS } from '../engine/tileFeatures';
import { NodeShardPool } from './shardPool';

const USAGE = `usage: npm run audit -- <file.geojson | dataset folder> [--as-of YYYY-MM-DD] [--rules FILE] [--cm 114] [--format json|csv|geojson] [--out FILE] [--lang zh|en]
         [--threads N] [--tiles DIR|FILE.pmtiles [--tiles-min-parcels 20000] [--tiles-zoom 11-14]]
  --tiles writes the analysed parcels as vector tiles (layer "parcels") when there are at least --tiles-min-parcels
  of them: one PMTiles archive when the path ends in .pmtiles, else a folder of {z}/{x}/{y}.pbf; name it in
  dataset.json as layers.parcelTiles and the app draws from it.
  --threads: how many threads analyse the parcels (default: one per core, up to 4, for a parcels file of 40 MB or
  more, else one); the report is the same whatever the number.
  Audits parcels: areas, intensities, idle and low-efficiency land, supply breaches, stages (批而未供 … 建而未投),
  overdue starts and completions, planning conflicts and suspected illegal occupation, 亩均效益 grades; the report
  names the rules' version (the edition of the control indicators the as-of date picks).
  Exit 0: a report was produced (problems are listed in it); 1: nothing usable was read; 2: usage error.`;

function fail(message: string): never {
  process.stderr.write(`audit: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        'as-of': { type: 'string' },
        rules: { type: 'string' },
        cm: { type: 'string' },
        format: { type: 'string', default: 'json' },
        out: { type: 'string' },
        lang: { type: 'string', default: 'zh' },
        tiles: { type: 'string' },
        threads: { type: 'string' },
        'tiles-min-parcels': { type: 'string', default: String(LARGE_DATASET_PARCELS) },
        'tiles-zoom': { type: 'string', default: '11-14' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) fail('give exactly one input: a .geojson file or a dataset folder');
  const input = positionals[0] as string;
  if (!existsSync(input)) fail(`${input} does not exist`);
  const format = values.format as string;
  if (!['json', 'csv', 'geojson'].includes(format)) fail(`--format must be json, csv or geojson, not ${format}`);
  const asOf = values['as-of'] as string | undefined;
  if (asOf !== undefined && !isIsoDate(asOf)) fail(`--as-of must be a date YYYY-MM-DD, not ${asOf}`);
  const cmText = values.cm as string | undefined;
  const cm = cmText === undefined ? null : Number(cmText);
  if (cm !== null && (!Number.isFinite(cm) || cm % 3 !== 0 || cm < 75 || cm > 135))
    fail(`--cm must be a 3° zone central meridian between 75 and 135 (e.g. 114), not ${cmText}`);
  const lang = values.lang === 'en' ? 'en' : 'zh';
  const rulesPath = values.rules as string | undefined;
  if (rulesPath !== undefined && !existsSync(rulesPath)) fail(`rules file ${rulesPath} does not exist`);

  const tilesDir = values.tiles as string | undefined;
  const tilesMin = Number(values['tiles-min-parcels']);
  const zoom = /^(\d{1,2})-(\d{1,2})$/.exec(values['tiles-zoom'] as string);
  if (!Number.isInteger(tilesMin) || tilesMin < 0) fail(`--tiles-min-parcels must be a whole number, not ${values['tiles-min-parcels']}`);
  if (!zoom || Number(zoom[1]) > Number(zoom[2]) || Number(zoom[2]) > 18)
    fail(`--tiles-zoom must be MIN-MAX with MAX ≤ 18, e.g. 10-14, not ${values['tiles-zoom']}`);
  const threadsText = values.threads as string | undefined;
  const threads = threadsText === undefined ? defaultThreads() : Number(threadsText);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) fail(`--threads must be a whole number from 1 to 64, not ${threadsText}`);
  // With --tiles, V8 may let the heaps grow to 1.5 × what the last full collection kept, not more: cutting tiles makes
  // much short-lived garbage that V8 otherwise let reach some 450 MB per thread before collecting it (--trace-gc, ad
  // hoc). At 100k parcels (ad hoc, three interleaved runs each) the peak RSS went from 1.09–1.28 GB to 0.74–0.76 GB,
  // the time within noise, the archive byte-identical; bench (c) prints --tiles' peak RSS. (A process-wide V8 setting, read when V8 sizes a heap; the worker threads start after.)
  if (values.tiles !== undefined) setFlagsFromString('--heap-growing-percent=50');
  const isFolder = statSync(input).isDirectory();
  const parcelsBytes = parcelsFileBytes(input, isFolder);
  const big = !isFolder && parcelsBytes > 20e6;
  // Worker threads start now, while the files are read (with --tiles they send back each parcel's tile feature, packed).
  // Unless --threads asks for them, a smaller file is analysed on this thread alone: a worker thread takes time to
  // load its code (some 0.3–0.45 s in a CPU profile, ad hoc) and slows this thread while it runs (see THREADS_MIN_BYTES).
  const wanted = threadsText !== undefined || parcelsBytes >= THREADS_MIN_BYTES;
  const pool = threads > 1 && wanted ? new NodeShardPool(threads - 1) : null;
  // the files are read in pieces as they are wanted (the parcels file is never held whole)
  const files = fileSources();
  // the report goes to its file (opened when its first text comes) as the parcels are analysed
  const out = new ByteSink(() => (values.out ? openSync(values.out as string, 'w') : process.stdout.fd));
  try {
    let result: AuditResult;
    try {
      result = await runAudit({
        input: isFolder
          ? { kind: 'folder', read: async (rel) => (existsSync(join(input, rel)) ? files.open(join(input, rel)) : null) }
          : { kind: 'file', file: input, text: files.open(input) },
        asOfDate: asOf ?? null,
        centralMeridian: cm,
        rulesText: rulesPath ? { file: rulesPath, text: readFileSync(rulesPath, 'utf8') } : null,
        format: format as AuditFormat,
        lang,
        keepTileFeatures: tilesDir !== undefined,
        write: (bytes) => out.write(bytes),
        pool,
        onProgress: (done, total) => {
          if (big || total >= 10000) process.stderr.write(`\r  analysed ${done} / ${total} features`);
          if (done === total && (big || total >= 10000)) process.stderr.write('\n');
        },
      });
    } finally {
      files.close();
      out.close(values.out !== undefined);
    }
    const failed = pool?.failure;
    if (failed) process.stderr.write(`audit: a worker thread failed (${failed.message}); its parts were analysed on the main thread\n`);
    for (const line of result.problemLines.slice(0, 20)) process.stderr.write(`${line}\n`);
    if (result.problemLines.length > 20) process.stderr.write(`… ${result.problemLines.length - 20} more problems in the report\n`);
    process.stderr.write(`${result.summaryLine}\n`);
    if (!result.usable) return 1;
    if (tilesDir && zoom && result.kept) {
      // loaded only here: tiling's code (geojson-vt, vt-pbf, pmtiles) is a sixth of the bundle, and most runs need none
      const { writeTiles } = await import('./writeTiles');
      await writeTiles(result.kept, tilesDir, tilesMin, { minZoom: Number(zoom[1]), maxZoom: Number(zoom[2]) }, pool);
      if (pool?.failure && !failed) process.stderr.write(`audit: a worker thread failed (${pool.failure.message}); its tiles were cut on the main thread\n`);
    }
    return 0;
  } finally {
    pool?.close();
  }
}

/**
 * Below this size of the parcels file (some 35k parcels of the scale data) the audit runs on one thread by default.
 * On 2 cores one thread was faster at 10k parcels (`npm run bench` (b)) and at 25k (28 MB, ad hoc runs), two at 50k
 * (57 MB, (b)) and 100k.
 */
const THREADS_MIN_BYTES = 40e6;

/** The size of the parcels file (named by dataset.json in a folder); 0 when it cannot be told. */
function parcelsFileBytes(input: string, isFolder: boolean): number {
  try {
    if (!isFolder) return statSync(input).size;
    const manifest = JSON.parse(readFileSync(join(input, 'dataset.json'), 'utf8')) as { layers?: { parcels?: unknown } };
    const name = manifest.layers?.parcels;
    return typeof name === 'string' ? statSync(join(input, name)).size : 0;
  } catch {
    return 0; // the audit reports what is wrong with the folder
  }
}

/** One thread per core, up to 4 (the parts' joining on this thread limits what more would give). */
function defaultThreads(): number {
  return Math.min(4, availableParallelism());
}

/**
 * Writes bytes to a file (opened at the first write) through one 1 MiB buffer, so the report's many small pieces cost
 * a few hundred writes; pieces larger than the buffer are written as they are.
 */
class ByteSink {
  private readonly buf = new Uint8Array(1 << 20);
  private used = 0;
  private fd: number | null = null;
  constructor(private readonly open: () => number) {}

  write(bytes: Uint8Array): void {
    this.fd ??= this.open();
    if (this.used + bytes.length > this.buf.length) this.flush();
    if (bytes.length > this.buf.length) writeAll(this.fd, bytes);
    else {
      this.buf.set(bytes, this.used);
      this.used += bytes.length;
    }
  }

  /** Writes what is buffered; closes the file when asked (not stdout). */
  close(closeFile: boolean): void {
    if (this.fd === null) return;
    this.flush();
    if (closeFile) closeSync(this.fd);
  }

  private flush(): void {
    if (this.fd !== null) writeAll(this.fd, this.buf.subarray(0, this.used));
    this.used = 0;
  }
}

/** Files opened as byte sources (read at a position, see featureScan.ts), closed together when the audit is done. */
function fileSources() {
  const fds: number[] = [];
  return {
    open(path: string): ByteSource {
      const fd = openSync(path, 'r');
      fds.push(fd);
      return { size: fstatSync(fd).size, readAt: (into, position) => readSync(fd, into, 0, into.length, position) };
    },
    close() {
      for (const fd of fds.splice(0)) closeSync(fd);
    },
  };
}

/** writeSync may write part of a buffer (pipes); write until all of it is out. */
function writeAll(fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      // a non-blocking pipe that is full: wait a moment and retry
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

// exitCode, not exit(): a large report written to a pipe must be flushed before the process ends.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`audit: internal error: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
