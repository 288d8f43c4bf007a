import * as Comlink from 'comlink';
import { ImportCancelled, type ImportClient } from '../state/client';
import type { ImportWorkerApi } from './import.worker';

/**
 * The app's import client: a worker of its own (not the analysis worker, which keeps serving the dataset shown), made
 * on first use. Cancelling ends the worker at once, whatever it is reading, and rejects the call under way; the next
 * call makes a new worker (the files are given again by `open`).
 */
export function workerImportClient(): ImportClient {
  let worker: Worker | null = null;
  let remote: Comlink.Remote<ImportWorkerApi> | null = null;
  let rejectRunning: ((e: Error) => void) | null = null;
  const start = () => {
    if (!remote) {
      worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
      remote = Comlink.wrap<ImportWorkerApi>(worker);
    }
    return remote;
  };
  /** A call that a cancel rejects at once. */
  const run = <T>(call: (r: Comlink.Remote<ImportWorkerApi>) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      rejectRunning = reject;
      call(start()).then(resolve, reject);
    });
  return {
    open: (parcels, table, settings, progress) =>
      run((r) =>
        r.open(
          Comlink.transfer(
            parcels,
            parcels.map((f) => f.bytes.buffer as ArrayBuffer),
          ),
          table,
          settings,
          Comlink.proxy(progress),
        ),
      ),
    preview: (settings, progress) => run((r) => r.preview(settings, Comlink.proxy(progress))),
    cancel() {
      worker?.terminate();
      worker = null;
      remote = null;
      rejectRunning?.(new ImportCancelled());
      rejectRunning = null;
    },
  };
}
