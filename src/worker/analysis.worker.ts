// first: no schema may be made before zod is told not to compile (jitless.ts)
import './jitless';
import * as Comlink from 'comlink';
import { datedBuffers, transferables } from '../engine/parcelTable';
import { comparisonBuffers } from '../engine/reevaluate';
import { AnalysisSession, type DatasetSource, type MapLayersFn, type ProgressFn } from '../engine/session';
import type { Bbox } from '../geo/bbox';
import { analysisThreads, webShardPool } from './webShardPool';

/** The Web Worker: the same AnalysisSession the tests run in-process, with results transferred, not copied. */
const session = new AnalysisSession({ pool: (threads) => webShardPool(analysisThreads(threads)) });

// The first Intl.NumberFormat of a renderer process loads ICU's number data, one long task wherever it runs. The data
// are the process's, not a thread's: made here, the page's own formatters are then cheap (the page builds them once
// this is done, see intlReady; docs/decisions.md#intl-warm-up). Nothing here formats numbers.
new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2 }).format(0);

const api = {
  /** `threads`: how many threads analyse a large dataset (null: the default, see analysisThreads). */
  async load(source: DatasetSource, asOfDate: string | null, progress: ProgressFn, onMapLayers?: MapLayersFn, threads: number | null = null) {
    // (the early layers are copied, not transferred: the same buffers go to the page with the results)
    const r = await session.load(source, asOfDate, progress, onMapLayers, threads);
    return Comlink.transfer(r, [...transferables(r.table), ...Object.values(r.layers)]);
  },
  /** The results at another as-of date, the data not read again (see AnalysisSession.reevaluate). */
  reevaluate(asOfDate: string) {
    const r = session.reevaluate(asOfDate);
    return r ? Comlink.transfer(r, [...datedBuffers(r.dated), ...(r.parcels ? [r.parcels] : [])]) : null;
  },
  compare(from: string, to: string) {
    const c = session.compare(from, to);
    return c ? Comlink.transfer(c, comparisonBuffers(c)) : null;
  },
  parcel: (id: string) => session.parcel(id),
  results: (ids: string[], withGeometry: boolean) => session.results(ids, withGeometry),
  prepareTiles: () => session.prepareTiles(),
  prepareTilesIn: (box: Bbox) => session.prepareTilesIn(box),
  tile(z: number, x: number, y: number) {
    const b = session.tile(z, x, y);
    return b ? Comlink.transfer(b, [b]) : null;
  },
  rules: () => session.rules(),
  exportDataset() {
    const x = session.exportDataset();
    return x ? Comlink.transfer(x, [x.bytes.buffer as ArrayBuffer]) : null;
  },
  /** Answers once ICU's number data are loaded (above): the page builds its number formatters after that. */
  intlReady: () => true,
};
export type AnalysisWorkerApi = typeof api;
Comlink.expose(api);
