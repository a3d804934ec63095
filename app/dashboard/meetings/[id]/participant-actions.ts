'use server';

import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { runAction } from '@/lib/actions/run-action';
import {
  addParticipant,
  regenerateParticipantToken,
  removeParticipant,
  updateParticipant,
} from '@/lib/participants/service';
import { addParticipantSchema, tagsTextSchema, uuidParam } from '@/lib/schemas';

const ids = { meeting_id: uuidParam('meeting_id'), participant_id: uuidParam('participant_id') };
const meetingPage = (input: { meeting_id: string }) => [`/dashboard/meetings/${input.meeting_id}`];

export interface NewLink {
  id: string;
  join_url: string;
}

export type AddedParticipant = NewLink & { name: string };

/** Adds a participant; the answer carries their join link (shown again whenever the page is drawn). */
export async function addParticipantAction(
  _prev: FormState<AddedParticipant>,
  form: FormData,
): Promise<FormState<AddedParticipant>> {
  return runAction(form, {
    schema: addParticipantSchema.extend({ meeting_id: ids.meeting_id }),
    optional: ['custom_participant_id', 'picture'],
    run: async (host, { meeting_id, ...input }) => {
      const p = await addParticipant(host.id, meeting_id, input);
      return { id: p.id, join_url: p.join_url, name: p.name };
    },
    revalidate: meetingPage,
    message: (p) => `${p.name} was added. Their join link is below.`,
  });
}

export async function updateParticipantAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runAction(form, {
    schema: addParticipantSchema
      .pick({ name: true, preset_name: true })
      .extend({ ...ids, tags: tagsTextSchema.optional() }),
    run: async (host, { meeting_id, participant_id, ...input }) => {
      await updateParticipant(host.id, meeting_id, participant_id, input);
    },
    revalidate: meetingPage,
    message: () => 'Participant saved.',
  });
}

/** A new join link: the old one stops working at once. */
export async function newLinkAction(_prev: FormState<NewLink>, form: FormData): Promise<FormState<NewLink>> {
  return runAction(form, {
    schema: z.strictObject(ids),
    run: async (host, { meeting_id, participant_id }) => {
      const t = await regenerateParticipantToken(host.id, meeting_id, participant_id);
      return { id: t.id, join_url: t.join_url };
    },
    revalidate: meetingPage,
    message: () => 'New join link made. The old link no longer works.',
  });
}

export async function removeParticipantAction(
  _prev: FormState<string>,
  form: FormData,
): Promise<FormState<string>> {
  return runAction(form, {
    schema: z.strictObject(ids),
    run: async (host, { meeting_id, participant_id }) => {
      const p = await removeParticipant(host.id, meeting_id, participant_id);
      return p.name;
    },
    revalidate: meetingPage,
    message: (name) => `${name} was removed. Their link no longer works.`,
  });
}
