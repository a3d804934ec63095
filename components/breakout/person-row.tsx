'use client';

import { useDraggable } from '@dnd-kit/core';
import { useEffect, useId, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';

export interface BoardPerson {
  id: string;
  name: string;
  /** Their preset, shown small. */
  detail?: string;
  /** Connected to the media room of where they are (undefined: not known here). */
  connected?: boolean;
  /** The person using this page. */
  self?: boolean;
}

interface PersonRowProps {
  person: BoardPerson;
  columnId: string;
  targets: Array<{ id: string; title: string }>;
  verb: string;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onMove: (to: string) => void;
  /** A room chosen in the select before Move, or null when it is back on their own room. */
  onPick?: (to: string | null) => void;
  /** Focus this row's room select (it just arrived here by its own Move); onFocused follows. */
  focusMe: boolean;
  onFocused: () => void;
  disabled: boolean;
}

/** One person in a room: select, drag handle, name and status, and a "Room for …" select with Move. */
export function PersonRow({
  person,
  columnId,
  targets,
  verb,
  selected,
  onSelect,
  onMove,
  onPick,
  focusMe,
  onFocused,
  disabled,
}: PersonRowProps) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: person.id, disabled });
  const [picked, setPicked] = useState(columnId);
  // A room picked here may have been deleted since.
  const target = targets.some((t) => t.id === picked) ? picked : columnId;
  const selectRef = useRef<HTMLSelectElement>(null);
  const id = useId();
  const label = person.self ? `${person.name} (you)` : person.name;

  useEffect(() => {
    if (!focusMe) return;
    selectRef.current?.focus();
    onFocused();
  }, [focusMe, onFocused]);

  return (
    <li
      ref={setNodeRef}
      className={`flex flex-wrap items-center gap-x-2 gap-y-1.5 rounded-lg border border-slate-200 bg-white px-2 py-1.5 ${
        isDragging ? 'opacity-40' : ''
      } ${selected ? 'border-indigo-300 bg-indigo-50' : ''}`}
    >
      <input
        type="checkbox"
        id={`${id}-select`}
        checked={selected}
        onChange={(e) => onSelect(e.target.checked)}
        aria-label={`Select ${label}`}
        className="size-4 shrink-0 rounded accent-indigo-600"
      />
      <button
        type="button"
        {...attributes}
        {...listeners}
        aria-label={`Drag ${label}`}
        className="shrink-0 cursor-grab touch-none rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800 active:cursor-grabbing"
      >
        <GripIcon />
      </button>
      <div className="min-w-0 flex-1 basis-28">
        {/* Long names wrap instead of being cut: two people cut to the same start would look alike. */}
        <p title={label} className="text-sm font-medium [overflow-wrap:anywhere] text-slate-900">
          {label}
        </p>
        <p className="flex items-center gap-1.5 text-xs text-slate-600">
          {person.connected !== undefined && (
            <>
              <span
                aria-hidden="true"
                className={`size-2 shrink-0 rounded-full ${person.connected ? 'bg-emerald-500' : 'bg-slate-300'}`}
              />
              <span>{person.connected ? 'Connected' : 'Not connected'}</span>
            </>
          )}
          {person.detail && <span className="truncate text-slate-500">· {person.detail}</span>}
        </p>
      </div>
      <form
        className="flex shrink-0 items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          if (target !== columnId) onMove(target);
        }}
      >
        <select
          ref={selectRef}
          value={target}
          onChange={(e) => {
            setPicked(e.target.value);
            onPick?.(e.target.value === columnId ? null : e.target.value);
          }}
          aria-label={`Room for ${label}`}
          disabled={disabled}
          title={targets.find((t) => t.id === target)?.title}
          className="max-w-48 min-w-32 rounded-md border border-slate-300 bg-white py-1 pr-7 pl-2 text-sm text-slate-900"
        >
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
        <button
          type="submit"
          disabled={disabled || target === columnId}
          aria-label={`${verb} ${label}`}
          className={buttonClass('secondary', 'sm')}
        >
          {verb}
        </button>
      </form>
    </li>
  );
}

function GripIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4" fill="currentColor">
      {[3, 8, 13].flatMap((y) => [5, 11].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.4" />))}
    </svg>
  );
}
