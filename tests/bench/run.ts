/**
 * npm run bench [-- --skip-browser | --browser-only] [--postgis | --postgis-only] : prints figures, asserts nothing.
 * (a) JSON.parse alone vs the whole analysis (validate + metrics + flags + summaries) for 10k/50k/100k parcels
 * (b) the audit CLI: wall time and peak memory (GNU time)
 * (c) headless Chromium: navigation → first map idle with the 100k dataset, main-thread long tasks (and those of the
 *     embedded dataset, for comparison), filter → idle
 * (d) production bundle, gzipped, per chunk
 * Scale data come from `npm run seed:scale` (tests/bench/data, git-ignored); missing sizes are generated first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { generateScale, SCALE_DIR } from '../../seeds/generate-scale';
import { writeDatasetIndex } from '../../src/build/datasetIndex';
import { bundleOptions } from '../../src/cli/bundle.mjs';
import { launch, openPage } from '../e2e/browser';
import { ROOT } from '../helpers/fixtures';

const SIZES = [10_000, 50_000, 100_000];
const args = new Set(process.argv.slice(2));
const dirOf = (n: number) => join(SCALE_DIR, `scale-${n / 1000}k`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
/** The longest of some long tasks' durations, in whole ms (0 for none). */
const longestMs = (ms: readonly number[]) => (ms.length ? Math.max(...ms) : 0).toFixed(0);
const line = (...cols: string[]) => process.stdout.write(`${cols.join('  ')}\n`);

for (const n of SIZES) if (!existsSync(join(dirOf(n), 'parcels.geojson'))) generateScale(n);

/** Bench (a)'s measuring process (oneSize.ts and the CLI's worker thread entry), bundled as the CLI is (see src/cli/bundle.mjs). */
async function measuringBundle(): Promise<string> {
  const { build } = await import('esbuild');
  const out = join(ROOT, 'node_modules', '.cache', 'parkatlas-bench');
  rmSync(out, { recursive: true, force: true });
  await build(bundleOptions({ oneSize: 'tests/bench/oneSize.ts', shardWorker: 'src/cli/shardWorker.ts' }, out));
  return join(out, 'oneSize.mjs');
}

async function parseVsAnalysis() {
  const entry = await measuringBundle();
  line('\n(a) JSON.parse vs whole analysis (each size in a fresh process; median of 3 runs, full GC before each)');
  line('    the measuring process runs tests/bench/oneSize.ts bundled by esbuild, as the CLI runs (and the app is built):');
  line('    not through tsx, whose loader, source maps and keepNames helper (on every function made per parcel) would be timed too');
  line("    parse: JSON.parse of the parcels file's text (already decoded) — the floor");
  line("    analysis: from the files' bytes, parcel by parcel: scan + parse + validate + metrics + flags + summaries, one");
  line("    thread, every result kept as objects (the app's worker up to 20,000 parcels); ratio = analysis / parse (target ≤ 1.5);");
  line('    "added" = analysis − parse; heap: what the results keep after a full GC');
  line("    in parts: the same analysis in parts on this thread and one worker thread, with each parcel's JSON report");
  line("    text written too (the audit CLI's path); its ratio to parse. The worker thread starts before the clock (the CLI");
  line('    starts it while it reads the files; (b) times it all) and a first run, while it loads its code, is not counted');
  line("    app: the app's worker on a dataset over 20,000 parcels (AnalysisSession.load): in parts, no report text, no");
  line('    result object kept (table columns, tile features), with the threads the app takes here (one per core but one);');
  line('    its ratio to parse; app 2: the same on two threads (this one and the same worker thread)');
  line(
    'parcels'.padEnd(8),
    'file'.padEnd(9),
    'parse'.padEnd(8),
    'analysis'.padEnd(9),
    'ratio'.padEnd(6),
    'added'.padEnd(8),
    'heap'.padEnd(7),
    'in parts'.padEnd(9),
    'ratio'.padEnd(6),
    'app'.padEnd(8),
    'ratio'.padEnd(6),
    'app 2'.padEnd(8),
    'ratio',
  );
  for (const n of SIZES) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', entry, dirOf(n), String(n)], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    const out = r.stdout.trim().split('\n').pop() ?? '';
    let m: {
      n: number;
      fileBytes: number;
      parses: number[];
      runs: number[];
      count: number;
      heapMb: number;
      parts: number[];
      partsCount: number;
      app: number[];
      appThreads: number;
      app2: number[];
      appCount: number;
      reevaluate: number[];
      compareMs: number;
    };
    try {
      m = JSON.parse(out);
    } catch {
      line(`${n}: the measuring process failed: ${r.stderr.slice(0, 300)}`);
      continue;
    }
    const parseMs = median(m.parses);
    const analysisMs = median(m.runs);
    const partsMs = median(m.parts);
    const appMs = median(m.app);
    const app2Ms = median(m.app2);
    line(
      String(n).padEnd(8),
      mb(m.fileBytes).padEnd(9),
      s(parseMs).padEnd(8),
      s(analysisMs).padEnd(9),
      (analysisMs / parseMs).toFixed(2).padEnd(6),
      s(analysisMs - parseMs).padEnd(8),
      `${m.heapMb.toFixed(0)} MB`.padEnd(7),
      s(partsMs).padEnd(9),
      (partsMs / parseMs).toFixed(2).padEnd(6),
      s(appMs).padEnd(8),
      (appMs / parseMs).toFixed(2).padEnd(6),
      s(app2Ms).padEnd(8),
      (app2Ms / parseMs).toFixed(2).padEnd(5),
      `(${m.count} / ${m.partsCount} / ${m.appCount} parcels; runs ${m.runs.map((x) => (x / 1000).toFixed(2)).join(' / ')} s; in parts ${m.parts.map((x) => (x / 1000).toFixed(2)).join(' / ')} s; app (${m.appThreads} thread${m.appThreads > 1 ? 's' : ''}) ${m.app.map((x) => (x / 1000).toFixed(2)).join(' / ')} s; app 2 ${m.app2.map((x) => (x / 1000).toFixed(2)).join(' / ')} s)`,
    );
    line(
      ''.padEnd(8),
      `as-of date changed in the app's worker (re-evaluation, no reading): ${m.reevaluate.map((x) => (x / 1000).toFixed(2)).join(' / ')} s for 2016 / 2017 / 2018 year-ends; year-end comparison 2017→2018 ${(m.compareMs / 1000).toFixed(2)} s`,
    );
  }
}

function cli() {
  line('\n(b) audit CLI end to end, 100k parcels, JSON report (GNU time; three runs each, interleaved, the machine is noisy)');
  const bundled = auditCommand();
  line(`cores: ${availableParallelism()}`);
  timeCli(dirOf(100_000), [
    { label: 'default (threads: one per core, up to 4)', command: bundled, args: [] },
    { label: '--threads 1', command: bundled, args: ['--threads', '1'] },
    { label: 'default, TypeScript source through tsx (no bundle)', command: ['--import', 'tsx', join(ROOT, 'src', 'cli', 'audit.ts')], args: [] },
  ]);
  // what the default number of threads rests on: below THREADS_MIN_BYTES (src/cli/audit.ts) the CLI uses one
  for (const n of SIZES.filter((x) => x < 100_000)) {
    line(`(b) the same at ${n / 1000}k parcels: one thread or two`);
    timeCli(dirOf(n), [
      { label: '--threads 1', command: bundled, args: ['--threads', '1'] },
      { label: '--threads 2', command: bundled, args: ['--threads', '2'] },
    ]);
  }
}

let bundleBuilt = false;
/**
 * `npm run audit`'s command: the bundle (src/cli/run.mjs), built here first, once a bench run, so that no timed run
 * includes the build.
 */
function auditCommand(): string[] {
  if (!bundleBuilt) execFileSync(process.execPath, [join(ROOT, 'src', 'cli', 'bundle.mjs')], { cwd: ROOT, stdio: 'ignore' });
  bundleBuilt = true;
  return [join(ROOT, 'src', 'cli', 'run.mjs')];
}

interface CliRun {
  /** seconds */
  wall: number;
  kb: number;
  status: number | null;
}

/** One run of the CLI on `dir`, its report to /dev/null, timed by GNU time (wall time and peak RSS). */
function runCli(dir: string, command: string[], args: string[]): CliRun {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...command, dir, '--out', '/dev/null', ...args], { encoding: 'utf8', cwd: ROOT });
  const [wall, kb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { wall: wall ?? Number.NaN, kb: kb ?? 0, status: r.status };
}

/** Runs each configuration of the CLI on `dir` three times, interleaved, and prints median wall time and peak RSS. */
function timeCli(dir: string, configs: { label: string; command: string[]; args: string[] }[]) {
  const fileBytes = statSync(join(dir, 'parcels.geojson')).size;
  const runs = configs.map(() => [] as CliRun[]);
  for (let i = 0; i < 3; i++)
    configs.forEach((c, k) => {
      runs[k]?.push(runCli(dir, c.command, c.args));
    });
  configs.forEach((c, k) => {
    const rs = runs[k] ?? [];
    const walls = rs.map((r) => r.wall);
    const peak = Math.max(...rs.map((r) => r.kb)) * 1024;
    line(
      `${c.label}: median ${s(median(walls) * 1000)} (runs ${walls.map((w) => `${w.toFixed(2)}`).join(' / ')} s), peak RSS ${mb(peak)} = ${(peak / fileBytes).toFixed(2)} × the parcels file (${mb(fileBytes)}); exit ${rs.map((r) => r.status).join(' ')}`,
    );
  });
}

async function browser() {
  line('\n(c) headless Chromium, built app, 100k parcels');
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  cpSync(dirOf(100_000), join(ROOT, 'dist', 'scale-100k'), { recursive: true });
  // the floor pages (see canvasFloor), with MapLibre's own files beside them
  cpSync(join(ROOT, 'tests', 'bench', 'floor.html'), join(ROOT, 'dist', 'floor', 'index.html'));
  for (const f of ['maplibre-gl.mjs', 'maplibre-gl-shared.mjs', 'maplibre-gl-worker.mjs'])
    cpSync(join(ROOT, 'node_modules', 'maplibre-gl', 'dist', f), join(ROOT, 'dist', 'floor', 'maplibre', f));
  // the same data with its parcels as a PMTiles archive written by the audit CLI
  const tiled = join(ROOT, 'dist', 'scale-100k-tiles');
  cpSync(dirOf(100_000), tiled, { recursive: true });
  const audit = auditCommand();
  const tiling = runCli(tiled, audit, ['--tiles', join(tiled, 'parcels.pmtiles')]);
  line(
    `audit --tiles parcels.pmtiles (analysis + vector tiles z11–14, default threads): ${tiling.wall.toFixed(2)} s, peak RSS ${mb(tiling.kb * 1024)}, exit ${tiling.status}; archive ${mb(statSync(join(tiled, 'parcels.pmtiles')).size)}`,
  );
  const manifest = JSON.parse(readFileSync(join(tiled, 'dataset.json'), 'utf8'));
  manifest.layers.parcelTiles = { path: 'parcels.pmtiles', minZoom: 11, maxZoom: 14 };
  writeFileSync(join(tiled, 'dataset.json'), JSON.stringify(manifest));
  // the app opens only the datasets its index lists: list the ones added here
  writeDatasetIndex(join(ROOT, 'dist'));
  const { preview } = await import('vite');
  const server = await preview({ configFile: join(ROOT, 'vite.config.ts'), preview: { port: 4174, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4174/';
  const b = await launch();
  try {
    // The same load with the embedded dataset (漯河, 2,342 parcels), three times: the long tasks the page has whatever
    // the data's size. In this software-rendered browser the first frames of a WebGL map wait for SwiftShader.
    const baseline: string[] = [];
    let mapSize = { w: 0, h: 0 };
    for (let i = 0; i < 3; i++) {
      const { page, tasks, over } = await loadWatched(b, `${url}?dataset=luohe`);
      baseline.push(`${longestMs(tasks)} ms (longest script ${over.length ? (over[0] as [number, string])[0].toFixed(0) : '≤ 50'} ms)`);
      mapSize = await page.evaluate(() => {
        const r = (document.querySelector('.maplibregl-canvas') as HTMLCanvasElement).getBoundingClientRect();
        return { w: Math.round(r.width), h: Math.round(r.height) };
      });
      await page.close();
    }
    line(`-- ?dataset=luohe (the embedded 2,342 parcels), longest main-thread task during load, three loads: ${baseline.join(', ')}`);
    await canvasFloor(b, url, mapSize);
    await gpuProcessFloor(url, mapSize);
    for (const dataset of ['scale-100k', 'scale-100k-tiles']) {
      line(`-- ?dataset=${dataset}`);
      const t = performance.now();
      const { page, firstIdle, tasks, over } = await loadWatched(b, `${url}?dataset=${dataset}`);
      line(`navigation → first map idle with data: ${s(firstIdle)} (wall ${s(performance.now() - t)})`);
      line(`  the load's phases (its User Timing marks, from navigation): ${await loadPhases(page, firstIdle)}`);
      line(`main-thread long tasks during load: ${tasks.length}, longest ${longestMs(tasks)} ms`);
      line(
        `  of which JavaScript (long-animation-frame scripts over 50 ms, longest first): ${over.length ? over.map(([ms, what]) => `${ms.toFixed(0)} ms ${what}`).join('; ') : 'none'}`,
      );
      // zoom into one zone, where parcels are drawn, then filter there
      const zoomMs = await page.evaluate(async () => {
        const t0 = performance.now();
        (document.querySelector('button[data-zone=z01]') as HTMLButtonElement).click();
        await new Promise((r) => setTimeout(r, 700)); // the fly-to animation
        await window.__parkatlas?.map.whenIdle();
        return performance.now() - t0;
      });
      const drawn = await page.evaluate(() => {
        const m = window.__parkatlas?.map.map;
        return { zoom: m?.getZoom() ?? 0, parcels: window.__parkatlas?.map.drawnParcelIds().length ?? 0 };
      });
      line(`zone chosen → map idle: ${zoomMs.toFixed(0)} ms (incl. 600 ms fly-to); zoom ${drawn.zoom.toFixed(1)}, ${drawn.parcels} parcels drawn`);
      // one frame: a repaint with nothing changed, to tell drawing from the rest (median of 7)
      const frameMs = await page.evaluate(async () => {
        const m = window.__parkatlas?.map.map;
        const times: number[] = [];
        for (let i = 0; i < 7; i++) {
          const t0 = performance.now();
          m?.triggerRepaint();
          await new Promise((r) => m?.once('idle', r));
          times.push(performance.now() - t0);
        }
        return times.sort((a, b) => a - b)[3] as number;
      });
      line(`one repaint of that view → idle: ${frameMs.toFixed(0)} ms (median of 7)`);
      // filter changes: "idle" on, "low-efficiency" on, "idle" off, "low-efficiency" off, three rounds
      // "idle" is MapLibre's event: its drawing calls are done. In this software-rendered browser the frame then still
      // waits for SwiftShader when the page hands it to the compositor; the next animation frame comes after that.
      const toIdle: number[] = [];
      const toFrame: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const flag of ['idle', 'low-efficiency', 'idle', 'low-efficiency']) {
          const [idleMs, frameMs] = await page.evaluate(async (f) => {
            const t0 = performance.now();
            (document.querySelector(`input[data-flag=${f}]`) as HTMLInputElement).click();
            await window.__parkatlas?.map.whenIdle();
            const t1 = performance.now();
            await new Promise((r) => requestAnimationFrame(r));
            return [t1 - t0, performance.now() - t0];
          }, flag);
          toIdle.push(idleMs as number);
          toFrame.push(frameMs as number);
        }
      }
      const stats = (xs: number[]) => {
        return `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)} (${xs.map((x) => x.toFixed(0)).join(' ')})`;
      };
      line(`filter change → next idle: ${stats(toIdle)}`);
      line(`filter change → next animation frame after that idle (the frame composited): ${stats(toFrame)}`);
      const all = await page.evaluate(() => (window as unknown as { __longTasks?: number[] }).__longTasks ?? []);
      line(`main-thread long tasks in all: ${all.length}, longest ${longestMs(all)} ms`);
      await page.close();
    }
  } finally {
    await b.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
}

/**
 * The floor under the map's long tasks in this browser: pages with no app and no data (tests/bench/floor.html), with
 * a canvas or map of the app's map size: a WebGL2 canvas only cleared for twelve frames; a 2D canvas the same, for
 * contrast; a MapLibre map with an empty style, and one with a single polygon, each until its first idle. Three pages
 * of each WebGL kind, interleaved. With --disable-gpu the compositor is software, so the page reads each WebGL frame
 * back from SwiftShader on its main thread; a 2D canvas is drawn in software and needs no readback.
 */
async function canvasFloor(b: Awaited<ReturnType<typeof launch>>, url: string, size: { w: number; h: number }) {
  line(`-- floor: pages with no app and no data, a canvas or map of the app's map size (${size.w} × ${size.h} px); longest main-thread task`);
  const runs = await floorPages(b, url, size, ['webgl', 'maplibre-empty', 'maplibre-polygon']);
  line(
    `WebGL2 canvas only cleared, 12 frames: ${floorRuns(runs, 'webgl', (r) => `${longestMs(r.longTasks)} ms (${r.longTasks.length} long, frame median ${median(r.frameMs).toFixed(0)} ms)`)}`,
  );
  line(
    `MapLibre, empty style, to its first idle: ${floorRuns(runs, 'maplibre-empty', (r) => `${longestMs(r.longTasks)} ms (${r.longTasks.length} long, idle at ${r.frameMs[0]?.toFixed(0)} ms)`)}`,
  );
  line(
    `MapLibre, one polygon (background, fill, line), to its first idle: ${floorRuns(runs, 'maplibre-polygon', (r) => `${longestMs(r.longTasks)} ms (${r.longTasks.length} long, idle at ${r.frameMs[0]?.toFixed(0)} ms)`)}`,
  );
  const flat = await floorPage(b, url, size, '2d');
  line(
    `2D canvas only filled, 12 frames, for contrast: ${longestMs(flat.longTasks)} ms (${flat.longTasks.length} long, frame median ${median(flat.frameMs).toFixed(0)} ms)`,
  );
}

/**
 * The same floor with the GPU process (Chromium without --disable-gpu): WebGL and the compositor both run there, on
 * SwiftShader, so frames are not read back on the page's main thread; making the WebGL context is then the long task.
 * Also the app's load of the embedded dataset in that browser, for comparison.
 */
async function gpuProcessFloor(url: string, size: { w: number; h: number }) {
  line('-- the same with the GPU process (Chromium without --disable-gpu; WebGL and compositing on SwiftShader in the GPU process)');
  const b = await launch({ gpuProcess: true });
  try {
    const runs = await floorPages(b, url, size, ['webgl', 'maplibre-polygon']);
    const made = (r: Floor) => `making the context ${r.contextMs.toFixed(0)} ms`;
    line(
      `WebGL2 canvas only cleared, 12 frames: ${floorRuns(runs, 'webgl', (r) => `${longestMs(r.longTasks)} ms (${made(r)}; frame median ${median(r.frameMs).toFixed(0)} ms)`)}`,
    );
    line(
      `MapLibre, one polygon, to its first idle: ${floorRuns(runs, 'maplibre-polygon', (r) => `${longestMs(r.longTasks)} ms (Map constructor ${r.contextMs.toFixed(0)} ms; idle at ${r.frameMs[0]?.toFixed(0)} ms)`)}`,
    );
    const loads: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { page, tasks } = await loadWatched(b, `${url}?dataset=luohe`);
      loads.push(`${longestMs(tasks)} ms`);
      await page.close();
    }
    line(`the app, ?dataset=luohe, longest main-thread task during load, two loads: ${loads.join(', ')}`);
  } finally {
    await b.close();
  }
}

type Floor = { longTasks: number[]; frameMs: number[]; contextMs: number; drawn: boolean };

const floorRuns = (runs: Map<string, Floor[]>, kind: string, what: (r: Floor) => string) => (runs.get(kind) ?? []).map(what).join('; ');

async function floorPage(b: Awaited<ReturnType<typeof launch>>, url: string, size: { w: number; h: number }, kind: string): Promise<Floor> {
  const page = await b.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${url}floor/?kind=${kind}&w=${size.w}&h=${size.h}`);
  await page.waitForFunction(() => (window as unknown as { __floor?: unknown }).__floor !== undefined, null, { timeout: 60_000 });
  const r = await page.evaluate(() => (window as unknown as { __floor: Floor }).__floor);
  await page.close();
  if (!r.drawn) throw new Error(`floor page ${kind}: nothing drawn`);
  return r;
}

/** Three pages of each kind, interleaved. */
async function floorPages(b: Awaited<ReturnType<typeof launch>>, url: string, size: { w: number; h: number }, kinds: string[]) {
  const runs = new Map<string, Floor[]>(kinds.map((k) => [k, []]));
  for (let i = 0; i < 3; i++) for (const k of kinds) runs.get(k)?.push(await floorPage(b, url, size, k));
  return runs;
}

/**
 * Opens the app and waits for its first map idle with data, watching the main thread: long tasks, and the scripts
 * of long animation frames over 50 ms (which part of a long frame is JavaScript, and whose).
 */
async function loadWatched(b: Awaited<ReturnType<typeof launch>>, url: string) {
  const { page } = await openPage(b, url, { width: 1400, height: 900 }, () => {
    const w = window as unknown as { __longTasks: number[]; __scripts: [number, string][] };
    w.__longTasks = [];
    w.__scripts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { scripts: { duration: number; invoker: string; sourceURL: string }[] }[]) {
        for (const sc of e.scripts)
          w.__scripts.push([sc.duration, `${sc.invoker.replace(/^https?:\/\/[^/]+\//, '')} in ${sc.sourceURL.split('/').pop() || '(page)'}`]);
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  const firstIdle = await page.evaluate(() => performance.now());
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks?: number[] }).__longTasks ?? []);
  const scripts = await page.evaluate(() => (window as unknown as { __scripts?: [number, string][] }).__scripts ?? []);
  const over = scripts.filter(([ms]) => ms > 50).sort((x, y) => y[0] - x[0]);
  return { page, firstIdle, tasks, over };
}

/**
 * The app's load phases from its User Timing marks (src/app/loadMarks.ts): when each began, and the analysis in the
 * worker (validate → prepare: the parcels read, checked and analysed; before it, the files fetched and scanned).
 */
async function loadPhases(page: Page, firstIdle: number): Promise<string> {
  const marks = new Map(
    await page.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('parkatlas:'))
        .map((m) => [m.name.slice('parkatlas:'.length), m.startTime] as [string, number]),
    ),
  );
  const at = (m: string) => marks.get(m);
  const shown = [...marks].map(([m, ms]) => `${m} ${s(ms)}`).join(', ');
  const [validate, prepare] = [at('validate'), at('prepare') ?? at('ready')];
  const analysis = validate != null && prepare != null ? `; analysis in the worker (validate → prepare) ${s(prepare - validate)}` : '';
  const table = at('table');
  return `${shown}, first idle ${s(firstIdle)}${analysis}${table != null ? `; table drawn → first idle ${s(firstIdle - table)}` : ''}`;
}

function bundle() {
  line('\n(d) production bundle (gzipped)');
  const assets = join(ROOT, 'dist', 'assets');
  // always a fresh production build (dist may hold another build, e.g. the browser tests')
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let initial = 0;
  let eager = 0;
  const html = readFileSync(join(ROOT, 'dist', 'index.html'), 'utf8');
  for (const f of readdirSync(assets).sort()) {
    const buf = readFileSync(join(assets, f));
    const gz = gzipSync(buf).length;
    const isInitial = html.includes(f);
    // the map chunk (MapLibre and the map module) and the table's are imported by the page shell as soon as it has rendered
    const isEager = f.startsWith('MapView-') || f.startsWith('ParcelTable-');
    if (isInitial) initial += gz;
    if (isEager) eager += gz;
    line(
      f.padEnd(44),
      `${(buf.length / 1024).toFixed(0).padStart(6)} KB`,
      `${(gz / 1024).toFixed(0).padStart(5)} KB gz`,
      isInitial ? '(initial)' : isEager ? '(loaded right after the shell)' : '(on demand / worker)',
    );
  }
  line(`initial JavaScript + CSS, gzipped: ${(initial / 1024).toFixed(0)} KB; with the map and table chunks: ${((initial + eager) / 1024).toFixed(0)} KB`);
}

/**
 * --postgis: the same 100k parcels through PostGIS on this machine (ogr2ogr load + one SQL query computing the
 * GK and ellipsoidal areas, the functional area holding the largest share, constraint overlaps and the per-亩
 * indicators), next to the audit CLI's time. Needs PostgreSQL with PostGIS and ogr2ogr; run as root, the commands run
 * as the postgres user (peer authentication on the local socket).
 */
function postgis() {
  line('\n(b2) the same 100k parcels in PostGIS (ogr2ogr load, then one SQL query), side by side with the audit CLI:');
  line('    three rounds, each PostGIS then `npm run audit` (default threads), so both are timed in the same state of the machine');
  const dir = dirOf(100_000);
  const audit = auditCommand();
  const ratios: number[] = [];
  for (let round = 1; round <= 3; round++) {
    const pg = postgisRound(dir);
    if (typeof pg === 'string') {
      line(`PostGIS comparison skipped: ${pg}`);
      return;
    }
    const c = runCli(dir, audit, []);
    const pgMs = pg.loadMs + pg.queryMs;
    const ratio = (c.wall * 1000) / pgMs;
    ratios.push(ratio);
    line(
      `round ${round}: PostGIS ogr2ogr load ${s(pg.loadMs)} + query ${s(pg.queryMs)} = ${s(pgMs)} (${pg.result}); one third: ${s(pgMs / 3)}; audit CLI ${c.wall.toFixed(2)} s (exit ${c.status}) = ${ratio.toFixed(3)} × PostGIS`,
    );
  }
  line(`audit CLI / PostGIS, median of the rounds: ${median(ratios).toFixed(3)} (the target is ≤ 0.333)`);
}

/** Loads the dataset into a fresh database and runs the query; the times, or why it could not. */
function postgisRound(dir: string): { loadMs: number; queryMs: number; result: string } | string {
  const asPostgres = (cmd: string, cmdArgs: string[]) =>
    process.getuid?.() === 0
      ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...cmdArgs], { encoding: 'utf8' })
      : spawnSync(cmd, cmdArgs, { encoding: 'utf8' });
  const db = 'parkatlas_bench';
  asPostgres('dropdb', ['--if-exists', db]);
  const made = asPostgres('createdb', [db]);
  if (made.status !== 0) return `createdb failed (${(made.stderr || made.error?.message || '').trim()})`;
  try {
    asPostgres('psql', ['-q', '-d', db, '-c', 'CREATE EXTENSION postgis']);
    const pg = `PG:dbname=${db}`;
    const t0 = performance.now();
    for (const layer of ['parcels', 'zones', 'areas', 'constraints']) {
      const r = asPostgres('ogr2ogr', [
        '-f',
        'PostgreSQL',
        pg,
        join(dir, `${layer}.geojson`),
        '-nln',
        layer,
        '-lco',
        'GEOMETRY_NAME=geom',
        '-nlt',
        'PROMOTE_TO_MULTI',
      ]);
      if (r.status !== 0) return `ogr2ogr ${layer} failed (${r.stderr.trim().slice(0, 200)})`;
    }
    const loadMs = performance.now() - t0;
    const sql = `
    CREATE TABLE result AS
    WITH m AS (SELECT p.*, ST_Area(ST_Transform(p.geom, 4547)) AS area_m2 FROM parcels p)
    SELECT m.id, m.area_m2, ST_Area(m.geom::geography) AS ellipsoid_m2,
      (SELECT a.id FROM areas a WHERE ST_Intersects(a.geom, m.geom) ORDER BY ST_Area(ST_Intersection(a.geom, m.geom)) DESC LIMIT 1) AS area_id,
      (SELECT coalesce(sum(ST_Area(ST_Transform(ST_Intersection(c.geom, m.geom), 4547))), 0) FROM constraints c WHERE ST_Intersects(c.geom, m.geom)) AS conflict_m2,
      m.fixedassetinvestmentwanyuan / (m.area_m2 / (10000.0 / 15)) AS intensity_wan_per_mu,
      m.flooraream2 / m.area_m2 AS far, m.footprintm2 / m.area_m2 AS coverage,
      m.revenuewanyuan / (m.area_m2 / (10000.0 / 15)) AS output_wan_per_mu
    FROM m;
    SELECT count(*) AS parcels, round(sum(area_m2)) AS area_m2 FROM result;`;
    const t1 = performance.now();
    const q = asPostgres('psql', ['-q', '-d', db, '-At', '-c', sql]);
    const queryMs = performance.now() - t1;
    if (q.status !== 0) return `the query failed: ${q.stderr.trim().slice(0, 300)}`;
    return { loadMs, queryMs, result: `${q.stdout.trim().replace('|', ' parcels, ')} m²` };
  } finally {
    asPostgres('dropdb', [db]);
  }
}

if (args.has('--postgis-only')) postgis();
else {
  if (!args.has('--browser-only')) {
    await parseVsAnalysis();
    cli();
    if (args.has('--postgis')) postgis();
  }
  if (!args.has('--skip-browser')) await browser();
  bundle();
}
