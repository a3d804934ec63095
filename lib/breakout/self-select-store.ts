import 'server-only';
import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '@/db';
import { breakoutStates } from '@/db/schema';
import { writeBreakoutState, type BreakoutStateColumns } from './closes-at';
import type { SelfSelect } from './events';

// The "let participants choose" and late-joiner settings of a main meeting, kept in breakout_states.
// Written only inside a command holding the main meeting's lock.

export interface BreakoutSettings {
  selfSelect: SelfSelect;
  autoPlace: boolean;
}

/** The self-select and late-joiner settings of a main meeting (all off when none were set). */
export async function getBreakoutSettings(q: Queryable, mainMeetingId: string): Promise<BreakoutSettings> {
  const [row] = await q
    .select({
      enabled: breakoutStates.selfSelectEnabled,
      capacity: breakoutStates.selfSelectCapacity,
      autoPlace: breakoutStates.lateJoinersAutoPlace,
    })
    .from(breakoutStates)
    .where(eq(breakoutStates.mainMeetingId, mainMeetingId));
  return {
    selfSelect: { enabled: row?.enabled ?? false, capacity: row?.capacity ?? null },
    autoPlace: row?.autoPlace ?? false,
  };
}

/** Opens or closes choosing, with its seats per room. */
export const setSelfSelect = (tx: Tx, mainMeetingId: string, s: SelfSelect) =>
  writeBreakoutState(tx, mainMeetingId, { selfSelectEnabled: s.enabled, selfSelectCapacity: s.capacity });

/** Choosing closed (as it is once the last room closes; the reducer does the same on meetings_deleted). */
export const SELF_SELECT_CLOSED = {
  selfSelectEnabled: false,
  selfSelectCapacity: null,
} satisfies BreakoutStateColumns;

/** Turns placing late joiners by the server on or off. */
export const setAutoPlace = (tx: Tx, mainMeetingId: string, autoPlace: boolean) =>
  writeBreakoutState(tx, mainMeetingId, { lateJoinersAutoPlace: autoPlace });
