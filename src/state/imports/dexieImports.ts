import { Dexie, type EntityTable, liveQuery } from 'dexie';
import type { MappingFile } from '../../data/mapping';
import type { ImportedDatasetSource } from '../../engine/session';
import { guarded, openOrFail } from '../dexieGuard';
import { type ImportedDatasetMeta, type ImportStorage, metaOf } from './storage';

type Row = ImportedDatasetSource & { parcelCount: number; meta: ImportedDatasetMeta };
type MappingRow = MappingFile & { name: string };

export const IMPORTS_DB = 'parkatlas-imports';

/**
 * Imported datasets in IndexedDB through Dexie, a database apart from the reviews': one table of datasets (the
 * files' Blobs with the settings; a `meta` copy without them to list), one of saved mappings. Each write is one
 * transaction: a dataset is there whole or not at all.
 */
export async function openDexieImports(name = IMPORTS_DB): Promise<ImportStorage> {
  const db = new Dexie(name) as Dexie & { datasets: EntityTable<Row, 'id'>; mappings: EntityTable<MappingRow, 'name'> };
  db.version(1).stores({ datasets: 'id, meta.importedAt', mappings: 'name' });
  await openOrFail(db);

  return {
    kind: 'indexeddb',
    list: () => guarded(async () => (await db.datasets.orderBy('meta.importedAt').reverse().toArray()).map((r) => r.meta)),
    get: (id) =>
      guarded(async () => {
        const r = await db.datasets.get(id);
        if (!r) return null;
        const { meta: _meta, parcelCount: _n, ...source } = r;
        return source;
      }),
    put: (d) => guarded(async () => void (await db.datasets.put({ ...d, meta: metaOf(d) }))),
    remove: (id) => guarded(() => db.datasets.delete(id)),
    mappings: () => guarded(async () => (await db.mappings.toArray()) as MappingFile[]),
    putMapping: (m) => guarded(async () => void (await db.mappings.put(m))),
    watch(onChange) {
      // Dexie tells other tabs of each write (its storagemutated broadcast): the keys change, the list is read again
      let first = true;
      const sub = liveQuery(async () => [await db.datasets.toCollection().primaryKeys(), await db.mappings.toCollection().primaryKeys()]).subscribe({
        next() {
          if (!first) onChange();
          first = false;
        },
        error: () => {},
      });
      return () => sub.unsubscribe();
    },
  };
}
