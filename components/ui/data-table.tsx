import type { ReactNode } from 'react';

export interface Column {
  label: string;
  /** Read by screen readers only (e.g. "Actions" over a column of buttons). */
  hidden?: boolean;
  align?: 'left' | 'right';
}

interface DataTableProps {
  /** Names the table for screen readers. */
  caption: string;
  columns: Column[];
  /** The body's rows. */
  children: ReactNode;
}

/**
 * The dashboard's tables: a caption, a header row, divided rows, and a horizontal scroll of their own on
 * narrow screens, so the page itself never scrolls sideways.
 */
export function DataTable({ caption, columns, children }: DataTableProps) {
  return (
    // relative: the sr-only texts in cells are absolutely positioned; without a positioned scroll box they
    // would be placed against the page and widen it on a phone even though the table scrolls.
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-600 uppercase">
          <tr>
            {columns.map((c, i) => (
              <th
                key={c.label}
                scope="col"
                className={`py-2 font-medium ${i < columns.length - 1 ? 'pr-4' : ''} ${c.align === 'right' ? 'text-right' : ''}`}
              >
                {c.hidden ? <span className="sr-only">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

/** What a list says when it has nothing in it yet. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
      {children}
    </p>
  );
}
