'use client';

import { useEffect, useRef } from 'react';
import { phaseOf, type BreakoutTimer } from '@/lib/breakout/timer-clock';
import { clock, spoken, useSecondsLeft } from './countdown';

/** Where the breakout timer stands now, ticking; undefined when none runs. */
export function useTimerPhase(timer: BreakoutTimer | null | undefined) {
  // useSecondsLeft re-renders four times a second while a timer runs.
  const left = useSecondsLeft(timer?.ends_at);
  if (!timer || left === undefined) return undefined;
  return phaseOf(timer, left);
}

/**
 * Announces the timer in a live region (WCAG 2.2 SC 4.1.3): when it is set or changed, once when the
 * warning starts (also on a page loaded during it), and when it is cancelled while rooms still run.
 */
export function useTimerAnnouncements(
  timer: BreakoutTimer | null | undefined,
  announce: (message: string) => void,
  running: boolean,
) {
  const phase = useTimerPhase(timer);
  const said = useRef<{ key: string | null; warned: boolean }>({ key: null, warned: false });
  const key = timer ? `${timer.ends_at}|${timer.warning_seconds}|${timer.auto_close}` : null;
  useEffect(() => {
    const before = said.current;
    if (key !== before.key) {
      if (timer && phase && !phase.over) {
        if (phase.warning) announce(warningText(timer, phase.left));
        else
          announce(
            `Breakout timer: ${spoken(phase.left)} left${timer.auto_close ? '' : ' (rooms stay open)'}.`,
          );
        said.current = { key, warned: phase.warning };
      } else {
        if (!timer && before.key && running) announce('The breakout timer was cancelled.');
        said.current = { key, warned: false };
      }
      return;
    }
    if (timer && phase?.warning && !before.warned) {
      said.current = { key, warned: true };
      announce(warningText(timer, phase.left));
    }
  }, [key, timer, phase, announce, running]);
}

const warningText = (timer: BreakoutTimer, left: number) =>
  timer.auto_close
    ? `Rooms close in ${spoken(left)}. Everyone returns to the main meeting.`
    : `Breakout time is up in ${spoken(left)}.`;

/**
 * The timer in a room banner: the time left, and during the warning "Rooms close in 0:09" highlighted
 * (or "Time is up in …" when the rooms stay open). The live region of the page speaks it; this is what
 * everyone sees.
 */
export function TimerBadge({
  timer,
  tone = 'dark',
}: {
  timer: BreakoutTimer | null;
  tone?: 'dark' | 'light';
}) {
  const phase = useTimerPhase(timer);
  if (!timer || !phase) return null;
  const base = 'rounded-md px-2.5 py-1 text-sm tabular-nums';
  if (phase.over) {
    return (
      <p data-testid="breakout-timer" className={`${base} bg-slate-200 font-semibold text-slate-900`}>
        {timer.auto_close ? 'Rooms are closing…' : 'Breakout time is up'}
      </p>
    );
  }
  if (phase.warning) {
    return (
      <p data-testid="breakout-timer" className={`${base} bg-amber-400 font-semibold text-slate-950`}>
        {timer.auto_close ? 'Rooms close in ' : 'Time is up in '}
        {clock(phase.left)}
        {timer.auto_close && <span className="font-normal"> · everyone returns to the main meeting</span>}
      </p>
    );
  }
  return (
    <p
      data-testid="breakout-timer"
      className={`${base} ${tone === 'dark' ? 'bg-slate-700 text-white' : 'bg-slate-100 text-slate-900'}`}
    >
      Time left <strong className="font-semibold">{clock(phase.left)}</strong>
    </p>
  );
}
