'use client';

import { useDroppable } from '@dnd-kit/core';
import type { ReactNode } from 'react';

interface RoomColumnProps {
  id: string;
  /** The room's name, for the region's label. */
  label: string;
  /** The heading, when more than the name (a rename control). */
  heading?: ReactNode;
  /** People listed here who are connected now, and those who are not (never joined, or left). */
  here: number;
  away: number;
  /** Buttons beside the heading (rename, visit, delete). */
  actions?: ReactNode;
  /** Above the list (the search box of the main list). */
  tools?: ReactNode;
  empty: string;
  children: ReactNode;
  /** The main meeting or the unassigned list: shown wider and tinted. */
  main?: boolean;
}

/** A room on the board: a drop target with its heading, actions and people. */
export function RoomColumn({
  id,
  label,
  heading,
  here,
  away,
  actions,
  tools,
  empty,
  children,
  main,
}: RoomColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id });
  const count = here + away;
  return (
    <section
      ref={setNodeRef}
      aria-label={label}
      className={`flex min-w-0 flex-col gap-2 rounded-xl border p-3 transition-colors ${
        isOver
          ? 'border-indigo-500 bg-indigo-50 ring-2 ring-indigo-500/30'
          : main
            ? 'border-slate-300 bg-slate-50'
            : 'border-slate-200 bg-white'
      }`}
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-2">
          {heading ?? (
            <h3 title={label} className="min-w-0 text-sm font-semibold break-words text-slate-900">
              {label}
            </h3>
          )}
          <span className="shrink-0 rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">
            {here} here{away > 0 && `, ${away} away`}
          </span>
        </div>
        {actions && <div className="flex flex-wrap items-center gap-1">{actions}</div>}
      </header>
      {tools}
      {count === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-500">
          {empty}
        </p>
      ) : (
        <ul className="flex flex-col gap-1.5">{children}</ul>
      )}
    </section>
  );
}
