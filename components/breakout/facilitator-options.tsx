'use client';

import { useId, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { useCommand, type BreakoutView } from './use-breakout';

interface OptionsProps {
  cm: ConnectedMeetings;
  view: BreakoutView;
  selfId?: string;
  announce: (message: string) => void;
}

/**
 * Who waits for a room, as the server counts them: connected in the main meeting and not managing rooms
 * (the host's seat and anyone joined with the host preset are not waiting).
 */
export const waitingPeople = (view: BreakoutView, selfId?: string) =>
  view.parent.participants.filter((p) => p.connected && p.id !== selfId && p.preset_name !== 'host');

/** While rooms run: "Let participants choose" with seats per room, and the late joiners' controls. */
export function FacilitatorOptions(props: OptionsProps) {
  return (
    <div className="flex flex-wrap items-start gap-x-6 gap-y-3 rounded-lg border border-slate-200 px-3 py-2">
      <SelfSelectControls {...props} />
      <LateJoiners {...props} />
    </div>
  );
}

function SelfSelectControls({ cm, view, announce }: OptionsProps) {
  const set = useCommand();
  const seatsId = useId();
  const { enabled, capacity } = view.selfSelect;
  const [seats, setSeats] = useState(capacity === null ? '' : String(capacity));
  const wanted = seats.trim() === '' ? null : Number(seats);
  const valid = wanted === null || (Number.isInteger(wanted) && wanted >= 1 && wanted <= 1000);
  const apply = async (on: boolean) => {
    // Closing choosing never waits for a valid number of seats.
    if (on && !valid) return;
    if (await set.run(() => cm.setSelfSelect(on, valid ? wanted : capacity))) {
      announce(
        on
          ? `Participants can choose a room${wanted === null ? '' : `, ${wanted} per room`}.`
          : 'Participants can no longer choose a room.',
      );
    }
  };
  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="flex items-center gap-2 pb-1 text-sm font-medium text-slate-800">
        <input
          type="checkbox"
          role="switch"
          checked={enabled}
          disabled={set.pending || (!enabled && !valid)}
          onChange={(e) => void apply(e.target.checked)}
          className="size-4 accent-indigo-600"
        />
        Let participants choose
      </label>
      <div>
        <label htmlFor={seatsId} className="block text-xs font-medium text-slate-700">
          Seats per room
        </label>
        <input
          id={seatsId}
          type="number"
          inputMode="numeric"
          min={1}
          max={1000}
          placeholder="No cap"
          value={seats}
          aria-invalid={!valid}
          onChange={(e) => setSeats(e.target.value)}
          className="mt-1 w-24 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900"
        />
      </div>
      {enabled && valid && wanted !== capacity && (
        <button
          type="button"
          disabled={set.pending}
          onClick={() => void apply(true)}
          className={buttonClass('secondary', 'sm')}
        >
          Update seats
        </button>
      )}
      {!valid && (
        <p className="w-full text-xs text-red-700">Seats per room: a whole number from 1 to 1000.</p>
      )}
      {set.error && (
        <p role="alert" className="w-full text-xs text-red-700">
          {set.error}
        </p>
      )}
    </div>
  );
}

function LateJoiners({ cm, view, selfId, announce }: OptionsProps) {
  const place = useCommand();
  const auto = useCommand();
  const waiting = waitingPeople(view, selfId);
  const n = waiting.length;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input
          type="checkbox"
          role="switch"
          checked={view.lateJoiners.auto_place}
          disabled={auto.pending}
          onChange={(e) => void auto.run(() => cm.setLateJoiners(e.target.checked))}
          className="size-4 accent-indigo-600"
        />
        Auto-place late joiners
      </label>
      {n > 0 && (
        <p className="flex flex-wrap items-center gap-2 rounded-md bg-amber-100 px-2 py-1 text-sm text-amber-950">
          <span>{n === 1 ? '1 person is' : `${n} people are`} waiting in the main meeting</span>
          <button
            type="button"
            disabled={place.pending}
            onClick={async () => {
              let placed = 0;
              const ok = await place.run(async () => {
                placed = (await cm.placeLateJoiners()).placed.length;
              });
              if (ok)
                announce(`${placed === 1 ? '1 person' : `${placed} people`} placed in the smallest rooms.`);
            }}
            className={buttonClass('secondary', 'sm')}
          >
            Assign to the smallest room
          </button>
        </p>
      )}
      {(place.error || auto.error) && (
        <p role="alert" className="w-full text-xs text-red-700">
          {place.error ?? auto.error}
        </p>
      )}
    </div>
  );
}
