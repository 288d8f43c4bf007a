import { type AnalysisLayers, type DatedResult, dateContext, datedResult, summaryAccumulator } from '../analysis/analyse';
import { CHANGES, type Change, changeBetween, type StatusAt } from '../domain/change';
import type { Grading } from '../domain/grading';
import type { SummaryAccumulator, SummaryRow } from '../domain/summary';
import type { CountArea } from '../domain/types';
import type { DatedInputs, DatedRow } from './datedInputs';
import { type DatedColumns, datedColumns, gradeIndex, IDLE_MEASURES, IDLE_STATUSES, NONE, writeDated } from './parcelTable';

/**
 * The date rules applied again at another as-of date to parcels already read and placed (DatedInputs): what the
 * date decides (the table's dated columns, the summaries, the grades), the rest kept (docs/decisions.md#as-of-reevaluation).
 * The same functions as an analysis (analysis/analyse.ts datedResult), so the results are those of a fresh analysis
 * at that date (tests/unit/asOf.test.ts).
 */
export interface Reevaluated {
  asOfDate: string;
  controlEdition: string | null;
  dated: DatedColumns;
  summary: SummaryAccumulator;
  grading: Grading;
}

export function reevaluate(inputs: DatedInputs, layers: AnalysisLayers, asOfDate: string): Reevaluated {
  const ctx = dateContext(layers.rules, asOfDate, null);
  const dated = datedColumns(inputs.count);
  const summary = summaryAccumulator(layers, asOfDate);
  inputs.forEach((row, i) => {
    const d = datedResult(row.props, row.placed, ctx);
    writeDated(dated, i, d);
    summary.add(summaryRow(row, d));
  });
  // the grades, once every parcel is scored (as after an analysis, see AnalysisSession.load)
  const grading = summary.grading();
  for (let i = 0; i < inputs.count; i++) {
    const g = summary.scores.gradesOf(layers.rules, grading, i);
    dated.gradeCity[i] = gradeIndex(g.city);
    dated.gradeZone[i] = gradeIndex(g.zone);
  }
  return { asOfDate, controlEdition: ctx.edition, dated, summary, grading };
}

/** A summary row of a placed parcel and its date rules' results (what the summary sink reads of a ParcelResult). */
function summaryRow({ props: p, placed }: DatedRow, d: DatedResult): SummaryRow {
  return {
    zoneId: placed.zoneId,
    functionalArea: placed.functionalArea,
    areaM2: placed.areaM2,
    landUseKind: placed.kind,
    industryCode: p.industryCode ?? null,
    fixedAssetInvestmentWanYuan: p.fixedAssetInvestmentWanYuan ?? null,
    intensityWanPerMu: placed.metrics.intensityWanPerMu,
    revenueWanYuan: p.revenueWanYuan ?? null,
    taxWanYuan: p.taxWanYuan ?? null,
    flags: d.flags,
    stage: d.stage,
    idle: d.idle,
    lowEfficiency: d.lowEfficiency,
    efficiency: d.efficiency,
  };
}

/**
 * What changed between two as-of dates, parcel by parcel (domain/change.ts), with the changes counted by zone. Row i
 * is the table's row i; `change[i]` is 0 for none, else 1 + the change's index in CHANGES.
 */
export interface Comparison {
  from: string;
  to: string;
  change: Uint8Array;
  /** the rows that changed, in table order, and for each its status at both dates (see StatusCodes) */
  rows: Uint32Array;
  before: StatusCodes;
  after: StatusCodes;
  /** the changes by zone (in the order of the table's zone ids, then parcels outside every zone as null), and all together */
  byZone: { zoneId: string | null; changes: Record<Change, CountArea> }[];
  total: Record<Change, CountArea>;
}

/** Per changed row: the idle status (index into IDLE_STATUSES), the idle measure (index into IDLE_MEASURES, NONE for none), low efficiency (1). */
export interface StatusCodes {
  idle: Uint8Array;
  measure: Uint8Array;
  lowEfficiency: Uint8Array;
}

const emptyChanges = (): Record<Change, CountArea> => Object.fromEntries(CHANGES.map((c) => [c, { count: 0, areaM2: 0 }])) as Record<Change, CountArea>;

export function compareDates(inputs: DatedInputs, layers: AnalysisLayers, zoneIds: readonly string[], from: string, to: string): Comparison {
  const a = dateContext(layers.rules, from, null);
  const b = dateContext(layers.rules, to, null);
  const change = new Uint8Array(inputs.count);
  const rows: number[] = [];
  const statuses: StatusAt[] = [];
  const byZone = new Map<string | null, Record<Change, CountArea>>([...zoneIds.map((z) => [z, emptyChanges()] as const)]);
  const total = emptyChanges();
  const statusOf = (d: DatedResult): StatusAt => ({ idle: d.idle.status, measure: d.idle.measure, lowEfficiency: d.lowEfficiency.status });
  inputs.forEach((row, i) => {
    const before = statusOf(datedResult(row.props, row.placed, a));
    const after = statusOf(datedResult(row.props, row.placed, b));
    const c = changeBetween(before, after);
    if (!c) return;
    change[i] = CHANGES.indexOf(c) + 1;
    rows.push(i);
    statuses.push(before, after);
    const zone = byZone.get(row.placed.zoneId) ?? emptyChanges();
    byZone.set(row.placed.zoneId, zone);
    for (const cell of [zone[c], total[c]]) {
      cell.count++;
      cell.areaM2 += row.placed.areaM2;
    }
  });
  const codes = (k: 0 | 1): StatusCodes => {
    const list = statuses.filter((_, j) => j % 2 === k);
    return {
      idle: Uint8Array.from(list, (s) => IDLE_STATUSES.indexOf(s.idle)),
      measure: Uint8Array.from(list, (s) => (s.measure == null ? NONE : IDLE_MEASURES.indexOf(s.measure))),
      lowEfficiency: Uint8Array.from(list, (s) => (s.lowEfficiency ? 1 : 0)),
    };
  };
  return {
    from,
    to,
    change,
    rows: Uint32Array.from(rows),
    before: codes(0),
    after: codes(1),
    byZone: [...byZone].map(([zoneId, changes]) => ({ zoneId, changes })),
    total,
  };
}

/** The buffers of a comparison, to transfer them. */
export const comparisonBuffers = (c: Comparison): ArrayBuffer[] =>
  [c.change, c.rows, ...Object.values(c.before), ...Object.values(c.after)].map((x: ArrayBufferView) => x.buffer as ArrayBuffer);
