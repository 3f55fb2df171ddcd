import { useState, type ReactNode } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type RowData,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { ColumnPicker } from './ColumnPicker';
import { pluralize } from './format';
import { useStoredState } from './useStoredState';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Set on the column's header and cells (e.g. `numeric`, `break-anywhere` in styles.css). */
    className?: string;
  }
}

export interface DataTableProps<T> {
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  getRowId: (row: T) => string;
  filterPlaceholder?: string;
  pageSize?: number;
  initialSorting?: SortingState;
  emptyText?: ReactNode;
  onRowClick?: (row: T) => void;
  selectedId?: string | null;
  /** Extra controls shown next to the filter box. */
  toolbar?: ReactNode;
  /** What the rows are, in the plural ("connections"): the table's name and its count. */
  label: string;
  /** One row ("connection"), for a count of one. */
  singular: string;
  /** Offers a column picker; the admin's choice is kept in this browser under this name. */
  columnsKey?: string;
}

/**
 * Long lists: sorting by column, one filter box over every text column, paging. TanStack Table
 * does the work; this component only draws it.
 */
export function DataTable<T>({
  data,
  columns,
  getRowId,
  filterPlaceholder = 'Filter…',
  pageSize = 25,
  initialSorting = [],
  emptyText = 'Nothing here yet.',
  onRowClick,
  selectedId,
  toolbar,
  label,
  singular,
  columnsKey,
}: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const [globalFilter, setGlobalFilter] = useState('');
  const [pagination, setPagination] = useState({ pageIndex: 0, pageSize });
  const [columnVisibility, setColumnVisibility] = useStoredState<VisibilityState>(columnsKey ? `columns.${columnsKey}` : null, {});

  const table = useReactTable({
    data,
    columns,
    getRowId,
    state: { sorting, globalFilter, pagination, columnVisibility },
    onSortingChange: setSorting,
    onColumnVisibilityChange: setColumnVisibility,
    onGlobalFilterChange: setGlobalFilter,
    onPaginationChange: setPagination,
    globalFilterFn: 'includesString',
    // Live rows come and go: keep the page the admin is looking at.
    autoResetPageIndex: false,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
  });

  const filtered = table.getFilteredRowModel().rows.length;
  const pageCount = Math.max(table.getPageCount(), 1);
  const pageIndex = Math.min(pagination.pageIndex, pageCount - 1);

  return (
    <div className="data-table">
      <div className="table-toolbar">
        <input
          type="search"
          className="filter"
          aria-label={`Filter ${label}`}
          placeholder={filterPlaceholder}
          value={globalFilter}
          onChange={(event) => {
            setGlobalFilter(event.target.value);
            setPagination((p) => ({ ...p, pageIndex: 0 }));
          }}
        />
        {toolbar}
        {columnsKey && <ColumnPicker table={table} label={label} />}
        <span className="count" aria-live="polite">
          {filtered === data.length ? pluralize(data.length, singular, label) : `${filtered} of ${pluralize(data.length, singular, label)}`}
        </span>
      </div>
      <div className="table-scroll">
        <table aria-label={label}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                      className={[header.column.columnDef.meta?.className, header.column.getCanSort() ? 'sortable' : undefined].filter(Boolean).join(' ') || undefined}
                      onClick={header.column.getToggleSortingHandler()}
                    >
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <span className="sort-mark">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                className={row.id === selectedId ? 'selected' : onRowClick ? 'clickable' : undefined}
                onClick={onRowClick ? () => onRowClick(row.original) : undefined}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={cell.column.columnDef.meta?.className}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
            {filtered === 0 && (
              <tr>
                <td colSpan={table.getVisibleLeafColumns().length} className="empty">
                  {data.length === 0 ? emptyText : 'No row matches the filter.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {pageCount > 1 && (
        <div className="pager">
          <button className="secondary" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
            Previous
          </button>
          <span>
            Page {pageIndex + 1} of {pageCount}
          </span>
          <button className="secondary" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
            Next
          </button>
        </div>
      )}
    </div>
  );
}
