import * as Comlink from 'comlink';
import type { AnalysisClient } from '../state/client';
import type { AnalysisWorkerApi } from './analysis.worker';

let remote: Comlink.Remote<AnalysisWorkerApi> | null = null;

/** The analysis worker (created once, on first use). */
function analysisWorker(): Comlink.Remote<AnalysisWorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
    remote = Comlink.wrap<AnalysisWorkerApi>(worker);
  }
  return remote;
}

/** The app's analysis client: the Web Worker, its callbacks proxied across the thread by Comlink. */
export function workerAnalysisClient(): AnalysisClient {
  const w = analysisWorker();
  return {
    load: (source, asOfDate, progress, onMapLayers, threads) =>
      w.load(source, asOfDate, Comlink.proxy(progress), Comlink.proxy(onMapLayers), threads) as ReturnType<AnalysisClient['load']>,
    reevaluate: (asOfDate) => w.reevaluate(asOfDate),
    compare: (from, to) => w.compare(from, to),
    parcel: (id) => w.parcel(id),
    results: (ids, withGeometry) => w.results(ids, withGeometry),
    prepareTiles: () => w.prepareTiles(),
    prepareTilesIn: (box) => w.prepareTilesIn(box),
    tile: (z, x, y) => w.tile(z, x, y),
    exportDataset: () => w.exportDataset(),
  };
}

/** Resolves once the worker has loaded ICU's number data (see analysis.worker.ts). */
export const workerIntlReady = (): Promise<boolean> => analysisWorker().intlReady();
