import type { ReactNode } from 'react';
import './data-table.css';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
}

export interface DataTableProps<T> {
  /** Names the table for screen readers (visually hidden unless `showCaption`). */
  caption: string;
  showCaption?: boolean;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
}

/**
 * A data table that turns into a stacked list of cards on narrow screens
 * (below 40rem): each cell then shows its column name in front of it, so the
 * page works at 320 px without horizontal scrolling. The first column is the
 * row header.
 */
export function DataTable<T>({ caption, showCaption = false, columns, rows, rowKey }: DataTableProps<T>) {
  return (
    <table className="data-table">
      <caption className={showCaption ? 'data-table__caption' : 'visually-hidden'}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c, i) =>
              i === 0 ? (
                <th key={c.key} scope="row" data-label={c.header}>
                  {c.render(row)}
                </th>
              ) : (
                <td key={c.key} data-label={c.header}>
                  {c.render(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
