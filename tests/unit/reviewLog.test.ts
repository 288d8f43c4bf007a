import { describe, expect, it } from 'vitest';
import { type Decision, PENDING, type ReviewBasis } from '../../src/domain/review';
import {
  compensateEvent,
  decideEvent,
  deriveReviews,
  type EventMeta,
  type EventResult,
  isConflict,
  mergeEvents,
  nextTime,
  type ParcelReview,
  type ReviewEvent,
  resolveEvent,
  reviewKey,
  undoRedoOf,
} from '../../src/domain/reviewLog';

const basis: ReviewBasis = {
  dataset: 'luohe',
  datasetName: '漯河',
  asOfDate: '2018-12-31',
  flag: 'idle',
  flags: ['idle'],
  facts: {
    areaM2: 1000,
    idleStatus: 'idle',
    idleMeasure: 'idle-fee',
    idleYears: 1,
    intensityWanPerMu: null,
    far: null,
    coverage: null,
    outputWanPerMu: null,
    taxWanPerMu: null,
  },
};
const confirmed: Decision = { ...PENDING, status: 'confirmed', note: '现场核实未动工' };
const falsePositive: Decision = { ...PENDING, status: 'false-positive', reason: '已于2018-06动工' };
const recheck: Decision = { ...PENDING, status: 'needs-recheck' };
const inProgress: Decision = { ...PENDING, status: 'in-progress', measure: 'idle-fee' };

/** A log written through the domain functions, one event a millisecond, as the app writes it. */
function log(officer = '张三', idPrefix = 'e') {
  const events: ReviewEvent[] = [];
  let n = 0;
  const meta = (parcelId: string, who = officer): EventMeta => ({
    id: `${idPrefix}${String(++n).padStart(3, '0')}`,
    at: nextTime(Date.UTC(2019, 0, 1) + n, events.at(-1)?.at ?? null),
    officer: who,
    dataset: 'luohe',
    parcelId,
    basis,
  });
  const reviews = () => deriveReviews(events);
  const review = (p: string) => reviews().get(reviewKey('luohe', p));
  const take = (r: EventResult): ReviewEvent => {
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    events.push(r.event);
    return r.event;
  };
  const decide = (p: string, d: Decision, who = officer) => take(decideEvent(review(p), d, meta(p, who), review(p)?.heads[0]?.id ?? null));
  const undo = (who = officer) => {
    const { undo: target } = undoRedoOf(events, who, 'luohe');
    if (!target) throw new Error('nothing to undo');
    return take(compensateEvent(target, review(target.parcelId) as ParcelReview, meta(target.parcelId, who)));
  };
  const redo = (who = officer) => {
    const { redo: target } = undoRedoOf(events, who, 'luohe');
    if (!target) throw new Error('nothing to redo');
    return take(compensateEvent(target, review(target.parcelId) as ParcelReview, meta(target.parcelId, who)));
  };
  return { events, meta, review, decide, undo, redo, status: (p: string) => review(p)?.decision.status ?? 'pending' };
}

describe('state derived from the event log', () => {
  it('a parcel’s decision is its last event’s; its record lists every event with before and after', () => {
    const l = log();
    l.decide('P1', recheck);
    l.decide('P2', confirmed);
    l.decide('P1', falsePositive);
    expect(l.status('P1')).toBe('false-positive');
    expect(l.status('P2')).toBe('confirmed');
    expect(l.status('P3')).toBe('pending');
    const r = l.review('P1') as ParcelReview;
    expect(r.events.map((e) => [e.before.status, e.after.status, e.officer])).toEqual([
      ['pending', 'needs-recheck', '张三'],
      ['needs-recheck', 'false-positive', '张三'],
    ]);
    expect(r.events[1]?.parents).toEqual([r.events[0]?.id]);
    expect(r.decision.reason).toBe('已于2018-06动工');
  });

  it('the state does not depend on the order events are read in', () => {
    const l = log();
    l.decide('P1', recheck);
    l.decide('P1', confirmed);
    l.decide('P1', inProgress);
    const reversed = deriveReviews([...l.events].reverse()).get(reviewKey('luohe', 'P1'));
    expect(reversed?.decision).toEqual(inProgress);
    expect(reversed?.events.map((e) => e.id)).toEqual(l.events.map((e) => e.id));
  });

  it('a refused transition writes nothing and says why', () => {
    const l = log();
    l.decide('P1', falsePositive);
    const r = decideEvent(l.review('P1'), inProgress, l.meta('P1'), l.review('P1')?.heads[0]?.id ?? null);
    expect(r).toEqual({ ok: false, problems: [{ kind: 'transition-refused', from: 'false-positive', to: 'in-progress' }] });
  });

  it('a decision made from an old view of the parcel (another tab changed it) is refused, naming the change', () => {
    const l = log();
    const first = l.decide('P1', recheck);
    l.decide('P1', confirmed, '李四');
    const stale = decideEvent(l.review('P1'), falsePositive, l.meta('P1'), first.id);
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.problems).toEqual([{ kind: 'changed-since', by: '李四', at: l.events[1]?.at, status: 'confirmed' }]);
  });
});

describe('undo and redo as compensating events', () => {
  it('undo appends the inverse event; redo appends the inverse of the undo; nothing is removed', () => {
    const l = log();
    const d1 = l.decide('P1', confirmed);
    const d2 = l.decide('P2', falsePositive);
    const u1 = l.undo();
    expect(u1).toMatchObject({ kind: 'undo', parcelId: 'P2', compensates: d2.id, parents: [d2.id], before: falsePositive, after: PENDING });
    expect(l.status('P2')).toBe('pending');
    const u2 = l.undo();
    expect(u2).toMatchObject({ kind: 'undo', parcelId: 'P1', compensates: d1.id });
    expect(l.status('P1')).toBe('pending');
    const r1 = l.redo();
    expect(r1).toMatchObject({ kind: 'redo', parcelId: 'P1', compensates: u2.id, before: PENDING, after: confirmed });
    expect(l.status('P1')).toBe('confirmed');
    const r2 = l.redo();
    expect(r2).toMatchObject({ kind: 'redo', parcelId: 'P2', compensates: u1.id });
    expect(l.status('P2')).toBe('false-positive');
    expect(undoRedoOf(l.events, '张三', 'luohe').redo).toBeNull();
    // undo after redo takes the redo back
    const u3 = l.undo();
    expect(u3).toMatchObject({ kind: 'undo', compensates: r2.id });
    expect(l.status('P2')).toBe('pending');
    expect(l.events).toHaveLength(7);
  });

  it('a new decision empties the redo stack', () => {
    const l = log();
    l.decide('P1', confirmed);
    l.undo();
    expect(undoRedoOf(l.events, '张三', 'luohe').redo).not.toBeNull();
    l.decide('P2', recheck);
    expect(undoRedoOf(l.events, '张三', 'luohe').redo).toBeNull();
  });

  it('each officer undoes their own decisions only', () => {
    const l = log();
    l.decide('P1', confirmed, '张三');
    l.decide('P2', confirmed, '李四');
    expect(undoRedoOf(l.events, '张三', 'luohe').undo?.parcelId).toBe('P1');
    expect(undoRedoOf(l.events, '李四', 'luohe').undo?.parcelId).toBe('P2');
    expect(undoRedoOf(l.events, '王五', 'luohe')).toEqual({ undo: null, redo: null });
    expect(undoRedoOf(l.events, '张三', 'other')).toEqual({ undo: null, redo: null });
  });

  it('an undo is refused when someone changed the parcel after the decision it would take back', () => {
    const l = log();
    const mine = l.decide('P1', confirmed, '张三');
    l.decide('P1', inProgress, '李四');
    const r = compensateEvent(mine, l.review('P1') as ParcelReview, l.meta('P1'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ kind: 'changed-since', by: '李四', status: 'in-progress' });
    expect(l.status('P1')).toBe('in-progress');
  });

  it('undo restores a state the transition table would refuse (it is a compensation, not a transition)', () => {
    const l = log();
    l.decide('P1', recheck);
    l.decide('P1', confirmed);
    l.undo();
    expect(l.status('P1')).toBe('needs-recheck');
    l.undo();
    expect(l.status('P1')).toBe('pending');
  });

  it('times stay in writing order when the clock stands still or goes back', () => {
    const t0 = nextTime(Date.UTC(2019, 0, 1), null);
    const t1 = nextTime(Date.UTC(2019, 0, 1), t0);
    const t2 = nextTime(Date.UTC(2018, 0, 1), t1);
    expect([t0, t1, t2]).toEqual(['2019-01-01T00:00:00.000Z', '2019-01-01T00:00:00.001Z', '2019-01-01T00:00:00.002Z']);
  });
});

describe('merging a backup', () => {
  /** Two machines that share the first decisions, then go on apart. */
  function twoMachines() {
    const a = log('张三');
    a.decide('P1', recheck);
    a.decide('P2', confirmed);
    const b = log('李四', 'b');
    b.events.push(...a.events.map((e) => ({ ...e })));
    return { a, b };
  }

  it('adds the events this log lacks, by id; known events are skipped; no conflict when only one side changed a parcel', () => {
    const { a, b } = twoMachines();
    b.decide('P3', falsePositive).id = 'b-1';
    const m = mergeEvents(a.events, b.events);
    expect(m.added.map((e) => e.id)).toEqual(['b-1']);
    expect(m.known).toBe(2);
    expect(m.conflicts).toEqual([]);
    expect(deriveReviews([...a.events, ...m.added]).get(reviewKey('luohe', 'P3'))?.decision.status).toBe('false-positive');
  });

  it('a parcel changed on both sides is a conflict listing both heads; neither is overwritten', () => {
    const { a, b } = twoMachines();
    const mine = a.decide('P1', confirmed);
    b.decide('P1', falsePositive).id = 'theirs';
    const m = mergeEvents(a.events, b.events);
    expect(m.added.map((e) => e.id)).toEqual(['theirs']);
    expect(m.conflicts).toHaveLength(1);
    const c = m.conflicts[0];
    expect(c?.parcelId).toBe('P1');
    expect(c?.heads.map((h) => [h.side, h.event.after.status]).sort()).toEqual([
      ['here', 'confirmed'],
      ['imported', 'false-positive'],
    ]);
    const merged = deriveReviews([...a.events, ...m.added]).get(reviewKey('luohe', 'P1')) as ParcelReview;
    expect(isConflict(merged)).toBe(true);
    expect(merged.events.map((e) => e.id)).toContain(mine.id);
    // no new decision until it is settled; settling picks a candidate and follows both heads
    expect(decideEvent(merged, inProgress, a.meta('P1'), merged.heads[0]?.id ?? null)).toEqual({ ok: false, problems: [{ kind: 'conflict', heads: 2 }] });
    expect(resolveEvent(merged, inProgress, a.meta('P1'))).toEqual({ ok: false, problems: [{ kind: 'not-a-candidate' }] });
    const settled = resolveEvent(merged, falsePositive, a.meta('P1'));
    expect(settled.ok).toBe(true);
    if (!settled.ok) return;
    expect(settled.event.parents.sort()).toEqual([mine.id, 'theirs'].sort());
    const after = deriveReviews([...a.events, ...m.added, settled.event]).get(reviewKey('luohe', 'P1')) as ParcelReview;
    expect(isConflict(after)).toBe(false);
    expect(after.decision).toEqual(falsePositive);
  });

  it('importing the same backup twice adds nothing; an event id with other content is kept as it is here and reported', () => {
    const { a, b } = twoMachines();
    b.decide('P4', confirmed);
    const once = mergeEvents(a.events, b.events);
    const again = mergeEvents([...a.events, ...once.added], b.events);
    expect(again.added).toEqual([]);
    expect(again.known).toBe(b.events.length);
    const forged = { ...(a.events[0] as ReviewEvent), officer: '冒名' };
    const m = mergeEvents(a.events, [forged]);
    expect(m.clashes).toEqual([{ id: forged.id }]);
    expect(m.added).toEqual([]);
  });
});
