import { isIsoDate } from './dates';
import type { Flag, IdleMeasure, IdleStatus } from './types';

/**
 * A land officer's review of a flagged parcel (核查): its status, the one table of status changes, the measures,
 * what a decision must hold, and the facts a decision was made on. Pure: the event log that records decisions is
 * reviewLog.ts, storage is src/state/reviews.
 */

/** 待核查 · 已核实 · 误报 · 需复核 · 处置中 · 已处置 */
export const REVIEW_STATUSES = ['pending', 'confirmed', 'false-positive', 'needs-recheck', 'in-progress', 'closed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * Every status change allowed, and no other (as MapRoulette keeps its task statuses: one explicit table). Keeping a
 * status while changing the measure, deadline, document or note is an amendment, allowed in every status. Why the
 * table is as it is:
 * - a flag is first checked: confirmed, a false positive (a reason is required), or sent for another look;
 * - a confirmed finding is disposed of (处置中 → 已处置); to reverse it, or to reopen a false positive or a closed case,
 *   the parcel goes back to 需复核 first, so that every reversal carries its own recorded second look;
 * - nothing goes back to 待核查: "not looked at" cannot be recorded after a look (undo restores it, see reviewLog.ts:
 *   an undo is a compensating event, not a transition).
 */
export const TRANSITIONS: Record<ReviewStatus, readonly ReviewStatus[]> = {
  pending: ['confirmed', 'false-positive', 'needs-recheck'],
  'needs-recheck': ['confirmed', 'false-positive'],
  confirmed: ['in-progress', 'needs-recheck'],
  'false-positive': ['needs-recheck'],
  'in-progress': ['closed', 'needs-recheck'],
  closed: ['needs-recheck'],
};

export const canTransition = (from: ReviewStatus, to: ReviewStatus): boolean => TRANSITIONS[from].includes(to);

/**
 * 处置措施. 闲置土地处置办法 (国土资源部令第53号, 2012) art. 12–14: 限期开发, 征缴土地闲置费, 无偿收回, 协议有偿收回, 置换,
 * 临时使用; 关于深入推进城镇低效用地再开发的指导意见 (国土资发〔2016〕147号): 低效用地再开发; 其他 (a note says what).
 */
export const MEASURES = ['develop-by-deadline', 'idle-fee', 'reclaim', 'negotiated-buyback', 'exchange', 'temporary-use', 'redevelopment', 'other'] as const;
export type ReviewMeasure = (typeof MEASURES)[number];

/** A file kept with a decision (site photos, 调查记录, notices); its bytes are stored apart, by id. */
export interface AttachmentRef {
  id: string;
  name: string;
  /** MIME type: an image or a PDF (ATTACHMENT_TYPES) */
  type: string;
  sizeBytes: number;
}

/** What a decision says of a parcel. Who made it, when, and on which facts is said by the event that records it. */
export interface Decision {
  status: ReviewStatus;
  measure: ReviewMeasure | null;
  /** ISO date the measure is due (限期) */
  deadline: string | null;
  /** 文号 of the decision or notice */
  documentNo: string;
  /** why: required for a false positive */
  reason: string;
  note: string;
  attachments: AttachmentRef[];
}

export const PENDING: Decision = { status: 'pending', measure: null, deadline: null, documentNo: '', reason: '', note: '', attachments: [] };

/** Limits of what a decision holds (text is untrusted: it is shown as text, and written to files neutralised). */
export const TEXT_LIMITS = { documentNo: 60, reason: 1000, note: 4000, officer: 40 } as const;

/** Attachments: images and PDF, each at most ATTACHMENT_MAX_BYTES, at most ATTACHMENTS_MAX a decision. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'] as const;
/** 10 MiB: a phone photo is 2–6 MB; a scanned notice as PDF a few MB. IndexedDB holds them, the backup carries them. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_MAX = 20;

export type DecisionProblem =
  | { kind: 'transition-refused'; from: ReviewStatus; to: ReviewStatus }
  | { kind: 'unchanged' }
  | { kind: 'required'; field: 'reason' | 'measure' | 'documentNo' | 'note' }
  | { kind: 'invalid-date'; field: 'deadline'; value: string }
  | { kind: 'too-long'; field: 'documentNo' | 'reason' | 'note'; max: number }
  | { kind: 'attachment-type'; name: string; type: string }
  | { kind: 'attachment-size'; name: string; sizeBytes: number; max: number }
  | { kind: 'attachments-count'; count: number; max: number };

/** What a status requires of a decision: a false positive says why; a disposal names its measure; a closed case its document. */
export const REQUIRED: Record<ReviewStatus, readonly ('reason' | 'measure' | 'documentNo')[]> = {
  pending: [],
  confirmed: [],
  'false-positive': ['reason'],
  'needs-recheck': [],
  'in-progress': ['measure'],
  closed: ['measure', 'documentNo'],
};

/** The problems of changing a parcel's decision from `from` to `to` (none: it may be recorded). */
export function checkDecision(from: Decision, to: Decision): DecisionProblem[] {
  const out: DecisionProblem[] = [];
  if (from.status !== to.status && !canTransition(from.status, to.status)) out.push({ kind: 'transition-refused', from: from.status, to: to.status });
  else if (from.status === to.status && sameDecision(from, to)) out.push({ kind: 'unchanged' });
  for (const field of REQUIRED[to.status]) if (isBlank(to[field])) out.push({ kind: 'required', field });
  if (to.measure === 'other' && to.note.trim() === '') out.push({ kind: 'required', field: 'note' });
  if (to.deadline != null && !isIsoDate(to.deadline)) out.push({ kind: 'invalid-date', field: 'deadline', value: to.deadline });
  for (const field of ['documentNo', 'reason', 'note'] as const)
    if (to[field].length > TEXT_LIMITS[field]) out.push({ kind: 'too-long', field, max: TEXT_LIMITS[field] });
  out.push(...checkAttachments(to.attachments));
  return out;
}

export function checkAttachments(list: readonly AttachmentRef[]): DecisionProblem[] {
  const out: DecisionProblem[] = [];
  if (list.length > ATTACHMENTS_MAX) out.push({ kind: 'attachments-count', count: list.length, max: ATTACHMENTS_MAX });
  for (const a of list) {
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(a.type)) out.push({ kind: 'attachment-type', name: a.name, type: a.type });
    if (a.sizeBytes > ATTACHMENT_MAX_BYTES) out.push({ kind: 'attachment-size', name: a.name, sizeBytes: a.sizeBytes, max: ATTACHMENT_MAX_BYTES });
  }
  return out;
}

const isBlank = (v: string | null) => v == null || v.trim() === '';

export function sameDecision(a: Decision, b: Decision): boolean {
  return (
    a.status === b.status &&
    a.measure === b.measure &&
    a.deadline === b.deadline &&
    a.documentNo === b.documentNo &&
    a.reason === b.reason &&
    a.note === b.note &&
    a.attachments.length === b.attachments.length &&
    a.attachments.every((x, i) => x.id === b.attachments[i]?.id)
  );
}

/**
 * The parcel's facts a decision was made on, as the analysis gave them: enough to tell that a later analysis (new
 * data, another as-of date, other rules) says something else of the parcel. Numbers are rounded (factsOf) so that
 * the same facts compare equal after a round trip through storage.
 */
export interface ParcelFacts {
  areaM2: number | null;
  idleStatus: IdleStatus;
  idleMeasure: IdleMeasure | null;
  idleYears: number | null;
  intensityWanPerMu: number | null;
  far: number | null;
  coverage: number | null;
  outputWanPerMu: number | null;
  taxWanPerMu: number | null;
}
export const FACT_KEYS = ['areaM2', 'idleStatus', 'idleMeasure', 'idleYears', 'intensityWanPerMu', 'far', 'coverage', 'outputWanPerMu', 'taxWanPerMu'] as const;
const FACT_DIGITS: Partial<Record<keyof ParcelFacts, number>> = { areaM2: 1, intensityWanPerMu: 2, far: 3, coverage: 3, outputWanPerMu: 2, taxWanPerMu: 2 };

/** Facts with their numbers rounded as they are compared (missing numbers and NaN are null). */
export function factsOf(f: ParcelFacts): ParcelFacts {
  const round = (k: keyof ParcelFacts, v: number | null) => {
    if (v == null || !Number.isFinite(v)) return null;
    const p = 10 ** (FACT_DIGITS[k] ?? 0);
    return Math.round(v * p) / p;
  };
  return {
    areaM2: round('areaM2', f.areaM2),
    idleStatus: f.idleStatus,
    idleMeasure: f.idleMeasure,
    idleYears: round('idleYears', f.idleYears),
    intensityWanPerMu: round('intensityWanPerMu', f.intensityWanPerMu),
    far: round('far', f.far),
    coverage: round('coverage', f.coverage),
    outputWanPerMu: round('outputWanPerMu', f.outputWanPerMu),
    taxWanPerMu: round('taxWanPerMu', f.taxWanPerMu),
  };
}

/** What a decision answered: the dataset and as-of date it was made in, the flag that put the parcel in the queue, its flags and facts. */
export interface ReviewBasis {
  /** the dataset's folder name (reviews are kept per dataset) */
  dataset: string;
  /** the dataset's own name (dataset.json), as it was */
  datasetName: string | null;
  asOfDate: string;
  /** the flag the review answered (the queue's group, see queueGroup); null when the parcel was not flagged */
  flag: Flag | null;
  flags: Flag[];
  facts: ParcelFacts;
}

/** One way the facts now differ from those a decision was made on. */
export interface BasisChange {
  field: 'dataset' | 'asOfDate' | 'flags' | keyof ParcelFacts;
  was: string | number | null;
  now: string | number | null;
}

/**
 * How the parcel as analysed now differs from what a decision was made on: empty when it is the same; the dataset's
 * own name, the as-of date, the flags and each fact are compared. A non-empty answer shows the decision as "made on
 * other facts": it is neither applied as if nothing changed nor dropped.
 */
export function basisChanges(was: ReviewBasis, now: Omit<ReviewBasis, 'flag'>): BasisChange[] {
  const out: BasisChange[] = [];
  if (was.datasetName !== now.datasetName) out.push({ field: 'dataset', was: was.datasetName, now: now.datasetName });
  if (was.asOfDate !== now.asOfDate) out.push({ field: 'asOfDate', was: was.asOfDate, now: now.asOfDate });
  const flagsWas = [...was.flags].sort().join(',');
  const flagsNow = [...now.flags].sort().join(',');
  if (flagsWas !== flagsNow) out.push({ field: 'flags', was: flagsWas, now: flagsNow });
  const a = factsOf(was.facts);
  const b = factsOf(now.facts);
  for (const k of FACT_KEYS) if (a[k] !== b[k]) out.push({ field: k, was: a[k], now: b[k] });
  return out;
}

/**
 * The review queue's groups in priority order (问题突出的先核查): idle land to be taken back, then idle land due the
 * fee, then idle land to negotiate (a delay the government or force majeure caused), then idle land that started and
 * stopped (its measure decided case by case, 闲置土地处置办法 art. 14 speaks of land not started), then suspected
 * illegal occupation of protected land (work started on basic farmland or ecological protection land), then
 * suspected idle land, then low-efficiency land, then breaches of the supply conditions; last, parcels no longer
 * flagged that carry a decision (they stay reachable). A measure the rules add later goes after "decide" until it is
 * given a place here.
 */
export const QUEUE_GROUPS = [
  'idle-reclaim',
  'idle-fee',
  'idle-negotiate',
  'idle-decide',
  'idle-other',
  'illegal-occupation',
  'suspected-idle',
  'low-efficiency',
  'supply-breach',
  'reviewed',
] as const;
export type QueueGroup = (typeof QUEUE_GROUPS)[number];

/** The flag each group answers. */
export const GROUP_FLAG: Record<QueueGroup, Flag | null> = {
  'idle-reclaim': 'idle',
  'idle-fee': 'idle',
  'idle-negotiate': 'idle',
  'idle-decide': 'idle',
  'idle-other': 'idle',
  'illegal-occupation': 'suspected-illegal-occupation',
  'suspected-idle': 'suspected-idle',
  'low-efficiency': 'low-efficiency',
  'supply-breach': 'supply-breach',
  reviewed: null,
};

/** The group of a parcel by its flags and idle measure; null when it is neither flagged for review nor reviewed. */
export function queueGroup(flags: readonly Flag[], idleMeasure: IdleMeasure | null, reviewed: boolean): QueueGroup | null {
  if (flags.includes('idle')) {
    if (idleMeasure === 'reclaim') return 'idle-reclaim';
    if (idleMeasure === 'idle-fee') return 'idle-fee';
    if (idleMeasure === 'negotiate') return 'idle-negotiate';
    if (idleMeasure === 'decide') return 'idle-decide';
    return 'idle-other';
  }
  if (flags.includes('suspected-illegal-occupation')) return 'illegal-occupation';
  if (flags.includes('suspected-idle')) return 'suspected-idle';
  if (flags.includes('low-efficiency')) return 'low-efficiency';
  if (flags.includes('supply-breach')) return 'supply-breach';
  return reviewed ? 'reviewed' : null;
}

/** A name as an officer gives it: trimmed, inner runs of white space as one space; null when empty or too long. */
export function officerName(text: string): string | null {
  const name = text.trim().replace(/\s+/g, ' ');
  return name === '' || name.length > TEXT_LIMITS.officer ? null : name;
}
