import 'server-only';
import { eq, or } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { meetings, type EventActor } from '@/db/schema';
import { publish } from '@/lib/events/bus';
import { appendRoomEvents } from '@/lib/events/log';
import { deleteMediaRooms } from './media';

/**
 * Ends a main meeting's session for everyone, inside the caller's transaction (which holds the main
 * meeting's lock): the meeting and all its rooms become inactive (no token, no chat, no join) and a
 * `meeting_ended` event tells every page. Returns what to do after commit: wake the stream, then close
 * every media room of the family, which disconnects whoever is still in one.
 */
export async function endSession(tx: Tx, mainMeetingId: string, actor: EventActor) {
  const family = await tx
    .update(meetings)
    .set({ status: 'INACTIVE', spotlightParticipantId: null, audioLocked: false, updatedAt: new Date() })
    .where(or(eq(meetings.id, mainMeetingId), eq(meetings.parentMeetingId, mainMeetingId)))
    .returning({ id: meetings.id });
  await appendRoomEvents(tx, mainMeetingId, actor, [
    { type: 'meeting_ended', payload: { meeting_id: mainMeetingId } },
  ]);
  return async () => {
    await publish(mainMeetingId);
    await deleteMediaRooms(family.map((m) => m.id));
  };
}

/** Who is in the spotlight in a meeting or room now (null: nobody). */
export async function spotlightIn(meetingId: string): Promise<string | null> {
  const d = await db();
  const [row] = await d
    .select({ id: meetings.spotlightParticipantId })
    .from(meetings)
    .where(eq(meetings.id, meetingId));
  return row?.id ?? null;
}
