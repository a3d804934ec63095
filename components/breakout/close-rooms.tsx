'use client';

import { useId, useRef, useState } from 'react';
import { DialogActions } from '@/components/ui/confirm-dialog';
import { buttonClass } from '@/components/ui/button';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { clock, useSecondsLeft } from './countdown';
import { useCommand } from './use-breakout';

const CHOICES = [
  { seconds: 60, label: 'In 60 seconds' },
  { seconds: 30, label: 'In 30 seconds' },
  { seconds: 10, label: 'In 10 seconds' },
  { seconds: 0, label: 'Now' },
] as const;

interface CloseAllRoomsProps {
  cm: ConnectedMeetings;
  closesAt: string | null;
  announce: (message: string) => void;
}

/**
 * "Close all rooms", asked first in a modal dialog with when: now, or after a countdown everyone sees
 * (60 s by default, as people expect from other meeting tools). The server keeps the deadline and closes
 * the rooms then, even if this page is closed. While a countdown runs: the time left and Cancel.
 */
export function CloseAllRooms({ cm, closesAt, announce }: CloseAllRoomsProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [seconds, setSeconds] = useState<number>(60);
  const close = useCommand();
  const cancel = useCommand();
  const left = useSecondsLeft(closesAt);
  const titleId = useId();
  const name = useId();

  const confirm = async () => {
    dialog.current?.close();
    if (await close.run(() => cm.closeAll(seconds))) {
      announce(
        seconds === 0
          ? 'All rooms closed. Everyone is back in the main meeting.'
          : `All rooms close in ${seconds} seconds. Everyone sees the countdown.`,
      );
    }
  };

  return (
    <>
      {left !== undefined ? (
        <div className="flex items-center gap-2 rounded-lg bg-amber-100 px-2.5 py-1 text-sm text-amber-950">
          <span>
            Rooms close in <strong className="tabular-nums">{clock(left)}</strong>
          </span>
          <button
            type="button"
            disabled={cancel.pending}
            onClick={async () => {
              if (await cancel.run(() => cm.cancelClose())) announce('Closing the rooms was cancelled.');
            }}
            className={buttonClass('secondary', 'sm')}
          >
            Cancel closing
          </button>
        </div>
      ) : (
        <button
          type="button"
          disabled={close.pending}
          onClick={() => dialog.current?.showModal()}
          className={buttonClass('danger', 'sm')}
        >
          Close all rooms
        </button>
      )}
      {(close.error || cancel.error) && (
        <p role="alert" className="w-full text-sm text-red-700">
          {close.error ?? cancel.error}
        </p>
      )}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100%-2rem))] rounded-xl border border-slate-200 p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
      >
        <form
          method="dialog"
          className="space-y-4 p-5"
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <h2 id={titleId} className="text-base font-semibold">
            Close all breakout rooms?
          </h2>
          <p className="text-sm text-slate-700">
            Everyone in a room returns to the main meeting, with their camera and microphone as they were.
            With a countdown, everyone sees it in their room first.
          </p>
          <fieldset className="space-y-1.5">
            <legend className="text-sm font-medium">When</legend>
            {CHOICES.map((c) => (
              <label key={c.seconds} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={name}
                  value={c.seconds}
                  checked={seconds === c.seconds}
                  onChange={() => setSeconds(c.seconds)}
                  className="accent-indigo-600"
                />
                {c.label}
              </label>
            ))}
          </fieldset>
          <DialogActions
            onCancel={() => dialog.current?.close()}
            confirmText={seconds === 0 ? 'Close all rooms now' : `Close in ${seconds} s`}
          />
        </form>
      </dialog>
    </>
  );
}
