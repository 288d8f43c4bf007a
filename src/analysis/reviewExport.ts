import writeXlsxFile, { type Cell } from 'write-excel-file/universal';
import type { BasisChange } from '../domain/review';
import { isConflict, type ParcelReview } from '../domain/reviewLog';
import type { ParcelDetail, ParcelGeometry } from '../domain/types';
import { translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
import { type CellValue, type ColumnContext, csvLine, REPORT_COLUMNS, TextCode } from './report';

/**
 * The officers' list of parcels with their decisions, as CSV, XLSX and GeoJSON: every column of the audit report
 * (facts, failed indicators, flags; report.ts owns them), then the review's. One table of columns for the three formats.
 */
export interface ReviewExportRow {
  /** the parcel's result with its checks (as the inspector shows it) */
  result: ParcelDetail;
  geometry: ParcelGeometry | null;
  review: ParcelReview | null;
  /** how the parcel now differs from the facts its decision was made on (empty: the same) */
  changes: BasisChange[];
}

interface Column {
  key: string;
  header: (lang: Lang) => string;
  /** null: missing (an empty cell); a TextCode: digits that must stay text (ids, land-use and industry codes) */
  value: (row: ReviewExportRow, c: ColumnContext) => CellValue;
}

const reviewColumn = (key: string, value: (row: ReviewExportRow, lang: Lang) => CellValue): Column => ({
  key,
  value: (row, c) => value(row, c.lang),
  header: (l) => (key === 'stale' ? tr(l, 'review.madeOnOtherFacts') : tr(l, `review.field.${key}`)),
});

const REVIEW_COLUMNS: Column[] = [
  reviewColumn('status', (r, l) =>
    r.review && isConflict(r.review) ? tr(l, 'review.mark.conflict') : tr(l, `review.status.${r.review?.decision.status ?? 'pending'}`),
  ),
  reviewColumn('measure', (r, l) => tr(l, `review.measure.${r.review?.decision.measure ?? 'none'}`)),
  reviewColumn('deadline', (r) => r.review?.decision.deadline ?? null),
  reviewColumn('documentNo', (r) => r.review?.decision.documentNo || null),
  reviewColumn('reason', (r) => r.review?.decision.reason || null),
  reviewColumn('note', (r) => r.review?.decision.note || null),
  reviewColumn('attachments', (r) => r.review?.decision.attachments.map((a) => a.name).join('; ') || null),
  reviewColumn('officer', (r) => r.review?.heads[0]?.officer ?? null),
  reviewColumn('at', (r) => r.review?.heads[0]?.at ?? null),
  reviewColumn('stale', (r, l) =>
    r.changes.length === 0
      ? null
      : r.changes.map((c) => tr(l, 'review.change', { field: tr(l, `review.fact.${c.field}`), was: c.was ?? '—', now: c.now ?? '—' })).join('; '),
  ),
];

export const EXPORT_COLUMNS: Column[] = [
  ...REPORT_COLUMNS.map(
    (c): Column => ({
      key: c.key,
      header: (l) => tr(l, `column.${c.key}`),
      value: (r, ctx) => c.value(r.result, ctx, () => r.result),
    }),
  ),
  ...REVIEW_COLUMNS,
];

const tr = (lang: Lang, key: string, params?: Record<string, string | number>) => translate(lang, key, params);

/** The list as CSV for Excel: a UTF-8 BOM, Chinese headers, codes kept as text, every cell made safe (report.ts csvCell). */
export function reviewCsv(rows: readonly ReviewExportRow[], ctx: ColumnContext): string {
  const lines = [csvLine(EXPORT_COLUMNS.map((c) => c.header(ctx.lang))), ...rows.map((r) => csvLine(EXPORT_COLUMNS.map((c) => c.value(r, ctx))))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The list as an Excel workbook: codes and texts as text cells (never formulas), numbers as numbers, the header row frozen. */
export function reviewXlsx(rows: readonly ReviewExportRow[], ctx: ColumnContext): Promise<Blob> {
  const header: Cell[] = EXPORT_COLUMNS.map((c) => ({ value: c.header(ctx.lang), fontWeight: 'bold' as const }));
  const body: Cell[][] = rows.map((r) =>
    EXPORT_COLUMNS.map((c): Cell => {
      const v = c.value(r, ctx);
      if (v == null || v === '') return null;
      if (typeof v === 'number') return { value: v, type: Number };
      if (v instanceof TextCode) return { value: v.digits, type: String };
      return { value: v, type: String };
    }),
  );
  return writeXlsxFile([header, ...body], {
    sheet: tr(ctx.lang, 'review.paneTitle'),
    stickyRowsCount: 1,
    columns: EXPORT_COLUMNS.map(() => ({ width: 16 })),
  }).toBlob();
}

/** The parcels as GeoJSON: the audit's results and the review (decision, its event log, what changed) as properties. */
export function reviewGeoJson(rows: readonly ReviewExportRow[], meta: { asOfDate: string; dataset: string }): string {
  const features = rows.map((r) => ({
    type: 'Feature',
    id: r.result.id,
    properties: {
      ...r.result,
      asOf: meta.asOfDate,
      review: r.review
        ? {
            status: r.review.decision.status,
            conflict: isConflict(r.review),
            decision: r.review.decision,
            officer: r.review.heads[0]?.officer ?? null,
            at: r.review.heads[0]?.at ?? null,
            madeOnOtherFacts: r.changes.length > 0,
            changes: r.changes,
            events: r.review.events,
          }
        : null,
    },
    geometry: r.geometry,
  }));
  return JSON.stringify({ type: 'FeatureCollection', dataset: meta.dataset, features });
}
