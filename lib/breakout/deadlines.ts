import 'server-only';
import { and, isNotNull, or, sql } from 'drizzle-orm';
import { db } from '@/db';
import { breakoutStates } from '@/db/schema';
import { liveMeetingCount } from '@/lib/events/bus';
import { getDeadlines, NO_DEADLINES, writeBreakoutState } from './closes-at';
import type { BreakoutEvent } from './events';
import { dueAt } from './timer-clock';
import { closeRoomsWithin, MeetingBusy, runCommand } from './service';

// Rooms closing at a deadline ("close in 60 s", or a breakout timer with auto_close; the earlier wins). The deadline is a row
// (breakout_states.closes_at), not a timer: a host's page may close, and the process that took the
// command may stop. Every process looks for due rows (at start, then periodically) and keeps a local timer
// for the pending ones it knows of, so a close happens on time. Whichever process gets the main meeting's
// row first (FOR UPDATE SKIP LOCKED) closes the rooms and clears the deadline in that same transaction;
// any other finds it cleared and does nothing, so the rooms close exactly once.

/** How often a process with live meetings (or known deadlines) looks for deadlines in the database. */
export const DEADLINE_SWEEP_MS = 5000;
/** When another transaction holds the meeting at the deadline, try again this soon. */
const BUSY_RETRY_MS = 250;

export type CloseOutcome = 'closed' | 'not_due' | 'busy';

/**
 * Closes every open room of a main meeting if its deadline has passed at `now`. 'busy' when another
 * transaction holds the meeting (maybe another process closing them): try again later.
 */
export async function closeIfDue(mainMeetingId: string, now = new Date()): Promise<CloseOutcome> {
  try {
    return await runCommand(
      { kind: 'system' },
      mainMeetingId,
      { kind: 'close_all' },
      { skipLocked: true },
      async (f) => {
        const { closesAt, timer } = await getDeadlines(f.tx, f.main.id);
        const due = dueAt(closesAt, timer);
        if (!due || due > now) return { result: 'not_due' as const, events: [] };
        if (f.rooms.size === 0) {
          // Nothing left to close: the deadlines end without closing anything.
          const events: BreakoutEvent[] = [];
          if (closesAt) events.push({ type: 'rooms_closing_cancelled', payload: {} });
          if (timer) events.push({ type: 'timer_updated', payload: { timer: null } });
          await writeBreakoutState(f.tx, f.main.id, NO_DEADLINES);
          return { result: 'not_due' as const, events };
        }
        const out = await closeRoomsWithin(f, [...f.rooms.keys()]);
        return { result: 'closed' as const, ...out };
      },
    );
  } catch (err) {
    if (err instanceof MeetingBusy) return 'busy';
    throw err;
  }
}

const timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();

/** Keeps a local timer that closes the meeting's rooms at `at` (the database stays the truth). */
export function closeWhenDue(mainMeetingId: string, at: Date) {
  const known = timers.get(mainMeetingId);
  if (known?.at === at.getTime()) return;
  if (known) clearTimeout(known.timer);
  const fire = () => {
    timers.delete(mainMeetingId);
    closeIfDue(mainMeetingId).then(
      (outcome) => {
        if (outcome === 'busy') closeWhenDue(mainMeetingId, new Date(Date.now() + BUSY_RETRY_MS));
      },
      (err: unknown) => console.warn('Could not close breakout rooms at their deadline', err),
    );
  };
  // A few milliseconds late rather than early: the deadline is compared with this clock when it fires.
  const timer = setTimeout(fire, Math.max(0, at.getTime() - Date.now()) + 20);
  timer.unref();
  timers.set(mainMeetingId, { at: at.getTime(), timer });
}

let pendingKnown = 0;

/**
 * Looks up every pending deadline: closes the due ones now and keeps timers for the others. Returns how
 * many meetings this call closed.
 */
export async function sweepDeadlines(now = new Date()): Promise<number> {
  const d = await db();
  // A close countdown or an auto-closing timer: whichever ends first is the meeting's deadline.
  const due = sql<Date>`least(${breakoutStates.closesAt}, case when ${breakoutStates.timerAutoClose} then ${breakoutStates.timerEndsAt} end)`;
  const rows = await d
    .select({ id: breakoutStates.mainMeetingId, dueAt: due.mapWith(breakoutStates.closesAt) })
    .from(breakoutStates)
    .where(
      or(
        isNotNull(breakoutStates.closesAt),
        and(isNotNull(breakoutStates.timerEndsAt), breakoutStates.timerAutoClose),
      ),
    )
    .orderBy(due)
    .limit(500);
  pendingKnown = rows.length;
  let closed = 0;
  for (const { id, dueAt: at } of rows) {
    if (at > now) {
      closeWhenDue(id, at);
      continue;
    }
    const outcome = await closeIfDue(id, now);
    if (outcome === 'closed') closed++;
    if (outcome === 'busy') closeWhenDue(id, new Date(Date.now() + BUSY_RETRY_MS));
  }
  return closed;
}

let started = false;

/**
 * Starts this process's deadline sweeps: one at start (deadlines that passed while no process ran), then
 * every `everyMs` while this process serves a live meeting or knows of a pending deadline (an idle
 * process leaves a Neon database asleep).
 */
export function startDeadlineSweeps(everyMs = DEADLINE_SWEEP_MS) {
  if (started) return;
  started = true;
  const sweep = () =>
    void sweepDeadlines().catch((err: unknown) => console.warn('Could not sweep breakout deadlines', err));
  setTimeout(sweep, 0).unref();
  setInterval(() => {
    if (liveMeetingCount() > 0 || pendingKnown > 0) sweep();
  }, everyMs).unref();
}
