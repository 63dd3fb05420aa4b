import type { ReactNode } from 'react';

interface DataTableProps {
  /** the table's accessible name */
  label: string;
  /** column headings, in order */
  headers: readonly string[];
  compact?: boolean;
  /** the body rows */
  children: ReactNode;
}

/** A list of records: a labelled table with one heading row, scrolling sideways on a narrow screen. */
export function DataTable({ label, headers, compact, children }: DataTableProps) {
  return (
    <div className="table-wrap">
      <table className={compact ? 'table compact' : 'table'} aria-label={label}>
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
