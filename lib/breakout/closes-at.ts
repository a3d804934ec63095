import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { breakoutStates } from '@/db/schema';
import type { BreakoutTimer } from './timer-clock';

// "Rooms close at": one deadline per main meeting, kept in breakout_states.closes_at. A host's close
// countdown sets it now; a breakout timer can set it the same way. Read and written only inside a command
// holding the main meeting's lock.

/** Sets or clears when every open room closes by itself. */
export async function setClosesAt(tx: Tx, mainMeetingId: string, closesAt: Date | null) {
  await tx
    .insert(breakoutStates)
    .values({ mainMeetingId, closesAt })
    .onConflictDoUpdate({ target: breakoutStates.mainMeetingId, set: { closesAt, updatedAt: new Date() } });
}

/** The pending "rooms close at" of a main meeting, read inside its command. */
export async function getClosesAt(tx: Tx, mainMeetingId: string): Promise<Date | null> {
  const [row] = await tx
    .select({ closesAt: breakoutStates.closesAt })
    .from(breakoutStates)
    .where(eq(breakoutStates.mainMeetingId, mainMeetingId));
  return row?.closesAt ?? null;
}

/** The pending timer of a main meeting, read inside its command. */
export async function getTimer(tx: Tx, mainMeetingId: string): Promise<BreakoutTimer | null> {
  const [row] = await tx
    .select({
      endsAt: breakoutStates.timerEndsAt,
      warning: breakoutStates.timerWarningSeconds,
      autoClose: breakoutStates.timerAutoClose,
    })
    .from(breakoutStates)
    .where(eq(breakoutStates.mainMeetingId, mainMeetingId));
  return timerOf(row);
}

/** A row's timer columns as the state carries them (null when no timer is set). */
export function timerOf(
  row: { endsAt: Date | null; warning: number | null; autoClose: boolean | null } | undefined,
): BreakoutTimer | null {
  if (!row?.endsAt) return null;
  return {
    ends_at: row.endsAt.toISOString(),
    warning_seconds: row.warning ?? 60,
    auto_close: !!row.autoClose,
  };
}

/** Sets, replaces or (with null) clears the breakout timer. */
export async function setTimer(tx: Tx, mainMeetingId: string, timer: BreakoutTimer | null) {
  const set = {
    timerEndsAt: timer ? new Date(timer.ends_at) : null,
    timerWarningSeconds: timer?.warning_seconds ?? null,
    timerAutoClose: timer?.auto_close ?? null,
  };
  await tx
    .insert(breakoutStates)
    .values({ mainMeetingId, ...set })
    .onConflictDoUpdate({ target: breakoutStates.mainMeetingId, set: { ...set, updatedAt: new Date() } });
}
