import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { CellValue, Table } from './table';

/**
 * Joining a table to the parcels by a key: the parcels' field (parcel code, or the enterprise's 统一社会信用代码) and
 * the table's column the user picks. Keys are compared as text made comparable: full-width forms folded (NFKC),
 * blanks removed, letters in upper case ("91411100 ma3x…" and "91411100MA3X…" are one key).
 *
 * One row may stand for several parcels (an enterprise with two parcels, joined by its credit code): its figures are
 * then the enterprise's, and are shared among its parcels in proportion to their areas (`share`), so that sums over
 * parcels stay the enterprise's and each parcel's figure per 亩 is the enterprise's (the 亩均 evaluation's view).
 * Texts and dates are the row's for each of them. A key two rows of the table share is ambiguous: neither row is used.
 */
export interface JoinSpec {
  /** the parcels' field */
  key: string;
  /** the table's column */
  tableKey: string;
}

export interface JoinReport {
  spec: JoinSpec;
  /** parcels with a row */
  matchedParcels: number;
  /** rows used by at least one parcel */
  matchedRows: number;
  /** parcels whose key no row has (index, key), and those with no key */
  unmatchedParcels: { index: number; key: string }[];
  parcelsWithoutKey: number[];
  /** rows whose key no parcel has (row number, key), and rows without a key */
  unmatchedRows: { row: number; key: string }[];
  rowsWithoutKey: number[];
  /** keys of several rows: none of them is used */
  duplicateKeys: { key: string; rows: number[] }[];
  /** keys several parcels share (one row for all of them, its figures shared by area) */
  sharedKeys: { key: string; parcels: number }[];
  /** a key Excel turned into a number with more digits than it keeps: the row cannot be matched */
  lostDigitRows: number[];
}

/** What the join gives each parcel: its row (an index into table.rows) and its share of the row's figures. */
export interface ParcelJoin {
  rowIndex: number;
  /** 1 when the row is this parcel's alone; else its area over the area of the parcels that share the row */
  share: number;
}

/** A key as compared: see the top of this file; null when blank or a number that lost digits. */
export function comparableKey(v: CellValue | undefined): string | null | 'lost-digits' {
  if (v === null || v === undefined || typeof v === 'boolean') return null;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || String(Math.abs(v)).length > 15) return 'lost-digits';
    return String(v);
  }
  const s = v.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  return s === '' ? null : s;
}

/** A polygon's area in its own units (a lon/lat one in degrees scaled by the cosine of its latitude): enough to share by. */
export function relativeArea(g: Polygon | MultiPolygon | null): number {
  if (!g) return 0;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let sum = 0;
  for (const rings of polys)
    rings.forEach((ring, i) => {
      const a = Math.abs(shoelace(ring));
      sum += i === 0 ? a : -a;
    });
  const first = (polys[0]?.[0]?.[0] ?? [0, 0]) as Position;
  const lonLat = Math.abs(first[0] as number) <= 180 && Math.abs(first[1] as number) <= 90;
  return lonLat ? sum * Math.cos(((first[1] as number) * Math.PI) / 180) : sum;
}

function shoelace(ring: Position[]): number {
  const x0 = ring[0]?.[0] ?? 0;
  const y0 = ring[0]?.[1] ?? 0;
  let s = 0;
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1] as Position;
    const b = ring[i] as Position;
    s += ((a[0] as number) - x0) * ((b[1] as number) - y0) - ((b[0] as number) - x0) * ((a[1] as number) - y0);
  }
  return s / 2;
}

/**
 * Joins a table to parcels given as (index, key value, geometry) in file order: each parcel's row and share, and the
 * report the preview shows before anything changes.
 */
export function joinTable(
  parcels: readonly { index: number; key: CellValue | undefined; geometry: Polygon | MultiPolygon | null }[],
  table: Table,
  spec: JoinSpec,
): { byParcel: Map<number, ParcelJoin>; report: JoinReport } {
  const column = table.columns.indexOf(spec.tableKey);
  const report: JoinReport = {
    spec,
    matchedParcels: 0,
    matchedRows: 0,
    unmatchedParcels: [],
    parcelsWithoutKey: [],
    unmatchedRows: [],
    rowsWithoutKey: [],
    duplicateKeys: [],
    sharedKeys: [],
    lostDigitRows: [],
  };
  // the table's rows by key
  const rowsByKey = new Map<string, number[]>();
  table.rows.forEach((r, i) => {
    const k = column < 0 ? null : comparableKey(r.values[column]);
    if (k === 'lost-digits') report.lostDigitRows.push(r.row);
    else if (k === null) report.rowsWithoutKey.push(r.row);
    else rowsByKey.set(k, [...(rowsByKey.get(k) ?? []), i]);
  });
  for (const [key, rows] of rowsByKey) if (rows.length > 1) report.duplicateKeys.push({ key, rows: rows.map((i) => (table.rows[i] as Table['rows'][0]).row) });
  // the parcels by key
  const parcelsByKey = new Map<string, { index: number; area: number }[]>();
  for (const p of parcels) {
    const k = comparableKey(p.key);
    if (k === null || k === 'lost-digits') {
      report.parcelsWithoutKey.push(p.index);
      continue;
    }
    parcelsByKey.set(k, [...(parcelsByKey.get(k) ?? []), { index: p.index, area: relativeArea(p.geometry) }]);
  }
  const byParcel = new Map<number, ParcelJoin>();
  for (const [key, group] of parcelsByKey) {
    const rows = rowsByKey.get(key);
    if (!rows) {
      for (const p of group) report.unmatchedParcels.push({ index: p.index, key });
      continue;
    }
    if (rows.length > 1) continue; // ambiguous: reported as a duplicate key
    if (group.length > 1) report.sharedKeys.push({ key, parcels: group.length });
    const total = group.reduce((s, p) => s + p.area, 0);
    for (const p of group) byParcel.set(p.index, { rowIndex: rows[0] as number, share: group.length === 1 || total <= 0 ? 1 / group.length : p.area / total });
    report.matchedParcels += group.length;
    report.matchedRows++;
  }
  for (const [key, rows] of rowsByKey)
    if (rows.length === 1 && !parcelsByKey.has(key)) report.unmatchedRows.push({ row: (table.rows[rows[0] as number] as Table['rows'][0]).row, key });
  report.unmatchedParcels.sort((a, b) => a.index - b.index);
  report.unmatchedRows.sort((a, b) => a.row - b.row);
  return { byParcel, report };
}
