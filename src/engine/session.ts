import { type Analysis, analyseOpened, analysisMeta, parcelAnalyser } from '../analysis/analyse';
import { type DatasetManifest, type OpenedDataset, openDataset, type ReadFailure, type TextReader } from '../data/dataset';
import { type ParcelReader, parcelOf } from '../data/parcels';
import type { Problem } from '../data/problem';
import { withChecks } from '../domain/lowEfficiency';
import type { RuleSet } from '../domain/rules';
import type { ParcelDetail, ParcelResult, ZoneSummary } from '../domain/types';
import { type Bbox, bboxOf } from '../geo/bbox';
import { baseMapLayers, parcelMapLayer } from './mapData';
import { buildParcelTable, type ParcelTable, type ParcelTableWire } from './parcelTable';
import { analyseInShards, runProblems, type ShardPool, shardSpecOf } from './shards';
import { LARGE_DATASET_PARCELS, PARCEL_MIN_ZOOM_LARGE, WORKER_TILE_MAX_ZOOM, WORKER_TILE_SCHEME } from './tileFeatures';
import { TilesOnRequest } from './tiles';

/**
 * What the app asks of the analysis, the same whether it runs in a Web Worker (the app) or in-process (tests):
 * load → validate → analyse, results as columns plus the map's GeoJSON as UTF-8 bytes (no re-parse on the page).
 */
export type Phase = 'fetch' | 'validate' | 'analyse' | 'prepare' | 'done';
export type ProgressFn = (phase: Phase, done: number, total: number) => void;

/**
 * The map's layers other than the parcels, sent as soon as the dataset is read, before its parcels are analysed:
 * the map draws the zones while the analysis runs (and its first drawing, the costliest, is done by then).
 */
export interface MapLayers {
  layers: Record<'zones' | 'areas' | 'constraints' | 'boundaries', ArrayBuffer>;
  zones: ZoneMeta[];
  /** the zones' bounds (the parcels' come with the results) */
  bbox: [number, number, number, number] | null;
}
export type MapLayersFn = (layers: MapLayers) => void;

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
  /** as columns (one pass), or as it crosses to the page already (a large dataset analysed in parts) */
  table: ParcelTable | ParcelTableWire;
  /** GeoJSON texts for the map sources, as UTF-8 bytes */
  layers: Record<'parcels' | 'zones' | 'areas' | 'constraints' | 'boundaries', ArrayBuffer>;
  bbox: [number, number, number, number] | null;
  /** parcel vector tiles named by dataset.json, drawn instead of the parcels GeoJSON */
  parcelTiles: { url: string; minzoom: number; maxzoom: number } | null;
}

export interface SessionOptions {
  /**
   * Threads that analyse parts of a large dataset alongside this one (a new pool per load, closed after it), given
   * the threads the load asks for (null: the default); none: its parts are analysed here, one after the other.
   */
  pool?: (threads: number | null) => ShardPool | null;
  /** Reads a file of the dataset (default: fetch from the dataset's URL); null when there is none. */
  readFile?: (url: URL) => Promise<Uint8Array | ReadFailure | null>;
  /** Above this many features a parcels file is analysed in parts (default LARGE_DATASET_PARCELS). */
  partsAbove?: number;
  /** Features per part (default: see analyseInShards). */
  featuresPerPart?: number;
}

/**
 * A dataset file's bytes, fetched from the dataset's own origin only (`mode: 'same-origin'` also refuses a redirect to
 * another). Not found: a 404 or 410, or a web page where a data file was asked for (a server that answers every
 * unknown path with the app's index.html, as `vite preview` and many single-page setups do: the page is not the file).
 * Through a Blob: in this Chromium a 114 MB file came in 1.2–1.7 s against 1.8–2.7 s with `Response.arrayBuffer()`
 * and 1.7–2.0 s read chunk by chunk (ad hoc, in a worker, interleaved runs; curl took 0.25–0.55 s from the same server).
 */
const fetchFile = async (url: URL): Promise<Uint8Array | ReadFailure | null> => {
  const res = await fetch(url, { mode: 'same-origin', credentials: 'same-origin' });
  if (res.status === 404 || res.status === 410) return null;
  if (!res.ok) return { failure: 'unreadable', detail: `HTTP ${res.status}` };
  if (/^text\/html\b/i.test(res.headers.get('content-type') ?? '')) return null;
  return new Uint8Array(await (await res.blob()).arrayBuffer());
};

/**
 * A reader of a dataset's files confined to its folder on its origin: a path of dataset.json (already checked by
 * memberPathRule) that resolves anywhere else is refused, and a read that fails (the network, a blocked request) is
 * a problem of that file, not of the whole load.
 */
export function datasetReader(baseUrl: string, readFile: (url: URL) => Promise<Uint8Array | ReadFailure | null>): TextReader {
  const base = new URL(baseUrl);
  return async (rel) => {
    const url = withinDataset(rel, base);
    if (!url) return { failure: 'outside-dataset' };
    try {
      return await readFile(url);
    } catch (e) {
      return { failure: 'unreadable', detail: (e as Error).message };
    }
  };
}

/** A path's URL when it lies in the dataset's folder on its origin; else null. */
function withinDataset(rel: string, base: URL): URL | null {
  const url = new URL(rel, base);
  return url.origin === base.origin && url.pathname.startsWith(base.pathname) ? url : null;
}

/** A dataset analysed in parts: a parcel's full result is made again when it is asked for (the same code, the same result). */
interface InParts {
  featureIndexById: Map<string, number>;
  analyse: (feature: number) => ParcelResult | null;
}

export class AnalysisSession {
  /** the rule set of the last dataset loaded */
  private ruleSet: RuleSet | null = null;
  private analysis: Analysis | null = null;
  private inParts: InParts | null = null;
  private byId = new Map<string, number>();
  /** the parcels' tiles of a large dataset sliced here, each subtree sliced when first asked for */
  private tiles: TilesOnRequest | null = null;
  /** makes `tiles` for the last load, until it is made (see loadInParts) */
  private makeTiles: (() => void) | null = null;

  constructor(private readonly opts: SessionOptions = {}) {}

  /** `threads`: how many threads analyse a large dataset (null: the pool's default). */
  async load(baseUrl: string, asOfDate: string | null, progress: ProgressFn, onMapLayers?: MapLayersFn, threads: number | null = null): Promise<LoadResult> {
    progress('fetch', 0, 1);
    const readFile = this.opts.readFile ?? fetchFile;
    const opened = await openDataset(datasetReader(baseUrl, readFile));
    progress('validate', 1, 1);
    // the map's layers but the parcels: to the page now, and with the results
    const base = baseMapLayers(opened);
    onMapLayers?.(base);
    this.tiles = null;
    this.makeTiles = null;
    this.analysis = null;
    this.inParts = null;
    const reader = opened.parcels;
    // A large dataset is analysed in parts, some on other threads, and keeps no result object per parcel: its
    // table comes as columns, its map as tile features, a parcel's full result is made again when asked for.
    if (reader && reader.featureCount > (this.opts.partsAbove ?? LARGE_DATASET_PARCELS))
      return this.loadInParts(opened, reader, base, baseUrl, asOfDate, progress, threads);
    // with vector tiles the map never needs the parcels' geometry: each is let go once measured
    const tiles = opened.manifest?.layers.parcelTiles;
    const { dataset, analysis, bboxes } = analyseOpened(opened, {
      asOfDate,
      keepGeometry: !tiles,
      onProgress: (d, t) => progress('analyse', d, t),
      progressEvery: 2000,
    });
    progress('prepare', 0, 1);
    this.ruleSet = dataset.rules;
    this.analysis = analysis;
    this.byId = new Map(analysis.parcels.map((p, i) => [p.id, i]));
    const zoneIds = dataset.zones.map((z) => z.id);
    const table = buildParcelTable(analysis, zoneIds, bboxes);
    const { parcels, bbox } = parcelMapLayer(dataset, analysis.parcels, bboxes);
    progress('done', 1, 1);
    return {
      manifest: dataset.manifest,
      asOfDate: analysis.asOfDate,
      zones: base.zones,
      summaries: analysis.zones,
      problems: analysis.problems,
      table,
      layers: { ...base.layers, parcels },
      bbox,
      parcelTiles: parcelTilesOf(opened, baseUrl, false),
    };
  }

  private async loadInParts(
    opened: OpenedDataset,
    reader: ParcelReader,
    base: MapLayers,
    baseUrl: string,
    asOfDate: string | null,
    progress: ProgressFn,
    threads: number | null,
  ): Promise<LoadResult> {
    const meta = analysisMeta(opened, asOfDate);
    const spec = shardSpecOf(opened, reader, meta.asOfDate, null, { zoneIds: opened.zones.map((z) => z.id) });
    // the tile features are kept unless the dataset brings tiles of its own
    const sliceHere = !opened.manifest?.layers.parcelTiles;
    const pool = this.opts.pool?.(threads) ?? null;
    let joined: Awaited<ReturnType<typeof analyseInShards>>;
    try {
      joined = await analyseInShards(reader, spec, pool, {
        keep: sliceHere,
        featuresPerPart: this.opts.featuresPerPart,
        onProgress: (d, t) => progress('analyse', d, t),
      });
    } finally {
      pool?.close?.();
    }
    progress('prepare', 0, 1);
    const table = joined.table as ParcelTableWire;
    const problems = runProblems(opened, reader, joined).all;
    this.ruleSet = opened.rules;
    const kept = joined.kept;
    if (sliceHere && kept) {
      // made later (prepareTiles): the R-tree of the parcels' boxes that finds a subtree's parcels
      this.makeTiles = () => {
        this.tiles = new TilesOnRequest(kept, { minZoom: PARCEL_MIN_ZOOM_LARGE, maxZoom: WORKER_TILE_MAX_ZOOM });
      };
    }
    // (the problems of a parcel read again were reported with the results: they are let go)
    const again: Problem[] = [];
    const analyseOne = parcelAnalyser(spec.layers, meta.asOfDate, reader.file, again);
    this.inParts = {
      featureIndexById: joined.featureIndexById ?? new Map(),
      analyse: (feature) => {
        let r: ParcelResult | null = null;
        reader.layer.eachIn(feature, feature + 1, again, (f) => {
          const p = parcelOf(f, reader.file, new Set(), again);
          if (p) r = analyseOne(p, bboxOf(p.geometry));
        });
        again.length = 0;
        return r;
      },
    };
    const { parcels, bbox } = parcelMapLayer({ zones: opened.zones, parcels: [] }, [], table.bbox);
    progress('done', 1, 1);
    return {
      manifest: opened.manifest,
      asOfDate: meta.asOfDate,
      zones: base.zones,
      summaries: joined.summary.zoneSummaries(),
      problems,
      table,
      layers: { ...base.layers, parcels },
      bbox,
      parcelTiles: parcelTilesOf(opened, baseUrl, sliceHere),
    };
  }

  /**
   * Makes the parcels' tiles of a large dataset loaded without tiles ready to be cut, if not yet (an R-tree of their
   * boxes): the page asks once its first view is drawn, and the first tile asked for does it too. Each subtree is
   * sliced when one of its tiles is first asked for (or its box is flown to, prepareTilesIn), none ahead: a variant that
   * sliced them all ahead, one a task, not kept, took 4.6 s from the first zone chosen after the load to the map's idle
   * in one bench (c) run, against 3.7 s for this code in a run of the same hour, as the zone's tiles waited behind
   * another subtree.
   */
  prepareTiles(): void {
    const build = this.makeTiles;
    this.makeTiles = null;
    build?.();
  }

  /** Slices now the parcel tiles' subtrees a lon/lat box reaches, of a dataset sliced here (see TilesOnRequest.prepare). */
  prepareTilesIn(box: Bbox): number {
    this.prepareTiles();
    return this.tiles?.prepare(box) ?? 0;
  }

  /** One parcel tile (Mapbox Vector Tile bytes) of a dataset sliced here; null when no parcel touches it. */
  tile(z: number, x: number, y: number): ArrayBuffer | null {
    this.prepareTiles();
    const bytes = this.tiles?.tile(z, x, y) ?? null;
    return bytes ? (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer) : null;
  }

  /** The full result of one parcel, for the inspector. */
  parcel(id: string): ParcelDetail | null {
    const parts = this.inParts;
    if (parts) {
      const feature = parts.featureIndexById.get(id);
      const r = feature === undefined ? null : parts.analyse(feature);
      return r && this.ruleSet ? withChecks(r, this.ruleSet) : null;
    }
    const i = this.byId.get(id);
    const r = i === undefined ? undefined : this.analysis?.parcels[i];
    return r && this.analysis ? withChecks(r, this.analysis.rules) : null;
  }

  rules() {
    return this.ruleSet;
  }
}

/**
 * Where the map finds the parcels as vector tiles: the tiles dataset.json names (a PMTiles archive read by range
 * requests, or a {z}/{x}/{y}.pbf folder), else those this worker slices (`sliceHere`), else none (GeoJSON).
 */
function parcelTilesOf(opened: OpenedDataset, baseUrl: string, sliceHere: boolean): LoadResult['parcelTiles'] {
  const tiles = opened.manifest?.layers.parcelTiles;
  // (its path is checked by openDataset; resolved, it must stay in the dataset's folder too)
  const at = tiles ? withinDataset(tiles.path.endsWith('.pmtiles') ? tiles.path : `${tiles.path.replace(/\/$/, '')}/`, new URL(baseUrl)) : null;
  // {z}/{x}/{y} must stay literal in the template (URL() would escape the braces)
  if (tiles && at)
    return {
      url: tiles.path.endsWith('.pmtiles') ? `pmtiles://${at.href}/{z}/{x}/{y}` : `${at.href}{z}/{x}/{y}.pbf`,
      minzoom: tiles.minZoom,
      maxzoom: tiles.maxZoom,
    };
  return sliceHere ? { url: `${WORKER_TILE_SCHEME}://{z}/{x}/{y}`, minzoom: PARCEL_MIN_ZOOM_LARGE, maxzoom: WORKER_TILE_MAX_ZOOM } : null;
}
