import { fromWire, type ParcelTable } from '../engine/parcelTable';
import type { LoadResult, MapLayers, Phase } from '../engine/session';
import type { AnalysisClient } from './client';
import { LOAD_MARKS } from './loadMarks';

/** A dataset as the page holds it: the results, the table as columns with its text decoded, the map's layers as URLs. */
export type LoadedData = Omit<LoadResult, 'layers' | 'table'> & { table: ParcelTable; layerUrls: Record<keyof LoadResult['layers'], string> };
/** The map's layers but the parcels, as object URLs, there before the analysis is done (see MapLayers). */
export type LoadedMapLayers = Omit<MapLayers, 'layers'> & { layerUrls: Record<keyof MapLayers['layers'], string> };

export interface LoadCallbacks {
  progress(phase: Phase, done: number, total: number): void;
  mapLayers(layers: LoadedMapLayers): void;
}

/** Resolves in a later task, so the browser can draw and handle input between two pieces of work. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** GeoJSON bytes as object URLs, for the map's sources. */
const objectUrls = <K extends string>(layers: Record<K, ArrayBuffer>): Record<K, string> =>
  Object.fromEntries(
    Object.entries(layers).map(([k, buf]) => [k, URL.createObjectURL(new Blob([buf as ArrayBuffer], { type: 'application/geo+json' }))]),
  ) as Record<K, string>;

/**
 * Loads a dataset through the analysis client and makes its results ready for the page. Leaves User Timing marks
 * of the load's phases (`parkatlas:` + LOAD_MARKS, up to "done"; the store marks "ready" and "table"), for the
 * benchmarks and the browser's performance panel.
 */
export async function loadData(client: AnalysisClient, baseUrl: string, threads: number | null, cb: LoadCallbacks): Promise<LoadedData> {
  for (const name of LOAD_MARKS) performance.clearMarks(`parkatlas:${name}`);
  let phaseNow: Phase | null = null;
  let early: LoadedMapLayers | null = null;
  let done = false;
  const r = await client.load(
    baseUrl,
    null,
    (phase, n, total) => {
      // (progress may come on a port of its own: a last message may arrive after the results, and is then let go)
      if (done) return;
      if (phase !== phaseNow) {
        phaseNow = phase;
        performance.mark(`parkatlas:${phase}`);
      }
      cb.progress(phase, n, total);
    },
    (m) => {
      early = { zones: m.zones, bbox: m.bbox, layerUrls: objectUrls(m.layers) };
      cb.mapLayers(early);
    },
    threads,
  );
  done = true;
  // the layers but the parcels came first: their URLs are those already given to the map
  const earlyUrls = (early as LoadedMapLayers | null)?.layerUrls;
  const layerUrls = earlyUrls ? { ...earlyUrls, ...objectUrls({ parcels: r.layers.parcels }) } : objectUrls(r.layers);
  const { layers: _layers, table: wire, ...rest } = r;
  const table = 'textChunks' in wire ? await fromWire(wire, nextTask) : wire;
  return { ...rest, table, layerUrls };
}
