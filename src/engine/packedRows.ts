import { summaryAccumulator } from '../analysis/analyse';
import type { UngradedReason } from '../domain/grading';
import type { LandUseKind } from '../domain/rules';
import type { Stage } from '../domain/stages';
import type { SummaryAccumulator, SummaryRow } from '../domain/summary';
import type { DelayCause, Flag, FunctionalArea, IdleMeasure, IdleStatus } from '../domain/types';
import type { Sink } from './sink';
import { StringTable } from './stringTable';

/**
 * A part's summary rows (shards.ts) as columns, to cross between threads: numbers in typed arrays (transferred),
 * strings as indices into one small table of the distinct strings. Objects, one per parcel with two nested ones and
 * an array, cost a JSON text or a structured clone each way, and stayed alive on the joining thread, copied by every
 * garbage collection, until their part was joined.
 */
export interface PackedRows {
  count: number;
  areaM2: Float64Array;
  /** per row: fixed-asset investment, revenue, tax, investment intensity; NaN for none (the contract takes finite numbers only) */
  money: Float64Array;
  /** per row: the efficiency score for grading; NaN for none */
  score: Float64Array;
  /** per row: zoneId, functionalArea, landUseKind, stage, idle status, cause, kind, ungraded reason, industry code, idle measure, as indices into `strings`; -1 for null */
  text: Int32Array;
  /** per row: bit 0 low-efficiency, bit 1 supply breach */
  lowEfficiency: Uint8Array;
  /** row k's flags are flags[flagsTo[k − 1] .. flagsTo[k]), as indices into `strings` */
  flags: Int32Array;
  flagsTo: Int32Array;
  strings: string[];
}

const TEXT_FIELDS = 10;
const MONEY_FIELDS = 4;

/** Packs rows as they are added. */
export class RowsPacker {
  private readonly areaM2: number[] = [];
  private readonly money: number[] = [];
  private readonly score: number[] = [];
  private readonly text: number[] = [];
  private readonly lowEfficiency: number[] = [];
  private readonly flags: number[] = [];
  private readonly flagsTo: number[] = [];
  private readonly strings = new StringTable();

  add(r: SummaryRow): void {
    this.areaM2.push(r.areaM2);
    this.money.push(r.fixedAssetInvestmentWanYuan ?? Number.NaN, r.revenueWanYuan ?? Number.NaN, r.taxWanYuan ?? Number.NaN, r.intensityWanPerMu ?? Number.NaN);
    this.score.push(r.efficiency.score ?? Number.NaN);
    this.text.push(
      this.strings.id(r.zoneId),
      this.strings.id(r.functionalArea),
      this.strings.id(r.landUseKind),
      this.strings.id(r.stage),
      this.strings.id(r.idle.status),
      this.strings.id(r.idle.cause),
      this.strings.id(r.idle.kind),
      this.strings.id(r.efficiency.ungraded),
      this.strings.id(r.industryCode),
      this.strings.id(r.idle.measure),
    );
    this.lowEfficiency.push((r.lowEfficiency.status ? 1 : 0) | (r.lowEfficiency.supplyBreach ? 2 : 0));
    for (const f of r.flags) this.flags.push(this.strings.id(f));
    this.flagsTo.push(this.flags.length);
  }

  pack(): PackedRows {
    return {
      count: this.areaM2.length,
      areaM2: Float64Array.from(this.areaM2),
      money: Float64Array.from(this.money),
      score: Float64Array.from(this.score),
      text: Int32Array.from(this.text),
      lowEfficiency: Uint8Array.from(this.lowEfficiency),
      flags: Int32Array.from(this.flags),
      flagsTo: Int32Array.from(this.flagsTo),
      strings: this.strings.strings,
    };
  }
}

/** The typed arrays of packed rows, to transfer. */
export const packedRowsBuffers = (p: PackedRows): ArrayBuffer[] =>
  [p.areaM2, p.money, p.score, p.text, p.lowEfficiency, p.flags, p.flagsTo].map((a) => a.buffer as ArrayBuffer);

/**
 * Row k of packed rows, read into one object that the next call overwrites (the summaries read a row and keep
 * nothing of it), so reading makes no garbage.
 */
export function rowReader(p: PackedRows): (k: number) => SummaryRow {
  const row: SummaryRow = {
    zoneId: null,
    functionalArea: null,
    areaM2: 0,
    landUseKind: null,
    industryCode: null,
    stage: 'unknown',
    fixedAssetInvestmentWanYuan: null,
    intensityWanPerMu: null,
    revenueWanYuan: null,
    taxWanYuan: null,
    flags: [],
    idle: { status: 'unknown', cause: null, kind: null, measure: null },
    lowEfficiency: { status: false, supplyBreach: false },
    efficiency: { score: null, ungraded: null },
  };
  const str = (i: number): string | null => (i < 0 ? null : (p.strings[i] as string));
  const num = (v: number): number | null => (Number.isNaN(v) ? null : v);
  return (k) => {
    const t = k * TEXT_FIELDS;
    row.zoneId = str(p.text[t] as number);
    row.functionalArea = str(p.text[t + 1] as number) as FunctionalArea | null;
    row.areaM2 = p.areaM2[k] as number;
    row.landUseKind = str(p.text[t + 2] as number) as LandUseKind | null;
    row.stage = str(p.text[t + 3] as number) as Stage;
    const m = k * MONEY_FIELDS;
    row.fixedAssetInvestmentWanYuan = num(p.money[m] as number);
    row.revenueWanYuan = num(p.money[m + 1] as number);
    row.taxWanYuan = num(p.money[m + 2] as number);
    row.intensityWanPerMu = num(p.money[m + 3] as number);
    row.idle.status = str(p.text[t + 4] as number) as IdleStatus;
    row.idle.cause = str(p.text[t + 5] as number) as DelayCause | null;
    row.idle.kind = str(p.text[t + 6] as number) as 'not-started' | 'stopped' | null;
    row.efficiency.score = num(p.score[k] as number);
    row.efficiency.ungraded = str(p.text[t + 7] as number) as UngradedReason | null;
    row.industryCode = str(p.text[t + 8] as number);
    row.idle.measure = str(p.text[t + 9] as number) as IdleMeasure | null;
    const le = p.lowEfficiency[k] as number;
    row.lowEfficiency.status = (le & 1) !== 0;
    row.lowEfficiency.supplyBreach = (le & 2) !== 0;
    row.flags.length = 0;
    for (let i = k > 0 ? (p.flagsTo[k - 1] as number) : 0; i < (p.flagsTo[k] as number); i++) row.flags.push(p.strings[p.flags[i] as number] as Flag);
    return row;
  };
}

/** The zone summaries and tally (always made): each part's summary rows packed, added up as the parts are joined. */
export const summarySink: Sink<true, PackedRows, SummaryAccumulator> = {
  writer() {
    const rows = new RowsPacker();
    return { add: (r) => rows.add(r), finish: () => rows.pack() };
  },
  transfer: packedRowsBuffers,
  joiner(_spec, run) {
    const summary = summaryAccumulator(run.layers, run.asOfDate);
    return {
      add(part, keep) {
        const row = rowReader(part);
        for (let k = 0; k < part.count; k++) if (!keep || keep[k] === 1) summary.add(row(k));
      },
      finish: () => summary,
    };
  },
};
