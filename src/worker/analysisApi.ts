import { type Analysis, analyseOpened } from '../analysis/analyse';
import { buildParcelTable, type ParcelTable } from '../app/parcelTable';
import { type Dataset, type DatasetManifest, openDataset } from '../data/dataset';
import type { Problem } from '../data/problem';
import { withChecks } from '../domain/lowEfficiency';
import type { ParcelDetail, ZoneSummary } from '../domain/types';
import { mapLayersGeoJson } from './mapData';

/**
 * What the app asks of the analysis, the same whether it runs in a Web Worker (the app) or in-process (tests):
 * load → validate → analyse, results as columns plus the map's GeoJSON as UTF-8 bytes (no re-parse on the page).
 */
export type Phase = 'fetch' | 'validate' | 'analyse' | 'prepare' | 'done';
export type ProgressFn = (phase: Phase, done: number, total: number) => void;

export interface ZoneMeta {
  id: string;
  name: string;
  nameEn: string;
  bbox: [number, number, number, number];
  /** label points of the zone and its areas */
  labels: { kind: 'zone' | 'built-up' | 'development' | 'control'; lngLat: [number, number] }[];
}

export interface LoadResult {
  manifest: DatasetManifest | null;
  asOfDate: string;
  zones: ZoneMeta[];
  summaries: ZoneSummary[];
  problems: Problem[];
  table: ParcelTable;
  /** GeoJSON texts for the map sources, as UTF-8 bytes */
  layers: Record<'parcels' | 'zones' | 'areas' | 'constraints' | 'boundaries', ArrayBuffer>;
  bbox: [number, number, number, number] | null;
  /** parcel vector tiles named by dataset.json, drawn instead of the parcels GeoJSON */
  parcelTiles: { url: string; minzoom: number; maxzoom: number } | null;
}

export class AnalysisSession {
  private dataset: Dataset | null = null;
  private analysis: Analysis | null = null;
  private byId = new Map<string, number>();

  async load(baseUrl: string, asOfDate: string | null, progress: ProgressFn): Promise<LoadResult> {
    progress('fetch', 0, 1);
    const read = async (rel: string) => {
      const res = await fetch(new URL(rel, baseUrl));
      return res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
    };
    const opened = await openDataset(read);
    progress('validate', 1, 1);
    // with vector tiles the map never needs the parcels' geometry: each is let go once measured
    const tiles = opened.manifest?.layers.parcelTiles;
    const { dataset, analysis, bboxes } = analyseOpened(opened, {
      asOfDate,
      keepGeometry: !tiles,
      onProgress: (d, t) => progress('analyse', d, t),
      progressEvery: 2000,
    });
    progress('prepare', 0, 1);
    this.dataset = dataset;
    this.analysis = analysis;
    this.byId = new Map(analysis.parcels.map((p, i) => [p.id, i]));
    const zoneIds = dataset.zones.map((z) => z.id);
    const table = buildParcelTable(analysis, zoneIds, bboxes);
    const { layers, zones, bbox } = mapLayersGeoJson(dataset, analysis, bboxes);
    // {z}/{x}/{y} must stay literal in the template (URL() would escape the braces)
    const parcelTiles = tiles
      ? { url: `${new URL(`${tiles.path.replace(/\/$/, '')}/`, baseUrl).href}{z}/{x}/{y}.pbf`, minzoom: tiles.minZoom, maxzoom: tiles.maxZoom }
      : null;
    progress('done', 1, 1);
    return {
      manifest: dataset.manifest,
      asOfDate: analysis.asOfDate,
      zones,
      summaries: analysis.zones,
      problems: analysis.problems,
      table,
      layers,
      bbox,
      parcelTiles,
    };
  }

  /** The full result of one parcel, for the inspector. */
  parcel(id: string): ParcelDetail | null {
    const i = this.byId.get(id);
    const r = i === undefined ? undefined : this.analysis?.parcels[i];
    return r && this.analysis ? withChecks(r, this.analysis.rules) : null;
  }

  rules() {
    return this.dataset?.rules ?? null;
  }
}
