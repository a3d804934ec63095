// The breakout timer's arithmetic, pure and shared: the server decides with it when rooms are due to close
// and whether an adjustment is allowed; every page computes the time left and the warning with it from the
// state's `timer`, so a page loaded during the warning shows it at once (no event needed at the warning).

/** A breakout timer as the state and its `timer_updated` event carry it. */
export interface BreakoutTimer {
  /** When the rooms' time is up (ISO time). */
  ends_at: string;
  /** How many seconds before `ends_at` everyone sees "Rooms close in …". */
  warning_seconds: number;
  /** Whether the server closes every room at `ends_at` (otherwise the timer only warns). */
  auto_close: boolean;
}

/** The warning lengths a host can choose. */
export const WARNING_SECONDS = [10, 30, 60, 120] as const;
export const DEFAULT_WARNING_SECONDS = 60;
/** The shortest and longest timer. */
export const MIN_TIMER_SECONDS = 10;
export const MAX_TIMER_SECONDS = 24 * 3600;

/**
 * When the rooms close by themselves: the earlier of a close countdown and an auto-closing timer's end,
 * or null when neither is pending.
 */
export function dueAt(closesAt: Date | null, timer: BreakoutTimer | null): Date | null {
  const timerDue = timer?.auto_close ? new Date(timer.ends_at) : null;
  if (!closesAt) return timerDue;
  if (!timerDue) return closesAt;
  return closesAt < timerDue ? closesAt : timerDue;
}

export type Adjusted = { ok: true; endsAt: Date } | { ok: false; message: string };

/**
 * A running timer moved by `adjustSeconds` (+300 for "+5 min", -60 for "−1 min"). Refused when it would
 * leave less than MIN_TIMER_SECONDS (a shortening that closes rooms at once is a surprise; "close now" is
 * its own button) or more than MAX_TIMER_SECONDS.
 */
export function adjustEnd(endsAt: Date, adjustSeconds: number, now: Date): Adjusted {
  const next = new Date(endsAt.getTime() + adjustSeconds * 1000);
  const left = Math.round((next.getTime() - now.getTime()) / 1000);
  if (left < MIN_TIMER_SECONDS) {
    const has = Math.max(0, Math.ceil((endsAt.getTime() - now.getTime()) / 1000));
    return {
      ok: false,
      message: `The timer has ${has} s left; shortening it by ${-adjustSeconds} s would leave less than ${MIN_TIMER_SECONDS} s.`,
    };
  }
  if (left > MAX_TIMER_SECONDS) {
    return { ok: false, message: `A timer can run at most ${MAX_TIMER_SECONDS} s (24 hours) from now.` };
  }
  return { ok: true, endsAt: next };
}

export interface TimerPhase {
  /** Whole seconds left (0 once time is up). */
  left: number;
  /** Inside the warning window and not yet over: show "Rooms close in …" to everyone. */
  warning: boolean;
  /** Time is up. */
  over: boolean;
}

/** Where a timer stands at `now`. */
export function timerPhase(timer: BreakoutTimer, now: number): TimerPhase {
  const ms = Date.parse(timer.ends_at) - now;
  return phaseOf(timer, Math.max(0, Math.ceil(ms / 1000)));
}

/** Where a timer stands with `left` whole seconds to go. */
export function phaseOf(timer: Pick<BreakoutTimer, 'warning_seconds'>, left: number): TimerPhase {
  return { left, warning: left > 0 && left <= timer.warning_seconds, over: left === 0 };
}

/**
 * A length typed in minutes ("30", "0.5") as the timer endpoint takes it: undefined when blank (no
 * timer), or a message when it is not a length the server accepts.
 */
export function durationFromMinutes(minutes: string): number | undefined | string {
  if (minutes.trim() === '') return undefined;
  const seconds = Math.round(Number(minutes) * 60);
  if (!Number.isFinite(seconds) || seconds < MIN_TIMER_SECONDS || seconds > MAX_TIMER_SECONDS) {
    return `The timer must be between ${MIN_TIMER_SECONDS} seconds and 24 hours (in minutes: 0.5 is 30 seconds).`;
  }
  return seconds;
}
