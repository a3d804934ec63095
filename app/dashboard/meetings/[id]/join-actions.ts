'use server';

import { eq } from 'drizzle-orm';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { db } from '@/db';
import { participants } from '@/db/schema';
import type { FormState } from '@/lib/actions/form-state';
import { runAction } from '@/lib/actions/run-action';
import { moveParticipants } from '@/lib/breakout/commands';
import { resolveHelpRequest } from '@/lib/help/service';
import { participantCookieName, participantCookieOptions } from '@/lib/participants/cookie';
import { ensureHostSeat } from '@/lib/participants/host-seat';
import { uuidParam } from '@/lib/schemas';

const joinSchema = z.strictObject({
  meeting_id: uuidParam('meeting_id'),
  /** Join straight into this breakout room (the host's seat is moved there first). */
  room_id: uuidParam('room_id').optional(),
  /** Answering this help request: it is taken on the way in. */
  help_request_id: uuidParam('help_request_id').optional(),
});

/**
 * The host joins their own meeting: their seat's token goes in the meeting's cookie, then the call opens.
 * From a help request, the seat is first moved into the asking room and the request is taken, so one click
 * lands the host in that room.
 */
export async function joinMeetingAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runAction(form, {
    schema: joinSchema,
    run: async (host, { meeting_id, room_id, help_request_id }) => {
      const seat = await ensureHostSeat(host, meeting_id);
      if (room_id) {
        const d = await db();
        const [row] = await d
          .select({ at: participants.currentMeetingId })
          .from(participants)
          .where(eq(participants.id, seat.participantId));
        if (row && row.at !== room_id) {
          await moveParticipants({ kind: 'host', hostId: host.id }, seat.meetingId, {
            source_meeting_id: row.at,
            destination_meeting_id: room_id,
            participant_ids: [seat.participantId],
          });
        }
      }
      if (help_request_id) {
        await resolveHelpRequest(
          { kind: 'host', hostId: host.id, via: 'session' },
          seat.meetingId,
          help_request_id,
        );
      }
      (await cookies()).set(participantCookieName(seat.meetingId), seat.token, participantCookieOptions());
      redirect(`/m/${seat.meetingId}`);
    },
  });
}
