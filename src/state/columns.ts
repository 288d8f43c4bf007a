import { GRADES } from '../domain/grades';
import { STAGES } from '../domain/stages';
import { FLAGS } from '../domain/types';
import { functionalAreaOf, groupMask, IDLE_STATUSES, INDICATORS, NONE, type NumericColumn, type ParcelTable, zoneOf } from '../engine/parcelTable';
import { fmt } from '../i18n/format';
import type { Lang } from '../i18n/resources';
import { REVIEW_MARKS, type RowMarks } from './reviews/queue';

/**
 * The attribute table's columns as data: what each shows, how it sorts and how it is filtered. The table view draws
 * whatever is listed here, so a new column (a flag, a stage, a grade) is one entry, and the URL's sort (`?sort=`)
 * accepts exactly these ids.
 */
export type Translate = (key: string, opts?: Record<string, unknown>) => string;

export interface CellContext {
  lang: Lang;
  t: Translate;
  /** a zone's name in the language shown, by its id */
  zoneName(id: string | null): string;
  /** the rows' review marks (null: not known yet) */
  marks: RowMarks | null;
}

/** What a column's header filter sets (see ColumnFilter): the search text, a range, or a multiple choice. */
export type ColumnFilterKind =
  | 'text'
  | 'industry'
  | 'zone'
  | 'functionalArea'
  | 'idleStatus'
  | 'flags'
  | 'failedIndicators'
  | 'breachIndicators'
  | 'stage'
  | 'gradeCity'
  | 'gradeZone'
  | 'range'
  | null;

export interface TableColumn {
  id: string;
  /** i18n key of the header */
  header: string;
  width: number;
  /** a number column: sorted as numbers, drawn right-aligned, filtered by range when it is a metric */
  numeric?: { column: NumericColumn; digits: number };
  filter: ColumnFilterKind;
  /** the text of row i's cell ('' when empty) */
  cell(t: ParcelTable, i: number, ctx: CellContext): string;
  /**
   * The sort key of every row, one per table row: a number, NaN when the cell is empty (empty cells go last in both
   * directions). Text columns give each row the rank of its text in the language's collation.
   */
  sortKeys(t: ParcelTable, ctx: SortContext): Float64Array;
  /** the keys depend on the review marks, not on the table alone (they are made again when the marks change) */
  byMarks?: true;
}

export interface SortContext {
  lang: Lang;
  zoneName(id: string | null): string;
  marks: RowMarks | null;
}

const bitsOf = (bits: number, n: number): number[] => Array.from({ length: n }, (_, b) => b).filter((b) => (bits & (1 << b)) !== 0);

/** The ranks of texts in a language's order (numbers inside texts compared as numbers); '' is NaN (empty). */
export function textRanks(texts: readonly string[], lang: Lang): Float64Array {
  const collator = new Intl.Collator(lang === 'zh' ? 'zh-CN' : 'en', { numeric: true, sensitivity: 'base' });
  const distinct = [...new Set(texts)].filter((s) => s !== '').sort(collator.compare);
  const rank = new Map(distinct.map((s, k) => [s, k]));
  return Float64Array.from(texts, (s) => rank.get(s) ?? Number.NaN);
}

/** Codes as keys: their code, NaN where a row has none. */
const codes = (a: Uint8Array | Uint16Array, none: number): Float64Array => Float64Array.from(a, (v) => (v === none ? Number.NaN : v));

/**
 * Several bits (flags, failed indicators) as one key: rows with more bits first when descending, and among rows with
 * as many, the order of the bits' list; no bit is an empty cell.
 */
const bitKeys = (a: Uint8Array | Uint16Array, mask: number): Float64Array =>
  Float64Array.from(a, (all) => {
    const bits = all & mask;
    if (bits === 0) return Number.NaN;
    let count = 0;
    for (let b = bits; b; b &= b - 1) count++;
    return count * 65536 + (65535 - bits);
  });

const text = (key: 'id' | 'name' | 'enterprise' | 'industryCode', header: string, width: number, filter: ColumnFilterKind): TableColumn => ({
  id: key,
  header,
  width,
  filter,
  cell: (t, i) => t.text[key][i] ?? '',
  sortKeys: (t, ctx) => textRanks(t.text[key], ctx.lang),
});

const numeric = (column: NumericColumn, digits: number, width: number, filter: ColumnFilterKind = 'range'): TableColumn => ({
  id: column,
  header: `column.${column}`,
  width,
  numeric: { column, digits },
  filter,
  cell: (t, i, ctx) => {
    const v = t.numeric[column][i] as number;
    return Number.isNaN(v) ? '' : fmt(ctx.lang, v, digits);
  },
  sortKeys: (t) => t.numeric[column],
});

/**
 * A column of several bits a row (flags, failed indicators): their names, joined; sorted by bitKeys. `mask`: the bits
 * this column shows (the failed indicators' bits hold two groups, each a column of its own).
 */
function bitsColumn(
  id: string,
  header: string,
  filter: ColumnFilterKind,
  bits: (t: ParcelTable) => Uint8Array | Uint16Array,
  names: readonly string[],
  i18nPrefix: string,
  mask = 0xffff,
): TableColumn {
  return {
    id,
    header,
    width: 200,
    filter,
    cell: (t, i, ctx) =>
      bitsOf((bits(t)[i] as number) & mask, names.length)
        .map((b) => ctx.t(`${i18nPrefix}.${names[b]}`))
        .join('、'),
    sortKeys: (t) => bitKeys(bits(t), mask),
  };
}

/** A grade column (among the city's parcels or the zone's): the grade, or "ungraded"; sorted A to D, ungraded last. */
const gradeColumn = (id: 'gradeCity' | 'gradeZone'): TableColumn => ({
  id,
  header: `column.${id}`,
  width: 110,
  filter: id,
  cell: (t, i, ctx) => {
    const g = t[id][i] as number;
    return g === NONE ? ctx.t('ui.ungradedShort') : (GRADES[g] as string);
  },
  sortKeys: (t) => codes(t[id], NONE),
});

export const TABLE_COLUMNS: readonly TableColumn[] = [
  text('id', 'column.id', 90, 'text'),
  text('name', 'column.name', 200, 'text'),
  text('enterprise', 'column.enterprise', 200, 'text'),
  {
    id: 'zone',
    header: 'column.zoneId',
    width: 130,
    filter: 'zone',
    cell: (t, i, ctx) => ctx.zoneName(zoneOf(t, i)),
    sortKeys: (t, ctx) => {
      const names = t.zoneIds.map((id) => ctx.zoneName(id));
      const ranks = textRanks(names, ctx.lang);
      return Float64Array.from(t.zone, (z) => (z === NONE ? Number.NaN : (ranks[z] as number)));
    },
  },
  {
    id: 'functionalArea',
    header: 'column.functionalArea',
    width: 90,
    filter: 'functionalArea',
    cell: (t, i, ctx) => {
      const fa = functionalAreaOf(t, i);
      return fa ? ctx.t(`functionalArea.${fa}`) : '';
    },
    // the areas' own order (建成区, 发展区, 控制区), not their names'
    sortKeys: (t) => codes(t.functionalArea, NONE),
  },
  text('industryCode', 'column.industryCode', 80, 'industry'),
  {
    id: 'stage',
    header: 'column.stage',
    width: 100,
    filter: 'stage',
    cell: (t, i, ctx) => ctx.t(`stage.${STAGES[t.stage[i] as number]}`),
    // from approval to production (批 → 供 → 用 → 建 → 投), "unknown" last
    sortKeys: (t) => Float64Array.from(t.stage, (s) => (STAGES[s] === 'unknown' ? Number.NaN : s)),
  },
  numeric('areaMu', 2, 100),
  numeric('intensityWanPerMu', 2, 120),
  numeric('far', 2, 80),
  numeric('coverage', 3, 90),
  numeric('outputWanPerMu', 1, 120),
  numeric('taxWanPerMu', 2, 110),
  numeric('efficiencyScore', 1, 110),
  gradeColumn('gradeCity'),
  gradeColumn('gradeZone'),
  {
    id: 'idleStatus',
    header: 'column.idleStatus',
    width: 100,
    filter: 'idleStatus',
    cell: (t, i, ctx) => ctx.t(`idleStatus.${IDLE_STATUSES[t.idleStatus[i] as number]}`),
    // by how far along the idle rule a parcel is (闲置, 疑似闲置, 未闲置), "unknown" last
    sortKeys: (t) => Float64Array.from(t.idleStatus, (s) => (IDLE_STATUSES[s] === 'unknown' ? Number.NaN : s)),
  },
  numeric('idleYears', 0, 80),
  numeric('idleFeeWanYuan', 1, 120),
  bitsColumn(
    'failedIndicators',
    'column.lowEfficiencyReasons',
    'failedIndicators',
    (t) => t.failedIndicators,
    INDICATORS,
    'indicator',
    groupMask('efficiency'),
  ),
  bitsColumn(
    'breachIndicators',
    'column.supplyBreachReasons',
    'breachIndicators',
    (t) => t.failedIndicators,
    INDICATORS,
    'indicator',
    groupMask('supply-condition'),
  ),
  bitsColumn('flags', 'column.flags', 'flags', (t) => t.flags, FLAGS, 'flag'),
  {
    id: 'review',
    header: 'review.column',
    width: 120,
    filter: null,
    // the row's mark, and a sign when the decision was made on other facts
    cell: (_t, i, ctx) => {
      const m = ctx.marks ? REVIEW_MARKS[ctx.marks.mark[i] as number] : 'none';
      if (!m || m === 'none') return '';
      return `${ctx.t(`review.mark.${m}`)}${ctx.marks?.stale[i] ? ` ⚠ ${ctx.t('review.mark.stale')}` : ''}`;
    },
    // in the marks' order (待核查 … 已处置, conflicts last); no decision is an empty cell
    sortKeys: (t, ctx) => (ctx.marks ? codes(ctx.marks.mark, 0) : new Float64Array(t.length).fill(Number.NaN)),
    byMarks: true,
  },
];

export const COLUMN_IDS: readonly string[] = TABLE_COLUMNS.map((c) => c.id);
export const columnById = (id: string): TableColumn | undefined => TABLE_COLUMNS.find((c) => c.id === id);
