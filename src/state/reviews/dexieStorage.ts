import { Dexie, type EntityTable, liveQuery } from 'dexie';
import { byLogOrder, type ReviewEvent } from '../../domain/reviewLog';
import { guarded, openOrFail } from '../dexieGuard';
import { type ReviewStorage, storageFailureOf } from './storage';

/** An event as stored: with the position it was written at in this browser (seq), which tells what is new since. */
type StoredEvent = ReviewEvent & { seq?: number };
interface FileRow {
  id: string;
  blob: Blob;
}

export const DB_NAME = 'parkatlas-reviews';

/**
 * Review events in IndexedDB through Dexie: one append-only table of events (never updated or deleted) and one of
 * attachment bytes. Every write is one transaction, so a decision is on disk when the store says so; Dexie tells
 * other tabs of this browser profile of each write (its `storagemutated` broadcast), and their watch reads what is new.
 */
export async function openDexieStorage(name = DB_NAME): Promise<ReviewStorage> {
  const db = new Dexie(name) as Dexie & { events: EntityTable<StoredEvent, 'seq'>; files: EntityTable<FileRow, 'id'> };
  db.version(1).stores({ events: '++seq, &id, [dataset+parcelId], at', files: 'id' });
  await openOrFail(db);
  const plain = ({ seq: _seq, ...e }: StoredEvent): ReviewEvent => e;

  return {
    kind: 'indexeddb',
    watch(dataset, onEvents, onError) {
      let last = 0;
      let first = true;
      const sub = liveQuery(() => db.events.where('seq').above(last).toArray()).subscribe({
        next(rows) {
          const fresh = rows.filter((r) => (r.seq ?? 0) > last);
          last = fresh.reduce((m, r) => Math.max(m, r.seq ?? 0), last);
          const mine = fresh.filter((r) => r.dataset === dataset).map(plain);
          // the first answer even when the dataset has no events yet
          if (first || mine.length > 0) onEvents(mine);
          first = false;
        },
        error: (e) => onError(storageFailureOf(e)),
      });
      return () => sub.unsubscribe();
    },
    append(dataset, parcelId, make, files) {
      return guarded(() =>
        db.transaction('rw', db.events, db.files, async () => {
          const parcelEvents = (await db.events.where('[dataset+parcelId]').equals([dataset, parcelId]).toArray()).map(plain);
          const latest = await db.events.orderBy('at').last();
          const r = make(parcelEvents, latest?.at ?? null);
          if (r.ok) {
            if (files.length > 0) await db.files.bulkPut(files.map((f) => ({ id: f.ref.id, blob: f.blob })));
            await db.events.add(r.event);
          }
          return r;
        }),
      );
    },
    addEvents(events, files) {
      return guarded(() =>
        db.transaction('rw', db.events, db.files, async () => {
          const have = new Set(
            (
              await db.events
                .where('id')
                .anyOf(events.map((e) => e.id))
                .toArray()
            ).map((e) => e.id),
          );
          const added = events.filter((e) => !have.has(e.id));
          const haveFiles = new Set(
            await db.files
              .where('id')
              .anyOf(files.map((f) => f.ref.id))
              .primaryKeys(),
          );
          const newFiles = files.filter((f) => !haveFiles.has(f.ref.id));
          if (newFiles.length > 0) await db.files.bulkAdd(newFiles.map((f) => ({ id: f.ref.id, blob: f.blob })));
          if (added.length > 0) await db.events.bulkAdd(added.map((e) => ({ ...e })));
          return added;
        }),
      );
    },
    async allEvents() {
      return guarded(async () => (await db.events.toArray()).map(plain).sort(byLogOrder));
    },
    async file(id) {
      return guarded(async () => (await db.files.get(id))?.blob ?? null);
    },
  };
}
