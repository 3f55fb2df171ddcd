import { useEffect, useRef } from 'react';
import type { Column, Table } from '@tanstack/react-table';

function columnName<T>(column: Column<T, unknown>): string {
  const header = column.columnDef.header;
  return typeof header === 'string' && header !== '' ? header : column.id;
}

/** Shows or hides the columns of a table; the last visible column cannot be hidden. */
export function ColumnPicker<T>({ table, label }: { table: Table<T>; label: string }) {
  const details = useRef<HTMLDetailsElement>(null);
  const visibleCount = table.getVisibleLeafColumns().length;

  // A menu closes when the admin clicks elsewhere, as a <select> would.
  useEffect(() => {
    const close = (event: PointerEvent) => {
      if (details.current?.open && !details.current.contains(event.target as Node)) details.current.open = false;
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, []);

  return (
    <details className="column-picker" ref={details}>
      <summary>Columns</summary>
      <fieldset aria-label={`Columns of ${label}`}>
        {table
          .getAllLeafColumns()
          .filter((column) => column.getCanHide())
          .map((column) => {
            const visible = column.getIsVisible();
            return (
              <label key={column.id} className="radio">
                <input type="checkbox" checked={visible} disabled={visible && visibleCount === 1} onChange={column.getToggleVisibilityHandler()} />
                {columnName(column)}
              </label>
            );
          })}
        <button type="button" className="link" onClick={() => table.resetColumnVisibility(true)}>
          Show all
        </button>
      </fieldset>
    </details>
  );
}
