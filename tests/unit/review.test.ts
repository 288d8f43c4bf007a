import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_MAX_BYTES,
  basisChanges,
  canTransition,
  checkDecision,
  type Decision,
  factsOf,
  officerName,
  type ParcelFacts,
  PENDING,
  QUEUE_GROUPS,
  queueGroup,
  REVIEW_STATUSES,
  type ReviewBasis,
  type ReviewStatus,
} from '../../src/domain/review';

/**
 * The transitions as the issue and docs/reviews.md state them, written out here apart from the table in
 * src/domain/review.ts: every pair of statuses is either in this list or refused.
 */
const ALLOWED: [ReviewStatus, ReviewStatus][] = [
  ['pending', 'confirmed'],
  ['pending', 'false-positive'],
  ['pending', 'needs-recheck'],
  ['needs-recheck', 'confirmed'],
  ['needs-recheck', 'false-positive'],
  ['confirmed', 'in-progress'],
  ['confirmed', 'needs-recheck'],
  ['false-positive', 'needs-recheck'],
  ['in-progress', 'closed'],
  ['in-progress', 'needs-recheck'],
  ['closed', 'needs-recheck'],
];

/** A decision of a status with what that status requires filled in. */
const complete = (status: ReviewStatus, extra: Partial<Decision> = {}): Decision => ({
  ...PENDING,
  status,
  ...(status === 'false-positive' ? { reason: '已动工，数据未更新' } : {}),
  ...(status === 'in-progress' || status === 'closed' ? { measure: 'idle-fee' as const } : {}),
  ...(status === 'closed' ? { documentNo: '漯国土资〔2019〕12号' } : {}),
  ...extra,
});

describe('review status transitions', () => {
  const pairs = REVIEW_STATUSES.flatMap((from) => REVIEW_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const));
  const allowed = new Set(ALLOWED.map(([a, b]) => `${a}→${b}`));

  it('lists 30 changes between 6 statuses, 11 of them allowed', () => {
    expect(pairs).toHaveLength(30);
    expect(allowed.size).toBe(11);
  });

  it.each(pairs)('%s → %s is allowed exactly when the table says so', (from, to) => {
    const ok = allowed.has(`${from}→${to}`);
    expect(canTransition(from, to)).toBe(ok);
    const problems = checkDecision(complete(from), complete(to));
    if (ok) expect(problems).toEqual([]);
    else expect(problems).toEqual([{ kind: 'transition-refused', from, to }]);
  });

  it('keeping the status is an amendment: allowed when something changed, refused when nothing did', () => {
    for (const s of REVIEW_STATUSES) {
      expect(checkDecision(complete(s), complete(s, { note: '补充现场照片' }))).toEqual([]);
      expect(checkDecision(complete(s), complete(s))).toEqual([{ kind: 'unchanged' }]);
    }
  });
});

describe('what a decision must hold', () => {
  it('a false positive needs a reason (white space is none)', () => {
    expect(checkDecision(PENDING, { ...PENDING, status: 'false-positive', reason: '  ' })).toEqual([{ kind: 'required', field: 'reason' }]);
  });

  it('a disposal needs its measure; a closed case its measure and document number', () => {
    expect(checkDecision(complete('confirmed'), { ...PENDING, status: 'in-progress' })).toEqual([{ kind: 'required', field: 'measure' }]);
    expect(checkDecision(complete('in-progress'), { ...complete('in-progress'), status: 'closed' })).toEqual([{ kind: 'required', field: 'documentNo' }]);
  });

  it('"other" measure needs a note saying what; a deadline must be a real date', () => {
    expect(checkDecision(complete('confirmed'), complete('in-progress', { measure: 'other' }))).toEqual([{ kind: 'required', field: 'note' }]);
    expect(checkDecision(PENDING, complete('confirmed', { deadline: '2019-02-30' }))).toEqual([
      { kind: 'invalid-date', field: 'deadline', value: '2019-02-30' },
    ]);
    expect(checkDecision(PENDING, complete('confirmed', { deadline: '2019-06-30' }))).toEqual([]);
  });

  it('text has limits, and attachments a type and a size limit', () => {
    expect(checkDecision(PENDING, complete('confirmed', { note: 'x'.repeat(4001) }))).toEqual([{ kind: 'too-long', field: 'note', max: 4000 }]);
    const big = { id: 'a', name: '现场.jpg', type: 'image/jpeg', sizeBytes: ATTACHMENT_MAX_BYTES + 1 };
    const exe = { id: 'b', name: 'x.exe', type: 'application/x-msdownload', sizeBytes: 10 };
    expect(checkDecision(PENDING, complete('confirmed', { attachments: [big, exe] }))).toEqual([
      { kind: 'attachment-size', name: '现场.jpg', sizeBytes: ATTACHMENT_MAX_BYTES + 1, max: ATTACHMENT_MAX_BYTES },
      { kind: 'attachment-type', name: 'x.exe', type: 'application/x-msdownload' },
    ]);
  });

  it("an officer's name is trimmed and must be given", () => {
    expect(officerName('  张  三 ')).toBe('张 三');
    expect(officerName('   ')).toBeNull();
    expect(officerName('x'.repeat(41))).toBeNull();
  });
});

describe('the facts a decision was made on', () => {
  const facts: ParcelFacts = {
    areaM2: 12345.6789,
    idleStatus: 'idle',
    idleMeasure: 'idle-fee',
    idleYears: 1,
    intensityWanPerMu: 150.123,
    far: 0.8,
    coverage: 0.3,
    outputWanPerMu: null,
    taxWanPerMu: Number.NaN,
  };
  const basis: ReviewBasis = { dataset: 'luohe', datasetName: '漯河', asOfDate: '2018-12-31', flag: 'idle', flags: ['idle'], facts: factsOf(facts) };

  it('rounds numbers as they are compared, NaN as null', () => {
    expect(factsOf(facts)).toMatchObject({ areaM2: 12345.7, intensityWanPerMu: 150.12, taxWanPerMu: null });
  });

  it('the same facts (through a round trip) are no change', () => {
    expect(basisChanges(JSON.parse(JSON.stringify(basis)), { ...basis, facts })).toEqual([]);
  });

  it('another as-of date, other flags, another area or idle status are each a change, named', () => {
    const now = { ...basis, asOfDate: '2019-12-31', flags: ['idle', 'conflict'] as ReviewBasis['flags'], facts: { ...facts, areaM2: 13000, idleYears: 2 } };
    expect(basisChanges(basis, now)).toEqual([
      { field: 'asOfDate', was: '2018-12-31', now: '2019-12-31' },
      { field: 'flags', was: 'idle', now: 'conflict,idle' },
      { field: 'areaM2', was: 12345.7, now: 13000 },
      { field: 'idleYears', was: 1, now: 2 },
    ]);
    expect(basisChanges(basis, { ...basis, datasetName: '漯河 2019' })).toEqual([{ field: 'dataset', was: '漯河', now: '漯河 2019' }]);
  });
});

describe('the review queue groups', () => {
  it('put idle to reclaim, then fee, then negotiate, then suspected, then low efficiency, then reviewed', () => {
    expect(queueGroup(['idle'], 'reclaim', false)).toBe('idle-reclaim');
    expect(queueGroup(['idle', 'low-efficiency'], 'idle-fee', false)).toBe('idle-fee');
    expect(queueGroup(['idle', 'government-delay'], 'negotiate', false)).toBe('idle-negotiate');
    expect(queueGroup(['idle', 'stopped-work'], 'decide', false)).toBe('idle-decide');
    expect(queueGroup(['suspected-illegal-occupation', 'low-efficiency'], null, false)).toBe('illegal-occupation');
    expect(queueGroup(['supply-breach'], null, false)).toBe('supply-breach');
    expect(queueGroup(['suspected-idle', 'low-efficiency'], null, false)).toBe('suspected-idle');
    expect(queueGroup(['low-efficiency'], null, false)).toBe('low-efficiency');
    expect(queueGroup(['conflict'], null, false)).toBeNull();
    expect(queueGroup([], null, true)).toBe('reviewed');
    expect(QUEUE_GROUPS.indexOf('idle-reclaim')).toBeLessThan(QUEUE_GROUPS.indexOf('idle-fee'));
    expect(QUEUE_GROUPS.indexOf('idle-negotiate')).toBeLessThan(QUEUE_GROUPS.indexOf('suspected-idle'));
    expect(QUEUE_GROUPS.indexOf('idle-negotiate')).toBeLessThan(QUEUE_GROUPS.indexOf('idle-decide'));
    expect(QUEUE_GROUPS.indexOf('idle-decide')).toBeLessThan(QUEUE_GROUPS.indexOf('illegal-occupation'));
    expect(QUEUE_GROUPS.indexOf('illegal-occupation')).toBeLessThan(QUEUE_GROUPS.indexOf('suspected-idle'));
    expect(QUEUE_GROUPS.indexOf('suspected-idle')).toBeLessThan(QUEUE_GROUPS.indexOf('low-efficiency'));
    expect(QUEUE_GROUPS.indexOf('low-efficiency')).toBeLessThan(QUEUE_GROUPS.indexOf('supply-breach'));
  });
});
