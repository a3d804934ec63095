'use client';

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, type ConnectedMeetings } from '@/lib/client/connected-meetings';
import type { StateMeeting } from '@/lib/breakout/reduce';
import type { BreakoutTimer } from '@/lib/breakout/timer-clock';

/** What the breakout UI shows, kept current from one ConnectedMeetings client. */
export interface BreakoutView {
  /** False until the event stream's first snapshot arrived. */
  loaded: boolean;
  parent: StateMeeting;
  rooms: StateMeeting[];
  /** When every open room closes by itself (ISO time), or null. */
  closesAt: string | null;
  /** "Let participants choose": open or closed, and seats per room (null: no cap). */
  selfSelect: { enabled: boolean; capacity: number | null };
  /** Whether the server places late joiners itself. */
  lateJoiners: { auto_place: boolean };
  /** The breakout timer, or null. */
  timer: BreakoutTimer | null;
  /** The meeting this person's media is in (their own seat only). */
  current: string;
  /** Set while this person's media moves to another meeting. */
  movingTo?: string;
  /** The stream to the server dropped and the browser is reconnecting it. */
  reconnecting: boolean;
  /** The last media switch that failed. */
  switchError?: string;
}

// One store per client: React reads a stable snapshot object that changes only when something did.
const stores = new WeakMap<ConnectedMeetings, ReturnType<typeof createStore>>();

function createStore(cm: ConnectedMeetings) {
  let view: BreakoutView = {
    loaded: false,
    parent: cm.parentMeeting,
    rooms: cm.meetings,
    closesAt: cm.closesAt,
    selfSelect: cm.selfSelect,
    lateJoiners: cm.lateJoiners,
    timer: cm.timer,
    current: cm.currentMeetingId,
    reconnecting: false,
  };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<BreakoutView>) => {
    view = { ...view, ...patch };
    listeners.forEach((l) => l());
  };
  cm.on('stateUpdate', (s) =>
    set({
      loaded: true,
      parent: s.parentMeeting,
      rooms: s.meetings,
      closesAt: s.closesAt,
      selfSelect: s.selfSelect,
      lateJoiners: s.lateJoiners,
      timer: s.timer,
    }),
  );
  cm.on('changingMeeting', (to) => set({ movingTo: to, switchError: undefined }));
  cm.on('meetingChanged', (id) => set({ current: id, movingTo: undefined }));
  cm.on('connectionChange', (reconnecting) => set({ reconnecting }));
  cm.on('error', (err) => set({ movingTo: undefined, switchError: err.message }));
  return {
    subscribe: (l: () => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    get: () => view,
  };
}

/** The view store of a client; create it before starting the client so no update is missed. */
export function breakoutStore(cm: ConnectedMeetings) {
  let store = stores.get(cm);
  if (!store) stores.set(cm, (store = createStore(cm)));
  return store;
}

export function useBreakoutView(cm: ConnectedMeetings): BreakoutView {
  const store = breakoutStore(cm);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/** A meeting of the family by id, and its display title ("Main meeting" for the main one). */
export function meetingTitle(view: BreakoutView, id: string | undefined): string {
  if (!id || id === view.parent.id) return 'Main meeting';
  return view.rooms.find((r) => r.id === id)?.title ?? 'another room';
}

/** "3 here, 1 away": who is connected to a meeting's media now, and who is listed but not there. */
export function presenceCount(people: ReadonlyArray<{ connected: boolean }>): string {
  const here = people.filter((p) => p.connected).length;
  const away = people.length - here;
  return away > 0 ? `${here} here, ${away} away` : `${here} here`;
}

/** The server's message for a failed command, or a plain one for a network failure. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Could not reach the server. Check your connection and try again.';
}

/**
 * Runs one command at a time for a control and keeps its error beside it: `run` resolves to whether it
 * succeeded, and `error` holds the server's message until the next attempt.
 */
export function useCommand() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const busy = useRef(false);
  const run = useCallback(async (command: () => Promise<unknown>) => {
    if (busy.current) return false;
    busy.current = true;
    setPending(true);
    setError(undefined);
    try {
      await command();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      busy.current = false;
      setPending(false);
    }
  }, []);
  return { run, pending, error, clearError: () => setError(undefined) };
}

/** A message for a polite live region; repeating the same text still announces it. */
export function useAnnouncer() {
  const [message, setMessage] = useState('');
  const announce = useCallback((text: string) => {
    // Clear first so a repeated message is a change the screen reader notices.
    setMessage('');
    requestAnimationFrame(() => setMessage(text));
  }, []);
  return { message, announce };
}

/** Calls `fn` whenever the page's person is moved, with where to and whether it is done. */
export function useMoveEvents(
  cm: ConnectedMeetings,
  fn: (e: { phase: 'moving' | 'moved' | 'failed'; meetingId?: string; error?: string }) => void,
) {
  const latest = useRef(fn);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(() => {
    const offs = [
      cm.on('changingMeeting', (id) => latest.current({ phase: 'moving', meetingId: id })),
      cm.on('meetingChanged', (id) => latest.current({ phase: 'moved', meetingId: id })),
      cm.on('error', (err) => latest.current({ phase: 'failed', error: err.message })),
    ];
    return () => offs.forEach((off) => off());
  }, [cm]);
}
