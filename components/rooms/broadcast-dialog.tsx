'use client';

import { useId, useRef, useState } from 'react';
import { errorMessage } from '@/components/breakout/use-breakout';
import type { RoomTools } from '@/lib/client/room-tools';

interface BroadcastDialogProps {
  tools: RoomTools;
  /** Every meeting of the family that can be reached: the main meeting first, then the open rooms. */
  meetings: Array<{ id: string; title: string }>;
  tone?: 'dark' | 'light';
}

/** A host's announcement to every room at once, or to the rooms they tick. */
export function BroadcastDialog({ tools, meetings, tone = 'dark' }: BroadcastDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [message, setMessage] = useState('');
  const [chosen, setChosen] = useState<Set<string> | 'all'>('all');
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState<string>();
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const open = () => {
    setError(undefined);
    setSent(undefined);
    dialog.current?.showModal();
  };
  const isChosen = (id: string) => chosen === 'all' || chosen.has(id);
  const toggle = (id: string) => {
    const next = new Set(chosen === 'all' ? meetings.map((m) => m.id) : chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next.size === meetings.length ? 'all' : next);
  };
  return (
    <>
      <button
        type="button"
        onClick={open}
        className={
          tone === 'dark'
            ? 'inline-flex h-12 items-center gap-1.5 rounded-full bg-slate-700 px-4 text-sm font-medium text-white hover:bg-slate-600'
            : 'rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50'
        }
      >
        Broadcast
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(30rem,calc(100%-2rem))] rounded-xl border border-slate-200 p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
      >
        <form
          className="space-y-3 p-5"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen !== 'all' && chosen.size === 0) return setError('Choose at least one room.');
            setBusy(true);
            setError(undefined);
            tools
              .broadcast(message.trim(), chosen === 'all' ? undefined : [...chosen])
              .then(
                (r) => {
                  setSent(
                    `Sent to ${r.meeting_ids.length} ${r.meeting_ids.length === 1 ? 'room' : 'rooms'}.`,
                  );
                  setMessage('');
                  dialog.current?.close();
                },
                (err: unknown) => setError(errorMessage(err)),
              )
              .finally(() => setBusy(false));
          }}
        >
          <h2 id={titleId} className="text-base font-semibold">
            Broadcast to rooms
          </h2>
          <label className="block text-sm font-medium" htmlFor={`${titleId}-m`}>
            Message
          </label>
          <textarea
            id={`${titleId}-m`}
            required
            maxLength={2000}
            rows={3}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            className="w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
          />
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">Send to</legend>
            {meetings.map((m) => (
              <label key={m.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={isChosen(m.id)} onChange={() => toggle(m.id)} />
                {m.title}
              </label>
            ))}
          </fieldset>
          {error && (
            <p role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className="rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium"
            >
              Cancel
            </button>
            <button
              type="submit"
              disabled={busy}
              className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60"
            >
              Send broadcast
            </button>
          </div>
        </form>
      </dialog>
      <p role="status" className="sr-only">
        {sent}
      </p>
    </>
  );
}
