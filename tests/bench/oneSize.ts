import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analysisMeta } from '../../src/analysis/analyse';
import { NodeShardPool } from '../../src/cli/shardPool';
import { openDataset } from '../../src/data/dataset';
import { runAudit } from '../../src/engine/audit';
import { AnalysisSession } from '../../src/engine/session';
import { analyseInShards, shardSpecOf } from '../../src/engine/shards';
import { analysisThreads } from '../../src/worker/webShardPool';

/**
 * Bench (a)'s measuring process for one size: `node --expose-gc oneSize.mjs DIR N`, started by run.ts from an esbuild
 * bundle of this file (the code as the CLI and the app run it: bundled, not through tsx). JSON.parse of the text and
 * the whole analysis from the bytes, three times each, a full garbage collection before every run so no run pays for
 * the garbage of the one before. Prints one JSON line.
 */
async function oneSize(dir: string, n: number) {
  const files = new Map<string, Uint8Array>();
  for (const f of ['dataset.json', 'parcels.geojson', 'zones.geojson', 'areas.geojson', 'constraints.geojson']) files.set(f, readFileSync(join(dir, f)));
  const bytes = files.get('parcels.geojson') as Uint8Array;
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const parses = timeParses(bytes, gc);
  const runs: number[] = [];
  let count = 0;
  let heapMb = 0;
  for (let i = 0; i < 3; i++) {
    gc();
    const t0 = performance.now();
    // the one path on this thread alone, every parcel's result kept (the results sink)
    const opened = await openDataset(async (rel) => files.get(rel) ?? null);
    const reader = opened.parcels;
    if (!reader) throw new Error('no parcels file');
    const spec = shardSpecOf(opened, reader, analysisMeta(opened, '2018-12-31').asOfDate, { results: { geometry: false } });
    const r = await analyseInShards(reader, spec, null);
    runs.push(performance.now() - t0);
    count = r.outputs.results?.results.length ?? 0;
    gc();
    heapMb = process.memoryUsage().heapUsed / 1e6; // what the results keep
  }
  // the CLI's path: in parts on this thread and one worker thread, each parcel's JSON report text written too
  // (the worker is started before the clock, as the CLI starts it while it reads the files; (b) times it all)
  const pool = new NodeShardPool(1);
  const parts: number[] = [];
  let partsCount = 0;
  for (let i = 0; i < 4; i++) {
    gc();
    const t0 = performance.now();
    let bytes = 0;
    const r = await runAudit({
      input: { kind: 'folder', read: async (rel) => files.get(rel) ?? null },
      asOfDate: '2018-12-31',
      centralMeridian: null,
      rulesText: null,
      format: 'json',
      lang: 'zh',
      write: (b) => {
        bytes += b.length;
      },
      pool,
    });
    // the first run waits for the worker to load its code: not counted
    if (i > 0) parts.push(performance.now() - t0);
    partsCount = bytes > 0 ? r.parcelCount : 0; // 0 would show that no report was written
  }
  // the app's worker on a large dataset, in parts: table rows and tile features kept, no report text; what the
  // worker sends the page is all made (table columns, map layers). With the threads the app takes on this machine
  // (analysisThreads: one per core but one) and with two (the same worker thread; the pool stays open across runs:
  // the session closes what it is given, so it gets the pool without its close)
  const open = { size: pool.size, run: pool.run.bind(pool), recycle: pool.recycle.bind(pool) };
  const appRuns = async (threads: number) => {
    const times: number[] = [];
    let parcels = 0;
    for (let i = 0; i < 4; i++) {
      gc();
      const t0 = performance.now();
      const session = new AnalysisSession({
        readFile: async (url) => files.get(url.pathname.split('/').pop() ?? '') ?? null,
        pool: () => (threads > 1 ? open : null),
      });
      const r = await session.load('file:///bench/', '2018-12-31', () => {});
      if (i > 0) times.push(performance.now() - t0);
      parcels = r.table.length;
    }
    return { times, parcels };
  };
  const appThreads = analysisThreads(null, availableParallelism());
  const mine = await appRuns(appThreads);
  const two = await appRuns(2);
  const app = mine.times;
  const app2 = two.times;
  const appCount = Math.min(mine.parcels, two.parcels);
  // the app's as-of date changed (issue 24): the date rules applied again to the parcels already read and placed,
  // in the worker, no reading; each year-end of the plan in turn, then the year-end comparison of 2017 and 2018
  const dated = new AnalysisSession({ readFile: async (url) => files.get(url.pathname.split('/').pop() ?? '') ?? null, pool: () => null });
  await dated.load('file:///bench/', '2018-12-31', () => {});
  const reevaluate: number[] = [];
  for (const d of ['2016-12-31', '2017-12-31', '2018-12-31']) {
    gc();
    const t0 = performance.now();
    dated.reevaluate(d);
    reevaluate.push(performance.now() - t0);
  }
  gc();
  const c0 = performance.now();
  dated.compare('2017-12-31', '2018-12-31');
  const compareMs = performance.now() - c0;
  pool.close();
  process.stdout.write(
    `${JSON.stringify({ n, fileBytes: bytes.length, parses, runs, count, heapMb, parts, partsCount, app, appThreads, app2, appCount, reevaluate, compareMs })}\n`,
  );
}

/** JSON.parse of the decoded text, three times; in its own function so the text (228 MB as UTF-16) is let go after. */
function timeParses(bytes: Uint8Array, gc: () => void): number[] {
  const text = new TextDecoder().decode(bytes);
  const parses: number[] = [];
  for (let i = 0; i < 3; i++) {
    gc();
    const t = performance.now();
    JSON.parse(text);
    parses.push(performance.now() - t);
  }
  return parses;
}

await oneSize(process.argv[2] as string, Number(process.argv[3]));
