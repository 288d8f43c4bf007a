import type { Dexie } from 'dexie';
import { StorageFailure, storageFailureOf } from './reviews/storage';

/**
 * The IndexedDB storages (reviews, imports, tours) fail the same way: opening a database that the browser refuses
 * (private mode, a full disk) is a StorageFailure of kind 'quota' or 'refused', and so is every read or write after.
 * Type-only import of Dexie: this module adds nothing to the page's first chunk.
 */
export async function openOrFail(db: Dexie): Promise<void> {
  try {
    await db.open();
  } catch (e) {
    const f = storageFailureOf(e);
    throw new StorageFailure(f.kind === 'quota' ? 'quota' : 'refused', f.detail);
  }
}

/** Runs a read or write of a storage; its failure comes out as a StorageFailure. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw storageFailureOf(e);
  }
}
