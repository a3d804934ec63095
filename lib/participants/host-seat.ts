import 'server-only';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db';
import { participants } from '@/db/schema';
import type { Host } from '@/lib/auth/session';
import { AppError, isUniqueViolation } from '@/lib/errors';
import { getMeetingRow } from '@/lib/meetings/service';
import { addParticipant, regenerateParticipantToken } from './service';

export const HOST_PRESET = 'host';

const seatName = (host: Host) => (host.name?.trim() || host.email?.split('@')[0] || 'Host').slice(0, 100);

/**
 * The host's own seat in their main meeting, with a fresh token to put in the participant cookie: created
 * on first use with the `host` preset and the host's name, reused afterwards (a new token each time, so a
 * seat left open elsewhere is signed out and disconnected).
 */
export async function ensureHostSeat(
  host: Host,
  meetingId: string,
): Promise<{ meetingId: string; participantId: string; token: string }> {
  const meeting = await getMeetingRow(host.id, meetingId); // not found unless this host owns it
  const mainId = meeting.parentMeetingId ?? meeting.id;
  if (meeting.status !== 'ACTIVE') {
    throw new AppError('forbidden:meeting_inactive', 'This meeting is inactive. Make it active to join it.');
  }
  const existing = await hostSeatOf(mainId);
  if (existing) return reuse(host, mainId, existing);
  try {
    const created = await addParticipant(
      host.id,
      mainId,
      { name: seatName(host), preset_name: HOST_PRESET },
      { isHostSeat: true },
    );
    return { meetingId: mainId, participantId: created.id, token: created.token };
  } catch (err) {
    // Join clicked twice at once: the other request created the seat first (one per meeting, by index).
    const raced = isUniqueViolation(err) ? await hostSeatOf(mainId) : undefined;
    if (raced) return reuse(host, mainId, raced);
    if (err instanceof AppError && err.code === 'invalid:preset_name') {
      throw new AppError(
        'invalid:preset_name',
        `You join your meetings with the preset named "${HOST_PRESET}", and it no longer exists. Create a preset named "${HOST_PRESET}" first.`,
      );
    }
    throw err;
  }
}

async function hostSeatOf(mainId: string): Promise<string | undefined> {
  const d = await db();
  const [seat] = await d
    .select({ id: participants.id })
    .from(participants)
    .where(and(eq(participants.meetingId, mainId), eq(participants.isHostSeat, true)));
  return seat?.id;
}

async function reuse(host: Host, mainId: string, seatId: string) {
  const { token } = await regenerateParticipantToken(host.id, mainId, seatId);
  return { meetingId: mainId, participantId: seatId, token };
}
