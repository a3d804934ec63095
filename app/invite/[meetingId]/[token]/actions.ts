'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { errorState, formValues, invalidState } from '@/lib/actions/run-action';
import { clientIp } from '@/lib/limits/client-ip';
import { joinByInvite } from '@/lib/meetings/invite';
import { participantCookieName, participantCookieOptions } from '@/lib/participants/cookie';
import { guestNameSchema } from '@/lib/schemas';

const schema = z.strictObject({
  meeting_id: z.string().max(100),
  token: z.string().max(200),
  name: guestNameSchema,
});

/** A guest joins through the meeting's invite link: a new seat with the link's preset, then the meeting. */
export async function joinByInviteAction(_prev: FormState, form: FormData): Promise<FormState> {
  // No host here: the invite token is the authority, and joinByInvite checks it again.
  const values = formValues(form);
  const parsed = schema.safeParse(values);
  if (!parsed.success) return invalidState(parsed.error, values);
  let seat: { meetingId: string; token: string };
  try {
    const ip = clientIp(await headers());
    seat = await joinByInvite(parsed.data.meeting_id, parsed.data.token, parsed.data.name, ip);
  } catch (err) {
    return errorState(err, values);
  }
  (await cookies()).set(participantCookieName(seat.meetingId), seat.token, participantCookieOptions());
  redirect(`/m/${seat.meetingId}`);
}
