'use server';

import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { runAction } from '@/lib/actions/run-action';
import { setInvite, type InviteDto } from '@/lib/meetings/invite';
import { inviteSchema, uuidParam } from '@/lib/schemas';

const schema = z.strictObject({
  meeting_id: uuidParam('meeting_id'),
  intent: z.enum(['on', 'off', 'regenerate'], { error: 'Choose what to do with the invite link.' }),
  preset_name: inviteSchema.shape.preset_name,
  guest_limit: z.coerce
    .number({ error: 'Enter the most guests as a whole number.' })
    .pipe(inviteSchema.shape.guest_limit.unwrap().unwrap())
    .optional(),
});

const MESSAGES = {
  on: 'The invite link is on. Anyone who has it can join as a guest.',
  off: 'The invite link is off. Copies of it no longer work.',
  regenerate: 'New invite link made. The old one no longer works.',
} as const;

/** Turns the meeting's invite link on (or changes its preset), makes a new one, or turns it off. */
export async function inviteAction(
  _prev: FormState<InviteDto>,
  form: FormData,
): Promise<FormState<InviteDto>> {
  return runAction(form, {
    schema,
    optional: ['preset_name', 'guest_limit'],
    run: (host, input) =>
      setInvite(host.id, input.meeting_id, {
        enabled: input.intent !== 'off',
        preset_name: input.preset_name,
        regenerate: input.intent === 'regenerate',
        guest_limit: input.guest_limit,
      }),
    revalidate: (input) => [`/dashboard/meetings/${input.meeting_id}`],
    message: (_invite, input) => MESSAGES[input.intent],
  });
}
