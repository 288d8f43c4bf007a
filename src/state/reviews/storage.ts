import type { AttachmentRef } from '../../domain/review';
import type { EventResult, ReviewEvent } from '../../domain/reviewLog';

/**
 * Where review events and their attachments are kept. The app's is IndexedDB (dexieStorage.ts); when the browser
 * refuses it (private mode, a disabled profile), the memory (memoryStorage.ts), and the officer is told. Behind this
 * interface so that a server could keep them later (STYLE.md).
 */
export interface ReviewStorage {
  readonly kind: 'indexeddb' | 'memory';
  /**
   * Calls `onEvents` with the dataset's events, then with each event written from then on, by this tab or another
   * (Dexie's change broadcast between tabs); `onError` when they cannot be read. Returns the function that stops it.
   */
  watch(dataset: string, onEvents: (events: ReviewEvent[]) => void, onError: (e: StorageFailure) => void): () => void;
  /**
   * Writes the event `make` returns, in one transaction with reading what it is made from: the parcel's events and the
   * latest time of the log. Two tabs deciding on one parcel at once are thus put one after the other, and the second
   * is made from the first's result (and refused by the domain if the officer's view was old). Attachments' bytes are
   * written in the same transaction. Throws StorageFailure.
   */
  append(
    dataset: string,
    parcelId: string,
    make: (parcelEvents: ReviewEvent[], latestAt: string | null) => EventResult,
    files: readonly StoredFile[],
  ): Promise<EventResult>;
  /** Adds the events it lacks (by id) and their files, in one transaction; returns those it added. Throws StorageFailure. */
  addEvents(events: readonly ReviewEvent[], files: readonly StoredFile[]): Promise<ReviewEvent[]>;
  /** Every event of every dataset, in log order (for the backup). */
  allEvents(): Promise<ReviewEvent[]>;
  /** An attachment's bytes; null when this storage does not have them. */
  file(id: string): Promise<Blob | null>;
}

/** An attachment's bytes with what the decision says of it. */
export interface StoredFile {
  ref: AttachmentRef;
  blob: Blob;
}

export type StorageFailureKind = 'quota' | 'refused' | 'other';

/** Storage that failed: full (quota), refused (private mode, blocked), or another error; `detail` is the browser's message. */
export class StorageFailure extends Error {
  constructor(
    readonly kind: StorageFailureKind,
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'StorageFailure';
  }
}

/** The kind of a storage error: Dexie wraps the browser's (QuotaExceededError, InvalidStateError, SecurityError…) in its own. */
export function storageFailureOf(e: unknown): StorageFailure {
  if (e instanceof StorageFailure) return e;
  const names: string[] = [];
  let at: unknown = e;
  for (let depth = 0; at && typeof at === 'object' && depth < 5; depth++) {
    const x = at as { name?: unknown; inner?: unknown; cause?: unknown };
    if (typeof x.name === 'string') names.push(x.name);
    at = x.inner ?? x.cause;
  }
  const detail = e instanceof Error ? e.message : String(e);
  if (names.some((n) => /Quota/i.test(n)) || /quota/i.test(detail)) return new StorageFailure('quota', detail);
  if (names.some((n) => /^(SecurityError|InvalidStateError|MissingAPIError|OpenFailedError|DatabaseClosedError|UnknownError)$/.test(n)))
    return new StorageFailure('refused', detail);
  return new StorageFailure('other', detail);
}
