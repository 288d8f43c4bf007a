import type { GeoJSONVT } from '@maplibre/geojson-vt';
import { type Analysis, analyseOpened } from '../analysis/analyse';
import { encodeTile, parcelTileIndex } from '../analysis/tiles';
import { buildParcelTable, type ParcelTable } from '../app/parcelTable';
import { type Dataset, type DatasetManifest, openDataset } from '../data/dataset';
import type { Problem } from '../data/problem';
import { withChecks } from '../domain/lowEfficiency';
import type { ParcelDetail, ZoneSummary } from '../domain/types';
import { LARGE_DATASET_PARCELS, WORKER_TILE_MAX_ZOOM, WORKER_TILE_SCHEME } from '../map/properties';
import { PARCEL_MIN_ZOOM_LARGE } from '../map/style';
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
  private tileIndex: GeoJSONVT | null = null;
  /** builds the tile index of the last load, until it is built (see load) */
  private buildTileIndex: (() => void) | null = null;

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
    this.tileIndex = null;
    this.buildTileIndex = null;
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
    // A large dataset without tiles of its own: sliced here and served tile by tile (see tile()), so the map never
    // gets a 100 MB GeoJSON that MapLibre would parse in its worker and hand back to the page.
    const sliceHere = !tiles && analysis.parcels.length > LARGE_DATASET_PARCELS;
    if (sliceHere) {
      // Built later (prepareTiles), not before the results go to the page: parcels are drawn from zoom
      // PARCEL_MIN_ZOOM_LARGE only, so the first view (zones, table, summaries) need not wait for the index (some
      // seconds at 100k parcels), nor share the machine with it while it is first drawn.
      const parcels = dataset.parcels;
      this.buildTileIndex = () => {
        this.tileIndex = parcelTileIndex(analysis, parcels, { minZoom: PARCEL_MIN_ZOOM_LARGE, maxZoom: WORKER_TILE_MAX_ZOOM });
      };
      this.dataset = { ...dataset, parcels: [] }; // the index holds its own copy of the shapes
    }
    const { layers, zones, bbox } = mapLayersGeoJson(this.dataset, analysis, bboxes);
    // {z}/{x}/{y} must stay literal in the template (URL() would escape the braces)
    const parcelTiles = tiles
      ? {
          // one PMTiles archive (read by range requests through the pmtiles protocol), or a {z}/{x}/{y}.pbf folder
          url: tiles.path.endsWith('.pmtiles')
            ? `pmtiles://${new URL(tiles.path, baseUrl).href}/{z}/{x}/{y}`
            : `${new URL(`${tiles.path.replace(/\/$/, '')}/`, baseUrl).href}{z}/{x}/{y}.pbf`,
          minzoom: tiles.minZoom,
          maxzoom: tiles.maxZoom,
        }
      : sliceHere
        ? { url: `${WORKER_TILE_SCHEME}://{z}/{x}/{y}`, minzoom: PARCEL_MIN_ZOOM_LARGE, maxzoom: WORKER_TILE_MAX_ZOOM }
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

  /**
   * Builds the parcel tile index of a large dataset loaded without tiles, if not yet built: the page asks once its
   * first view is drawn, and the first tile asked for builds it too.
   */
  prepareTiles(): void {
    const build = this.buildTileIndex;
    this.buildTileIndex = null;
    build?.();
  }

  /** One parcel tile (Mapbox Vector Tile bytes) of a dataset sliced here; null when no parcel touches it. */
  tile(z: number, x: number, y: number): ArrayBuffer | null {
    this.prepareTiles();
    const bytes = this.tileIndex ? encodeTile(this.tileIndex, z, x, y) : null;
    return bytes ? (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer) : null;
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
