import type { MappingFile } from '../../data/mapping';
import type { ImportedDatasetSource } from '../../engine/session';
import { type ImportStorage, metaOf } from './storage';

/** Imported datasets in this page's memory (tests, and a browser that refuses IndexedDB: then they last one visit). */
export function memoryImports(): ImportStorage {
  const datasets = new Map<string, ImportedDatasetSource & { parcelCount: number }>();
  const mappings = new Map<string, MappingFile>();
  return {
    kind: 'memory',
    list: async () => [...datasets.values()].map(metaOf).sort((a, b) => b.importedAt.localeCompare(a.importedAt)),
    get: async (id) => datasets.get(id) ?? null,
    put: async (d) => {
      datasets.set(d.id, d);
    },
    remove: async (id) => {
      datasets.delete(id);
    },
    mappings: async () => [...mappings.values()],
    putMapping: async (m) => {
      mappings.set(m.name, m);
    },
  };
}
