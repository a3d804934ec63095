'use client';

import { useEffect, useRef, useState } from 'react';

/** Whole seconds left until `closesAt` (ISO time), ticking; undefined when nothing is pending. */
export function useSecondsLeft(closesAt: string | null | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!closesAt) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [closesAt]);
  if (!closesAt) return undefined;
  return Math.max(0, Math.ceil((Date.parse(closesAt) - now) / 1000));
}

/** "0:09", "1:00". */
export const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/** "10 seconds", "1 minute", "1 minute 30 seconds", for announcements. */
export function spoken(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (m === 0) return part(s, 'second');
  return s === 0 ? part(m, 'minute') : `${part(m, 'minute')} ${part(s, 'second')}`;
}

/**
 * Announces a pending close in a live region: once when it is set, again at 10 seconds left (when it
 * started longer), and when it is cancelled. Not every second: a screen reader would talk over the call.
 */
export function useCountdownAnnouncements(
  closesAt: string | null | undefined,
  left: number | undefined,
  announce: (message: string) => void,
  /** Rooms still open: a deadline that ends while they are was cancelled (otherwise it fired). */
  running: boolean,
) {
  const announced = useRef<{ at: string | null; ten: boolean }>({ at: null, ten: false });
  useEffect(() => {
    const said = announced.current;
    if ((closesAt ?? null) === said.at) {
      if (closesAt && left !== undefined && left <= 10 && left > 0 && !said.ten) {
        announced.current = { at: closesAt, ten: true };
        announce(`Breakout rooms close in ${spoken(left)}.`);
      }
      return;
    }
    if (closesAt && left !== undefined) {
      announce(`Breakout rooms close in ${spoken(left)}. Everyone returns to the main meeting.`);
      announced.current = { at: closesAt, ten: left <= 10 };
    } else {
      if (said.at && running) announce('Closing the breakout rooms was cancelled.');
      announced.current = { at: null, ten: false };
    }
  }, [closesAt, left, announce, running]);
}
