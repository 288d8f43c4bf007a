import { Dexie, type EntityTable, liveQuery } from 'dexie';
import { openOrFail } from '../dexieGuard';
import { type StorageFailure, storageFailureOf } from '../reviews/storage';
import type { Tour } from './tourFile';

/** A dataset's tour as this browser keeps it once edited (until then the dataset's tour.json is shown). */
export interface StoredTour {
  dataset: string;
  tour: Tour;
  /** ISO time of the last write */
  savedAt: string;
}

/**
 * Where edited tours are kept: IndexedDB in the app (openTourStorage), this page's memory in tests or when the browser
 * refuses IndexedDB. Every edit is one read-modify-write transaction on the stored tour, so two tabs editing at once
 * apply their edits one after the other and none is dropped; each tab watches the stored tour and shows every write.
 */
export interface TourStorage {
  readonly kind: 'indexeddb' | 'memory';
  /** Calls `onTour` with the dataset's stored tour (null: none) now and after every write, by this tab or another. */
  watch(dataset: string, onTour: (t: StoredTour | null) => void, onError: (e: StorageFailure) => void): () => void;
  /**
   * Writes `change(current)` in one transaction (current: the stored tour, null when none); a change returning null
   * removes the stored tour (back to the dataset's). Resolves with what is stored. Throws StorageFailure.
   */
  update(dataset: string, change: (current: Tour | null) => Tour | null): Promise<Tour | null>;
}

export const TOUR_DB_NAME = 'parkatlas-tours';

export async function openTourStorage(name = TOUR_DB_NAME): Promise<TourStorage> {
  const db = new Dexie(name) as Dexie & { tours: EntityTable<StoredTour, 'dataset'> };
  db.version(1).stores({ tours: 'dataset' });
  await openOrFail(db);
  return {
    kind: 'indexeddb',
    watch(dataset, onTour, onError) {
      const sub = liveQuery(() => db.tours.get(dataset)).subscribe({
        next: (row) => onTour(row ?? null),
        error: (e) => onError(storageFailureOf(e)),
      });
      return () => sub.unsubscribe();
    },
    async update(dataset, change) {
      try {
        return await db.transaction('rw', db.tours, async () => {
          const next = change((await db.tours.get(dataset))?.tour ?? null);
          if (next) await db.tours.put({ dataset, tour: next, savedAt: new Date().toISOString() });
          else await db.tours.delete(dataset);
          return next;
        });
      } catch (e) {
        throw storageFailureOf(e);
      }
    },
  };
}
