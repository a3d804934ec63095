import { z } from 'zod';
import { textField } from '@/lib/schemas';

// Request bodies of the moderation endpoints, in RealtimeKit's shapes where it has them.

const ids = (field: string) =>
  z
    .array(z.uuid({ error: `${field} must hold participant ids (UUIDs)` }), {
      error: `${field} must be an array`,
    })
    .max(500, `${field} may name at most 500 people`)
    .default([]);
const customIds = z
  .array(textField('custom_participant_ids[]', 255), {
    error: 'custom_participant_ids must be an array of strings',
  })
  .max(500, 'custom_participant_ids may name at most 500 people')
  .default([]);

const named = (v: { participant_ids: string[]; custom_participant_ids: string[] }) =>
  v.participant_ids.length + v.custom_participant_ids.length > 0;
const nameSomeone = 'name at least one person in participant_ids or custom_participant_ids';

/** `…/active-session/mute` and `…/mute-video`: whom, by id or custom id. */
export const targetsSchema = z
  .strictObject({ participant_ids: ids('participant_ids'), custom_participant_ids: customIds })
  .refine(named, { message: nameSomeone, path: ['participant_ids'] });

/** `…/active-session/kick`; `remove_from_meeting` also deletes their seat, so their link stops working. */
export const kickSchema = z
  .strictObject({
    participant_ids: ids('participant_ids'),
    custom_participant_ids: customIds,
    remove_from_meeting: z.boolean({ error: 'remove_from_meeting must be true or false' }).default(false),
  })
  .refine(named, { message: nameSomeone, path: ['participant_ids'] });

/** `…/active-session/mute-all`. */
export const muteAllSchema = z.strictObject({
  allow_unmute: z.boolean({ error: 'allow_unmute must be true or false' }).default(true),
});

/** `…/active-session/spotlight`: a participant of this meeting, or null to clear it. */
export const spotlightSchema = z.strictObject({
  participant_id: z.uuid({ error: 'participant_id must be a participant id (UUID) or null' }).nullable(),
});

export type Targets = z.output<typeof targetsSchema>;
