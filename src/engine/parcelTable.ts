import { GRADES, type Grade } from '../domain/grades';
import { PARCEL_METRIC_KEYS } from '../domain/metrics';
import { LAND_USE_KINDS, type LandUseKind } from '../domain/rules';
import { STAGES } from '../domain/stages';
import {
  FLAGS,
  type Flag,
  FUNCTIONAL_AREAS,
  type FunctionalArea,
  type IdleMeasure,
  type IdleStatus,
  INDICATOR_GROUP,
  type Indicator,
  type IndicatorGroup,
  type ParcelResult,
} from '../domain/types';
import type { Sink } from './sink';

/**
 * The parcels as columns: typed arrays for numbers and codes, so 100k rows cross from the worker to the page as
 * transferable buffers and filters run as tight loops. NaN marks a missing number. Row i of every column is parcel i.
 */

export const NUMERIC_COLUMNS = [
  'areaM2',
  'areaMu',
  'areaHa',
  'ellipsoidAreaM2',
  ...PARCEL_METRIC_KEYS,
  'idleYears',
  'conflictM2',
  'idleFeeWanYuan',
  'efficiencyScore',
] as const;
export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];

export const TEXT_COLUMNS = ['id', 'name', 'enterprise', 'industryCode', 'landUse'] as const;
export type TextColumn = (typeof TEXT_COLUMNS)[number];

export const IDLE_STATUSES: readonly IdleStatus[] = ['idle', 'suspected', 'not-idle', 'unknown'];
/** The idle measures in the order of the table's idleMeasure codes (the review queue orders idle land by them). */
export const IDLE_MEASURES: readonly IdleMeasure[] = ['idle-fee', 'reclaim', 'negotiate', 'decide'];

export interface ParcelTable {
  length: number;
  text: Record<TextColumn, string[]>;
  numeric: Record<NumericColumn, Float64Array>;
  /** index into `zoneIds`, 255 for none */
  zone: Uint8Array;
  zoneIds: string[];
  /** index into FUNCTIONAL_AREAS, 255 for none */
  functionalArea: Uint8Array;
  /** index into LAND_USE_KINDS (the kind of land the rules' code table makes of the parcel's land use), 255 for none */
  landUseKind: Uint8Array;
  /** index into IDLE_STATUSES */
  idleStatus: Uint8Array;
  /** index into IDLE_MEASURES, 255 for none */
  idleMeasure: Uint8Array;
  /** bit i set when the parcel carries FLAGS[i] */
  flags: Uint16Array;
  /** index into STAGES */
  stage: Uint8Array;
  /** index into GRADES of the grade among the city's and among the zone's parcels, 255 for none */
  gradeCity: Uint8Array;
  gradeZone: Uint8Array;
  /**
   * bit i set when INDICATORS[i] failed: an efficiency indicator among the reasons the parcel is low-efficiency (the
   * CSV's 未达标指标), a supply condition among its supply breaches (the indicator's group, INDICATOR_GROUP, tells which)
   */
  failedIndicators: Uint16Array;
  /** bounding boxes [minX, minY, maxX, maxY] per parcel, for flying to it */
  bbox: Float64Array;
}

export const NONE = 255;
export const flagBit = (f: Flag): number => 1 << FLAGS.indexOf(f);
if (FLAGS.length > 16) throw new Error('parcelTable: the flags do not fit 16 bits');
/** The indicators in the order of their bits in `failedIndicators` (the rules' order: efficiency, then supply conditions). */
export const INDICATORS = Object.keys(INDICATOR_GROUP) as Indicator[];
export const indicatorBit = (i: Indicator): number => 1 << INDICATORS.indexOf(i);
/** The bits of one group's indicators in `failedIndicators`. */
export const groupMask = (group: IndicatorGroup): number => INDICATORS.reduce((m, i) => (INDICATOR_GROUP[i] === group ? m | indicatorBit(i) : m), 0);
/** The indicators of one group, in the bits' order. */
export const indicatorsOf = (group: IndicatorGroup): Indicator[] => INDICATORS.filter((i) => INDICATOR_GROUP[i] === group);
export const gradeIndex = (g: Grade | null): number => (g == null ? NONE : GRADES.indexOf(g));

/** Table rows written a parcel at a time, into columns of room for `capacity` rows (one part of the table, see tableSink). */
export class TableRows {
  private n = 0;
  private readonly numeric: Record<NumericColumn, Float64Array>;
  private readonly text = Object.fromEntries(TEXT_COLUMNS.map((c) => [c, [] as string[]])) as Record<TextColumn, string[]>;
  private readonly zone: Uint8Array;
  private readonly functionalArea: Uint8Array;
  private readonly landUseKind: Uint8Array;
  private readonly idleStatus: Uint8Array;
  private readonly idleMeasure: Uint8Array;
  private readonly flags: Uint16Array;
  private readonly failedIndicators: Uint16Array;
  private readonly stage: Uint8Array;
  private readonly gradeCity: Uint8Array;
  private readonly gradeZone: Uint8Array;

  constructor(
    private readonly zoneIds: readonly string[],
    capacity: number,
  ) {
    this.numeric = Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, new Float64Array(capacity)])) as Record<NumericColumn, Float64Array>;
    this.zone = new Uint8Array(capacity);
    this.functionalArea = new Uint8Array(capacity);
    this.landUseKind = new Uint8Array(capacity);
    this.idleStatus = new Uint8Array(capacity);
    this.idleMeasure = new Uint8Array(capacity);
    this.flags = new Uint16Array(capacity);
    this.failedIndicators = new Uint16Array(capacity);
    this.stage = new Uint8Array(capacity);
    this.gradeCity = new Uint8Array(capacity);
    this.gradeZone = new Uint8Array(capacity);
  }

  add(p: ParcelResult): void {
    const i = this.n++;
    for (const c of NUMERIC_COLUMNS) (this.numeric[c] as Float64Array)[i] = numericValue(p, c);
    const text = this.text;
    text.id.push(p.id);
    text.name.push(p.name ?? '');
    text.enterprise.push(p.enterprise ?? '');
    text.industryCode.push(p.industryCode ?? '');
    text.landUse.push(p.landUse ?? '');
    const z = p.zoneId == null ? -1 : this.zoneIds.indexOf(p.zoneId);
    this.zone[i] = z < 0 ? NONE : z;
    this.functionalArea[i] = p.functionalArea == null ? NONE : FUNCTIONAL_AREAS.indexOf(p.functionalArea);
    this.landUseKind[i] = landUseKindIndex(p.landUseKind);
    writeDated(
      {
        idleYears: this.numeric.idleYears,
        idleFeeWanYuan: this.numeric.idleFeeWanYuan,
        efficiencyScore: this.numeric.efficiencyScore,
        idleStatus: this.idleStatus,
        idleMeasure: this.idleMeasure,
        flags: this.flags,
        failedIndicators: this.failedIndicators,
        stage: this.stage,
        gradeCity: this.gradeCity,
        gradeZone: this.gradeZone,
      },
      i,
      p,
    );
  }

  /** The rows as a table (the columns are the rows' own, cut to their number). */
  table(bboxes: Float64Array): ParcelTable {
    const n = this.n;
    const numeric = Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, this.numeric[c].subarray(0, n)])) as Record<NumericColumn, Float64Array>;
    const cut = <T extends Uint8Array | Uint16Array>(a: T): T => a.subarray(0, n) as T;
    return {
      length: n,
      text: this.text,
      numeric,
      zone: cut(this.zone),
      zoneIds: [...this.zoneIds],
      functionalArea: cut(this.functionalArea),
      landUseKind: cut(this.landUseKind),
      idleStatus: cut(this.idleStatus),
      idleMeasure: cut(this.idleMeasure),
      flags: cut(this.flags),
      stage: cut(this.stage),
      gradeCity: cut(this.gradeCity),
      gradeZone: cut(this.gradeZone),
      failedIndicators: cut(this.failedIndicators),
      bbox: bboxes,
    };
  }

  /** The rows as one part of a table, every column a buffer to transfer (the text as one chunk per column). */
  part(): TablePart {
    const { text, zoneIds: _zoneIds, bbox: _bbox, ...rest } = this.table(new Float64Array(0));
    return {
      ...rest,
      text: Object.fromEntries(TEXT_COLUMNS.map((c) => [c, textChunk(text[c])])) as Record<TextColumn, TextChunk>,
    };
  }
}

/** Rows of a table made apart (TableRows.part), before they are joined. */
export interface TablePart extends Omit<ParcelTable, 'text' | 'zoneIds' | 'bbox'> {
  text: Record<TextColumn, TextChunk>;
}

/** The code columns of a table or a part (every typed column but the numbers, the text and the boxes), in one list. */
const codeColumns = (t: Omit<TablePart, 'text' | 'length' | 'numeric'>): (Uint8Array | Uint16Array)[] => [
  t.zone,
  t.functionalArea,
  t.landUseKind,
  t.idleStatus,
  t.idleMeasure,
  t.flags,
  t.stage,
  t.gradeCity,
  t.gradeZone,
  t.failedIndicators,
];

export const tablePartBuffers = (t: TablePart): ArrayBuffer[] =>
  [...Object.values(t.numeric), ...codeColumns(t), ...Object.values(t.text).flatMap((ch) => [ch.utf8, ch.lengths])].map((a) => a.buffer as ArrayBuffer);

/**
 * Parts of a table joined in order into the table as it crosses to the page, each part's rows where `keep` (null:
 * all of them) is set. The text of a part that keeps every row goes as it came, one chunk; a part with rows left
 * out (duplicate ids, rare) has its chunk made again from the rows it keeps.
 */
export function joinTableParts(
  parts: readonly { part: TablePart; keep: Uint8Array | null }[],
  zoneIds: readonly string[],
  bboxes: Float64Array,
): ParcelTableWire {
  const kept = parts.map(({ part, keep }) => (keep ? keep.reduce((s, k) => s + k, 0) : part.length));
  const n = kept.reduce((s, k) => s + k, 0);
  const numeric = Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, new Float64Array(n)])) as Record<NumericColumn, Float64Array>;
  const zone = new Uint8Array(n);
  const functionalArea = new Uint8Array(n);
  const landUseKind = new Uint8Array(n);
  const idleStatus = new Uint8Array(n);
  const idleMeasure = new Uint8Array(n);
  const flags = new Uint16Array(n);
  const stage = new Uint8Array(n);
  const gradeCity = new Uint8Array(n);
  const gradeZone = new Uint8Array(n);
  const failedIndicators = new Uint16Array(n);
  const textChunks = Object.fromEntries(TEXT_COLUMNS.map((c) => [c, [] as TextChunk[]])) as Record<TextColumn, TextChunk[]>;
  /** parts' chunks not yet joined into one of textChunks */
  const pending = Object.fromEntries(TEXT_COLUMNS.map((c) => [c, [] as TextChunk[]])) as Record<TextColumn, TextChunk[]>;
  const dec = new TextDecoder();
  let at = 0;
  parts.forEach(({ part, keep }, k) => {
    const rows = keep ? Array.from({ length: part.length }, (_, i) => i).filter((i) => keep[i] === 1) : null;
    const copy = <T extends Float64Array | Uint8Array | Uint16Array>(to: T, from: T) => {
      if (!rows) to.set(from, at);
      else
        rows.forEach((i, j) => {
          to[at + j] = from[i] as number;
        });
    };
    for (const c of NUMERIC_COLUMNS) copy(numeric[c], part.numeric[c]);
    copy(zone, part.zone);
    copy(functionalArea, part.functionalArea);
    copy(landUseKind, part.landUseKind);
    copy(idleStatus, part.idleStatus);
    copy(idleMeasure, part.idleMeasure);
    copy(flags, part.flags);
    copy(stage, part.stage);
    copy(gradeCity, part.gradeCity);
    copy(gradeZone, part.gradeZone);
    copy(failedIndicators, part.failedIndicators);
    for (const c of TEXT_COLUMNS) {
      const chunk = part.text[c];
      if (!rows) pending[c].push(chunk);
      else {
        const all = decodeChunk(dec, chunk);
        pending[c].push(textChunk(rows.map((i) => all[i] as string)));
      }
      if (rowsOf(pending[c]) >= WIRE_CHUNK || k === parts.length - 1) textChunks[c].push(concatChunks(pending[c].splice(0)));
    }
    at += kept[k] as number;
  });
  return {
    length: n,
    numeric,
    zone,
    zoneIds: [...zoneIds],
    functionalArea,
    landUseKind,
    idleStatus,
    idleMeasure,
    flags,
    stage,
    gradeCity,
    gradeZone,
    failedIndicators,
    bbox: bboxes,
    textChunks,
  };
}

const rowsOf = (chunks: readonly TextChunk[]) => chunks.reduce((sum, ch) => sum + ch.lengths.length, 0);

/** Consecutive chunks as one (the page decodes a chunk a task: parts' chunks are joined up to WIRE_CHUNK rows). */
function concatChunks(chunks: readonly TextChunk[]): TextChunk {
  if (chunks.length === 1) return chunks[0] as TextChunk;
  const utf8 = new Uint8Array(chunks.reduce((sum, ch) => sum + ch.utf8.length, 0));
  const lengths = new Uint32Array(rowsOf(chunks));
  let bytes = 0;
  let rows = 0;
  for (const ch of chunks) {
    utf8.set(ch.utf8, bytes);
    lengths.set(ch.lengths, rows);
    bytes += ch.utf8.length;
    rows += ch.lengths.length;
  }
  return { utf8, lengths };
}

function numericValue(p: ParcelResult, c: NumericColumn): number {
  switch (c) {
    case 'conflictM2':
      return p.conflicts.reduce((s, x) => s + x.overlapM2, 0);
    case 'idleYears':
    case 'idleFeeWanYuan':
    case 'efficiencyScore':
      // written by writeDated
      return Number.NaN;
    default:
      return p[c] ?? Number.NaN;
  }
}

/** The numeric columns the as-of date decides (see DatedColumns). */
export const DATED_NUMERIC_COLUMNS = ['idleYears', 'idleFeeWanYuan', 'efficiencyScore'] as const satisfies readonly NumericColumn[];

/**
 * The table's columns the as-of date decides: what a new as-of date replaces (AnalysisSession.reevaluate); the rest
 * (text, areas, metrics, zone, functional area, land use, boxes) stays.
 */
export interface DatedColumns {
  idleYears: Float64Array;
  idleFeeWanYuan: Float64Array;
  efficiencyScore: Float64Array;
  idleStatus: Uint8Array;
  idleMeasure: Uint8Array;
  flags: Uint16Array;
  failedIndicators: Uint16Array;
  stage: Uint8Array;
  gradeCity: Uint8Array;
  gradeZone: Uint8Array;
}

export function datedColumns(n: number): DatedColumns {
  return {
    idleYears: new Float64Array(n),
    idleFeeWanYuan: new Float64Array(n),
    efficiencyScore: new Float64Array(n),
    idleStatus: new Uint8Array(n),
    idleMeasure: new Uint8Array(n),
    flags: new Uint16Array(n),
    failedIndicators: new Uint16Array(n),
    stage: new Uint8Array(n),
    gradeCity: new Uint8Array(n),
    gradeZone: new Uint8Array(n),
  };
}

/** Row i's dated columns from the date rules' results (the grades as they are set, or none until graded). */
export function writeDated(c: DatedColumns, i: number, d: Pick<ParcelResult, 'idle' | 'flags' | 'lowEfficiency' | 'stage' | 'efficiency'>): void {
  c.idleYears[i] = d.idle.status === 'idle' ? (d.idle.years ?? Number.NaN) : Number.NaN;
  c.idleFeeWanYuan[i] = d.idle.feeWanYuan ?? Number.NaN;
  c.efficiencyScore[i] = d.efficiency.score ?? Number.NaN;
  c.idleStatus[i] = IDLE_STATUSES.indexOf(d.idle.status);
  c.idleMeasure[i] = d.idle.measure == null ? NONE : IDLE_MEASURES.indexOf(d.idle.measure);
  c.flags[i] = d.flags.reduce((bits, f) => bits | flagBit(f), 0);
  c.failedIndicators[i] = [...d.lowEfficiency.reasons, ...d.lowEfficiency.breaches].reduce((bits, r) => bits | indicatorBit(r.indicator), 0);
  c.stage[i] = STAGES.indexOf(d.stage);
  c.gradeCity[i] = gradeIndex(d.efficiency.grade.city);
  c.gradeZone[i] = gradeIndex(d.efficiency.grade.zone);
}

/** A table with its dated columns replaced (a new as-of date); every other column is the same array. */
export function withDated<T extends ParcelTable | ParcelTableWire>(t: T, d: DatedColumns): T {
  const { idleYears, idleFeeWanYuan, efficiencyScore, ...codes } = d;
  return { ...t, numeric: { ...t.numeric, idleYears, idleFeeWanYuan, efficiencyScore }, ...codes };
}

/** The buffers of dated columns, to transfer them. */
export const datedBuffers = (d: DatedColumns): ArrayBuffer[] => Object.values(d).map((a: ArrayBufferView) => a.buffer as ArrayBuffer);

export const landUseKindIndex = (k: LandUseKind | null): number => (k == null ? NONE : LAND_USE_KINDS.indexOf(k));
export const landUseKindOf = (t: ParcelTable, i: number): LandUseKind | null => {
  const v = t.landUseKind[i] as number;
  return v === NONE ? null : (LAND_USE_KINDS[v] as LandUseKind);
};

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

/** Rows per text chunk (about; parts' chunks are joined up to it): decoding one takes a few ms on the page. */
const WIRE_CHUNK = 10_000;

export function toWire(t: ParcelTable): ParcelTableWire {
  const { text, ...rest } = t;
  const chunks = (col: string[]): TextChunk[] =>
    Array.from({ length: Math.ceil(col.length / WIRE_CHUNK) }, (_, k) => textChunk(col.slice(k * WIRE_CHUNK, (k + 1) * WIRE_CHUNK)));
  return { ...rest, textChunks: Object.fromEntries(TEXT_COLUMNS.map((c) => [c, chunks(text[c])])) as Record<TextColumn, TextChunk[]> };
}

const encoder = new TextEncoder();

/** Rows of text as one chunk: their UTF-8 bytes and their lengths. */
function textChunk(rows: readonly string[]): TextChunk {
  return { utf8: encoder.encode(rows.join('')), lengths: Uint32Array.from(rows, (r) => r.length) };
}

/** The rows of a chunk (one TextDecoder call, then slices). */
function decodeChunk(dec: TextDecoder, chunk: TextChunk): string[] {
  const all = dec.decode(chunk.utf8);
  const rows: string[] = [];
  let at = 0;
  for (const n of chunk.lengths) {
    rows.push(all.slice(at, at + n));
    at += n;
  }
  return rows;
}

/** Rebuilds the text columns a chunk at a time, yielding to the page between chunks. */
export async function fromWire(w: ParcelTableWire, yieldToPage: () => Promise<void>): Promise<ParcelTable> {
  const { textChunks, ...rest } = w;
  const dec = new TextDecoder();
  const text = {} as Record<TextColumn, string[]>;
  for (const c of TEXT_COLUMNS) {
    const col: string[] = [];
    for (const chunk of textChunks[c]) {
      for (const row of decodeChunk(dec, chunk)) col.push(row);
      await yieldToPage();
    }
    text[c] = col;
  }
  return { ...rest, text };
}

/** The buffers to transfer (not copy) from the worker. */
export function transferables(t: ParcelTable | ParcelTableWire): ArrayBuffer[] {
  const text = 'textChunks' in t ? Object.values(t.textChunks).flatMap((chunks) => chunks.flatMap((ch) => [ch.utf8, ch.lengths])) : [];
  return [...Object.values(t.numeric), ...codeColumns(t), t.bbox, ...text].map((a) => a.buffer as ArrayBuffer);
}

export const functionalAreaOf = (t: ParcelTable, i: number): FunctionalArea | null => {
  const v = t.functionalArea[i] as number;
  return v === NONE ? null : (FUNCTIONAL_AREAS[v] as FunctionalArea);
};
export const idleMeasureOf = (t: ParcelTable, i: number): IdleMeasure | null => {
  const v = t.idleMeasure[i] as number;
  return v === NONE ? null : (IDLE_MEASURES[v] as IdleMeasure);
};
export const flagsOfBits = (bits: number): Flag[] => FLAGS.filter((f) => (bits & flagBit(f)) !== 0);
export const flagsOf = (t: ParcelTable, i: number): Flag[] => flagsOfBits(t.flags[i] as number);
export const zoneOf = (t: ParcelTable, i: number): string | null => {
  const v = t.zone[i] as number;
  return v === NONE ? null : (t.zoneIds[v] ?? null);
};

/** The app's table (its rows in file order, as columns): each part's rows made where it is analysed, joined by joinTableParts. */
export const tableSink: Sink<{ zoneIds: string[] }, TablePart, ParcelTableWire> = {
  writer(spec, _run, size) {
    const rows = new TableRows(spec.zoneIds, size);
    return { add: (r) => rows.add(r), finish: () => rows.part() };
  },
  transfer: tablePartBuffers,
  joiner(spec, _run, total) {
    const parts: { part: TablePart; keep: Uint8Array | null }[] = [];
    // the kept parcels' boxes, for flying to a parcel
    const boxes = new Float64Array(total * 4);
    let kept = 0;
    return {
      add(part, keep, partBoxes) {
        parts.push({ part, keep });
        for (let k = 0; k < part.length; k++) {
          if (keep && keep[k] !== 1) continue;
          boxes.set(partBoxes.subarray(k * 4, k * 4 + 4), kept * 4);
          kept++;
        }
      },
      finish: () => joinTableParts(parts, spec.zoneIds, boxes.slice(0, kept * 4)),
    };
  },
};
