import * as Comlink from 'comlink';
import type { AnalysisWorkerApi } from './analysis.worker';

let remote: Comlink.Remote<AnalysisWorkerApi> | null = null;

/** The app's handle on the analysis worker (created once, on first use). */
export function analysisWorker(): Comlink.Remote<AnalysisWorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
    remote = Comlink.wrap<AnalysisWorkerApi>(worker);
  }
  return remote;
}

export const proxy = Comlink.proxy;
