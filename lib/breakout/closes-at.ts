import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { breakoutStates } from '@/db/schema';

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
