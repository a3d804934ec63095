import 'server-only';
import { cookies } from 'next/headers';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { meetings } from '@/db/schema';
import { looksLikeToken } from '@/lib/auth/tokens';
import { participantCookieName } from './cookie';
import { findParticipantByToken, type ParticipantSession } from './service';

/**
 * The participant this browser holds a seat for in a main meeting, from that meeting's cookie; undefined
 * when there is no cookie, the token was replaced or removed, or it belongs to another meeting.
 */
export async function currentSeat(meetingId: string): Promise<ParticipantSession | undefined> {
  if (!z.uuid().safeParse(meetingId).success) return undefined;
  const token = (await cookies()).get(participantCookieName(meetingId))?.value;
  if (!token || !looksLikeToken('participant', token)) return undefined;
  const seat = await findParticipantByToken(token);
  return seat?.participant.meetingId === meetingId ? seat : undefined;
}

/** The title of the breakout room a seat is in now, or undefined while it is in the main meeting. */
export async function currentRoomTitle(seat: ParticipantSession): Promise<string | undefined> {
  const { currentMeetingId, meetingId } = seat.participant;
  if (currentMeetingId === meetingId) return undefined;
  const d = await db();
  const [room] = await d
    .select({ title: meetings.title })
    .from(meetings)
    .where(and(eq(meetings.id, currentMeetingId), eq(meetings.parentMeetingId, meetingId)));
  return room?.title;
}
