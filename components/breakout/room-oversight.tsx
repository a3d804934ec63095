'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { buttonClass } from '@/components/ui/button';
import { apiCall } from '@/lib/client/api';
import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import { RoomActivityWatcher, type RoomActivity } from '@/lib/client/room-activity';
import { RoomListener } from '@/lib/client/room-listen';

declare global {
  interface Window {
    /** The listening connection's Room, for end-to-end tests (see components/breakout/test-hook.ts). */
    __listenRoom?: unknown;
  }
}

/** Every room's activity (speakers, cameras, microphones, silence), watched while the rooms are shown. */
export function useRoomActivity(roomIds: string[]): Record<string, RoomActivity> {
  const [watcher] = useState(() => new RoomActivityWatcher());
  const key = roomIds.join(',');
  useEffect(() => {
    watcher.watch(key ? key.split(',') : []);
  }, [watcher, key]);
  useEffect(() => () => watcher.stop(), [watcher]);
  return useSyncExternalStore(watcher.subscribe, watcher.get, watcher.get);
}

/** Open help requests per room, kept current from the event stream. */
export function useHelpCounts(cm: ConnectedMeetings): Record<string, number> {
  const [counts, setCounts] = useState<Record<string, number>>({});
  useEffect(() => {
    let live = true;
    const load = () =>
      apiCall<{ requests: Array<{ meeting_id: string }> }>(
        'GET',
        `/meetings/${cm.mainMeetingId}/help-requests`,
      ).then(
        ({ requests }) => {
          const next: Record<string, number> = {};
          for (const r of requests) next[r.meeting_id] = (next[r.meeting_id] ?? 0) + 1;
          if (live) setCounts(next);
        },
        () => {},
      );
    void load();
    const off = cm.on('roomEvent', (e) => {
      if (e.type === 'help_requested' || e.type === 'help_resolved') void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [cm]);
  return counts;
}

/** Listening in: one room at a time, hidden and receive-only, beside the host's own seat. */
export function useListening() {
  const [state, setState] = useState<{ listener: RoomListener; title: string; error?: string }>();
  const stop = () => {
    void state?.listener.stop();
    window.__listenRoom = undefined;
    setState(undefined);
  };
  const listen = async (meetingId: string, title: string) => {
    void state?.listener.stop();
    const listener = new RoomListener(meetingId);
    setState({ listener, title });
    try {
      const room = await listener.start();
      if (window.__BREAKOUT_TEST__) window.__listenRoom = room;
    } catch (err) {
      setState({ listener, title, error: err instanceof Error ? err.message : 'Could not listen in.' });
    }
  };
  useEffect(() => () => void state?.listener.stop(), [state]);
  return { listening: state, listen, stop };
}

/** The "Listening to Room 3" bar: Stop, and Enter room (the host's seat moves there for real). */
export function ListeningBar({
  title,
  error,
  onStop,
  onEnter,
}: {
  title: string;
  error?: string;
  onStop: () => void;
  onEnter?: () => void;
}) {
  return (
    <div
      role="region"
      aria-label="Listening"
      className="flex flex-wrap items-center gap-2 rounded-lg bg-indigo-700 px-3 py-2 text-sm text-white"
    >
      <p role="status" className="mr-auto font-medium">
        {error ? `Could not listen to ${title}: ${error}` : `Listening to ${title}`}
        {!error && <span className="font-normal"> · nobody there sees or hears you</span>}
      </p>
      {onEnter && !error && (
        <button type="button" onClick={onEnter} className={buttonClass('secondary', 'sm')}>
          Enter room
        </button>
      )}
      <button type="button" onClick={onStop} className={buttonClass('secondary', 'sm')}>
        Stop listening
      </button>
    </div>
  );
}

function useMinuteClock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** One room's line: who speaks now, or how long it has been silent; cameras, microphones, help. */
export function RoomActivityLine({ activity, help }: { activity?: RoomActivity; help: number }) {
  const now = useMinuteClock();
  const silentMin = activity ? Math.floor((now - activity.lastSpokeAt) / 60_000) : 0;
  return (
    <p aria-label="Activity" className="w-full text-xs text-slate-600">
      {!activity ? (
        'Activity: …'
      ) : activity.speaking.length > 0 ? (
        <span className="font-medium text-emerald-700">Speaking: {activity.speaking.join(', ')}</span>
      ) : silentMin >= 1 ? (
        <span className={silentMin >= 3 ? 'font-medium text-amber-700' : undefined}>
          Silent for {silentMin} min{activity.heardAnyone ? '' : ' (since you started watching)'}
        </span>
      ) : (
        'Quiet'
      )}
      {activity && (
        <>
          {' '}
          · mic on: {activity.microphones.length} · camera on: {activity.cameras.length}
        </>
      )}
      {help > 0 && (
        <span className="ml-1 rounded bg-red-100 px-1.5 font-medium text-red-800">
          {help} help {help === 1 ? 'request' : 'requests'}
        </span>
      )}
    </p>
  );
}
