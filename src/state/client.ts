import type { ImportSettings } from '../data/importLayer';
import type { ImportFile } from '../data/shapefile';
import type { ParcelDetail, ParcelGeometry } from '../domain/types';
import type { ImportPreview, ImportProgress } from '../engine/importSession';
import type { Comparison } from '../engine/reevaluate';
import type { DatasetSource, LoadResult, MapLayers, Phase, Reevaluation } from '../engine/session';
import type { Bbox } from '../geo/bbox';

/**
 * What the app asks of the analysis. In the app it is the Web Worker (src/worker/client.ts adapts Comlink to it); in
 * tests an AnalysisSession run in-process, so the store is tested without a browser. Callbacks are plain functions:
 * an adapter that crosses threads wraps them itself.
 */
export interface AnalysisClient {
  /**
   * Reads and analyses a dataset (a folder URL ending in "/", or an imported dataset): progress as it goes, the map's
   * layers but the parcels as soon as they are read (onMapLayers), then the results.
   */
  load(
    source: DatasetSource,
    asOfDate: string | null,
    progress: (phase: Phase, done: number, total: number) => void,
    onMapLayers: (layers: MapLayers) => void,
    threads: number | null,
  ): Promise<LoadResult>;
  /** The results at another as-of date, without reading the data again (null: nothing loaded); `parcel` and `results` follow it. */
  reevaluate(asOfDate: string): Promise<Reevaluation | null>;
  /** What changed for each parcel between two as-of dates (null: nothing loaded). */
  compare(from: string, to: string): Promise<Comparison | null>;
  /** One parcel's full result (for the inspector); null for an id not in the data. */
  parcel(id: string): Promise<ParcelDetail | null>;
  /** Several parcels' full results in the order of `ids` (null: not in the data), with geometry when asked (see AnalysisSession.results). */
  results(ids: string[], withGeometry: boolean): Promise<({ result: ParcelDetail; geometry: ParcelGeometry | null } | null)[]>;
  /** Makes a large dataset's parcel tiles ready to be cut (see AnalysisSession.prepareTiles). */
  prepareTiles(): Promise<void>;
  /** Slices the parcel tiles a box reaches now (a flight is on its way there). */
  prepareTilesIn(box: Bbox): Promise<number>;
  /** One parcel tile of a dataset the analysis slices (Mapbox Vector Tile bytes); null when no parcel reaches it. */
  tile(z: number, x: number, y: number): Promise<ArrayBuffer | null>;
  /** The imported dataset loaded, as a zipped dataset folder (see AnalysisSession.exportDataset); null for others. */
  exportDataset(): Promise<{ name: string; bytes: Uint8Array } | null>;
}

/**
 * The import's reading and checking, away from the page (the app: a worker of its own, src/worker/importClient.ts;
 * tests: the same ImportSession in-process). `cancel` stops it at once: the worker is ended, and the next call starts
 * another; the promise of the call cancelled rejects with ImportCancelled.
 */
export interface ImportClient {
  open(parcels: ImportFile[], table: ImportFile | null, settings: ImportSettings, progress: ImportProgress): Promise<ImportPreview>;
  preview(settings: ImportSettings, progress: ImportProgress): Promise<ImportPreview>;
  cancel(): void;
}

/** What a cancelled import call rejects with. */
export class ImportCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ImportCancelled';
  }
}
