import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { epsgNumber, memberPathRule, type ReadFailure, type TextReader } from '../data/dataset';
import { decodeText } from '../data/encoding';
import type { ByteSource } from '../data/featureScan';
import type { StatedCrs } from '../data/importLayer';
import { type FieldMapping, mappingFileSchema } from '../data/mapping';
import { terminalText } from '../data/problem';
import { encodingOfName, type ImportEncoding } from '../data/textEncodings';
import { isIsoDate } from '../domain/dates';
import { type AuditResult, runAudit } from '../engine/audit';
import { LARGE_DATASET_PARCELS } from '../engine/tileFeatures';
import type { OffsetSystem } from '../geo/crs';
import { isCentralMeridian } from '../geo/gaussKruger';
import { type TextParams, translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
import { NodeShardPool } from './shardPool';

/**
 * `npm run --silent audit -- <file | folder> [options]`: the report on stdout (or --out), messages on stderr, in
 * the language of --lang. What it promises a user:
 *  - a usage error (a flag, an input or an output that cannot be) stops it at once, before anything is read, exit 2;
 *  - it never writes over what it reads: an output that is one of its inputs is refused (exit 2);
 *  - a report file is written beside its target under a temporary name and put in place only when complete, so a
 *    failure never leaves half a report, nor touches a file that was there;
 *  - a dataset's files are read from its folder only (after resolving symbolic links);
 *  - text from the data is printed as text: control characters are escaped (terminalText).
 */
const OPTIONS = {
  'as-of': { type: 'string' },
  rules: { type: 'string' },
  cm: { type: 'string' },
  crs: { type: 'string' },
  format: { type: 'string', default: 'json' },
  out: { type: 'string' },
  lang: { type: 'string', default: 'zh' },
  tiles: { type: 'string' },
  threads: { type: 'string' },
  'tiles-min-parcels': { type: 'string', default: String(LARGE_DATASET_PARCELS) },
  'tiles-zoom': { type: 'string', default: '11-14' },
  join: { type: 'string' },
  key: { type: 'string' },
  'join-key': { type: 'string' },
  'join-encoding': { type: 'string' },
  sheet: { type: 'string' },
  layer: { type: 'string' },
  map: { type: 'string' },
  encoding: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A usage error: said on stderr with the usage, exit 2. */
class UsageError extends Error {
  constructor(
    readonly key: string,
    readonly params: TextParams = {},
  ) {
    super(key);
  }
}

/** The report's reader went away (a pipe closed, `| head`): nothing more to write, no error to report. */
class OutputClosed extends Error {}

/** Messages on stderr, as text (control characters escaped). */
const say = (line: string) => process.stderr.write(`${terminalText(line)}\n`);

/** The language asked for, read before the options are parsed (a usage error is said in it too). */
function langOf(argv: readonly string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = i < 0 ? null : argv[i]?.includes('=') ? argv[i]?.slice('--lang='.length) : argv[i + 1];
  return value === 'en' ? 'en' : 'zh';
}

async function main(lang: Lang): Promise<number> {
  const t = (key: string, params: TextParams = {}) => translate(lang, key, params);
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const option = /'(-[^' ]+)/.exec(err.message)?.[1] ?? '';
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError('unknownOption', { option });
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError('missingValue', { option });
    throw new UsageError('badOption', { detail: err.message });
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${t('cli.usage')}\n`);
    return 0;
  }
  if (values.lang !== 'zh' && values.lang !== 'en') throw new UsageError('lang', { value: values.lang });
  if (positionals.length !== 1) throw new UsageError('oneInput');
  const input = positionals[0] as string;
  const inputStat = statOrNull(input);
  if (!inputStat) throw new UsageError('missingInput', { path: input });
  if (!inputStat.isFile() && !inputStat.isDirectory()) throw new UsageError('notAFile', { path: input });
  const format = values.format;
  if (format !== 'json' && format !== 'csv' && format !== 'geojson') throw new UsageError('format', { value: format });
  const asOf = values['as-of'];
  if (asOf !== undefined && !isIsoDate(asOf)) throw new UsageError('asOf', { value: asOf });
  const cmText = values.cm;
  const cm = cmText === undefined ? null : Number(cmText);
  if (cm !== null && !isCentralMeridian(cm)) throw new UsageError('cm', { value: cmText as string });
  const offset = values.crs === undefined ? null : offsetSystemOf(values.crs);
  const crsCode = values.crs === undefined || offset ? null : epsgNumber(values.crs);
  if (values.crs !== undefined && crsCode === null && offset === null) throw new UsageError('crs', { value: values.crs });
  if (cm !== null && crsCode !== null) throw new UsageError('cmAndCrs');
  const isFolder = inputStat.isDirectory();
  const importing = !isFolder && /\.(zip|shp)$/i.test(input);
  const imported = importOptions(values, isFolder, importing || values.join !== undefined || values.map !== undefined || values.encoding !== undefined);
  const rulesPath = values.rules;
  if (rulesPath !== undefined) {
    const st = statOrNull(rulesPath);
    if (!st) throw new UsageError('rulesMissing', { path: rulesPath });
    if (!st.isFile()) throw new UsageError('notAFile', { path: rulesPath });
  }
  const tilesPath = values.tiles;
  const tilesMin = Number(values['tiles-min-parcels']);
  const zoom = /^(\d{1,2})-(\d{1,2})$/.exec(values['tiles-zoom']);
  if (!Number.isInteger(tilesMin) || tilesMin < 0) throw new UsageError('tilesMin', { value: values['tiles-min-parcels'] });
  if (!zoom || Number(zoom[1]) > Number(zoom[2]) || Number(zoom[2]) > 18) throw new UsageError('tilesZoom', { value: values['tiles-zoom'] });
  const threadsText = values.threads;
  const threads = threadsText === undefined ? defaultThreads() : Number(threadsText);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new UsageError('threads', { value: threadsText ?? '' });
  // the outputs: where they go must exist, and be none of the files this audit reads
  const inputs = inputFiles(input, isFolder, rulesPath, imported ? [imported.join?.path, imported.mapPath] : []);
  if (values.out !== undefined) checkOutput('--out', values.out, inputs);
  if (tilesPath?.endsWith('.pmtiles')) checkOutput('--tiles', tilesPath, inputs);
  else if (tilesPath !== undefined) {
    if (!existsSync(dirname(resolve(tilesPath)))) throw new UsageError('outFolderMissing', { option: '--tiles', folder: dirname(tilesPath) });
    if (statOrNull(tilesPath)?.isFile()) throw new UsageError('tilesIsFile', { path: tilesPath });
  }
  if (values.out !== undefined && tilesPath !== undefined && resolve(values.out) === resolve(tilesPath)) throw new UsageError('outSame');

  // With --tiles, V8 may let the heaps grow to 1.5 × what the last full collection kept, not more: cutting tiles makes
  // much short-lived garbage that V8 otherwise let reach some 450 MB per thread before collecting it (--trace-gc, ad
  // hoc). At 100k parcels (ad hoc, three interleaved runs each) the peak RSS went from 1.09–1.28 GB to 0.74–0.76 GB,
  // the time within noise, the archive byte-identical; bench (c) prints --tiles' peak RSS. (A process-wide V8 setting, read when V8 sizes a heap; the worker threads start after.)
  if (tilesPath !== undefined) setFlagsFromString('--heap-growing-percent=50');
  const parcelsBytes = parcelsFileBytes(input, isFolder);
  const big = !isFolder && parcelsBytes > 20e6;
  // Worker threads start now, while the files are read (with --tiles they send back each parcel's tile feature, packed).
  // Unless --threads asks for them, a smaller file is analysed on this thread alone: a worker thread takes time to
  // load its code (some 0.3–0.45 s in a CPU profile, ad hoc) and slows this thread while it runs (see THREADS_MIN_BYTES).
  const wanted = threadsText !== undefined || parcelsBytes >= THREADS_MIN_BYTES;
  // the report goes to a temporary file beside its target, put in place when complete (or to stdout)
  const out = values.out === undefined ? new ByteSink(process.stdout.fd, null) : ByteSink.toFile(values.out);
  const pool = threads > 1 && wanted ? new NodeShardPool(threads - 1) : null;
  // the files are read in pieces as they are wanted (the parcels file is never held whole)
  const files = fileSources();
  let result: AuditResult;
  try {
    result = await runAudit({
      input: isFolder
        ? { kind: 'folder', read: folderReader(input, files) }
        : imported
          ? importInput(input, imported, offset ? { offset } : crsCode !== null ? { epsg: crsCode } : null)
          : { kind: 'file', file: input, text: files.open(input) },
      asOfDate: asOf ?? null,
      centralMeridian: cm,
      crsCode: imported ? null : crsCode,
      declared: !imported && offset ? { kind: 'offset', system: offset } : null,
      rulesText: rulesPath ? { file: rulesPath, text: decodeText(readFileSync(rulesPath)) } : null,
      format,
      lang,
      keepTileFeatures: tilesPath !== undefined,
      write: (bytes) => out.write(bytes),
      pool,
      onProgress: (done, total) => {
        if (big || total >= 10000) process.stderr.write(`\r${t('cli.progress', { done, total })}`);
        if (done === total && (big || total >= 10000)) process.stderr.write('\n');
      },
    });
    out.finish(result.usable);
  } catch (e) {
    out.abandon();
    pool?.close();
    throw e;
  } finally {
    files.close();
  }
  try {
    const failed = pool?.failure;
    if (failed) say(t('cli.workerFailed', { detail: failed.message }));
    for (const line of result.problemLines.slice(0, 20)) say(line);
    if (result.problemLines.length > 20) say(t('cli.moreProblems', { count: result.problemLines.length - 20 }));
    say(result.summaryLine);
    if (!result.usable) return 1;
    if (tilesPath && zoom && result.kept) {
      // loaded only here: tiling's code (geojson-vt, vt-pbf, pmtiles) is a sixth of the bundle, and most runs need none
      const { writeTiles } = await import('./writeTiles');
      await writeTiles(result.kept, tilesPath, tilesMin, { minZoom: Number(zoom[1]), maxZoom: Number(zoom[2]) }, pool, lang);
      if (pool?.failure && !failed) say(t('cli.tilesWorkerFailed', { detail: pool.failure.message }));
    }
    return 0;
  } finally {
    pool?.close();
  }
}

/** GCJ-02 / BD-09 as --crs names them, or null. */
function offsetSystemOf(value: string): OffsetSystem | null {
  const v = value
    .trim()
    .toUpperCase()
    .replace(/[\s_-]/g, '');
  return v === 'GCJ02' ? 'gcj02' : v === 'BD09' ? 'bd09' : null;
}

interface ImportOptions {
  join: { path: string; key: string; joinKey: string } | null;
  mapPath: string | undefined;
  mapping: FieldMapping | null;
  encoding: ImportEncoding | null;
  joinEncoding: ImportEncoding | null;
  sheet: string | null;
  layer: string | null;
}

/**
 * The import's options, checked as usage (exit 2) before anything is read: --join with --key, the files there, the
 * mapping file valid, the encodings known. Null when the input is not imported (a dataset folder, a plain GeoJSON).
 */
function importOptions(values: Record<string, string | boolean | undefined>, isFolder: boolean, importing: boolean): ImportOptions | null {
  const str = (k: string) => values[k] as string | undefined;
  for (const option of ['join', 'map', 'encoding', 'join-encoding', 'sheet', 'layer', 'key', 'join-key'])
    if (isFolder && str(option) !== undefined) throw new UsageError('importOnFolder', { option: `--${option}` });
  for (const option of ['key', 'join-key', 'join-encoding', 'sheet'])
    if (str(option) !== undefined && str('join') === undefined) throw new UsageError('keyWithoutJoin', { option: `--${option}` });
  if (!importing) return null;
  const joinPath = str('join');
  if (joinPath !== undefined) {
    if (str('key') === undefined) throw new UsageError('joinWithoutKey');
    const st = statOrNull(joinPath);
    if (!st) throw new UsageError('joinMissing', { path: joinPath });
    if (!st.isFile()) throw new UsageError('notAFile', { path: joinPath });
  }
  const encodingOf = (option: string): ImportEncoding | null => {
    const v = str(option);
    if (v === undefined) return null;
    const e = encodingOfName(v);
    if (!e) throw new UsageError('encoding', { option: `--${option}`, value: v });
    return e;
  };
  const mapPath = str('map');
  let mapping: FieldMapping | null = null;
  if (mapPath !== undefined) {
    const st = statOrNull(mapPath);
    if (!st) throw new UsageError('mapMissing', { path: mapPath });
    if (!st.isFile()) throw new UsageError('notAFile', { path: mapPath });
    let json: unknown;
    try {
      json = JSON.parse(decodeText(readFileSync(mapPath)));
    } catch (e) {
      throw new UsageError('badMap', { path: mapPath, detail: (e as Error).message });
    }
    const r = mappingFileSchema.safeParse(json);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new UsageError('badMap', { path: mapPath, detail: `${i?.path.join('.') ?? ''}: ${i?.message ?? ''}` });
    }
    mapping = r.data.fields as FieldMapping;
  }
  const key = str('key');
  return {
    join: joinPath !== undefined && key !== undefined ? { path: joinPath, key, joinKey: str('join-key') ?? key } : null,
    mapPath,
    mapping,
    encoding: encodingOf('encoding'),
    joinEncoding: encodingOf('join-encoding'),
    sheet: str('sheet') ?? null,
    layer: str('layer') ?? null,
  };
}

/** A .shp's siblings in its folder: the same name with .dbf, .shx, .prj, .cpg (of any case). */
function shapefileSiblings(shp: string): { path: string; name: string }[] {
  const folder = dirname(resolve(shp));
  const stem = basename(shp)
    .replace(/\.shp$/i, '')
    .toLowerCase();
  return readdirSync(folder)
    .filter((n) => n.toLowerCase().startsWith(`${stem}.`) && /^\.(shp|dbf|shx|prj|cpg)$/i.test(n.slice(stem.length)))
    .map((n) => ({ path: join(folder, n), name: n }));
}

/** The audit's input for an import: the files' bytes (a zip, or a .shp and its siblings, or a GeoJSON) and the settings. */
function importInput(input: string, o: ImportOptions, crs: StatedCrs | null) {
  const read = (path: string, name = basename(path)) => ({ name, bytes: new Uint8Array(readFileSync(path)) });
  const parcels = /\.shp$/i.test(input) ? shapefileSiblings(input).map((f) => read(f.path, f.name)) : [read(input)];
  return {
    kind: 'import' as const,
    name: basename(input).replace(/\.[^.]+$/, ''),
    sources: { parcels, table: o.join ? read(o.join.path) : null },
    settings: {
      encoding: o.encoding,
      tableEncoding: o.joinEncoding,
      crs,
      layer: o.layer,
      sheet: o.sheet,
      mapping: o.mapping,
      join: o.join ? { key: o.join.key, tableKey: o.join.joinKey } : null,
    },
  };
}

const statOrNull = (path: string): Stats | null => {
  try {
    return statSync(path);
  } catch {
    return null;
  }
};

/** The files an audit reads (those that exist): the input, or a dataset's manifest and every file it names; the --rules file. */
function inputFiles(input: string, isFolder: boolean, rulesPath: string | undefined, others: (string | undefined)[]): { path: string; stat: Stats }[] {
  const paths = [isFolder ? join(input, 'dataset.json') : input, ...others.filter((p): p is string => p !== undefined)];
  // a .shp is read with its siblings
  if (!isFolder && /\.shp$/i.test(input)) paths.push(...shapefileSiblings(input).map((f) => f.path));
  if (rulesPath) paths.push(rulesPath);
  if (isFolder) {
    try {
      const m = JSON.parse(readFileSync(join(input, 'dataset.json'), 'utf8')) as { rules?: unknown; layers?: Record<string, unknown> };
      const named = [m.rules, ...Object.values(m.layers ?? {}).map((v) => (v && typeof v === 'object' ? (v as { path?: unknown }).path : v))];
      for (const p of named) if (typeof p === 'string' && memberPathRule(p) === null) paths.push(join(input, p));
    } catch {
      // a manifest that cannot be read is reported by the audit
    }
  }
  return paths.flatMap((path) => {
    const stat = statOrNull(path);
    return stat ? [{ path, stat }] : [];
  });
}

/** An output path must lie in a folder that exists, not be a folder, and not be (by its device and inode) a file the audit reads. */
function checkOutput(option: string, path: string, inputs: { path: string; stat: Stats }[]): void {
  const folder = dirname(resolve(path));
  if (!statOrNull(folder)?.isDirectory()) throw new UsageError('outFolderMissing', { option, folder: dirname(path) });
  const stat = statOrNull(path);
  if (stat?.isDirectory()) throw new UsageError('outIsFolder', { option, path });
  const same = stat && inputs.find((i) => i.stat.dev === stat.dev && i.stat.ino === stat.ino);
  if (same) throw new UsageError('outIsInput', { option, path, input: same.path });
}

/**
 * Reads a dataset folder's files, confined to it: a path is resolved with its symbolic links and must stay inside
 * the folder (also resolved), and name a regular file; the reasons it cannot are ReadFailures the dataset reports.
 */
function folderReader(folder: string, files: ReturnType<typeof fileSources>): TextReader {
  const root = realpathSync(folder);
  return async (rel): Promise<ByteSource | ReadFailure | null> => {
    let real: string;
    try {
      real = realpathSync(join(root, rel));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? null : { failure: 'unreadable', detail: code ?? (e as Error).message };
    }
    if (real !== root && !real.startsWith(root + sep)) return { failure: 'outside-dataset' };
    if (!statSync(real).isFile()) return { failure: 'not-a-file' };
    try {
      return files.open(real);
    } catch (e) {
      return { failure: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
    }
  };
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
    return typeof name === 'string' && memberPathRule(name) === null ? statSync(join(input, name)).size : 0;
  } catch {
    return 0; // the audit reports what is wrong with the folder
  }
}

/** One thread per core, up to 4 (the parts' joining on this thread limits what more would give). */
function defaultThreads(): number {
  return Math.min(4, availableParallelism());
}

/**
 * Writes bytes through one 1 MiB buffer, so the report's many small pieces cost a few hundred writes; pieces larger
 * than the buffer are written as they are. To a file: a temporary one beside the target, renamed onto it by `finish`
 * (a rename within a folder is atomic: the target is the old file or the whole report, never half of one).
 */
class ByteSink {
  private readonly buf = new Uint8Array(1 << 20);
  private used = 0;

  constructor(
    private fd: number | null,
    private readonly file: { target: string; temporary: string } | null,
  ) {}

  static toFile(target: string): ByteSink {
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    let fd: number;
    try {
      fd = openSync(temporary, 'wx');
    } catch (e) {
      throw new CannotWrite(target, e);
    }
    return new ByteSink(fd, { target, temporary });
  }

  write(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buf.length) this.flush();
    if (bytes.length > this.buf.length) this.writeOut(bytes);
    else {
      this.buf.set(bytes, this.used);
      this.used += bytes.length;
    }
  }

  /** Writes what is buffered; a file is put in place when `keep` (a report was made), else removed. */
  finish(keep: boolean): void {
    this.flush();
    if (!this.file || this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    if (!keep) unlinkSync(this.file.temporary);
    else
      try {
        renameSync(this.file.temporary, this.file.target);
      } catch (e) {
        this.remove();
        throw new CannotWrite(this.file.target, e);
      }
  }

  /** After a failure: a temporary file is removed, the target left as it was. */
  abandon(): void {
    if (!this.file) return;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.remove();
  }

  private remove(): void {
    try {
      if (this.file) unlinkSync(this.file.temporary);
    } catch {
      // gone already
    }
  }

  private flush(): void {
    if (this.used > 0) this.writeOut(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  private writeOut(bytes: Uint8Array): void {
    try {
      writeAll(this.fd as number, bytes);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!this.file && code === 'EPIPE') throw new OutputClosed();
      throw this.file ? new CannotWrite(this.file.target, e) : e;
    }
  }
}

/** An output that could not be written (a full disk, no permission): said plainly, exit 1, no partial file. */
class CannotWrite extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super((cause as NodeJS.ErrnoException).code ?? (cause as Error).message);
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
const lang = langOf(process.argv.slice(2));
main(lang).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      say(translate(lang, 'cli.usageError', { message: translate(lang, `cli.error.${e.key}`, e.params) }));
      process.stderr.write(`${translate(lang, 'cli.usage')}\n`);
      process.exit(2);
    }
    if (e instanceof OutputClosed) process.exit(0);
    if (e instanceof CannotWrite) {
      say(translate(lang, 'cli.cannotWrite', { path: e.path, detail: e.message }));
      process.exit(1);
    }
    say(translate(lang, 'cli.internalError', { detail: (e as Error).message }));
    process.exit(1);
  },
);
