import type { ReviewExportRow } from '../../analysis/reviewExport';
import { checkAttachments, type Decision, officerName } from '../../domain/review';
import {
  byLogOrder,
  compensateEvent,
  decideEvent,
  type EventMeta,
  type EventProblem,
  type EventResult,
  type MergeConflict,
  mergeEvents,
  nextTime,
  type ParcelReview,
  type ReviewEvent,
  resolveEvent,
  reviewOf,
  undoRedoOf,
} from '../../domain/reviewLog';
import type { Lang } from '../../i18n/resources';
import type { AnalysisClient } from '../client';
import type { LoadedData } from '../load';
// the backup's zip code is in the first chunk on purpose: it is the rescue when storage refuses a write, and that is
// when fetching a chunk may fail too (storage full, the service worker's cache with it; offline at a site visit)
import { readBackup, writeBackup } from './backup';
import { type RowMarks, rowBasis, rowChanges, rowMarks } from './queue';
import { type ReviewStorage, StorageFailure, type StorageFailureKind, type StoredFile, storageFailureOf } from './storage';

/**
 * The store's review slice: the current dataset's review events and what derives from them (each parcel's review,
 * the rows' marks), the officer, the queue's position (its order and the pane are the view's: urlState.ts), and the actions that record decisions. A decision is
 * written to storage at once; when storage fails it is kept in memory (`unsaved`), shown as such, and goes into every
 * export and backup until it is written.
 */
export interface ReviewSlice {
  storage: 'opening' | 'indexeddb' | 'memory';
  failure: { kind: StorageFailureKind; detail: string } | null;
  /** the dataset's events, in log order, those not yet in storage included */
  events: ReviewEvent[];
  /** each parcel's review, by parcel id */
  byParcel: ReadonlyMap<string, ParcelReview>;
  /** events kept in this page's memory only: storage refused them */
  unsaved: ReviewEvent[];
  officer: string | null;
  /** the parcel the queue is at */
  cursor: string | null;
  notice: ReviewNotice | null;
  /** the parcels of the last import that are in conflict */
  conflicts: MergeConflict[];
  marks: RowMarks | null;
}

export type ReviewNotice =
  | { kind: 'saved'; parcelId: string; status: Decision['status']; memoryOnly: boolean }
  | { kind: 'undone' | 'redone'; parcelId: string; from: Decision['status']; to: Decision['status'] }
  | { kind: 'problems'; parcelId: string | null; problems: ReviewProblem[] }
  | { kind: 'imported'; added: number; known: number; conflicts: number; clashes: number }
  | { kind: 'import-failed'; file: string; message: string };

export type ReviewProblem = EventProblem | { kind: 'no-officer' } | { kind: 'not-in-data' };

export const NO_REVIEWS: ReviewSlice = {
  storage: 'opening',
  failure: null,
  events: [],
  byParcel: new Map(),
  unsaved: [],
  officer: null,
  cursor: null,
  notice: null,
  conflicts: [],
  marks: null,
};

export interface ReviewActions {
  setOfficer(name: string): boolean;
  /** Makes a parcel the queue's current one: selects it and flies to it. */
  reviewAt(parcelId: string): void;
  /** Records a decision on a parcel; `expectedHead` is the event the form was made from (null: none). */
  saveDecision(parcelId: string, decision: Decision, expectedHead: string | null, files: readonly File[]): Promise<boolean>;
  undoReview(): Promise<void>;
  redoReview(): Promise<void>;
  resolveConflict(parcelId: string, chosen: Decision): Promise<boolean>;
  /** Tries again to write the decisions kept in memory. */
  retryUnsaved(): Promise<void>;
  exportReviews(format: 'csv' | 'xlsx' | 'geojson', rows: Uint32Array): Promise<{ blob: Blob; name: string }>;
  backupReviews(): Promise<{ blob: Blob; name: string }>;
  importBackup(file: Blob & { name?: string }): Promise<void>;
  /** An attachment's bytes (from storage, or from memory when not written). */
  attachmentBlob(id: string): Promise<Blob | null>;
}

export interface ReviewDeps {
  client: AnalysisClient;
  /** Opens the storage (IndexedDB in the app); a rejection falls back to memory, and the officer is told. */
  openStorage: () => Promise<ReviewStorage>;
  memory: () => ReviewStorage;
  rememberedOfficer: () => string | null;
  rememberOfficer: (name: string) => void;
  now?: () => number;
  newId?: () => string;
}

interface Host {
  review: ReviewSlice;
  data: LoadedData | null;
  dataset: string;
  lang: Lang;
  select(id: string | null, from: 'map' | 'table' | 'url' | 'review'): void;
}

/** Results asked of the analysis a batch at a time (see AnalysisSession.results). */
const EXPORT_BATCH = 2000;

export function reviewSlice<S extends Host>(
  setReview: (patch: Partial<ReviewSlice>) => void,
  get: () => S,
  deps: ReviewDeps,
): ReviewActions & { start(): void } {
  const now = deps.now ?? (() => Date.now());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  let storage: ReviewStorage | null = null;
  let opening: Promise<ReviewStorage> | null = null;
  let stopWatch: (() => void) | null = null;
  let watching: string | null = null;
  /** bytes of attachments not yet in storage */
  const unsavedFiles = new Map<string, StoredFile>();
  const r = () => get().review;

  const open = (): Promise<ReviewStorage> => {
    opening ??= deps.openStorage().then(
      (s) => {
        storage = s;
        setReview({ storage: s.kind });
        return s;
      },
      (e) => {
        const f = storageFailureOf(e);
        storage = deps.memory();
        setReview({ storage: 'memory', failure: { kind: f.kind === 'other' ? 'refused' : f.kind, detail: f.detail } });
        return storage;
      },
    );
    return opening;
  };

  /** Takes events in (from storage or written here): the slice's events, reviews and marks, all at once. */
  const absorb = (incoming: readonly ReviewEvent[]) => {
    const dataset = get().dataset;
    const have = new Set(r().events.map((e) => e.id));
    const fresh = incoming.filter((e) => e.dataset === dataset && !have.has(e.id));
    if (fresh.length === 0 && r().marks) return;
    const events = [...r().events, ...fresh].sort(byLogOrder);
    const byParcel = reviewsByParcel(events);
    setReview({ events, byParcel, marks: marksOf(byParcel) });
  };

  const reviewsByParcel = (events: readonly ReviewEvent[]): Map<string, ParcelReview> => {
    const groups = new Map<string, ReviewEvent[]>();
    for (const e of events) groups.set(e.parcelId, [...(groups.get(e.parcelId) ?? []), e]);
    return new Map([...groups].map(([id, list]) => [id, reviewOf(list)]));
  };

  const marksOf = (byParcel: ReadonlyMap<string, ParcelReview>): RowMarks | null => {
    const data = get().data;
    return data ? rowMarks(data.table, byParcel, { datasetName: data.manifest?.name ?? null, asOfDate: data.asOfDate }) : null;
  };

  const rowOf = (parcelId: string): number => get().data?.table.text.id.indexOf(parcelId) ?? -1;

  const metaFor = (parcelId: string, latestAt: string | null): EventMeta | null => {
    const s = get();
    const officer = r().officer;
    if (!officer) return null;
    const row = rowOf(parcelId);
    const data = s.data;
    const latest = [latestAt, ...r().unsaved.map((e) => e.at)].reduce<string | null>((m, x) => (x != null && (m == null || x > m) ? x : m), null);
    return {
      id: newId(),
      at: nextTime(now(), latest),
      officer,
      dataset: s.dataset,
      parcelId,
      basis: data && row >= 0 ? rowBasis(data.table, row, s.dataset, data.manifest?.name ?? null, data.asOfDate) : null,
    };
  };

  /** The parcel's review from storage's events and those kept in memory. */
  const currentOf = (parcelId: string, stored: readonly ReviewEvent[]): ParcelReview | undefined => {
    const ids = new Set(stored.map((e) => e.id));
    const all = [...stored, ...r().unsaved.filter((e) => e.parcelId === parcelId && !ids.has(e.id))];
    return all.length > 0 ? reviewOf(all) : undefined;
  };

  /**
   * Writes the event `make` gives, at once. If storage fails, the event is made from what this page knows and kept in
   * memory: the decision is not lost, it is shown as not stored, and it goes into the backup.
   */
  const write = async (
    parcelId: string,
    make: (current: ParcelReview | undefined, meta: EventMeta) => EventResult,
    files: readonly StoredFile[],
  ): Promise<{ result: EventResult; memoryOnly: boolean }> => {
    const s = await open();
    const dataset = get().dataset;
    let made: EventResult | null = null;
    const fromLog = (stored: readonly ReviewEvent[], latestAt: string | null): EventResult => {
      const meta = metaFor(parcelId, latestAt);
      made = meta ? make(currentOf(parcelId, stored), meta) : { ok: false, problems: [{ kind: 'nothing-to-undo' }] };
      return made;
    };
    try {
      const result = await s.append(dataset, parcelId, fromLog, files);
      if (result.ok) {
        // in memory only (storage refused when opened): counted as not stored, so the officer is told to back up
        if (s.kind === 'memory') setReview({ unsaved: [...r().unsaved, result.event] });
        absorb([result.event]);
        if (s.kind === 'indexeddb' && r().unsaved.length > 0) void flushUnsaved();
      }
      return { result, memoryOnly: s.kind === 'memory' };
    } catch (e) {
      const f = storageFailureOf(e);
      setReview({ failure: { kind: f.kind, detail: f.detail } });
      const result =
        made ??
        fromLog(
          r().events.filter((x) => x.parcelId === parcelId),
          r().events.at(-1)?.at ?? null,
        );
      if (result.ok) {
        for (const file of files) unsavedFiles.set(file.ref.id, file);
        setReview({ unsaved: [...r().unsaved, result.event] });
        absorb([result.event]);
      }
      return { result, memoryOnly: true };
    }
  };

  const flushUnsaved = async () => {
    const s = storage;
    const pending = r().unsaved;
    if (!s || s.kind === 'memory' || pending.length === 0) return;
    try {
      await s.addEvents(pending, [...unsavedFiles.values()]);
      const written = new Set(pending.map((e) => e.id));
      setReview({ unsaved: r().unsaved.filter((e) => !written.has(e.id)), failure: null });
      unsavedFiles.clear();
    } catch (e) {
      const f = storageFailureOf(e);
      setReview({ failure: { kind: f.kind, detail: f.detail } });
    }
  };

  const problems = (parcelId: string | null, list: ReviewProblem[]) => setReview({ notice: { kind: 'problems', parcelId, problems: list } });

  const compensate = async (which: 'undo' | 'redo') => {
    const officer = r().officer;
    if (!officer) return problems(null, [{ kind: 'no-officer' }]);
    const stacks = undoRedoOf(r().events, officer, get().dataset);
    const target = which === 'undo' ? stacks.undo : stacks.redo;
    if (!target) return problems(null, [{ kind: which === 'undo' ? 'nothing-to-undo' : 'nothing-to-redo' }]);
    const { result } = await write(target.parcelId, (current, meta) => (current ? compensateEvent(target, current, meta) : { ok: false, problems: [] }), []);
    if (!result.ok) return problems(target.parcelId, result.problems);
    setReview({
      notice: { kind: which === 'undo' ? 'undone' : 'redone', parcelId: target.parcelId, from: result.event.before.status, to: result.event.after.status },
    });
    actions.reviewAt(target.parcelId);
  };

  /** Every event, in storage and in memory, of every dataset (the backup). */
  const everything = async (): Promise<ReviewEvent[]> => {
    const s = await open();
    let stored: ReviewEvent[] = [];
    try {
      stored = await s.allEvents();
    } catch {
      stored = r().events;
    }
    const ids = new Set(stored.map((e) => e.id));
    return [...stored, ...r().unsaved.filter((e) => !ids.has(e.id))].sort(byLogOrder);
  };

  const actions: ReviewActions & { start(): void } = {
    /** Opens storage and follows the dataset's events; called when a dataset is loaded. */
    start() {
      const dataset = get().dataset;
      if (!r().officer) {
        const officer = deps.rememberedOfficer();
        if (officer) setReview({ officer });
      }
      if (watching === dataset) {
        setReview({ marks: marksOf(r().byParcel) });
        return;
      }
      stopWatch?.();
      watching = dataset;
      setReview({ events: [], byParcel: new Map(), marks: null, cursor: null });
      void open().then((s) => {
        if (watching !== dataset) return;
        stopWatch = s.watch(
          dataset,
          (events) => absorb(events),
          (f) => setReview({ failure: { kind: f.kind, detail: f.detail } }),
        );
      });
    },
    setOfficer(name) {
      const officer = officerName(name);
      if (!officer) return false;
      deps.rememberOfficer(officer);
      setReview({ officer });
      return true;
    },
    reviewAt(parcelId) {
      setReview({ cursor: parcelId });
      get().select(parcelId, 'review');
    },
    async saveDecision(parcelId, decision, expectedHead, picked) {
      if (!r().officer) {
        problems(parcelId, [{ kind: 'no-officer' }]);
        return false;
      }
      if (rowOf(parcelId) < 0 && !r().byParcel.has(parcelId)) {
        problems(parcelId, [{ kind: 'not-in-data' }]);
        return false;
      }
      const files: StoredFile[] = picked.map((f) => ({ ref: { id: newId(), name: f.name, type: f.type, sizeBytes: f.size }, blob: f }));
      const next: Decision = { ...decision, attachments: [...decision.attachments, ...files.map((f) => f.ref)] };
      const fileProblems = checkAttachments(files.map((f) => f.ref));
      if (fileProblems.length > 0) {
        problems(parcelId, fileProblems);
        return false;
      }
      const { result, memoryOnly } = await write(parcelId, (current, meta) => decideEvent(current, next, meta, expectedHead), files);
      if (!result.ok) {
        problems(parcelId, result.problems);
        return false;
      }
      setReview({ notice: { kind: 'saved', parcelId, status: next.status, memoryOnly } });
      return true;
    },
    undoReview: () => compensate('undo'),
    redoReview: () => compensate('redo'),
    async resolveConflict(parcelId, chosen) {
      const { result } = await write(parcelId, (current, meta) => (current ? resolveEvent(current, chosen, meta) : { ok: false, problems: [] }), []);
      if (!result.ok) {
        problems(parcelId, result.problems);
        return false;
      }
      setReview({
        conflicts: r().conflicts.filter((c) => c.parcelId !== parcelId),
        notice: { kind: 'saved', parcelId, status: chosen.status, memoryOnly: false },
      });
      return true;
    },
    retryUnsaved: flushUnsaved,
    async exportReviews(format, rows) {
      const s = get();
      const data = s.data;
      if (!data) throw new Error('no data');
      const ids = Array.from(rows, (i) => data.table.text.id[i] as string);
      const out: ReviewExportRow[] = [];
      for (let k = 0; k < ids.length; k += EXPORT_BATCH) {
        const batch = ids.slice(k, k + EXPORT_BATCH);
        const results = await deps.client.results(batch, format === 'geojson');
        results.forEach((x, j) => {
          if (!x) return;
          const review = r().byParcel.get(batch[j] as string) ?? null;
          const row = rows[k + j] as number;
          const basis = review?.heads[0]?.basis;
          const changes =
            review && basis && review.decision.status !== 'pending'
              ? rowChanges(basis, data.table, row, { datasetName: data.manifest?.name ?? null, asOfDate: data.asOfDate })
              : [];
          out.push({ result: x.result, geometry: x.geometry, review, changes });
        });
      }
      // the writers (papaparse, write-excel-file) are loaded when an officer exports, not with the app
      const [{ columnContext }, { reviewCsv, reviewGeoJson, reviewXlsx }] = await Promise.all([
        import('../../analysis/report'),
        import('../../analysis/reviewExport'),
      ]);
      const ctx = columnContext({ zoneNames: data.zones }, s.lang);
      const stem = `${s.dataset}-reviews-${data.asOfDate}`;
      if (format === 'csv') return { blob: new Blob([reviewCsv(out, ctx)], { type: 'text/csv;charset=utf-8' }), name: `${stem}.csv` };
      if (format === 'xlsx') return { blob: await reviewXlsx(out, ctx), name: `${stem}.xlsx` };
      return {
        blob: new Blob([reviewGeoJson(out, { asOfDate: data.asOfDate, dataset: s.dataset })], { type: 'application/geo+json' }),
        name: `${stem}.geojson`,
      };
    },
    async backupReviews() {
      const events = await everything();
      const s = await open();
      const refs = new Map(events.flatMap((e) => e.after.attachments.map((a) => [a.id, a] as const)));
      const files: StoredFile[] = [];
      for (const ref of refs.values()) {
        const blob = unsavedFiles.get(ref.id)?.blob ?? (await s.file(ref.id).catch(() => null));
        if (blob) files.push({ ref, blob });
      }
      const at = new Date(now()).toISOString();
      const bytes = await writeBackup(events, files, at);
      return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), name: `parkatlas-reviews-${at.slice(0, 10)}.zip` };
    },
    async importBackup(file) {
      const name = file.name ?? 'backup.zip';
      const read = readBackup(new Uint8Array(await file.arrayBuffer()));
      if (!read.ok) {
        setReview({ notice: { kind: 'import-failed', file: name, message: read.message } });
        return;
      }
      const here = await everything();
      const merged = mergeEvents(here, read.events);
      const s = await open();
      try {
        await s.addEvents(merged.added, read.files);
      } catch (e) {
        const f = e instanceof StorageFailure ? e : storageFailureOf(e);
        setReview({ failure: { kind: f.kind, detail: f.detail }, unsaved: [...r().unsaved, ...merged.added] });
        for (const x of read.files) unsavedFiles.set(x.ref.id, x);
      }
      absorb(merged.added);
      const dataset = get().dataset;
      setReview({
        conflicts: merged.conflicts.filter((c) => c.dataset === dataset),
        notice: { kind: 'imported', added: merged.added.length, known: merged.known, conflicts: merged.conflicts.length, clashes: merged.clashes.length },
      });
    },
    async attachmentBlob(id) {
      const mem = unsavedFiles.get(id);
      if (mem) return mem.blob;
      const s = await open();
      return s.file(id).catch(() => null);
    },
  };
  return actions;
}
