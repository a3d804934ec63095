import 'server-only';
import { cookies } from 'next/headers';
import { z } from 'zod';
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
