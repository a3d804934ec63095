import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { participants } from '@/db/schema';
import { connectedRooms } from '@/lib/livekit/service';
import { getMeetingRow } from '@/lib/meetings/service';

/** Participants of this host's meeting who are connected to media now, each with the room they are in. */
export async function meetingPresence(hostId: string, meetingId: string): Promise<Record<string, string>> {
  const meeting = await getMeetingRow(hostId, meetingId);
  const d = await db();
  const rows = await d
    .select({ id: participants.id })
    .from(participants)
    .where(eq(participants.meetingId, meeting.parentMeetingId ?? meeting.id));
  return Object.fromEntries(await connectedRooms(rows.map((r) => r.id)));
}
