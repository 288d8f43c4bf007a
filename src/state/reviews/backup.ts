import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as z from 'zod';
import { ATTACHMENT_MAX_BYTES, MEASURES, REVIEW_STATUSES } from '../../domain/review';
import type { ReviewEvent } from '../../domain/reviewLog';
import type { StoredFile } from './storage';

/**
 * The backup of all review decisions: one zip file holding `reviews.json` (every event of every dataset, and a list
 * of the attachments) and each attachment's bytes as `files/<id>`. Imported on another machine, its events are
 * merged by id (domain/reviewLog.ts mergeEvents): nothing here is overwritten, and a parcel changed on both sides is
 * listed as a conflict. The format is in docs/reviews.md.
 */
export const BACKUP_FORMAT = 'parkatlas-reviews';
export const BACKUP_VERSION = 1;

export async function writeBackup(events: readonly ReviewEvent[], files: readonly StoredFile[], exportedAt: string): Promise<Uint8Array> {
  const manifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt,
    events,
    files: files.map((f) => ({ ...f.ref, path: `files/${f.ref.id}` })),
  };
  const entries: Record<string, Uint8Array> = { 'reviews.json': strToU8(JSON.stringify(manifest, null, 1)) };
  for (const f of files) entries[`files/${f.ref.id}`] = new Uint8Array(await f.blob.arrayBuffer());
  // attachments are photos and PDF, compressed already: stored, not deflated again
  return zipSync(entries, { level: 0 });
}

export type BackupRead = { ok: true; events: ReviewEvent[]; files: StoredFile[]; exportedAt: string } | { ok: false; message: string };

/** Reads a backup file; a file that is not one (or is damaged) is a message, never a partial import. */
export function readBackup(bytes: Uint8Array): BackupRead {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    return { ok: false, message: `not a zip file (${(e as Error).message})` };
  }
  const json = entries['reviews.json'];
  if (!json) return { ok: false, message: 'reviews.json is missing' };
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(json));
  } catch (e) {
    return { ok: false, message: `reviews.json is not JSON (${(e as Error).message})` };
  }
  const parsed = backupSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `reviews.json: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  const files: StoredFile[] = [];
  for (const f of parsed.data.files) {
    const data = entries[f.path];
    if (!data) return { ok: false, message: `${f.path} is missing` };
    const { path: _path, ...ref } = f;
    files.push({ ref: { ...ref, sizeBytes: data.length }, blob: new Blob([data as Uint8Array<ArrayBuffer>], { type: f.type }) });
  }
  return { ok: true, events: parsed.data.events as ReviewEvent[], files, exportedAt: parsed.data.exportedAt };
}

const text = (max: number) => z.string().max(max);
const attachment = z.object({ id: text(100), name: text(300), type: text(100), sizeBytes: z.number().int().min(0).max(ATTACHMENT_MAX_BYTES) });
const decision = z.object({
  status: z.enum(REVIEW_STATUSES),
  measure: z.enum(MEASURES).nullable(),
  deadline: z.string().nullable(),
  documentNo: text(200),
  reason: text(4000),
  note: text(20000),
  attachments: z.array(attachment).max(100),
});
const nullableNumber = z.number().nullable();
const basis = z.object({
  dataset: text(200),
  datasetName: text(500).nullable(),
  asOfDate: text(20),
  // flags the rules of another version may have added are kept as they are
  flag: text(60).nullable(),
  flags: z.array(text(60)),
  facts: z.object({
    areaM2: nullableNumber,
    idleStatus: text(30),
    idleMeasure: text(30).nullable(),
    idleYears: nullableNumber,
    intensityWanPerMu: nullableNumber,
    far: nullableNumber,
    coverage: nullableNumber,
    outputWanPerMu: nullableNumber,
    taxWanPerMu: nullableNumber,
  }),
});
const event = z.object({
  id: text(100).min(1),
  dataset: text(200),
  parcelId: text(200),
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
  officer: text(100),
  kind: z.enum(['decide', 'undo', 'redo', 'resolve']),
  parents: z.array(text(100)).max(100),
  before: decision,
  after: decision,
  basis: basis.nullable(),
  compensates: text(100).nullable(),
});
const backupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.string(),
  events: z.array(event),
  files: z.array(attachment.extend({ path: z.string().regex(/^files\/[\w-]+$/) })),
});
