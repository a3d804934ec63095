import 'server-only';
import { count, eq, inArray } from 'drizzle-orm';
import { breakoutStates, meetings, type BreakoutDraft } from '@/db/schema';
import type { Db, Tx } from '@/db';
import { plannedRoomOf } from './planned-rooms';

/** How many rooms this main meeting has had (open, closed): the generation of its planned room ids. */
export async function roomGeneration(tx: Tx | Db, mainMeetingId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(meetings)
    .where(eq(meetings.parentMeetingId, mainMeetingId));
  return Number(row?.n ?? 0);
}

/**
 * For each of these participants in their main meeting, the planned id of the room the host's draft
 * assigns them to (lib/breakout/planned-rooms.ts); participants without one are left out.
 */
export async function plannedRoomsOf(
  tx: Tx | Db,
  seats: Array<{ participantId: string; mainMeetingId: string }>,
): Promise<Map<string, string>> {
  const mains = [...new Set(seats.map((s) => s.mainMeetingId))];
  if (mains.length === 0) return new Map();
  const drafts = await tx
    .select({ id: breakoutStates.mainMeetingId, draft: breakoutStates.draft })
    .from(breakoutStates)
    .where(inArray(breakoutStates.mainMeetingId, mains));
  const withDraft = new Map<string, BreakoutDraft>();
  for (const d of drafts) if (d.draft && d.draft.rooms.length > 0) withDraft.set(d.id, d.draft);
  if (withDraft.size === 0) return new Map();
  const generations = await tx
    .select({ id: meetings.parentMeetingId, n: count() })
    .from(meetings)
    .where(inArray(meetings.parentMeetingId, [...withDraft.keys()]))
    .groupBy(meetings.parentMeetingId);
  const generation = new Map(generations.map((g) => [g.id!, Number(g.n)]));
  const out = new Map<string, string>();
  for (const s of seats) {
    const draft = withDraft.get(s.mainMeetingId);
    const room = plannedRoomOf(draft, s.mainMeetingId, generation.get(s.mainMeetingId) ?? 0, s.participantId);
    if (room) out.set(s.participantId, room);
  }
  return out;
}
