import { type AnalysisLayers, analysisMeta, parcelAnalyser, summaryAccumulator } from '../analysis/analyse';
import { type DatasetManifest, type OpenedDataset, openDataset, type ReadFailure, type TextReader } from '../data/dataset';
import { datasetFolderFiles, zipDatasetFolder } from '../data/datasetExport';
import { type ImportSummary, importProvenance, openImport } from '../data/importDataset';
import type { ImportSettings } from '../data/importLayer';
import { mappingFileOf } from '../data/mapping';
import { parcelOf } from '../data/parcels';
import type { Problem } from '../data/problem';
import type { Grading } from '../domain/grading';
import { withChecks } from '../domain/lowEfficiency';
import type { PlanFacts } from '../domain/plan';
import type { BilingualText, IndustryEdition, RuleSet } from '../domain/rules';
import { ruleSources, SOURCE_ID, type SourceRef, sourceOf } from '../domain/sources';
import type { CitySummary, ParcelDetail, ParcelGeometry, ParcelResult, ZoneSummary } from '../domain/types';
import { type Bbox, bboxOf } from '../geo/bbox';
import type { DatedInputs } from './datedInputs';
import { baseMapLayers, parcelFeatureBytes, parcelMapLayer } from './mapData';
import type { JoinedFeatures } from './packedFeatures';
import { type DatedColumns, gradeIndex, joinTableParts, type ParcelTableWire } from './parcelTable';
import { type Comparison, compareDates, reevaluate } from './reevaluate';
import { analyseInShards, type JoinedShards, runProblems, type ShardPool, type ShardSpec, shardSpecOf } from './shards';
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
  /** label points of the zone and its areas (an area's with its box: its label shows when the area is wide enough) */
  labels: { kind: 'zone' | 'built-up' | 'development' | 'control'; lngLat: [number, number]; bbox?: [number, number, number, number] }[];
}

export interface LoadResult {
  manifest: DatasetManifest | null;
  /** the city's plan for its zones, when the dataset names one (dataset.json `plan`) */
  plan: PlanFacts | null;
  asOfDate: string;
  zones: ZoneMeta[];
  summaries: ZoneSummary[];
  /** all parcels together, graded within the city */
  city: CitySummary;
  /** the edition of the control indicators the as-of date picks (the rule version every result names) */
  controlEdition: string | null;
  /** what the page says of the rule set: its name, the grading scheme's label, and every source by id (ruleSources) */
  rules: RuleSetInfo;
  /** the sources of the rules' zone-average targets (the summaries' `targets` name them by id) */
  targetSources: SourceRef[];
  problems: Problem[];
  /** the parcels as columns, as they cross to the page (the page decodes the text columns, see fromWire) */
  table: ParcelTableWire;
  /** GeoJSON texts for the map sources, as UTF-8 bytes */
  layers: Record<'parcels' | 'zones' | 'areas' | 'constraints' | 'boundaries', ArrayBuffer>;
  bbox: [number, number, number, number] | null;
  /** parcel vector tiles named by dataset.json, drawn instead of the parcels GeoJSON */
  parcelTiles: { url: string; minzoom: number; maxzoom: number } | null;
}

/**
 * An imported dataset as the app keeps it (src/state/imports/): the officer's files as they were given, the import's
 * settings (encoding, CRS, mapping, join), the name and as-of date the officer chose. It is opened by the same import
 * the preview ran (data/importDataset.ts), so its parcels and problems are those the officer saw.
 */
export interface ImportedDatasetSource {
  id: string;
  name: string;
  asOfDate: string | null;
  importedAt: string;
  parcels: { name: string; blob: Blob }[];
  table: { name: string; blob: Blob } | null;
  settings: ImportSettings;
}

/** What a load reads: a dataset folder by its URL (ending in "/"), or an imported dataset. */
export type DatasetSource = string | { imported: ImportedDatasetSource };

/**
 * The rule set as the page names it: the zone panel cites the zone targets' sources, the legend the grading scheme,
 * the inspector the rule set; a parcel's own sources come with it (ParcelDetail.sources).
 */
export interface RuleSetInfo {
  name: BilingualText;
  /** the edition of GB/T 4754 the parcels' industry codes are read in (a table of the other edition is reached by the crosswalk) */
  industryEdition: IndustryEdition;
  gradingLabel: BilingualText;
  sources: Record<string, SourceRef>;
}

export const ruleSetInfo = (rules: RuleSet): RuleSetInfo => ({
  name: rules.name,
  industryEdition: rules.parcelIndustryEdition,
  gradingLabel: rules.grading.label,
  sources: Object.fromEntries(ruleSources(rules)),
});

/**
 * What another as-of date changes (AnalysisSession.reevaluate): the table's dated columns, the summaries, the rules'
 * edition, and the map's parcels (their GeoJSON again, or the same tiles URL to cut again); the rest of a LoadResult
 * stays as loaded.
 */
export interface Reevaluation {
  asOfDate: string;
  controlEdition: string | null;
  summaries: ZoneSummary[];
  city: CitySummary;
  dated: DatedColumns;
  /** the parcels' GeoJSON (a dataset drawn from GeoJSON), else null (tiles: drawn again from the same URL) */
  parcels: ArrayBuffer | null;
  /** the map's parcel properties follow the date (false: they are read from the dataset's own tiles, cut at their date) */
  mapFollows: boolean;
}

export interface SessionOptions {
  /**
   * Threads that analyse parts of a large dataset alongside this one (a new pool per load, closed after it), given
   * the threads the load asks for (null: the default); none: its parts are analysed here, one after the other.
   */
  pool?: (threads: number | null) => ShardPool | null;
  /** Reads a file of the dataset (default: fetch from the dataset's URL); null when there is none. */
  readFile?: (url: URL) => Promise<Uint8Array | ReadFailure | null>;
  /**
   * From this many features on, the parts are shared with the pool's threads (default LARGE_DATASET_PARCELS): a
   * thread takes time to start and load its code, which a small dataset does not win back. The path is the same.
   */
  threadsAbove?: number;
  /**
   * From this many parcels on, the map draws the parcels from vector tiles this session slices (unless the dataset
   * brings its own) rather than from one GeoJSON source (default LARGE_DATASET_PARCELS).
   */
  tilesAbove?: number;
  /** Features per part (default: see analyseInShards). */
  featuresPerPart?: number;
}

/**
 * A dataset file's bytes, fetched from the dataset's own origin only (`mode: 'same-origin'` also refuses a redirect to
 * another). Not found: a 404 or 410, or a web page where a data file was asked for (a server that answers every
 * unknown path with the app's index.html, as `vite preview` and many single-page setups do: the page is not the file).
 * Through a Blob, which was faster than `Response.arrayBuffer()` or a stream reader here
 * (docs/decisions.md#fetch-through-blob).
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

export class AnalysisSession {
  /** the rule set of the last dataset loaded */
  private ruleSet: RuleSet | null = null;
  /** the as-of date the results are at now (the load's, or the last reevaluate's) */
  private asOfDate: string | null = null;
  /** each parcel's feature index in its file, by id, and the analyser that makes a parcel's full result again */
  private parcels: {
    featureIndexById: Map<string, number>;
    analyse: (feature: number) => { result: ParcelResult; geometry: ParcelGeometry } | null;
  } | null = null;
  /** what another as-of date needs: the parcels' inputs to the date rules, the layers, the map's features */
  private kept: {
    inputs: DatedInputs;
    layers: AnalysisLayers;
    zoneIds: string[];
    features: JoinedFeatures | null;
    /** the map draws the parcels from GeoJSON (not tiles) */
    geojson: boolean;
    ownTiles: boolean;
    /** a parcel's full result again, at a date with its grades' cut-offs */
    analyser: (asOfDate: string, grading: Grading) => (feature: number) => { result: ParcelResult; geometry: ParcelGeometry } | null;
  } | null = null;
  /** the parcels' tiles of a large dataset sliced here, each subtree sliced when first asked for */
  private tiles: TilesOnRequest | null = null;
  /** makes `tiles` for the last load, until it is made (see prepareTiles) */
  private makeTiles: (() => void) | null = null;
  /** the imported dataset last loaded, for its export */
  private imported: { source: ImportedDatasetSource; opened: OpenedDataset & { summary: ImportSummary } } | null = null;

  constructor(private readonly opts: SessionOptions = {}) {}

  /**
   * Reads and analyses a dataset (the one path, shards.ts, whatever its size): the table as columns, the map's
   * layers as GeoJSON bytes (the parcels' too, unless they are drawn from tiles), no result object per parcel kept;
   * a parcel's full result is made again when asked for (`parcel`). `threads`: how many threads analyse a large
   * dataset (null: the pool's default).
   */
  async load(
    source: DatasetSource,
    asOfDate: string | null,
    progress: ProgressFn,
    onMapLayers?: MapLayersFn,
    threads: number | null = null,
  ): Promise<LoadResult> {
    progress('fetch', 0, 1);
    const readFile = this.opts.readFile ?? fetchFile;
    const baseUrl = typeof source === 'string' ? source : null;
    this.imported = null;
    const opened = typeof source === 'string' ? await openDataset(datasetReader(source, readFile)) : await this.openImported(source.imported);
    progress('validate', 1, 1);
    // the map's layers but the parcels: to the page now, and with the results
    const base = baseMapLayers(opened);
    onMapLayers?.(base);
    this.tiles = null;
    this.makeTiles = null;
    this.parcels = null;
    this.kept = null;
    this.ruleSet = opened.rules;
    const reader = opened.parcels;
    const meta = analysisMeta(opened, asOfDate);
    this.asOfDate = meta.asOfDate;
    const ownTiles = opened.manifest?.layers.parcelTiles;
    const large = (reader?.featureCount ?? 0) > (this.opts.tilesAbove ?? LARGE_DATASET_PARCELS);
    // the parcels' features: for the map's GeoJSON (small datasets) or the tiles sliced here (large ones), unless
    // the dataset brings tiles of its own; the date rules' inputs, to change the as-of date without reading again
    const zoneIds = opened.zones.map((z) => z.id);
    const spec = shardSpecOf(opened, reader, meta.asOfDate, { table: { zoneIds }, dated: true, ...(ownTiles ? {} : { features: true }) });
    const useThreads = (reader?.featureCount ?? 0) >= (this.opts.threadsAbove ?? LARGE_DATASET_PARCELS);
    const pool = reader && useThreads ? (this.opts.pool?.(threads) ?? null) : null;
    let joined: JoinedShards | null = null;
    try {
      if (reader)
        joined = await analyseInShards(reader, spec, pool, { featuresPerPart: this.opts.featuresPerPart, onProgress: (d, t) => progress('analyse', d, t) });
    } finally {
      pool?.close?.();
    }
    progress('prepare', 0, 1);
    const table = joined?.outputs.table ?? emptyTable(spec);
    const problems = joined ? runProblems(opened, reader, joined).all : [...opened.problems];
    const features = joined?.outputs.features ?? null;
    const summary = joined?.outputs.summary ?? summaryAccumulator(opened, meta.asOfDate);
    // the grades, once every parcel is scored: the table's rows and the tiles' features are the kept parcels, in order
    const grading = summary.grading();
    const scores = summary.scores;
    for (let i = 0; i < scores.length; i++) {
      const g = scores.gradesOf(opened.rules, grading, i);
      table.gradeCity[i] = gradeIndex(g.city);
      table.gradeZone[i] = gradeIndex(g.zone);
    }
    features?.setDated(datedOf(table));
    if (features && large) this.tilesFrom(features);
    if (reader && joined) {
      // (the problems of a parcel read again were reported with the results: they are let go)
      const again: Problem[] = [];
      const featureIndexById = joined.featureIndexById;
      const analyser = (date: string, cutoffs: Grading) => {
        const analyseOne = parcelAnalyser(spec.layers, date, reader.file, again, cutoffs);
        return (feature: number) => {
          let r: { result: ParcelResult; geometry: ParcelGeometry } | null = null;
          reader.layer.eachIn(feature, feature + 1, again, (f) => {
            const p = parcelOf(f, reader.file, new Set(), again);
            if (p) r = { result: analyseOne(p, bboxOf(p.geometry)), geometry: p.geometry };
          });
          again.length = 0;
          return r;
        };
      };
      this.parcels = { featureIndexById, analyse: analyser(meta.asOfDate, grading) };
      const inputs = joined.outputs.dated;
      if (inputs) this.kept = { inputs, layers: spec.layers, zoneIds, features, geojson: features !== null && !large, ownTiles: ownTiles != null, analyser };
    }
    // a small dataset's parcels as GeoJSON; a large one's come as tiles (sliced here, or the dataset's own)
    const { parcels, bbox } = parcelMapLayer(opened.zones, features && !large ? features : null, table.bbox);
    progress('done', 1, 1);
    return {
      manifest: opened.manifest,
      plan: opened.plan,
      asOfDate: meta.asOfDate,
      zones: base.zones,
      summaries: summary.zoneSummaries(grading),
      city: summary.citySummary(grading),
      controlEdition: meta.controlEdition,
      rules: ruleSetInfo(opened.rules),
      targetSources: opened.rules.zoneTargets.flatMap((_, i) => sourceOf(opened.rules, SOURCE_ID.zoneTarget(i)) ?? []),
      problems,
      table,
      layers: { ...base.layers, parcels },
      bbox,
      parcelTiles: parcelTilesOf(opened, baseUrl, features !== null && large),
    };
  }

  /** Opens an imported dataset (its files' bytes read from their Blobs), kept for its export. */
  private async openImported(src: ImportedDatasetSource): Promise<OpenedDataset> {
    const bytesOf = async (f: { name: string; blob: Blob }) => ({ name: f.name, bytes: new Uint8Array(await f.blob.arrayBuffer()) });
    const parcels = await Promise.all(src.parcels.map(bytesOf));
    const table = src.table ? await bytesOf(src.table) : null;
    const opened = await openImport({ parcels, table }, src.settings, { name: src.name, asOfDate: src.asOfDate, importedAt: src.importedAt });
    this.imported = { source: src, opened };
    return opened;
  }

  /**
   * The imported dataset last loaded as a dataset folder, zipped (GeoJSON parcels, dataset.json, rules, the mapping):
   * what the CLI audits (data/datasetExport.ts); null when the dataset loaded is not an import.
   */
  exportDataset(): { name: string; bytes: Uint8Array } | null {
    const imp = this.imported;
    const opened = imp?.opened;
    if (!imp || !opened?.parcels || !opened.manifest) return null;
    const files = datasetFolderFiles({
      manifest: opened.manifest,
      rules: opened.rules,
      parcels: opened.parcels,
      provenance: importProvenance(opened.summary, opened.parcels.crs, imp.source.importedAt),
      extra: { 'mapping.json': `${JSON.stringify(mappingFileOf(opened.summary.mapping, imp.source.name), null, 2)}\n` },
    });
    return { name: `${imp.source.name}.zip`, bytes: zipDatasetFolder(imp.source.name, files) };
  }

  /**
   * The results at another as-of date, without reading the data again: the date rules applied to the parcels' kept
   * inputs (engine/reevaluate.ts), the map's parcels made again from their kept features, a parcel's full result
   * (`parcel`, `results`) at the new date from then on. Null when no dataset with parcels is loaded.
   */
  reevaluate(asOfDate: string): Reevaluation | null {
    const k = this.kept;
    if (!k || !this.parcels) return null;
    const r = reevaluate(k.inputs, k.layers, asOfDate);
    this.asOfDate = asOfDate;
    this.parcels = { ...this.parcels, analyse: k.analyser(asOfDate, r.grading) };
    k.features?.setDated(r.dated);
    // the tiles cut here are cut again from the features at the new date (the boxes' index is kept)
    if (k.features && !k.geojson) this.tilesFrom(k.features);
    return {
      asOfDate,
      controlEdition: r.controlEdition,
      summaries: r.summary.zoneSummaries(r.grading),
      city: r.summary.citySummary(r.grading),
      dated: r.dated,
      parcels: k.features && k.geojson ? parcelFeatureBytes(k.features) : null,
      mapFollows: !k.ownTiles,
    };
  }

  /** What changed between two as-of dates, parcel by parcel (engine/reevaluate.ts compareDates); null with no parcels loaded. */
  compare(from: string, to: string): Comparison | null {
    const k = this.kept;
    return k ? compareDates(k.inputs, k.layers, k.zoneIds, from, to) : null;
  }

  /** The tiles of a large dataset are sliced here from `features`, once asked for (see prepareTiles). */
  private tilesFrom(features: JoinedFeatures): void {
    const boxes = this.tiles?.boxIndex ?? null;
    this.tiles = null;
    // made later (prepareTiles): the R-tree of the parcels' boxes that finds a subtree's parcels (kept across dates)
    this.makeTiles = () => {
      this.tiles = new TilesOnRequest(features, { minZoom: PARCEL_MIN_ZOOM_LARGE, maxZoom: WORKER_TILE_MAX_ZOOM }, undefined, boxes);
    };
  }

  /**
   * Makes the parcels' tiles of a large dataset loaded without tiles ready to be cut, if not yet (an R-tree of their
   * boxes): the page asks once its first view is drawn, and the first tile asked for does it too. Each subtree is
   * sliced when one of its tiles is first asked for (or its box is flown to, prepareTilesIn), none ahead, so that the
   * tiles of the zone chosen never wait behind another subtree (docs/decisions.md#tiles-on-request).
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

  /** The full result of one parcel, for the inspector; null for an id not in the data. */
  parcel(id: string): ParcelDetail | null {
    const feature = this.parcels?.featureIndexById.get(id);
    const r = feature === undefined ? null : (this.parcels?.analyse(feature)?.result ?? null);
    return r && this.ruleSet && this.asOfDate ? withChecks(r, this.ruleSet, this.asOfDate) : null;
  }

  /**
   * Several parcels' full results, in the order of `ids` (null for an id not in the data), with their geometry when
   * asked (a GeoJSON export): for the exports of the parcels in scope, made again from their features as `parcel` does.
   * The page asks in batches, so that neither thread holds all of a large dataset's results at once.
   */
  results(ids: readonly string[], withGeometry: boolean): ({ result: ParcelDetail; geometry: ParcelGeometry | null } | null)[] {
    const rules = this.ruleSet;
    const asOf = this.asOfDate;
    return ids.map((id) => {
      const feature = this.parcels?.featureIndexById.get(id);
      const r = feature === undefined ? null : (this.parcels?.analyse(feature) ?? null);
      return r && rules && asOf ? { result: withChecks(r.result, rules, asOf), geometry: withGeometry ? r.geometry : null } : null;
    });
  }

  rules() {
    return this.ruleSet;
  }
}

/** A table's dated columns as they are (views, not copies). */
const datedOf = (t: ParcelTableWire): DatedColumns => ({
  idleYears: t.numeric.idleYears,
  idleFeeWanYuan: t.numeric.idleFeeWanYuan,
  efficiencyScore: t.numeric.efficiencyScore,
  idleStatus: t.idleStatus,
  idleMeasure: t.idleMeasure,
  flags: t.flags,
  failedIndicators: t.failedIndicators,
  stage: t.stage,
  gradeCity: t.gradeCity,
  gradeZone: t.gradeZone,
});

/** The table of a dataset with no parcels file. */
const emptyTable = (spec: ShardSpec): ParcelTableWire => joinTableParts([], spec.sinks.table?.zoneIds ?? [], new Float64Array(0));

/**
 * Where the map finds the parcels as vector tiles: the tiles dataset.json names (a PMTiles archive read by range
 * requests, or a {z}/{x}/{y}.pbf folder), else those this worker slices (`sliceHere`), else none (GeoJSON).
 */
function parcelTilesOf(opened: OpenedDataset, baseUrl: string | null, sliceHere: boolean): LoadResult['parcelTiles'] {
  const tiles = baseUrl ? opened.manifest?.layers.parcelTiles : undefined;
  // (its path is checked by openDataset; resolved, it must stay in the dataset's folder too)
  const at = tiles && baseUrl ? withinDataset(tiles.path.endsWith('.pmtiles') ? tiles.path : `${tiles.path.replace(/\/$/, '')}/`, new URL(baseUrl)) : null;
  // {z}/{x}/{y} must stay literal in the template (URL() would escape the braces)
  if (tiles && at)
    return {
      url: tiles.path.endsWith('.pmtiles') ? `pmtiles://${at.href}/{z}/{x}/{y}` : `${at.href}{z}/{x}/{y}.pbf`,
      minzoom: tiles.minZoom,
      maxzoom: tiles.maxZoom,
    };
  return sliceHere ? { url: `${WORKER_TILE_SCHEME}://{z}/{x}/{y}`, minzoom: PARCEL_MIN_ZOOM_LARGE, maxzoom: WORKER_TILE_MAX_ZOOM } : null;
}
