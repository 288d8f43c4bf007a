import { byLogOrder, type ReviewEvent } from '../../domain/reviewLog';
import type { ReviewStorage, StoredFile } from './storage';

/**
 * Events kept in this page's memory: the storage when the browser refuses IndexedDB (the officer is told, and exports
 * or backs up before closing the page), and the store's in tests. Same contract as IndexedDB, within one tab.
 */
export function memoryStorage(): ReviewStorage {
  const events: ReviewEvent[] = [];
  const files = new Map<string, Blob>();
  const watchers = new Set<{ dataset: string; onEvents: (e: ReviewEvent[]) => void }>();
  const notify = (added: readonly ReviewEvent[]) => {
    for (const w of watchers) {
      const mine = added.filter((e) => e.dataset === w.dataset);
      if (mine.length > 0) queueMicrotask(() => w.onEvents(mine));
    }
  };
  return {
    kind: 'memory',
    watch(dataset, onEvents) {
      const w = { dataset, onEvents };
      watchers.add(w);
      const now = events.filter((e) => e.dataset === dataset);
      queueMicrotask(() => onEvents(now));
      return () => watchers.delete(w);
    },
    async append(dataset, parcelId, make, toStore) {
      const latest = events.reduce<string | null>((m, e) => (m == null || e.at > m ? e.at : m), null);
      const r = make(
        events.filter((e) => e.dataset === dataset && e.parcelId === parcelId),
        latest,
      );
      if (r.ok) {
        for (const f of toStore) files.set(f.ref.id, f.blob);
        events.push(r.event);
        notify([r.event]);
      }
      return r;
    },
    async addEvents(incoming, toStore: readonly StoredFile[]) {
      const have = new Set(events.map((e) => e.id));
      const added = incoming.filter((e) => !have.has(e.id));
      for (const f of toStore) if (!files.has(f.ref.id)) files.set(f.ref.id, f.blob);
      events.push(...added);
      notify(added);
      return added;
    },
    async allEvents() {
      return [...events].sort(byLogOrder);
    },
    async file(id) {
      return files.get(id) ?? null;
    },
  };
}
