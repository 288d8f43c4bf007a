import type { PlacedParcel } from '../analysis/analyse';
import { DATE_PROPERTIES } from '../data/contract';
import { PARCEL_METRIC_KEYS, type ParcelMetrics } from '../domain/metrics';
import type { LandUseKind } from '../domain/rules';
import type { FunctionalArea, ParcelProps } from '../domain/types';
import type { Sink } from './sink';
import { StringTable } from './stringTable';

/**
 * What the date rules read of each parcel, kept from an analysis so that another as-of date is applied without
 * reading or placing the parcels again (AnalysisSession.reevaluate; docs/decisions.md#as-of-reevaluation): the
 * contract's dates and the figures the rules compare (ParcelProps), and what placing the parcel found (its area,
 * zone, functional area, land, metrics, whether it lies on constrained land). Packed into typed arrays where each
 * part is analysed (strings as indices into a table of the part's distinct strings: dates repeat a lot), so they
 * cross threads by transfer, some 200 bytes a parcel.
 *
 * Every ParcelProps member the rules of src/domain read (idle.ts, stages.ts, lowEfficiency.ts, thresholds.ts,
 * grading.ts) and the summaries read must be here: tests/unit/asOf.test.ts compares every parcel re-evaluated with a
 * fresh analysis at the same date, on data that has every case.
 */

const PROP_TEXT = [...DATE_PROPERTIES, 'landUse', 'industryCode', 'delayCause'] as const satisfies readonly (keyof ParcelProps)[];
const PROP_NUMBERS = [
  'developedAreaM2',
  'investedWanYuan',
  'totalInvestmentWanYuan',
  'landPriceWanYuan',
  'fixedAssetInvestmentWanYuan',
  'revenueWanYuan',
  'taxWanYuan',
] as const satisfies readonly (keyof ParcelProps)[];
const METRIC_FIELDS = PARCEL_METRIC_KEYS;
/** per parcel: the props' text, then zoneId, functionalArea, land-use kind */
const TEXT_FIELDS = PROP_TEXT.length + 3;
/** per parcel: the props' numbers, then areaM2, landGrade, the metrics */
const NUMBER_FIELDS = PROP_NUMBERS.length + 2 + METRIC_FIELDS.length;

export interface PackedDatedInputs {
  count: number;
  /** indices into `strings`, -1 for null */
  text: Int32Array;
  /** NaN for null */
  numbers: Float64Array;
  /** bit 0: investmentIncludesLandPrice; bit 1: on constrained land */
  bits: Uint8Array;
  strings: string[];
}

class DatedInputsPacker {
  private readonly text: number[] = [];
  private readonly numbers: number[] = [];
  private readonly bits: number[] = [];
  private readonly strings = new StringTable();

  add(p: ParcelProps, placed: PlacedParcel): void {
    for (const f of PROP_TEXT) this.text.push(this.strings.id(p[f] ?? null));
    this.text.push(this.strings.id(placed.zoneId), this.strings.id(placed.functionalArea), this.strings.id(placed.kind));
    for (const f of PROP_NUMBERS) this.numbers.push(p[f] ?? Number.NaN);
    this.numbers.push(placed.areaM2, placed.landGrade ?? Number.NaN);
    for (const f of METRIC_FIELDS) this.numbers.push(placed.metrics[f] ?? Number.NaN);
    this.bits.push((p.investmentIncludesLandPrice ? 1 : 0) | (placed.constrained ? 2 : 0));
  }

  pack(): PackedDatedInputs {
    return {
      count: this.bits.length,
      text: Int32Array.from(this.text),
      numbers: Float64Array.from(this.numbers),
      bits: Uint8Array.from(this.bits),
      strings: this.strings.strings,
    };
  }
}

/** One parcel's inputs, read into two objects that the next read overwrites (a pass over 100k parcels makes no garbage). */
export interface DatedRow {
  props: ParcelProps;
  placed: PlacedParcel;
}

/** The kept parcels' inputs of every part, in file order (the table's rows): read one at a time. */
export class DatedInputs {
  private readonly parts: { packed: PackedDatedInputs; rows: Int32Array }[] = [];
  private n = 0;

  get count(): number {
    return this.n;
  }

  /** A part's kept rows (keep: null, all of them). */
  add(packed: PackedDatedInputs, keep: Uint8Array | null): void {
    const rows: number[] = [];
    for (let k = 0; k < packed.count; k++) if (!keep || keep[k] === 1) rows.push(k);
    this.parts.push({ packed, rows: Int32Array.from(rows) });
    this.n += rows.length;
  }

  /** Calls `f` with each parcel's inputs in row order; the objects are reused from one call to the next. */
  forEach(f: (row: DatedRow, i: number) => void): void {
    const metrics = Object.fromEntries(METRIC_FIELDS.map((m) => [m, null])) as unknown as ParcelMetrics;
    const row: DatedRow = {
      props: { id: '' },
      placed: { areaM2: 0, zoneId: null, functionalArea: null, landGrade: null, kind: null, metrics, constrained: false },
    };
    const props = row.props as unknown as Record<string, unknown>;
    let i = 0;
    for (const { packed, rows } of this.parts) {
      const str = (k: number): string | null => (k < 0 ? null : (packed.strings[k] as string));
      const num = (v: number): number | null => (Number.isNaN(v) ? null : v);
      for (const k of rows) {
        const t = k * TEXT_FIELDS;
        PROP_TEXT.forEach((f, j) => {
          props[f] = str(packed.text[t + j] as number);
        });
        const at = t + PROP_TEXT.length;
        const p = row.placed;
        p.zoneId = str(packed.text[at] as number);
        p.functionalArea = str(packed.text[at + 1] as number) as FunctionalArea | null;
        p.kind = str(packed.text[at + 2] as number) as LandUseKind | null;
        const u = k * NUMBER_FIELDS;
        PROP_NUMBERS.forEach((f, j) => {
          props[f] = num(packed.numbers[u + j] as number);
        });
        p.areaM2 = packed.numbers[u + PROP_NUMBERS.length] as number;
        p.landGrade = num(packed.numbers[u + PROP_NUMBERS.length + 1] as number);
        METRIC_FIELDS.forEach((m, j) => {
          metrics[m] = num(packed.numbers[u + PROP_NUMBERS.length + 2 + j] as number);
        });
        const bits = packed.bits[k] as number;
        row.props.investmentIncludesLandPrice = (bits & 1) !== 0;
        p.constrained = (bits & 2) !== 0;
        f(row, i++);
      }
    }
  }
}

/** The date rules' inputs of every kept parcel (the app keeps them to change the as-of date; see DatedInputs). */
export const datedInputsSink: Sink<true, PackedDatedInputs, DatedInputs> = {
  writer() {
    const packer = new DatedInputsPacker();
    return {
      add(r, parcel) {
        packer.add(parcel.props, {
          areaM2: r.areaM2,
          zoneId: r.zoneId,
          functionalArea: r.functionalArea,
          landGrade: r.landGrade,
          kind: r.landUseKind,
          metrics: r,
          constrained: r.conflicts.length > 0,
        });
      },
      finish: () => packer.pack(),
    };
  },
  transfer: (p) => [p.text.buffer, p.numbers.buffer, p.bits.buffer] as ArrayBuffer[],
  joiner() {
    const joined = new DatedInputs();
    return { add: (part, keep) => joined.add(part, keep), finish: () => joined };
  },
};
