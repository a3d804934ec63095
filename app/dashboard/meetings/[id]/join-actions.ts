'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { runAction } from '@/lib/actions/run-action';
import { participantCookieName, participantCookieOptions } from '@/lib/participants/cookie';
import { ensureHostSeat } from '@/lib/participants/host-seat';
import { uuidParam } from '@/lib/schemas';

/** The host joins their own meeting: their seat's token goes in the meeting's cookie, then the call opens. */
export async function joinMeetingAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runAction(form, {
    schema: z.strictObject({ meeting_id: uuidParam('meeting_id') }),
    run: async (host, { meeting_id }) => {
      const seat = await ensureHostSeat(host, meeting_id);
      (await cookies()).set(participantCookieName(seat.meetingId), seat.token, participantCookieOptions());
      redirect(`/m/${seat.meetingId}`);
    },
  });
}
