import { fromWire, type ParcelTable } from '../engine/parcelTable';
import type { DatasetSource, LoadResult, MapLayers, Phase } from '../engine/session';
import type { AnalysisClient } from './client';
import { LOAD_MARKS } from './loadMarks';

/** A dataset as the page holds it: the results, the table as columns with its text decoded, the map's layers as GeoJSON bytes. */
export type LoadedData = Omit<LoadResult, 'table'> & { table: ParcelTable };
/** The map's layers but the parcels, there before the analysis is done (see MapLayers). */
export type LoadedMapLayers = MapLayers;

export interface LoadCallbacks {
  progress(phase: Phase, done: number, total: number): void;
  mapLayers(layers: LoadedMapLayers): void;
}

/** Resolves in a later task, so the browser can draw and handle input between two pieces of work. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Loads a dataset through the analysis client and makes its results ready for the page. Leaves User Timing marks
 * of the load's phases (`parkatlas:` + LOAD_MARKS, up to "done"; the store marks "ready" and "table"), for the
 * benchmarks and the browser's performance panel.
 */
export async function loadData(
  client: AnalysisClient,
  source: DatasetSource,
  asOfDate: string | null,
  threads: number | null,
  cb: LoadCallbacks,
): Promise<LoadedData> {
  for (const name of LOAD_MARKS) performance.clearMarks(`parkatlas:${name}`);
  let phaseNow: Phase | null = null;
  let done = false;
  const r = await client.load(
    source,
    asOfDate,
    (phase, n, total) => {
      // (progress may come on a port of its own: a last message may arrive after the results, and is then let go)
      if (done) return;
      if (phase !== phaseNow) {
        phaseNow = phase;
        performance.mark(`parkatlas:${phase}`);
      }
      cb.progress(phase, n, total);
    },
    (m) => cb.mapLayers(m),
    threads,
  );
  done = true;
  const { table: wire, ...rest } = r;
  const table = 'textChunks' in wire ? await fromWire(wire, nextTask) : wire;
  return { ...rest, table };
}
