'use client';

import { useState } from 'react';
import { errorMessage } from '@/components/breakout/use-breakout';
import type { RoomTools, RoomToolsView } from '@/lib/client/room-tools';
import type { HelpRequestDto } from '@/lib/events/room-events';

/** A participant's "Ask for help" and what became of it. */
export function AskForHelp({ tools, view }: { tools: RoomTools; view: RoomToolsView }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const mine = view.myHelp;
  const open = mine && !mine.resolved_at && mine.meeting_id === view.meetingId;
  const coming = mine?.resolved_at && mine.resolved_by !== 'moved' && mine.meeting_id === view.meetingId;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      {open ? (
        <p role="status" className="text-amber-200">
          Help requested: the hosts have been told.
        </p>
      ) : (
        <>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              setError(undefined);
              tools
                .askForHelp()
                .catch((err: unknown) => setError(errorMessage(err)))
                .finally(() => setBusy(false));
            }}
            className="rounded-md bg-amber-500 px-3 py-1 text-xs font-semibold text-slate-950 hover:bg-amber-400 disabled:opacity-60"
          >
            Ask for help
          </button>
          {coming && (
            <p role="status" className="text-emerald-200">
              Help is on the way: {mine.resolved_by} is joining.
            </p>
          )}
        </>
      )}
      {error && (
        <p role="alert" className="text-xs text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

interface HelpInboxProps {
  tools: RoomTools;
  view: RoomToolsView;
  /** Joins the room of a request in one step; absent where the host has no seat to move (the dashboard). */
  join?: (request: HelpRequestDto) => Promise<void>;
  tone?: 'dark' | 'light';
}

/** Every open help request of the meeting's rooms, for hosts: who asked, from where, and a way in. */
export function HelpInbox({ tools, view, join, tone = 'dark' }: HelpInboxProps) {
  const [error, setError] = useState<string>();
  const dark = tone === 'dark';
  return (
    <section aria-label="Help requests" className="text-sm">
      <h3
        className={`mb-1 text-xs font-semibold uppercase tracking-wide ${dark ? 'text-slate-300' : 'text-slate-600'}`}
      >
        Help requests ({view.inbox.length})
      </h3>
      {view.inbox.length === 0 ? (
        <p className={dark ? 'text-slate-400' : 'text-slate-500'}>Nobody is waiting for help.</p>
      ) : (
        <ul className="space-y-2">
          {view.inbox.map((r) => (
            <li
              key={r.id}
              className={`flex flex-wrap items-center justify-between gap-2 rounded-lg px-3 py-2 ${dark ? 'bg-amber-500/15' : 'bg-amber-50'}`}
            >
              <p className={dark ? 'text-amber-50' : 'text-amber-950'}>
                <span className="font-semibold">{r.participant_name}</span> in {r.meeting_title}
                {r.message && <span className="block text-xs">“{r.message}”</span>}
              </p>
              <span className="flex gap-1.5">
                {join && (
                  <button
                    type="button"
                    onClick={() => void join(r).catch((err: unknown) => setError(errorMessage(err)))}
                    className="rounded-md bg-indigo-600 px-2.5 py-1 text-xs font-semibold text-white hover:bg-indigo-500"
                  >
                    Join {r.meeting_title}
                  </button>
                )}
                <button
                  type="button"
                  onClick={() =>
                    void tools.takeHelpRequest(r, false).catch((err: unknown) => setError(errorMessage(err)))
                  }
                  className={`rounded-md px-2.5 py-1 text-xs font-medium ${dark ? 'text-slate-200 hover:bg-white/10' : 'text-slate-700 hover:bg-slate-100'}`}
                >
                  Mark handled<span className="sr-only"> ({r.participant_name})</span>
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-400">
          {error}
        </p>
      )}
    </section>
  );
}
