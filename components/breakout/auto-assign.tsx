'use client';

import { useId, useState, type FormEvent } from 'react';
import { buttonClass } from '@/components/ui/button';
import { tagsPresent } from '@/lib/breakout/tags';
import type { AssignDraftRequest, ConnectedMeetings } from '@/lib/client/connected-meetings';
import { errorMessage } from './use-breakout';

export interface AutoAssignPerson {
  id: string;
  name: string;
  tags: readonly string[];
  connected: boolean;
}

interface Group {
  kind: 'apart' | 'together';
  ids: string[];
}

interface AutoAssignProps {
  cm: ConnectedMeetings;
  /** The people an automatic assignment may place (as the spread places: not you, not hosts). */
  people: readonly AutoAssignPerson[];
  /** How many rooms the draft has now: the starting value of "number of rooms". */
  rooms: number;
  announce: (message: string) => void;
}

/**
 * "Assign automatically": N rooms or N per room, at random or in order, a tag spread evenly, people kept
 * apart or together. The server places everyone (lib/breakout/assign-modes.ts) and refuses an impossible
 * set in words, shown here; every host sees the new draft through its draft_updated event.
 */
export function AutoAssign({ cm, people, rooms, announce }: AutoAssignProps) {
  const id = useId();
  const [mode, setMode] = useState<'even' | 'per_room'>('even');
  const [count, setCount] = useState(String(Math.max(1, rooms)));
  const [shuffle, setShuffle] = useState(true);
  const [tag, setTag] = useState('');
  const [includeAbsent, setIncludeAbsent] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const [groups, setGroups] = useState<Group[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const tags = tagsPresent(people);
  const nameOf = (pid: string) => people.find((p) => p.id === pid)?.name ?? 'someone who left';
  const live = groups.filter((g) => g.ids.every((pid) => people.some((p) => p.id === pid)));

  const addGroup = (kind: Group['kind']) => {
    setGroups((gs) => [...gs, { kind, ids: picked }]);
    announce(`${picked.map(nameOf).join(', ')} to be kept ${kind}.`);
    setPicked([]);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(count);
    const request: AssignDraftRequest = {
      mode,
      ...(mode === 'even' ? { rooms: n } : { per_room: n }),
      shuffle,
      include_absent: includeAbsent,
      keep_apart: live.filter((g) => g.kind === 'apart').map((g) => g.ids),
      keep_together: live.filter((g) => g.kind === 'together').map((g) => g.ids),
      ...(tag ? { spread_tag: tag } : {}),
    };
    setPending(true);
    setError(undefined);
    try {
      const { draft } = await cm.assignDraft(request);
      const placed = Object.keys(draft.assignments).length;
      announce(
        `${placed} ${placed === 1 ? 'person' : 'people'} placed automatically in ${draft.rooms.length} rooms.`,
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <details className="rounded-lg border border-slate-200 p-3 text-sm text-slate-800">
      <summary className="cursor-pointer font-medium">Assign automatically</summary>
      <form
        onSubmit={(e) => void submit(e)}
        aria-label="Assign automatically"
        aria-describedby={`${id}-about`}
        className="mt-3 space-y-3"
      >
        <p id={`${id}-about`} className="text-xs text-slate-600">
          Replaces every assignment of the draft: rooms differ by at most one person.
        </p>
        <div className="flex flex-wrap items-end gap-4">
          <label className="flex flex-col gap-1">
            How to size the rooms
            <select
              value={mode}
              onChange={(e) => setMode(e.target.value as 'even' | 'per_room')}
              className="rounded border border-slate-300 px-2 py-1"
            >
              <option value="even">Number of rooms</option>
              <option value="per_room">People per room</option>
            </select>
          </label>
          <label className="flex flex-col gap-1">
            {mode === 'even' ? 'Rooms' : 'At most per room'}
            <input
              type="number"
              min={1}
              max={mode === 'even' ? 100 : 1000}
              required
              value={count}
              onChange={(e) => setCount(e.target.value)}
              className="w-24 rounded border border-slate-300 px-2 py-1"
            />
          </label>
          <label className="flex flex-col gap-1">
            Order
            <select
              value={shuffle ? 'random' : 'order'}
              onChange={(e) => setShuffle(e.target.value === 'random')}
              className="rounded border border-slate-300 px-2 py-1"
            >
              <option value="random">At random</option>
              <option value="order">In order (by name)</option>
            </select>
          </label>
          <label className="flex flex-col gap-1">
            Spread a tag evenly
            <select
              value={tag}
              onChange={(e) => setTag(e.target.value)}
              className="rounded border border-slate-300 px-2 py-1"
            >
              <option value="">No tag</option>
              {tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={includeAbsent}
              onChange={(e) => setIncludeAbsent(e.target.checked)}
              className="size-4 accent-indigo-600"
            />
            Also place people who are not connected
          </label>
        </div>
        <fieldset className="space-y-2">
          <legend className="font-medium">Keep people apart or together</legend>
          <div className="flex max-h-40 flex-wrap gap-x-4 gap-y-1 overflow-y-auto">
            {people.map((p) => (
              <label key={p.id} className="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  checked={picked.includes(p.id)}
                  onChange={(e) =>
                    setPicked((list) => (e.target.checked ? [...list, p.id] : list.filter((x) => x !== p.id)))
                  }
                  className="size-4 accent-indigo-600"
                />
                {p.name}
              </label>
            ))}
          </div>
          <div className="flex gap-2">
            <button
              type="button"
              disabled={picked.length < 2}
              onClick={() => addGroup('apart')}
              className={buttonClass('secondary', 'sm')}
            >
              Keep these apart
            </button>
            <button
              type="button"
              disabled={picked.length < 2}
              onClick={() => addGroup('together')}
              className={buttonClass('secondary', 'sm')}
            >
              Keep these together
            </button>
          </div>
          {live.length > 0 && (
            <ul aria-label="Constraints" className="space-y-1">
              {live.map((g, i) => {
                const text = `${g.kind === 'apart' ? 'Apart' : 'Together'}: ${g.ids.map(nameOf).join(', ')}`;
                return (
                  <li key={i} className="flex items-center gap-2">
                    {text}
                    <button
                      type="button"
                      onClick={() => setGroups((gs) => gs.filter((x) => x !== g))}
                      className={buttonClass('ghost', 'sm')}
                    >
                      Remove<span className="sr-only"> {text}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </fieldset>
        <button type="submit" disabled={pending} className={buttonClass('primary', 'sm')}>
          {pending ? 'Assigning…' : 'Assign automatically'}
        </button>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
    </details>
  );
}
