import type { ImportSettings } from '../../data/importLayer';
import type { JoinSpec } from '../../data/join';
import { comparableName, type MappingFile, mappingFileOf, PRESET } from '../../data/mapping';
import type { ImportFile } from '../../data/shapefile';
import type { ImportPreview } from '../../engine/importSession';
import type { ImportedDatasetSource } from '../../engine/session';
import { type AnalysisClient, ImportCancelled, type ImportClient } from '../client';
import { storageFailureOf } from '../reviews/storage';
import { IMPORTED_PREFIX, type ImportedDatasetMeta, type ImportStorage } from './storage';

/**
 * The store's import slice: the imported datasets kept in this browser (listed beside the embedded ones), saved field
 * mappings, and the import dialog's state. Nothing the dialog does touches the dataset shown or any review decision:
 * the files are read and checked in the import worker, and only "import" writes the dataset (to IndexedDB, whole, in
 * one transaction) and then switches to it. A failed or cancelled import leaves everything as it was.
 */
export interface ImportsSlice {
  storage: 'opening' | 'indexeddb' | 'memory' | 'none';
  datasets: ImportedDatasetMeta[];
  mappings: MappingFile[];
  dialog: ImportDialog | null;
  notice: ImportNotice | null;
}

export type ImportStep = 'files' | 'check' | 'mapping' | 'join' | 'save';
export const IMPORT_STEPS: readonly ImportStep[] = ['files', 'check', 'mapping', 'join', 'save'];

export interface ImportDialog {
  step: ImportStep;
  parcelFiles: File[];
  tableFile: File | null;
  settings: ImportSettings;
  /** the worker is reading or checking: what it does, and how far it is */
  busy: { step: 'read' | 'map' | 'check' | 'store'; done: number; total: number } | null;
  preview: ImportPreview | null;
  /** why the last call gave no preview (the worker failed, the files are too large, it was cancelled) */
  failure: { kind: 'cancelled' | 'too-large' | 'worker' | 'storage'; detail: string } | null;
  name: string;
  asOfDate: string;
}

export type ImportNotice =
  | { kind: 'imported'; name: string; parcels: number }
  | { kind: 'removed'; name: string }
  | { kind: 'remove-failed'; detail: string }
  | { kind: 'missing'; id: string };

export const NO_IMPORTS: ImportsSlice = { storage: 'opening', datasets: [], mappings: [], dialog: null, notice: null };

/** Files larger than this together are not read: a browser tab holds them in memory (see MAX_IMPORT_BYTES). */
export const MAX_FILES_BYTES = 512 * 1024 * 1024;

const TABLE = /\.(csv|txt|tsv|xlsx|xls)$/i;

export interface ImportActions {
  openImportDialog(): void;
  closeImportDialog(): void;
  addImportFiles(files: readonly File[]): Promise<void>;
  removeImportFile(which: 'parcels' | 'table'): Promise<void>;
  setImportSettings(patch: Partial<ImportSettings>): Promise<void>;
  setImportStep(step: ImportStep): void;
  setImportMeta(patch: { name?: string; asOfDate?: string }): void;
  cancelImport(): void;
  commitImport(): Promise<boolean>;
  removeImported(id: string): Promise<void>;
  saveMapping(name: string): Promise<void>;
  exportImported(): Promise<{ blob: Blob; name: string } | null>;
  /** The stored dataset to load (null when it is gone). */
  importedSource(id: string): Promise<ImportedDatasetSource | null>;
  dismissImportNotice(): void;
}

export interface ImportDeps {
  client: AnalysisClient;
  importClient: (() => ImportClient) | null;
  openStorage: () => Promise<ImportStorage>;
  memory: () => ImportStorage;
  now?: () => number;
  newId?: () => string;
}

interface Host {
  imports: ImportsSlice;
  dataset: string;
  switchDataset(dataset: string): void;
}

const today = (now: number) => new Date(now).toISOString().slice(0, 10);

/** The join the preset suggests: the parcels' id field to a table column named as a parcel code (宗地代码 …). */
function guessJoin(p: ImportPreview): JoinSpec | null {
  if (!p.tableFile) return null;
  const key = p.mapping.id?.source === 'parcels' ? p.mapping.id.field : null;
  const tableKey = p.fields.find((f) => f.source === 'table' && PRESET.id.includes(comparableName(f.name)))?.name;
  return key && tableKey ? { key, tableKey } : null;
}

export function importsSlice<S extends Host>(
  setImports: (patch: Partial<ImportsSlice>) => void,
  get: () => S,
  deps: ImportDeps,
): ImportActions & { startImports(): Promise<void> } {
  const now = deps.now ?? (() => Date.now());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  let storage: Promise<ImportStorage> | null = null;
  let client: ImportClient | null = null;
  /** a cancel (or a new set of files) makes the calls under way stale: what they give is let go */
  let generation = 0;
  const s = () => get().imports;
  const open = (): Promise<ImportStorage> => {
    storage ??= deps.openStorage().then(
      (x) => {
        setImports({ storage: x.kind });
        return x;
      },
      () => {
        setImports({ storage: 'memory' });
        return deps.memory();
      },
    );
    return storage;
  };
  const importClient = () => {
    client ??= deps.importClient?.() ?? null;
    return client;
  };
  const patchDialog = (patch: Partial<ImportDialog>) => {
    const d = s().dialog;
    if (d) setImports({ dialog: { ...d, ...patch } });
  };
  const refresh = async () => {
    const x = await open();
    const [datasets, mappings] = await Promise.all([x.list().catch(() => s().datasets), x.mappings().catch(() => s().mappings)]);
    setImports({ datasets, mappings });
  };
  const bytesOf = async (f: File): Promise<ImportFile> => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });

  /** Runs a call of the import worker with the dialog's progress; a failure or a cancel becomes the dialog's failure. */
  const work = async (call: (c: ImportClient) => Promise<ImportPreview>, gen = ++generation) => {
    const c = importClient();
    if (!c) return;
    patchDialog({ busy: { step: 'read', done: 0, total: 1 }, failure: null });
    try {
      let preview = await call(c);
      if (!s().dialog || gen !== generation) return;
      let d = s().dialog as ImportDialog;
      // a table and no key yet: the parcels' id field and the table's column the preset takes for a parcel code
      const join = d.settings.join ? null : guessJoin(preview);
      if (join) {
        patchDialog({ settings: { ...d.settings, join } });
        preview = await c.preview({ ...d.settings, join, mapping: null }, progress);
        if (!s().dialog || gen !== generation) return;
        d = s().dialog as ImportDialog;
      }
      // the preview's mapping becomes the settings' (a guess is kept as the officer's starting point)
      patchDialog({ preview, busy: null, settings: { ...d.settings, mapping: preview.mapping }, step: d.step === 'files' ? 'check' : d.step });
    } catch (e) {
      if (!s().dialog || gen !== generation) return;
      patchDialog({ busy: null, failure: e instanceof ImportCancelled ? { kind: 'cancelled', detail: '' } : { kind: 'worker', detail: (e as Error).message } });
    }
  };
  // (progress crosses from the worker on a port of its own: a last message may come after the call's result, when
  // nothing is busy any more, and is then let go)
  const progress = (step: 'read' | 'map' | 'check', done: number, total: number) => {
    if (s().dialog?.busy) patchDialog({ busy: { step, done, total } });
  };

  const reopen = async () => {
    const d = s().dialog;
    if (!d || d.parcelFiles.length === 0) {
      patchDialog({ preview: null });
      return;
    }
    const size = d.parcelFiles.reduce((n, f) => n + f.size, 0) + (d.tableFile?.size ?? 0);
    if (size > MAX_FILES_BYTES) {
      patchDialog({ preview: null, failure: { kind: 'too-large', detail: String(Math.round(size / 1024 / 1024)) } });
      return;
    }
    const gen = ++generation;
    patchDialog({ busy: { step: 'read', done: 0, total: 1 }, failure: null });
    const parcels = await Promise.all(d.parcelFiles.map(bytesOf));
    const table = d.tableFile ? await bytesOf(d.tableFile) : null;
    if (gen !== generation) return;
    // a mapping guessed for other files is not theirs: guess again (a saved one is applied by the officer)
    const settings = { ...d.settings, mapping: null, join: table ? d.settings.join : null };
    patchDialog({ settings });
    await work((c) => c.open(parcels, table, settings, progress), gen);
  };

  const actions: ImportActions & { startImports(): Promise<void> } = {
    async startImports() {
      await refresh();
      // another tab's imports and removals show here too
      (await open()).watch?.(() => void refresh());
    },
    openImportDialog() {
      setImports({
        dialog: { step: 'files', parcelFiles: [], tableFile: null, settings: {}, busy: null, preview: null, failure: null, name: '', asOfDate: today(now()) },
        notice: null,
      });
    },
    closeImportDialog() {
      if (s().dialog?.busy) {
        generation++;
        client?.cancel();
      }
      setImports({ dialog: null });
    },
    async addImportFiles(files) {
      const d = s().dialog;
      if (!d) return;
      const tables = files.filter((f) => TABLE.test(f.name));
      const parcels = files.filter((f) => !TABLE.test(f.name));
      // new parcel files replace the old ones (one layer at a time); a new table replaces the old
      const parcelFiles = parcels.length > 0 ? [...parcels] : d.parcelFiles;
      const tableFile = tables[0] ?? d.tableFile;
      const stem = parcelFiles[0]?.name.replace(/\.[^.]+$/, '') ?? '';
      patchDialog({ parcelFiles, tableFile, name: d.name || stem });
      await reopen();
    },
    async removeImportFile(which) {
      if (which === 'table') patchDialog({ tableFile: null });
      else patchDialog({ parcelFiles: [], preview: null });
      await reopen();
    },
    async setImportSettings(patch) {
      const d = s().dialog;
      if (!d) return;
      patchDialog({ settings: { ...d.settings, ...patch } });
      if (!d.preview) return;
      await work((c) => c.preview((s().dialog as ImportDialog).settings, progress));
    },
    setImportStep(step) {
      patchDialog({ step });
    },
    setImportMeta(patch) {
      patchDialog(patch);
    },
    cancelImport() {
      generation++;
      client?.cancel();
      patchDialog({ busy: null, failure: { kind: 'cancelled', detail: '' } });
    },
    async commitImport() {
      const d = s().dialog;
      if (!d?.preview || d.preview.failed || d.busy) return false;
      const id = `${IMPORTED_PREFIX}${newId()
        .replace(/[^a-z0-9-]/gi, '')
        .toLowerCase()
        .slice(0, 12)}`;
      const source: ImportedDatasetSource & { parcelCount: number } = {
        id,
        name: d.name.trim() || d.preview.file,
        asOfDate: d.asOfDate || null,
        importedAt: new Date(now()).toISOString(),
        parcels: d.parcelFiles.map((f) => ({ name: f.name, blob: f })),
        table: d.tableFile ? { name: d.tableFile.name, blob: d.tableFile } : null,
        // what the preview showed is what is kept: the mapping as it stands, not a guess made again later
        settings: { ...d.settings, mapping: d.preview.mapping },
        parcelCount: d.preview.parcelCount,
      };
      patchDialog({ busy: { step: 'store', done: 0, total: 1 } });
      try {
        await (await open()).put(source);
      } catch (e) {
        const f = storageFailureOf(e);
        patchDialog({ busy: null, failure: { kind: 'storage', detail: `${f.kind}: ${f.detail}` } });
        return false;
      }
      await refresh();
      setImports({ dialog: null, notice: { kind: 'imported', name: source.name, parcels: source.parcelCount } });
      get().switchDataset(id);
      return true;
    },
    async removeImported(id) {
      const meta = s().datasets.find((x) => x.id === id);
      try {
        await (await open()).remove(id);
      } catch (e) {
        setImports({ notice: { kind: 'remove-failed', detail: storageFailureOf(e).detail } });
        return;
      }
      await refresh();
      setImports({ notice: { kind: 'removed', name: meta?.name ?? id } });
      if (get().dataset === id) get().switchDataset('');
    },
    async saveMapping(name) {
      const d = s().dialog;
      if (!d?.preview || !name.trim()) return;
      await (await open()).putMapping({ ...mappingFileOf(d.preview.mapping, name.trim()), name: name.trim() });
      await refresh();
    },
    async exportImported() {
      const x = await deps.client.exportDataset();
      return x ? { blob: new Blob([x.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), name: x.name } : null;
    },
    async importedSource(id) {
      return (await open()).get(id).catch(() => null);
    },
    dismissImportNotice() {
      setImports({ notice: null });
    },
  };
  return actions;
}
