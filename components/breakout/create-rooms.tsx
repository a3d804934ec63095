'use client';

import { useId, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { perRoomHint } from '@/lib/breakout/assign';

interface CreateRoomsProps {
  /** People to place who are connected now. */
  people: number;
  /** People listed who are not connected (never joined, or left): not counted. */
  away: number;
  error?: string;
  onCreate: (count: number) => Promise<void>;
}

/** Step one: how many rooms, with the "about K per room" hint. */
export function CreateRooms({ people, away, error, onCreate }: CreateRoomsProps) {
  const [count, setCount] = useState('2');
  const [busy, setBusy] = useState(false);
  const id = useId();
  const n = Number(count);
  const valid = Number.isInteger(n) && n >= 1 && n <= 100;
  const hint = perRoomHint(people, valid ? n : 0);
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!valid || busy) return;
        setBusy(true);
        await onCreate(n);
        setBusy(false);
      }}
    >
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          Number of rooms
        </label>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          value={count}
          onChange={(e) => setCount(e.target.value)}
          aria-describedby={`${id}-hint`}
          aria-invalid={!valid || undefined}
          className="mt-1 w-24 rounded-lg border border-slate-300 px-3 py-2 text-sm text-slate-900"
        />
      </div>
      <button type="submit" disabled={!valid || busy} className={buttonClass('primary', 'md')}>
        Create rooms
      </button>
      <p id={`${id}-hint`} aria-live="polite" className="w-full text-sm text-slate-600">
        {!valid
          ? 'Choose between 1 and 100 rooms.'
          : hint > 0
            ? `About ${hint} ${hint === 1 ? 'person' : 'people'} per room (${people} here to place).`
            : 'Nobody here to place yet: people who join appear here.'}
        {valid && away > 0 && ` ${away} more ${away === 1 ? 'is' : 'are'} invited but not connected.`}
      </p>
      {error && (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
