import type { MappingFile } from '../../data/mapping';
import type { ImportedDatasetSource } from '../../engine/session';

/**
 * Where imported datasets and saved field mappings are kept: the app's is IndexedDB (dexieImports.ts), a database of
 * its own, apart from the review decisions (an import never touches them). An imported dataset is kept as the officer
 * gave it (the files' bytes as Blobs) with its settings, and opened again by the same import each time it is loaded.
 */
export interface ImportStorage {
  readonly kind: 'indexeddb' | 'memory';
  /** The datasets kept, newest first, without their files. */
  list(): Promise<ImportedDatasetMeta[]>;
  get(id: string): Promise<ImportedDatasetSource | null>;
  /** Writes a dataset whole (one transaction); throws when the browser refuses (a full disk: QuotaExceededError). */
  put(dataset: ImportedDatasetSource & { parcelCount: number }): Promise<void>;
  remove(id: string): Promise<void>;
  mappings(): Promise<MappingFile[]>;
  /** Saves a mapping by its name (the same name replaces it). */
  putMapping(m: MappingFile & { name: string }): Promise<void>;
  /** Calls `onChange` when another tab (or this one) adds or removes a dataset or a mapping; returns what stops it. */
  watch?(onChange: () => void): () => void;
}

export interface ImportedDatasetMeta {
  id: string;
  name: string;
  asOfDate: string | null;
  importedAt: string;
  parcelCount: number;
  sizeBytes: number;
  files: string[];
}

/** Imported datasets' ids in the URL (`?dataset=imported:…`): no folder name can have the colon. */
export const IMPORTED_PREFIX = 'imported:';
export const isImportedDataset = (dataset: string): boolean => dataset.startsWith(IMPORTED_PREFIX);
/** An id's form: the prefix and 8–36 letters, digits or hyphens. */
export const IMPORTED_ID = /^imported:[a-z0-9-]{8,36}$/;

export const metaOf = (d: ImportedDatasetSource & { parcelCount: number }): ImportedDatasetMeta => ({
  id: d.id,
  name: d.name,
  asOfDate: d.asOfDate,
  importedAt: d.importedAt,
  parcelCount: d.parcelCount,
  sizeBytes: d.parcels.reduce((n, f) => n + f.blob.size, 0) + (d.table?.blob.size ?? 0),
  files: [...d.parcels.map((f) => f.name), ...(d.table ? [d.table.name] : [])],
});
