'use client';

import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { BoardDnd } from './board-dnd';
import { MainTools, SelectionBar } from './board-tools';
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
  /**
   * A room picked for these people before Move (a person's select, the selection's select, a drag resting
   * over a room), or null when the pick is put back. Only while rooms run: their pages wait warm there.
   */
  onPoint?: (personIds: string[], to: string | null) => void;
  error?: string;
  disabled?: boolean;
}

const byName = (a: BoardPerson, b: BoardPerson) => a.name.localeCompare(b.name);

/** People in rooms, moved by selecting several, by each person's Move, or by dragging. */
export function Board({ columns, verb, onMove, onPoint, error, disabled }: BoardProps) {
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
  const point = usePointing(onPoint, (ids, to) => ids.filter((id) => columnOf.get(id) !== to));
  const [main, ...rooms] = columns;
  const term = search.trim().toLowerCase();
  const shown = (c: BoardColumn, isMain: boolean) =>
    [...c.people].sort(byName).filter((p) => !isMain || !term || p.name.toLowerCase().includes(term));

  const renderColumn = (c: BoardColumn, isMain: boolean) => {
    const list = shown(c, isMain);
    // People who are not connected (never joined, or left) are listed apart, under their own heading.
    const here = list.filter((p) => p.connected !== false);
    const away = list.filter((p) => p.connected === false);
    const awayCount = c.people.filter((p) => p.connected === false).length;
    const row = (p: BoardPerson) => (
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
        onPick={onPoint && ((to) => point.now([p.id], to))}
        focusMe={focusAfterMove?.id === p.id && focusAfterMove.to === c.id}
        onFocused={() => setFocusAfterMove(undefined)}
      />
    );
    return (
      <RoomColumn
        key={c.id}
        id={c.id}
        label={c.title}
        heading={c.heading}
        here={c.people.length - awayCount}
        away={awayCount}
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
        {here.map(row)}
        {away.length > 0 && (
          <li className="list-none pt-1">
            <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
              Not connected ({away.length})
            </p>
            <ul aria-label={`Not connected in ${c.title}`} className="mt-1 flex flex-col gap-1.5">
              {away.map(row)}
            </ul>
          </li>
        )}
      </RoomColumn>
    );
  };

  return (
    <BoardDnd
      personName={(id) => people.get(id)?.name ?? 'Someone'}
      columnTitle={(id) => columns.find((c) => c.id === id)?.title ?? 'a room'}
      carried={carried}
      onDrop={(id, to) => void move(selected.has(id) ? chosen : [id], to)}
      onOver={onPoint && ((id, to) => point.resting(selected.has(id) ? chosen : [id], to))}
    >
      <div className="space-y-3">
        {chosen.length > 0 && (
          <SelectionBar
            count={chosen.length}
            verb={verb}
            targets={targets}
            disabled={!!disabled}
            selection={chosen.join(',')}
            onMove={(to) => void move(chosen, to)}
            onPick={
              onPoint &&
              ((to) => (to === null ? point.letGo('selection') : point.resting(chosen, to, 'selection')))
            }
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

/** How long a dragged person rests over a room before it counts as picked (a drag passing over does not). */
const REST_MS = 150;

/**
 * A host's picks before Move, told at most once each: `now` for a person's select, `resting` for a drag
 * or the selection bar (told once it rests on a room for REST_MS, so ticking several people in a row is
 * one pick). A pick of nobody new (all already there) is not told; a drag that ends without a drop puts
 * its pick back, and `letGo(source)` puts back the last pick if that source made it (the selection bar
 * going away does not undo a person's own select).
 */
function usePointing(onPoint: BoardProps['onPoint'], movable: (ids: string[], to: string) => string[]) {
  const last = useRef<{ key: string; ids: string[]; source?: string }>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const now = (ids: string[], to: string | null, source?: string) => {
    clearTimeout(timer.current);
    if (!onPoint) return;
    if (to === null) {
      if (last.current) onPoint(last.current.ids, null);
      last.current = undefined;
      return;
    }
    const who = movable(ids, to);
    const key = `${to}:${who.join(',')}`;
    if (who.length === 0) return now(ids, null); // back over where they are
    if (last.current?.key === key) return;
    last.current = { key, ids: who, source };
    onPoint(who, to);
  };
  const resting = (ids: string[], to: string | undefined, source?: string) => {
    clearTimeout(timer.current);
    if (to === undefined) return now(ids, null);
    timer.current = setTimeout(() => now(ids, to, source), REST_MS);
  };
  const letGo = (source: string) => {
    clearTimeout(timer.current);
    if (last.current?.source === source) now([], null);
  };
  return { now, resting, letGo };
}
