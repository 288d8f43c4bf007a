import { ImportSession } from '../../src/engine/importSession';
import { ImportCancelled, type ImportClient } from '../../src/state/client';

/** The import worker's session run in this process (the app runs it in src/worker/import.worker.ts). */
export function inProcessImportClient(): ImportClient & { cancelled: number } {
  let session = new ImportSession();
  let reject: ((e: Error) => void) | null = null;
  const run = <T>(work: () => Promise<T>) =>
    new Promise<T>((resolve, rej) => {
      reject = rej;
      work().then(resolve, rej);
    });
  const client = {
    cancelled: 0,
    open: (parcels, table, settings, progress) => run(() => session.open(parcels, table, settings, progress)),
    preview: (settings, progress) => run(() => session.preview(settings, progress)),
    cancel() {
      client.cancelled++;
      session = new ImportSession();
      reject?.(new ImportCancelled());
    },
  } as ImportClient & { cancelled: number };
  return client;
}
