import { type ColumnDef, flexRender, getCoreRowModel, type SortingState, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FLAGS } from '../../domain/types';
import { functionalAreaOf, IDLE_STATUSES, type NumericColumn, type ParcelTable as Table, zoneOf } from '../../engine/parcelTable';
import { fmt } from '../../i18n/format';
import { useAppStore } from '../../state/react';
import { REVIEW_MARKS, type RowMarks } from '../../state/reviews/queue';
import { ColumnFilter } from './ColumnFilter';

type ColKey = 'id' | 'name' | 'enterprise' | 'zone' | 'functionalArea' | 'industryCode' | NumericColumn | 'idleStatus' | 'flags' | 'review';

interface Col {
  key: ColKey;
  header: string;
  numeric?: NumericColumn;
  digits?: number;
  width: number;
}

/** Columns of the table, with header keys from the i18n column table. */
const COLUMNS: Col[] = [
  { key: 'id', header: 'column.id', width: 90 },
  { key: 'name', header: 'column.name', width: 200 },
  { key: 'enterprise', header: 'column.enterprise', width: 200 },
  { key: 'zone', header: 'column.zoneId', width: 120 },
  { key: 'functionalArea', header: 'column.functionalArea', width: 80 },
  { key: 'industryCode', header: 'column.industryCode', width: 70 },
  { key: 'areaMu', header: 'column.areaMu', numeric: 'areaMu', digits: 2, width: 100 },
  { key: 'intensityWanPerMu', header: 'column.intensityWanPerMu', numeric: 'intensityWanPerMu', digits: 2, width: 120 },
  { key: 'far', header: 'column.far', numeric: 'far', digits: 2, width: 70 },
  { key: 'coverage', header: 'column.coverage', numeric: 'coverage', digits: 3, width: 80 },
  { key: 'outputWanPerMu', header: 'column.outputWanPerMu', numeric: 'outputWanPerMu', digits: 1, width: 120 },
  { key: 'taxWanPerMu', header: 'column.taxWanPerMu', numeric: 'taxWanPerMu', digits: 2, width: 110 },
  { key: 'idleStatus', header: 'column.idleStatus', width: 90 },
  { key: 'idleYears', header: 'column.idleYears', numeric: 'idleYears', digits: 0, width: 70 },
  { key: 'flags', header: 'column.flags', width: 200 },
  { key: 'review', header: 'review.column', width: 110 },
];

const ROW_HEIGHT = 28;
const NO_ROWS: number[] = [];

/** The accessible twin of the map: every parcel in scope, sortable, filterable per column, virtualised for 100k rows. */
export function ParcelTable() {
  const { t } = useTranslation();
  const data = useAppStore((s) => s.data);
  const rows = useAppStore((s) => s.rows);
  const selectedId = useAppStore((s) => s.selectedId);
  const select = useAppStore((s) => s.select);
  const lang = useAppStore((s) => s.lang);
  const marks = useAppStore((s) => s.review.marks);
  const [sorting, setSorting] = useState<SortingState>([]);
  const scroller = useRef<HTMLDivElement>(null);
  const table = data?.table;

  const zoneName = useMemo(() => {
    const names = new Map((data?.zones ?? []).map((z) => [z.id, lang === 'zh' ? z.name : z.nameEn]));
    return (id: string | null) => (id ? (names.get(id) ?? id) : '');
  }, [data, lang]);

  const sorted = useMemo(() => (table ? sortRows(table, rows, sorting, zoneName, marks) : []), [table, rows, sorting, zoneName, marks]);

  // react-table owns the header model and the sorting state; rows are not given to it: at 100k parcels its row
  // model would cost seconds on the main thread, and the virtualiser only ever draws a few dozen rows.
  const columns = useMemo<ColumnDef<number>[]>(() => COLUMNS.map((c) => ({ id: c.key, header: () => t(c.header), size: c.width, enableSorting: true })), [t]);
  const rt = useReactTable({
    data: NO_ROWS,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    manualSorting: true,
    getCoreRowModel: getCoreRowModel(),
  });
  const virtualizer = useVirtualizer({ count: sorted.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 15 });

  // A parcel clicked on the map scrolls its row into view.
  useEffect(() => {
    if (!table || selectedId == null) return;
    const row = table.text.id.indexOf(selectedId);
    const pos = sorted.indexOf(row);
    if (pos >= 0) virtualizer.scrollToIndex(pos, { align: 'center' });
  }, [selectedId, sorted, table, virtualizer]);

  if (!table) return null;
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <div className="table-wrap" data-testid="table" data-rows={sorted.length}>
      <div className="table-scroll" ref={scroller}>
        <table className="grid" aria-rowcount={sorted.length + 1} aria-label={t('ui.table')}>
          <colgroup>
            {COLUMNS.map((c) => (
              <col key={c.key} style={{ width: c.width }} />
            ))}
          </colgroup>
          <thead>
            {rt.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const sort = h.column.getIsSorted();
                  const col = COLUMNS.find((c) => c.key === h.column.id) as Col;
                  return (
                    <th key={h.id} scope="col" aria-sort={sort === 'asc' ? 'ascending' : sort === 'desc' ? 'descending' : 'none'}>
                      <button type="button" onClick={h.column.getToggleSortingHandler()} data-sort={h.column.id}>
                        {flexRender(h.column.columnDef.header, h.getContext())} {sort === 'asc' ? '▲' : sort === 'desc' ? '▼' : ''}
                      </button>
                      <ColumnFilter column={col.key} numeric={col.numeric} />
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {padTop > 0 && (
              <tr className="spacer">
                <td colSpan={COLUMNS.length} style={{ height: padTop, padding: 0 }} />
              </tr>
            )}
            {items.map((v) => {
              const row = sorted[v.index];
              if (row === undefined) return null;
              const id = table.text.id[row] as string;
              return (
                <tr
                  key={row}
                  aria-rowindex={v.index + 2}
                  aria-selected={id === selectedId}
                  className={id === selectedId ? 'row selected' : 'row'}
                  data-id={id}
                  style={{ height: ROW_HEIGHT }}
                  onClick={() => select(id, 'table')}
                >
                  {COLUMNS.map((c, ci) => (
                    <td key={c.key}>
                      {ci === 0 ? (
                        <button type="button" className="row-id" onClick={() => select(id, 'table')}>
                          {id}
                        </button>
                      ) : c.key === 'review' ? (
                        reviewCell(marks, row, t)
                      ) : (
                        cellText(table, row, c, lang, t, zoneName)
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
            {padBottom > 0 && (
              <tr className="spacer">
                <td colSpan={COLUMNS.length} style={{ height: padBottom, padding: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

type TFn = (key: string, opts?: Record<string, unknown>) => string;

function cellText(table: Table, i: number, c: Col, lang: 'zh' | 'en', t: TFn, zoneName: (id: string | null) => string): string {
  if (c.numeric) return fmt(lang, table.numeric[c.numeric][i], c.digits);
  switch (c.key) {
    case 'id':
    case 'name':
    case 'enterprise':
    case 'industryCode':
      return table.text[c.key][i] ?? '';
    case 'zone':
      return zoneName(zoneOf(table, i));
    case 'functionalArea':
      return t(`functionalArea.${functionalAreaOf(table, i) ?? 'none'}`);
    case 'idleStatus':
      return t(`idleStatus.${IDLE_STATUSES[table.idleStatus[i] as number]}`);
    case 'flags':
      return FLAGS.filter((_, b) => ((table.flags[i] as number) & (1 << b)) !== 0)
        .map((f) => t(`flag.${f}`))
        .join('、');
    default:
      return '';
  }
}

/** The review column's text: the row's mark, and a sign when the decision was made on other facts. */
function reviewCell(marks: RowMarks | null, row: number, t: TFn): string {
  const m = marks ? REVIEW_MARKS[marks.mark[row] as number] : 'none';
  if (!m || m === 'none') return '';
  return `${t(`review.mark.${m}`)}${marks?.stale[row] ? ` ⚠ ${t('review.mark.stale')}` : ''}`;
}

/** Sorts row indices by one column; missing numbers always go last. Stable, so equal keys keep table order. */
function sortRows(table: Table, rows: Uint32Array, sorting: SortingState, zoneName: (id: string | null) => string, marks: RowMarks | null): number[] {
  const out = Array.from(rows);
  const s = sorting[0];
  if (!s) return out;
  const col = COLUMNS.find((c) => c.key === s.id);
  if (!col) return out;
  const dir = s.desc ? -1 : 1;
  if (col.numeric) {
    const v = table.numeric[col.numeric];
    return out.sort((a, b) => {
      const x = v[a] as number;
      const y = v[b] as number;
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
      if (Number.isNaN(y)) return -1;
      return (x - y) * dir;
    });
  }
  const key = (i: number): string | number => {
    switch (col.key) {
      case 'zone':
        return zoneName(zoneOf(table, i));
      case 'functionalArea':
        return table.functionalArea[i] as number;
      case 'idleStatus':
        return table.idleStatus[i] as number;
      case 'flags':
        return table.flags[i] as number;
      case 'review':
        return marks ? (marks.mark[i] as number) : 0;
      default:
        return table.text[col.key as 'id'][i] ?? '';
    }
  };
  const collator = new Intl.Collator('zh-CN', { numeric: true });
  return out.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (typeof x === 'number' ? x - (y as number) : collator.compare(x, y as string)) * dir;
  });
}
