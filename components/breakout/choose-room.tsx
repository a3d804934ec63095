'use client';

import { useId } from 'react';
import type { StateMeeting } from '@/lib/breakout/reduce';

interface ChooseRoomProps {
  rooms: StateMeeting[];
  /** Seats per room, or null for no cap. */
  capacity: number | null;
  /** Where the server has this person now. */
  at: string;
  busy: boolean;
  onJoin: (roomId: string) => void;
  /** Handlers on a room's Join that tell the call the person points at it (room-picker.tsx). */
  pointAt?: (roomId: string) => object;
}

/** "n of cap" (or "n people" without a cap): everyone listed in the room holds a seat. */
export function seatsText(taken: number, capacity: number | null) {
  if (capacity === null) return `${taken} ${taken === 1 ? 'person' : 'people'}`;
  return `${taken} of ${capacity}`;
}

/**
 * "Let participants choose": every open room with its seats, a Join button, and Full for a room with no
 * seat left (the server decides again on every pick and says why when it refuses).
 */
export function ChooseRoom({ rooms, capacity, at, busy, onJoin, pointAt }: ChooseRoomProps) {
  const headingId = useId();
  return (
    <div className="w-full pt-1">
      <h3 id={headingId} className="text-sm font-semibold">
        Choose a room
      </h3>
      <ul aria-labelledby={headingId} className="mt-1 flex flex-col gap-1.5">
        {rooms.map((r) => {
          const taken = r.participants.length;
          const full = capacity !== null && taken >= capacity && r.id !== at;
          return (
            <li
              key={r.id}
              aria-label={r.title}
              className="flex items-center justify-between gap-3 rounded-md bg-slate-900/60 px-3 py-1.5"
            >
              <span title={r.title} className="min-w-0 text-sm [overflow-wrap:anywhere]">
                {r.title}{' '}
                <span className="text-xs text-slate-300">
                  · <span className="sr-only">seats taken: </span>
                  {seatsText(taken, capacity)}
                </span>
              </span>
              {r.id === at ? (
                <span className="text-xs font-medium text-emerald-300">You are here</span>
              ) : (
                <button
                  type="button"
                  disabled={busy || full}
                  onClick={() => onJoin(r.id)}
                  {...(full ? {} : pointAt?.(r.id))}
                  className="rounded-md bg-indigo-500 px-2.5 py-1 text-sm font-medium text-white hover:bg-indigo-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:cursor-not-allowed disabled:bg-slate-600 disabled:opacity-80"
                >
                  {full ? 'Full' : 'Join'}
                  <span className="sr-only"> {r.title}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
