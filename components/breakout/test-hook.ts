'use client';

import type { ConnectedMeetings } from '@/lib/client/connected-meetings';

// End-to-end tests and the move benchmark read the client's events (with the time each fired) and reach
// the client itself, for example to close its event stream as a browser that ignores moves would. Exposed
// only when the test set `window.__BREAKOUT_TEST__` before the page loaded; it grants nothing the page
// could not do itself, since the server checks every command.

export interface BreakoutTestEvent {
  /** `streamOpen` and `streamLost`: the event stream (re)opened or dropped. */
  type: 'changingMeeting' | 'meetingChanged' | 'error' | 'streamOpen' | 'streamLost';
  meetingId?: string;
  /** Epoch milliseconds with sub-millisecond precision (performance.timeOrigin + now). */
  at: number;
}

declare global {
  interface Window {
    __breakoutEvents?: BreakoutTestEvent[];
    __breakoutClient?: ConnectedMeetings;
  }
}

export function exposeBreakoutForTests(cm: ConnectedMeetings): () => void {
  if (typeof window === 'undefined' || !window.__BREAKOUT_TEST__) return () => {};
  const events: BreakoutTestEvent[] = (window.__breakoutEvents ??= []);
  window.__breakoutClient = cm;
  const at = () => performance.timeOrigin + performance.now();
  const offs = [
    cm.on('changingMeeting', (meetingId) => events.push({ type: 'changingMeeting', meetingId, at: at() })),
    cm.on('meetingChanged', (meetingId) => events.push({ type: 'meetingChanged', meetingId, at: at() })),
    cm.on('error', () => events.push({ type: 'error', at: at() })),
    cm.on('connectionChange', (lost) => events.push({ type: lost ? 'streamLost' : 'streamOpen', at: at() })),
  ];
  return () => offs.forEach((off) => off());
}
