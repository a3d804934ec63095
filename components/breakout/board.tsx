'use client';

import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { buttonClass } from '@/components/ui/button';
import { BoardDnd } from './board-dnd';
import { PersonRow, type BoardPerson } from './person-row';
import { RoomColumn } from './room-column';

export type { BoardPerson };

export interface BoardColumn {
  id: string;
  title: string;
  people: BoardPerson[];
  /** A rename control instead of the plain title. */
  heading?: ReactNode;
  actions?: ReactNode;
  empty: string;
}

interface BoardProps {
  /** The main meeting (or the unassigned list) first, then the rooms. */
  columns: BoardColumn[];
  /** "Assign" before starting, "Move" while rooms run. */
  verb: 'Assign' | 'Move';
  /** Moves people to a column; resolves whether it worked (the caller shows the error). */
  onMove: (personIds: string[], to: string) => Promise<boolean>;
  error?: string;
  disabled?: boolean;
}

const FOCUS = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';
const byName = (a: BoardPerson, b: BoardPerson) => a.name.localeCompare(b.name);

/** People in rooms, moved by selecting several, by each person's Move, or by dragging. */
export function Board({ columns, verb, onMove, error, disabled }: BoardProps) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [search, setSearch] = useState('');
  // A person moved with their own Move button reappears in the other room: their row there takes focus.
  const [focusAfterMove, setFocusAfterMove] = useState<{ id: string; to: string }>();
  const searchId = useId();

  const people = useMemo(() => new Map(columns.flatMap((c) => c.people.map((p) => [p.id, p]))), [columns]);
  const columnOf = useMemo(
    () => new Map(columns.flatMap((c) => c.people.map((p) => [p.id, c.id]))),
    [columns],
  );
  const targets = columns.map((c) => ({ id: c.id, title: c.title }));
  // Someone who left the meeting is no longer selected.
  const chosen = [...selected].filter((id) => people.has(id));

  const move = async (ids: string[], to: string) => {
    const moving = ids.filter((id) => columnOf.get(id) !== to);
    if (moving.length === 0) return;
    setFocusAfterMove(moving.length === 1 ? { id: moving[0]!, to } : undefined);
    if (await onMove(moving, to)) {
      setSelected((s) => new Set([...s].filter((id) => !moving.includes(id))));
    }
  };

  const carried = (id: string) => (selected.has(id) ? chosen.length : 1);
  const [main, ...rooms] = columns;
  const term = search.trim().toLowerCase();
  const shown = (c: BoardColumn, isMain: boolean) =>
    [...c.people].sort(byName).filter((p) => !isMain || !term || p.name.toLowerCase().includes(term));

  const renderColumn = (c: BoardColumn, isMain: boolean) => {
    const list = shown(c, isMain);
    return (
      <RoomColumn
        key={c.id}
        id={c.id}
        label={c.title}
        heading={c.heading}
        count={c.people.length}
        actions={c.actions}
        empty={c.empty}
        main={isMain}
        tools={
          isMain && c.people.length > 0 ? (
            <MainTools
              searchId={searchId}
              search={search}
              onSearch={setSearch}
              shown={list.map((p) => p.id)}
              selected={selected}
              onSelect={setSelected}
            />
          ) : undefined
        }
      >
        {list.length === 0 && (
          <li className="px-2 py-3 text-center text-sm text-slate-500">Nobody matches “{search.trim()}”.</li>
        )}
        {list.map((p) => (
          <PersonRow
            key={p.id}
            person={p}
            columnId={c.id}
            targets={targets}
            verb={verb}
            disabled={!!disabled}
            selected={selected.has(p.id)}
            onSelect={(on) =>
              setSelected((s) => {
                const next = new Set(s);
                if (on) next.add(p.id);
                else next.delete(p.id);
                return next;
              })
            }
            onMove={(to) => void move([p.id], to)}
            focusMe={focusAfterMove?.id === p.id && focusAfterMove.to === c.id}
            onFocused={() => setFocusAfterMove(undefined)}
          />
        ))}
      </RoomColumn>
    );
  };

  return (
    <BoardDnd
      personName={(id) => people.get(id)?.name ?? 'Someone'}
      columnTitle={(id) => columns.find((c) => c.id === id)?.title ?? 'a room'}
      carried={carried}
      onDrop={(id, to) => void move(selected.has(id) ? chosen : [id], to)}
    >
      <div className="space-y-3">
        {chosen.length > 0 && (
          <SelectionBar
            count={chosen.length}
            verb={verb}
            targets={targets}
            disabled={!!disabled}
            onMove={(to) => void move(chosen, to)}
            onClear={() => setSelected(new Set())}
          />
        )}
        {error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <div className="@container">
          <div className="grid items-start gap-3 @2xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            {main && renderColumn(main, true)}
            <div className="grid items-start gap-3 @lg:grid-cols-2 @2xl:grid-cols-1 @4xl:grid-cols-2">
              {rooms.map((c) => renderColumn(c, false))}
            </div>
          </div>
        </div>
      </div>
    </BoardDnd>
  );
}

interface MainToolsProps {
  searchId: string;
  search: string;
  onSearch: (s: string) => void;
  shown: string[];
  selected: ReadonlySet<string>;
  onSelect: (s: ReadonlySet<string>) => void;
}

/** Search the main list and select everyone it shows. */
function MainTools({ searchId, search, onSearch, shown, selected, onSelect }: MainToolsProps) {
  const all = shown.length > 0 && shown.every((id) => selected.has(id));
  const some = shown.some((id) => selected.has(id));
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = some && !all;
  }, [some, all]);
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="min-w-0 flex-1 basis-40">
        <label htmlFor={searchId} className="block text-xs font-medium text-slate-700">
          Search people
        </label>
        <input
          id={searchId}
          type="search"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          placeholder="Name"
          className={`mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 ${FOCUS}`}
        />
      </div>
      <label className="flex items-center gap-1.5 pb-1 text-xs font-medium text-slate-700">
        <input
          ref={box}
          type="checkbox"
          checked={all}
          onChange={(e) => {
            const next = new Set(selected);
            for (const id of shown) {
              if (e.target.checked) next.add(id);
              else next.delete(id);
            }
            onSelect(next);
          }}
          className={`size-4 rounded accent-indigo-600 ${FOCUS}`}
        />
        Select all shown
      </label>
    </div>
  );
}

interface SelectionBarProps {
  count: number;
  verb: string;
  targets: Array<{ id: string; title: string }>;
  disabled: boolean;
  onMove: (to: string) => void;
  onClear: () => void;
}

/** "3 selected — Assign to [Room 2] [Assign]": the non-drag way to move several people at once. */
function SelectionBar({ count, verb, targets, disabled, onMove, onClear }: SelectionBarProps) {
  const [to, setTo] = useState(targets[1]?.id ?? targets[0]?.id ?? '');
  const id = useId();
  const target = targets.some((t) => t.id === to) ? to : (targets[0]?.id ?? '');
  return (
    <form
      aria-label="Selected people"
      className="sticky top-0 z-10 flex flex-wrap items-center gap-2 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2"
      onSubmit={(e) => {
        e.preventDefault();
        onMove(target);
      }}
    >
      <p className="text-sm font-medium text-indigo-900" aria-live="polite">
        {count} selected
      </p>
      <label htmlFor={id} className="text-sm text-indigo-900">
        {verb} to
      </label>
      <select
        id={id}
        value={target}
        onChange={(e) => setTo(e.target.value)}
        className={`rounded-md border border-slate-300 bg-white py-1 pr-7 pl-2 text-sm text-slate-900 ${FOCUS}`}
      >
        {targets.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
      <button type="submit" disabled={disabled} className={buttonClass('primary', 'sm', FOCUS)}>
        {verb} selected
      </button>
      <button type="button" onClick={onClear} className={buttonClass('ghost', 'sm', FOCUS)}>
        Clear selection
      </button>
    </form>
  );
}
