// first: no schema may be made before zod is told not to compile (jitless.ts)
import './jitless';
import * as Comlink from 'comlink';
import type { ImportSettings } from '../data/importLayer';
import type { ImportFile } from '../data/shapefile';
import { type ImportProgress, ImportSession } from '../engine/importSession';

/**
 * The import's worker: reads, maps and checks the officer's files (engine/importSession.ts) away from the page, which
 * stays responsive; the page ends it to cancel (worker/importClient.ts). It holds the files read between the steps
 * of the import dialog, nothing else.
 */
const session = new ImportSession();

const api = {
  open: (parcels: ImportFile[], table: ImportFile | null, settings: ImportSettings, progress: ImportProgress) =>
    session.open(parcels, table, settings, progress),
  preview: (settings: ImportSettings, progress: ImportProgress) => session.preview(settings, progress),
};
export type ImportWorkerApi = typeof api;
Comlink.expose(api);
