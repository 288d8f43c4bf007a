import { checkDecision, type Decision, type DecisionProblem, PENDING, type ReviewBasis, sameDecision } from './review';

/**
 * Decisions as an append-only event log (留痕): every change is an event (who, when, the decision before and after,
 * the facts it was made on), and a parcel's current decision is derived from its events. Nothing is ever changed or
 * deleted: undo and redo append compensating events (as Placemark's moments hold the inverse of each change).
 *
 * Each event names the events it follows (`parents`: the parcel's head its writer saw), so a parcel's events form a
 * small graph. One head: that is the decision. Two or more heads happen when logs of two machines are merged (a
 * backup imported) after both changed the parcel: a conflict, shown with every candidate until an officer settles it
 * with a `resolve` event that follows all of them. Merging logs is then a union by event id, in any order.
 */

export type ReviewEventKind = 'decide' | 'undo' | 'redo' | 'resolve';

export interface ReviewEvent {
  /** unique over all machines (a random UUID) */
  id: string;
  /** the dataset's folder name: decisions are kept per dataset */
  dataset: string;
  parcelId: string;
  /** ISO 8601 time in UTC, to the millisecond; strictly increasing on one machine (see nextTime) */
  at: string;
  officer: string;
  kind: ReviewEventKind;
  /** the parcel's events this one follows: none for its first, one as a rule, all the candidates for a resolve */
  parents: string[];
  before: Decision;
  after: Decision;
  /** the facts the parcel had when the event was written (null: the parcel was not in the data, an orphan) */
  basis: ReviewBasis | null;
  /** undo: the event it takes back; redo: the undo it takes back */
  compensates: string | null;
}

/** A parcel's reviews, derived from its events. */
export interface ParcelReview {
  dataset: string;
  parcelId: string;
  /** the current decision: the head's; in a conflict, the latest head's (see heads) */
  decision: Decision;
  /** the events no other event follows, latest first: more than one is a conflict to settle */
  heads: ReviewEvent[];
  /** the parcel's events, oldest first: its record (留痕) */
  events: ReviewEvent[];
}

export const isConflict = (r: ParcelReview): boolean => r.heads.length > 1;
/** The latest head: the event that gave the current decision. */
export const headOf = (r: ParcelReview): ReviewEvent => r.heads[0] as ReviewEvent;

/** Events in log order: by time, then id (a total order the same on every machine). */
export const byLogOrder = (a: ReviewEvent, b: ReviewEvent): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every parcel's review, keyed by reviewKey(dataset, parcelId). */
export function deriveReviews(events: Iterable<ReviewEvent>): Map<string, ParcelReview> {
  const byParcel = new Map<string, ReviewEvent[]>();
  for (const e of events) {
    const k = reviewKey(e.dataset, e.parcelId);
    const list = byParcel.get(k);
    if (list) list.push(e);
    else byParcel.set(k, [e]);
  }
  const out = new Map<string, ParcelReview>();
  for (const [k, list] of byParcel) out.set(k, reviewOf(list));
  return out;
}

export const reviewKey = (dataset: string, parcelId: string): string => `${dataset}\u0000${parcelId}`;

/** One parcel's review from its events (all of one dataset and parcel). */
export function reviewOf(events: readonly ReviewEvent[]): ParcelReview {
  const sorted = [...events].sort(byLogOrder);
  const followed = new Set(sorted.flatMap((e) => e.parents));
  const heads = sorted.filter((e) => !followed.has(e.id)).reverse();
  const first = sorted[0] as ReviewEvent;
  return { dataset: first.dataset, parcelId: first.parcelId, decision: heads[0]?.after ?? PENDING, heads, events: sorted };
}

/** What is needed to write an event besides the decision: made by the caller (ids, clock, officer, the parcel's facts now). */
export interface EventMeta {
  id: string;
  at: string;
  officer: string;
  dataset: string;
  parcelId: string;
  basis: ReviewBasis | null;
}

export type EventProblem =
  | DecisionProblem
  | { kind: 'conflict'; heads: number }
  | { kind: 'changed-since'; by: string; at: string; status: Decision['status'] }
  | { kind: 'nothing-to-undo' }
  | { kind: 'nothing-to-redo' }
  | { kind: 'not-a-candidate' };

export type EventResult = { ok: true; event: ReviewEvent } | { ok: false; problems: EventProblem[] };

/**
 * A new decision on a parcel whose review is `current` (undefined: none yet). `expectedHead` is the head the
 * officer's form was made from: if another tab or officer changed the parcel since, the decision is refused with
 * what changed (nothing is overwritten, and the form keeps what was typed).
 */
export function decideEvent(current: ParcelReview | undefined, next: Decision, meta: EventMeta, expectedHead: string | null): EventResult {
  if (current && isConflict(current)) return { ok: false, problems: [{ kind: 'conflict', heads: current.heads.length }] };
  const head = current ? headOf(current) : null;
  if (head && head.id !== expectedHead) return { ok: false, problems: [changedSince(head)] };
  const before = current?.decision ?? PENDING;
  const problems = checkDecision(before, next);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, event: { ...meta, kind: 'decide', parents: head ? [head.id] : [], before, after: next, compensates: null } };
}

/** Settles a conflict: `chosen` must be one candidate's decision; the event follows every head. */
export function resolveEvent(current: ParcelReview, chosen: Decision, meta: EventMeta): EventResult {
  if (!current.heads.some((h) => sameDecision(h.after, chosen))) return { ok: false, problems: [{ kind: 'not-a-candidate' }] };
  return {
    ok: true,
    event: { ...meta, kind: 'resolve', parents: current.heads.map((h) => h.id), before: current.decision, after: chosen, compensates: null },
  };
}

const changedSince = (head: ReviewEvent): EventProblem => ({ kind: 'changed-since', by: head.officer, at: head.at, status: head.after.status });

/**
 * An officer's undo and redo on a dataset, from the log alone (so they survive a reload and a browser restart, and
 * are the same in every tab): walking the officer's events in log order, a decision or a resolve is pushed on the
 * undo stack and empties the redo stack; an undo moves what it took back to the redo stack; a redo moves it back.
 * Returns the event the next undo takes back and the undo the next redo takes back.
 */
export function undoRedoOf(events: Iterable<ReviewEvent>, officer: string, dataset: string): { undo: ReviewEvent | null; redo: ReviewEvent | null } {
  const mine = [...events].filter((e) => e.officer === officer && e.dataset === dataset).sort(byLogOrder);
  const undo: ReviewEvent[] = [];
  let redo: ReviewEvent[] = [];
  const drop = (stack: ReviewEvent[], id: string | null) => {
    const i = stack.findIndex((e) => e.id === id);
    if (i >= 0) stack.splice(i, 1);
  };
  for (const e of mine) {
    if (e.kind === 'decide' || e.kind === 'resolve') {
      undo.push(e);
      redo = [];
    } else if (e.kind === 'undo') {
      drop(undo, e.compensates);
      redo.push(e);
    } else {
      drop(redo, e.compensates);
      undo.push(e);
    }
  }
  return { undo: undo.at(-1) ?? null, redo: redo.at(-1) ?? null };
}

/**
 * The event that takes back `target` (an undo of a decision, or a redo of an undo): its inverse, following the
 * parcel's head. Refused when the parcel was decided again after `target` (by another tab, officer or machine): an
 * undo never overwrites a later decision. A later decision already undone is no change (undoing twice in a row on one
 * parcel takes back its last two decisions).
 */
export function compensateEvent(target: ReviewEvent, current: ParcelReview, meta: EventMeta): EventResult {
  if (isConflict(current)) return { ok: false, problems: [{ kind: 'conflict', heads: current.heads.length }] };
  const head = headOf(current);
  // the changes after target that nothing took back since (a decision undone in between is no change)
  const live = new Set<string>();
  for (const e of current.events) {
    if (byLogOrder(e, target) <= 0) continue;
    if (e.kind === 'undo' && e.compensates != null && live.has(e.compensates)) live.delete(e.compensates);
    else live.add(e.id);
  }
  if (live.size > 0 || !sameDecision(current.decision, target.after)) return { ok: false, problems: [changedSince(head)] };
  const kind = target.kind === 'undo' ? 'redo' : 'undo';
  return { ok: true, event: { ...meta, kind, parents: [head.id], before: target.after, after: target.before, compensates: target.id } };
}

/** A parcel changed on both sides of a merge: every head, with the side it came from. */
export interface MergeConflict {
  dataset: string;
  parcelId: string;
  heads: { event: ReviewEvent; side: 'here' | 'imported' }[];
}

export interface MergeResult {
  /** the imported events this log did not have */
  added: ReviewEvent[];
  /** imported events it had already */
  known: number;
  /** an imported event whose id this log has with other content: the one here is kept */
  clashes: { id: string }[];
  /** the parcels the import touched that have more than one head after the merge */
  conflicts: MergeConflict[];
}

/**
 * Merges imported events into this log by id: events it lacks are added, those it has are skipped, nothing is
 * overwritten. A parcel changed on both sides comes out with two heads: listed as a conflict for an officer to settle.
 */
export function mergeEvents(here: readonly ReviewEvent[], imported: readonly ReviewEvent[]): MergeResult {
  const byId = new Map(here.map((e) => [e.id, e]));
  const added: ReviewEvent[] = [];
  const clashes: { id: string }[] = [];
  let known = 0;
  for (const e of imported) {
    const mine = byId.get(e.id);
    if (!mine) {
      byId.set(e.id, e);
      added.push(e);
    } else if (canonical(mine) === canonical(e)) known++;
    else clashes.push({ id: e.id });
  }
  const hereIds = new Set(here.map((e) => e.id));
  const touched = new Set(added.map((e) => reviewKey(e.dataset, e.parcelId)));
  const after = deriveReviews(byId.values());
  const conflicts: MergeConflict[] = [];
  for (const k of touched) {
    const r = after.get(k) as ParcelReview;
    if (isConflict(r)) conflicts.push(conflictOf(r, hereIds));
  }
  return { added, known, clashes, conflicts };
}

/** An event as text with its keys sorted at every level: the same event reads the same whatever wrote it. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const conflictOf = (r: ParcelReview, hereIds: ReadonlySet<string>): MergeConflict => ({
  dataset: r.dataset,
  parcelId: r.parcelId,
  heads: r.heads.map((event) => ({ event, side: hereIds.has(event.id) ? 'here' : 'imported' })),
});

/**
 * The time of an event written now: the clock, or a millisecond after the latest event of the log when the clock is
 * not past it (two events in one millisecond, or a clock set back), so the log's order is the order of writing.
 */
export function nextTime(nowMs: number, latest: string | null): string {
  const after = latest ? Date.parse(latest) + 1 : Number.NEGATIVE_INFINITY;
  return new Date(Math.max(nowMs, after)).toISOString();
}
