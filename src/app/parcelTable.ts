import type { Analysis } from '../analysis/analyse';
import { FLAGS, type Flag, FUNCTIONAL_AREAS, type FunctionalArea, type IdleStatus, type ParcelResult } from '../domain/types';

/**
 * The parcels as columns: typed arrays for numbers and codes, so 100k rows cross from the worker to the page as
 * transferable buffers and filters run as tight loops. NaN marks a missing number. Row i of every column is parcel i.
 */
export const METRICS = ['intensityWanPerMu', 'far', 'coverage', 'outputWanPerMu', 'taxWanPerMu', 'areaMu', 'idleYears'] as const;
export type Metric = (typeof METRICS)[number];

export const NUMERIC_COLUMNS = [
  'areaM2',
  'areaMu',
  'areaHa',
  'ellipsoidAreaM2',
  'intensityWanPerMu',
  'intensityWanPerHa',
  'far',
  'coverage',
  'greenRatio',
  'adminRatio',
  'outputWanPerMu',
  'taxWanPerMu',
  'idleYears',
  'conflictM2',
] as const;
export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];

export const TEXT_COLUMNS = ['id', 'name', 'enterprise', 'industryCode', 'landUse'] as const;
export type TextColumn = (typeof TEXT_COLUMNS)[number];

export const IDLE_STATUSES: readonly IdleStatus[] = ['idle', 'suspected', 'not-idle', 'unknown'];

export interface ParcelTable {
  length: number;
  text: Record<TextColumn, string[]>;
  numeric: Record<NumericColumn, Float64Array>;
  /** index into `zoneIds`, 255 for none */
  zone: Uint8Array;
  zoneIds: string[];
  /** index into FUNCTIONAL_AREAS, 255 for none */
  functionalArea: Uint8Array;
  /** index into IDLE_STATUSES */
  idleStatus: Uint8Array;
  /** bit i set when the parcel carries FLAGS[i] */
  flags: Uint8Array;
  /** bounding boxes [minX, minY, maxX, maxY] per parcel, for flying to it */
  bbox: Float64Array;
}

export const NONE = 255;
export const flagBit = (f: Flag): number => 1 << FLAGS.indexOf(f);

export function buildParcelTable(a: Analysis, zoneIds: string[], bboxes: Float64Array): ParcelTable {
  const n = a.parcels.length;
  const numeric = Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, new Float64Array(n)])) as Record<NumericColumn, Float64Array>;
  const text = Object.fromEntries(TEXT_COLUMNS.map((c) => [c, new Array<string>(n)])) as Record<TextColumn, string[]>;
  const zone = new Uint8Array(n);
  const functionalArea = new Uint8Array(n);
  const idleStatus = new Uint8Array(n);
  const flags = new Uint8Array(n);
  a.parcels.forEach((p, i) => {
    for (const c of NUMERIC_COLUMNS) (numeric[c] as Float64Array)[i] = numericValue(p, c);
    text.id[i] = p.id;
    text.name[i] = p.name ?? '';
    text.enterprise[i] = p.enterprise ?? '';
    text.industryCode[i] = p.industryCode ?? '';
    text.landUse[i] = p.landUse ?? '';
    const z = p.zoneId == null ? -1 : zoneIds.indexOf(p.zoneId);
    zone[i] = z < 0 ? NONE : z;
    functionalArea[i] = p.functionalArea == null ? NONE : FUNCTIONAL_AREAS.indexOf(p.functionalArea);
    idleStatus[i] = IDLE_STATUSES.indexOf(p.idle.status);
    flags[i] = p.flags.reduce((bits, f) => bits | flagBit(f), 0);
  });
  return { length: n, text, numeric, zone, zoneIds, functionalArea, idleStatus, flags, bbox: bboxes };
}

function numericValue(p: ParcelResult, c: NumericColumn): number {
  switch (c) {
    case 'idleYears':
      return p.idle.status === 'idle' ? (p.idle.years ?? Number.NaN) : Number.NaN;
    case 'conflictM2':
      return p.conflicts.reduce((s, x) => s + x.overlapM2, 0);
    default:
      return p[c] ?? Number.NaN;
  }
}

/**
 * The table as it crosses from the worker: every column a transferred buffer, text included. 500k separate strings
 * would be rebuilt one by one in a single message task on the page (the longest task at load in traces of 100k parcels);
 * instead each text column travels as chunks of WIRE_CHUNK rows, each chunk the rows' UTF-8 bytes and their lengths
 * in UTF-16 units, and the page decodes a chunk per task (one TextDecoder call, then slices).
 */
export interface TextChunk {
  utf8: Uint8Array;
  /** each row's length in UTF-16 code units */
  lengths: Uint32Array;
}

export interface ParcelTableWire extends Omit<ParcelTable, 'text'> {
  textChunks: Record<TextColumn, TextChunk[]>;
}

/** Rows per text chunk: decoding one takes a few ms on the page. */
const WIRE_CHUNK = 10_000;

export function toWire(t: ParcelTable): ParcelTableWire {
  const { text, ...rest } = t;
  const enc = new TextEncoder();
  const chunks = (col: string[]): TextChunk[] =>
    Array.from({ length: Math.ceil(col.length / WIRE_CHUNK) }, (_, k) => {
      const rows = col.slice(k * WIRE_CHUNK, (k + 1) * WIRE_CHUNK);
      return { utf8: enc.encode(rows.join('')), lengths: Uint32Array.from(rows, (r) => r.length) };
    });
  return { ...rest, textChunks: Object.fromEntries(TEXT_COLUMNS.map((c) => [c, chunks(text[c])])) as Record<TextColumn, TextChunk[]> };
}

/** Rebuilds the text columns a chunk at a time, yielding to the page between chunks. */
export async function fromWire(w: ParcelTableWire, yieldToPage: () => Promise<void>): Promise<ParcelTable> {
  const { textChunks, ...rest } = w;
  const dec = new TextDecoder();
  const text = {} as Record<TextColumn, string[]>;
  for (const c of TEXT_COLUMNS) {
    const col: string[] = [];
    for (const chunk of textChunks[c]) {
      const all = dec.decode(chunk.utf8);
      let at = 0;
      for (const n of chunk.lengths) {
        col.push(all.slice(at, at + n));
        at += n;
      }
      await yieldToPage();
    }
    text[c] = col;
  }
  return { ...rest, text };
}

/** The buffers to transfer (not copy) from the worker. */
export function transferables(t: ParcelTable | ParcelTableWire): ArrayBuffer[] {
  const text = 'textChunks' in t ? Object.values(t.textChunks).flatMap((chunks) => chunks.flatMap((ch) => [ch.utf8, ch.lengths])) : [];
  return [...Object.values(t.numeric), t.zone, t.functionalArea, t.idleStatus, t.flags, t.bbox, ...text].map((a) => a.buffer as ArrayBuffer);
}

export const functionalAreaOf = (t: ParcelTable, i: number): FunctionalArea | null => {
  const v = t.functionalArea[i] as number;
  return v === NONE ? null : (FUNCTIONAL_AREAS[v] as FunctionalArea);
};
export const zoneOf = (t: ParcelTable, i: number): string | null => {
  const v = t.zone[i] as number;
  return v === NONE ? null : (t.zoneIds[v] ?? null);
};
