import 'server-only';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { AppError } from '@/lib/errors';
import { getTimer, setTimer } from './closes-at';
import { closeWhenDue } from './deadlines';
import type { BreakoutEvent } from './events';
import type { cancelTimerSchema, setTimerSchema, startTimerSchema } from './schemas';
import { runCommand, type BreakoutCaller } from './service';
import { adjustEnd, DEFAULT_WARNING_SECONDS, type BreakoutTimer } from './timer-clock';

// The breakout timer: a deadline row (breakout_states.timer_*) set by a host, announced to everyone as
// timer_updated, and, with auto_close, closed by the deadline machinery (deadlines.ts) exactly once at
// ends_at by whichever process sees it first. Warnings need no event: every page computes them from
// ends_at and warning_seconds (timer-clock.ts).

type In<S extends z.ZodType> = z.output<S>;

/** A new timer of `duration_seconds` from now, with the defaults for what is not given. */
export function newTimer(input: In<typeof startTimerSchema>, now = Date.now()): BreakoutTimer {
  return {
    ends_at: new Date(now + input.duration_seconds * 1000).toISOString(),
    warning_seconds: input.warning_seconds ?? DEFAULT_WARNING_SECONDS,
    auto_close: input.auto_close ?? true,
  };
}

/** Sets the timer inside a command (rooms must be open) and returns its event. */
export async function setTimerWithin(
  tx: Tx,
  mainMeetingId: string,
  timer: BreakoutTimer,
): Promise<BreakoutEvent> {
  await setTimer(tx, mainMeetingId, timer);
  return { type: 'timer_updated', payload: { timer } };
}

/** After commit: this process keeps a local timer for an auto-closing end (the database stays the truth). */
export function watchTimer(mainMeetingId: string, timer: BreakoutTimer | null) {
  if (timer?.auto_close) closeWhenDue(mainMeetingId, new Date(timer.ends_at));
}

/**
 * Sets, replaces or adjusts the breakout timer of running rooms. Refused with a 409 when no room is open,
 * and when adjusting with no timer running.
 */
export async function putTimer(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input: In<typeof setTimerSchema>,
): Promise<{ timer: BreakoutTimer }> {
  const result = await runCommand(
    caller,
    mainMeetingId,
    { kind: 'close_all' },
    { expectedVersion: input.expected_version },
    async (f) => {
      if (f.rooms.size === 0) {
        throw new AppError(
          'conflict:no_open_rooms',
          'No breakout room is open: start rooms first, then set their timer.',
        );
      }
      const current = await getTimer(f.tx, f.main.id);
      let timer: BreakoutTimer;
      if (input.duration_seconds !== undefined) {
        timer = newTimer({ ...input, duration_seconds: input.duration_seconds });
      } else {
        if (!current) {
          throw new AppError(
            'conflict:no_timer',
            'No timer is running to adjust: set one with duration_seconds.',
            'adjust_seconds',
          );
        }
        // adjust_seconds 0 changes only the warning or the switch (also once the time is up).
        const adjusted =
          input.adjust_seconds === 0
            ? { ok: true as const, endsAt: new Date(current.ends_at) }
            : adjustEnd(new Date(current.ends_at), input.adjust_seconds!, new Date());
        if (!adjusted.ok) throw new AppError('invalid', adjusted.message, 'adjust_seconds');
        timer = {
          ends_at: adjusted.endsAt.toISOString(),
          warning_seconds: input.warning_seconds ?? current.warning_seconds,
          auto_close: input.auto_close ?? current.auto_close,
        };
      }
      return { result: { timer }, events: [await setTimerWithin(f.tx, f.main.id, timer)] };
    },
  );
  watchTimer(mainMeetingId, result.timer);
  return result;
}

/** Cancels the breakout timer; the rooms stay open. Nothing running: nothing changes. */
export async function deleteTimer(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input?: In<typeof cancelTimerSchema>,
) {
  return runCommand(
    caller,
    mainMeetingId,
    { kind: 'close_all' },
    { expectedVersion: input?.expected_version },
    async (f) => {
      if (!(await getTimer(f.tx, f.main.id))) return { result: { cancelled: false }, events: [] };
      await setTimer(f.tx, f.main.id, null);
      return { result: { cancelled: true }, events: [{ type: 'timer_updated', payload: { timer: null } }] };
    },
  );
}
