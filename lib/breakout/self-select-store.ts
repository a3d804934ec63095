import 'server-only';
import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '@/db';
import { breakoutStates } from '@/db/schema';
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
export async function setSelfSelect(tx: Tx, mainMeetingId: string, s: SelfSelect) {
  const set = { selfSelectEnabled: s.enabled, selfSelectCapacity: s.capacity };
  await tx
    .insert(breakoutStates)
    .values({ mainMeetingId, ...set })
    .onConflictDoUpdate({ target: breakoutStates.mainMeetingId, set: { ...set, updatedAt: new Date() } });
}

/** Closes choosing (when the last room closes; the reducer does the same on meetings_deleted). */
export const closeSelfSelect = (tx: Tx, mainMeetingId: string) =>
  setSelfSelect(tx, mainMeetingId, { enabled: false, capacity: null });

/** Turns placing late joiners by the server on or off. */
export async function setAutoPlace(tx: Tx, mainMeetingId: string, autoPlace: boolean) {
  await tx
    .insert(breakoutStates)
    .values({ mainMeetingId, lateJoinersAutoPlace: autoPlace })
    .onConflictDoUpdate({
      target: breakoutStates.mainMeetingId,
      set: { lateJoinersAutoPlace: autoPlace, updatedAt: new Date() },
    });
}
