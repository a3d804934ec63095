'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { ChooseRoom } from './choose-room';
import { presenceCount, useCommand, type BreakoutView } from './use-breakout';

export interface BreakoutAbilities {
  manage: boolean;
  switchRooms: boolean;
  returnToMain: boolean;
}

interface RoomPickerProps {
  cm: ConnectedMeetings;
  view: BreakoutView;
  selfId: string;
  /** Where the server has this person now. */
  at: string;
  abilities: BreakoutAbilities;
  /**
   * The person points at a room they may pick (hovered or focused a moment, or pressed): the call may
   * get ready to go there (a warm connection, lib/client/media/warm-connection.ts).
   */
  onPoint?: (roomId: string) => void;
}

// How long the pointer or focus rests on a room's Join before it counts as pointing at it: passing over a
// list on the way elsewhere is not.
const POINT_DWELL_MS = 120;

/** Handlers that call `onPoint` for a room its Join rests on (or is pressed), at most once per rest. */
export function usePointAt(onPoint: ((roomId: string) => void) | undefined) {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (roomId: string) => {
    if (!onPoint) return {};
    const rest = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => onPoint(roomId), POINT_DWELL_MS);
    };
    const away = () => clearTimeout(timer.current);
    const now = () => {
      clearTimeout(timer.current);
      onPoint(roomId);
    };
    return { onPointerEnter: rest, onFocus: rest, onPointerLeave: away, onBlur: away, onPointerDown: now };
  };
}

const DARK_BUTTON =
  'rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white';

/** A participant's own moves: pick an open room, or return to the main meeting, as their preset allows. */
export function RoomPicker({ cm, view, selfId, at, abilities, onPoint }: RoomPickerProps) {
  const [open, setOpen] = useState(false);
  const pointAt = usePointAt(onPoint);
  const move = useCommand();
  const listId = useId();
  const inRoom = at !== view.parent.id;
  // While hosts let participants choose, everyone but those who manage rooms sees the rooms and picks.
  const choosing = view.selfSelect.enabled && view.rooms.length > 0 && !abilities.manage;
  const canPick = !choosing && abilities.switchRooms && view.rooms.length > 0;
  const canReturn = abilities.returnToMain && inRoom;
  if (!choosing && !canPick && !canReturn) return null;
  const go = async (to: string) => {
    if (await move.run(() => cm.moveParticipants(at, to, [selfId]))) setOpen(false);
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      {canReturn && (
        <button
          type="button"
          disabled={move.pending || !!view.movingTo}
          onClick={() => void go(view.parent.id)}
          className={`${DARK_BUTTON} bg-white text-slate-900 hover:bg-slate-200`}
        >
          Return to main meeting
        </button>
      )}
      {canPick && (
        <button
          type="button"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((o) => !o)}
          className={`${DARK_BUTTON} bg-slate-700 text-white hover:bg-slate-600`}
        >
          Switch room
        </button>
      )}
      {choosing && (
        <ChooseRoom
          rooms={view.rooms}
          capacity={view.selfSelect.capacity}
          at={at}
          busy={move.pending || !!view.movingTo}
          onJoin={(id) => void go(id)}
          pointAt={pointAt}
        />
      )}
      {move.error && (
        <p role="alert" className="w-full text-sm text-red-200">
          {move.error}
        </p>
      )}
      {canPick && open && (
        <ul id={listId} aria-label="Open rooms" className="flex w-full flex-col gap-1.5 pt-1">
          {view.rooms.map((r) => (
            <li
              key={r.id}
              className="flex items-center justify-between gap-3 rounded-md bg-slate-900/60 px-3 py-1.5"
            >
              <span title={r.title} className="min-w-0 text-sm [overflow-wrap:anywhere]">
                {r.title} <span className="text-xs text-slate-400">· {presenceCount(r.participants)}</span>
              </span>
              {r.id === at ? (
                <span className="text-xs font-medium text-emerald-300">You are here</span>
              ) : (
                <button
                  type="button"
                  disabled={move.pending || !!view.movingTo}
                  onClick={() => void go(r.id)}
                  {...pointAt(r.id)}
                  className={`${DARK_BUTTON} bg-indigo-500 px-2.5! py-1! text-white hover:bg-indigo-400`}
                >
                  Join<span className="sr-only"> {r.title}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
