import type { StoredTour, TourStorage } from './tourStorage';

/** Tours in this page's memory: the same contract within one tab. */
export function memoryTourStorage(): TourStorage {
  const rows = new Map<string, StoredTour>();
  const watchers = new Set<{ dataset: string; onTour: (t: StoredTour | null) => void }>();
  return {
    kind: 'memory',
    watch(dataset, onTour) {
      const w = { dataset, onTour };
      watchers.add(w);
      queueMicrotask(() => onTour(rows.get(dataset) ?? null));
      return () => watchers.delete(w);
    },
    async update(dataset, change) {
      const next = change(rows.get(dataset)?.tour ?? null);
      if (next) rows.set(dataset, { dataset, tour: next, savedAt: new Date().toISOString() });
      else rows.delete(dataset);
      for (const w of watchers) if (w.dataset === dataset) queueMicrotask(() => w.onTour(rows.get(dataset) ?? null));
      return next;
    },
  };
}
