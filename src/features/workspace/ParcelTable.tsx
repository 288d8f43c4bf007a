import { type ColumnDef, flexRender, getCoreRowModel, type SortingState, type Updater, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type CellContext, TABLE_COLUMNS, type TableColumn } from '../../state/columns';
import { isFiltered } from '../../state/filters';
import { useAppStore } from '../../state/react';
import { ColumnFilter } from './ColumnFilter';
import { useNarrowScreen } from './useNarrowScreen';

const ROW_HEIGHT = 28;
const NO_ROWS: number[] = [];

/**
 * The accessible twin of the map: every parcel in scope, filterable per column, virtualised for 100k rows. Sorted by
 * any columns (a header sorts by it alone; with Shift it is added to the sort, as in spreadsheets); the sort is in the
 * URL and the rows come sorted from the store (derive.ts). Columns are the data of state/columns.ts.
 */
export function ParcelTable() {
  const { t } = useTranslation();
  const data = useAppStore((s) => s.data);
  const sorted = useAppStore((s) => s.sortedRows);
  const sort = useAppStore((s) => s.sort);
  const setSort = useAppStore((s) => s.setSort);
  const filters = useAppStore((s) => s.filters);
  const clearFilters = useAppStore((s) => s.clearFilters);
  const selectedId = useAppStore((s) => s.selectedId);
  const select = useAppStore((s) => s.select);
  const lang = useAppStore((s) => s.lang);
  const setDrawer = useAppStore((s) => s.setDrawer);
  const narrow = useNarrowScreen();
  // on a phone a parcel picked in the table is shown on the map, the table drawer out of the way
  const pick = (id: string) => {
    select(id, 'table');
    if (narrow) setDrawer(null);
  };
  const scroller = useRef<HTMLDivElement>(null);
  const table = data?.table;

  const marks = useAppStore((s) => s.review.marks);
  const ctx = useMemo<CellContext>(() => {
    const names = new Map((data?.zones ?? []).map((z) => [z.id, lang === 'zh' ? z.name : z.nameEn]));
    return { lang, t, zoneName: (id) => (id ? (names.get(id) ?? id) : ''), marks };
  }, [data, lang, t, marks]);

  // react-table owns the header model and the sort's toggling (Shift adds a column); rows are not given to it: at
  // 100k parcels its row model would cost seconds on the main thread, and the store sorts them (derive.ts).
  const columns = useMemo<ColumnDef<number>[]>(
    () => TABLE_COLUMNS.map((c) => ({ id: c.id, accessorFn: (row) => row, header: () => t(c.header), size: c.width, sortDescFirst: false })),
    [t],
  );
  const rt = useReactTable({
    data: NO_ROWS,
    columns,
    state: { sorting: sort },
    onSortingChange: (u: Updater<SortingState>) => setSort(typeof u === 'function' ? u(sort) : u),
    manualSorting: true,
    enableMultiSort: true,
    isMultiSortEvent: (e) => (e as { shiftKey?: boolean }).shiftKey === true,
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
  const byId = new Map(TABLE_COLUMNS.map((c) => [c.id, c]));
  return (
    <div className="table-wrap" data-testid="table" data-rows={sorted.length}>
      <div className="table-scroll" ref={scroller}>
        <table className="grid" aria-rowcount={sorted.length + 1} aria-label={t('ui.table')}>
          <colgroup>
            {TABLE_COLUMNS.map((c) => (
              <col key={c.id} style={{ width: c.width }} />
            ))}
          </colgroup>
          <thead>
            {rt.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const dir = h.column.getIsSorted();
                  const col = byId.get(h.column.id) as TableColumn;
                  const rank = sort.length > 1 && dir ? h.column.getSortIndex() + 1 : null;
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                      className={col.numeric ? 'num' : undefined}
                    >
                      <button
                        type="button"
                        onClick={h.column.getToggleSortingHandler()}
                        data-sort={h.column.id}
                        title={t('ui.sortHint')}
                        aria-describedby="sort-hint"
                      >
                        {flexRender(h.column.columnDef.header, h.getContext())}
                        <span className="sort-mark" aria-hidden="true">
                          {dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}
                          {rank != null && <sup>{rank}</sup>}
                        </span>
                      </button>
                      <ColumnFilter kind={col.filter} numeric={col.numeric?.column} label={t(col.header)} />
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {sorted.length === 0 && (
              <tr className="empty-row">
                <td colSpan={TABLE_COLUMNS.length}>
                  <div className="empty-state" data-testid="empty-state" role="status">
                    <span>{t('ui.noMatch')}</span>
                    {isFiltered(filters) && (
                      <button type="button" onClick={clearFilters} data-testid="empty-clear-filters">
                        {t('ui.clearFilters')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            )}
            {padTop > 0 && (
              <tr className="spacer">
                <td colSpan={TABLE_COLUMNS.length} style={{ height: padTop, padding: 0 }} />
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
                  onClick={() => pick(id)}
                >
                  {TABLE_COLUMNS.map((c, ci) => (
                    <td key={c.id} className={c.numeric ? 'num' : undefined} data-col={c.id}>
                      {ci === 0 ? (
                        <button
                          type="button"
                          className="row-id"
                          onClick={(e) => {
                            e.stopPropagation();
                            pick(id);
                          }}
                        >
                          {id}
                        </button>
                      ) : (
                        c.cell(table, row, ctx)
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
            {padBottom > 0 && (
              <tr className="spacer">
                <td colSpan={TABLE_COLUMNS.length} style={{ height: padBottom, padding: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
        <p id="sort-hint" hidden>
          {t('ui.sortHint')}
        </p>
      </div>
    </div>
  );
}
