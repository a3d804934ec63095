'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';

interface MainToolsProps {
  searchId: string;
  search: string;
  onSearch: (s: string) => void;
  shown: string[];
  selected: ReadonlySet<string>;
  onSelect: (s: ReadonlySet<string>) => void;
}

/** Search the main list and select everyone it shows. */
export function MainTools({ searchId, search, onSearch, shown, selected, onSelect }: MainToolsProps) {
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
          className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900"
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
          className="size-4 rounded accent-indigo-600"
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
  /** Who is selected (any string that changes with the selection): the pick follows it. */
  selection: string;
  onMove: (to: string) => void;
  /**
   * The room Move would take the selection to, told whenever it or the selection changes, and `null`
   * when the bar goes (the warm room switch readies those people there before Move).
   */
  onPick?: (to: string | null) => void;
  onClear: () => void;
}

/** "3 selected — Assign to [Room 2] [Assign]": the non-drag way to move several people at once. */
export function SelectionBar({
  count,
  verb,
  targets,
  disabled,
  selection,
  onMove,
  onPick,
  onClear,
}: SelectionBarProps) {
  const [to, setTo] = useState(targets[1]?.id ?? targets[0]?.id ?? '');
  const id = useId();
  const target = targets.some((t) => t.id === to) ? to : (targets[0]?.id ?? '');
  // The select already names a room when the bar appears: a Move pressed without touching it goes there,
  // so that room is the pick from the start, not only once the select is changed.
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  });
  useEffect(() => pick.current?.(target), [target, selection]);
  useEffect(() => () => pick.current?.(null), []);
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
        className="rounded-md border border-slate-300 bg-white py-1 pr-7 pl-2 text-sm text-slate-900"
      >
        {targets.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
      <button type="submit" disabled={disabled} className={buttonClass('primary', 'sm')}>
        {verb} selected
      </button>
      <button type="button" onClick={onClear} className={buttonClass('ghost', 'sm')}>
        Clear selection
      </button>
    </form>
  );
}
