import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { breakoutStates } from '@/db/schema';
import type { BreakoutTimer } from './timer-clock';

// A main meeting's breakout_states row: the one writer every command uses for its columns, and the two
// deadlines kept there (a host's close countdown in `closes_at`, the breakout timer in `timer_*`). Read
// and written only inside a command holding the main meeting's lock.

/** Columns of a main meeting's breakout_states row that commands write. */
export type BreakoutStateColumns = Partial<
  Omit<typeof breakoutStates.$inferInsert, 'mainMeetingId' | 'updatedAt'>
>;

/** Writes some columns of a main meeting's breakout_states row, creating the row when it is missing. */
export async function writeBreakoutState(tx: Tx, mainMeetingId: string, set: BreakoutStateColumns) {
  await tx
    .insert(breakoutStates)
    .values({ mainMeetingId, ...set })
    .onConflictDoUpdate({ target: breakoutStates.mainMeetingId, set: { ...set, updatedAt: new Date() } });
}

/** No pending close and no timer. */
export const NO_DEADLINES = {
  closesAt: null,
  timerEndsAt: null,
  timerWarningSeconds: null,
  timerAutoClose: null,
} satisfies BreakoutStateColumns;

/** Sets or clears when every open room closes by itself. */
export const setClosesAt = (tx: Tx, mainMeetingId: string, closesAt: Date | null) =>
  writeBreakoutState(tx, mainMeetingId, { closesAt });

/** Both deadlines of a main meeting in one read: the pending close and the timer. */
export async function getDeadlines(tx: Tx, mainMeetingId: string) {
  const [row] = await tx
    .select({
      closesAt: breakoutStates.closesAt,
      endsAt: breakoutStates.timerEndsAt,
      warning: breakoutStates.timerWarningSeconds,
      autoClose: breakoutStates.timerAutoClose,
    })
    .from(breakoutStates)
    .where(eq(breakoutStates.mainMeetingId, mainMeetingId));
  return { closesAt: row?.closesAt ?? null, timer: timerOf(row) };
}

/** The pending "rooms close at" of a main meeting, read inside its command. */
export const getClosesAt = async (tx: Tx, mainMeetingId: string): Promise<Date | null> =>
  (await getDeadlines(tx, mainMeetingId)).closesAt;

/** The pending timer of a main meeting, read inside its command. */
export const getTimer = async (tx: Tx, mainMeetingId: string): Promise<BreakoutTimer | null> =>
  (await getDeadlines(tx, mainMeetingId)).timer;

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
export const setTimer = (tx: Tx, mainMeetingId: string, timer: BreakoutTimer | null) =>
  writeBreakoutState(tx, mainMeetingId, {
    timerEndsAt: timer ? new Date(timer.ends_at) : null,
    timerWarningSeconds: timer?.warning_seconds ?? null,
    timerAutoClose: timer?.auto_close ?? null,
  });
