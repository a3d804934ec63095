'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { runAction } from '@/lib/actions/run-action';
import { createMeeting, updateMeeting, type MeetingDto } from '@/lib/meetings/service';
import { createMeetingSchema, meetingStatusSchema, uuidParam } from '@/lib/schemas';

const meetingId = { meeting_id: uuidParam('meeting_id') };
/** A checkbox: sent as "on" when ticked, absent when not. */
const ticked = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true');

/** Creates a meeting and opens it, so the host can add participants next. */
export async function createMeetingAction(_prev: FormState<MeetingDto>, form: FormData) {
  const state = await runAction(form, {
    schema: createMeetingSchema.pick({ title: true }).extend({ record_on_start: ticked }),
    run: (host, input) => createMeeting(host.id, { ...input, status: 'ACTIVE' }),
    revalidate: () => ['/dashboard'],
  });
  if (state.status === 'ok') redirect(`/dashboard/meetings/${state.data.id}`);
  return state;
}

export async function renameMeetingAction(_prev: FormState<MeetingDto>, form: FormData) {
  return runAction(form, {
    schema: createMeetingSchema.pick({ title: true }).extend(meetingId),
    run: (host, { meeting_id, title }) => updateMeeting(host.id, meeting_id, { title }),
    revalidate: (input) => ['/dashboard', `/dashboard/meetings/${input.meeting_id}`],
    message: (m) => `Title saved: “${m.title}”.`,
  });
}

export async function setMeetingStatusAction(_prev: FormState<MeetingDto>, form: FormData) {
  return runAction(form, {
    schema: z.object({ ...meetingId, status: meetingStatusSchema }),
    run: (host, { meeting_id, status }) => updateMeeting(host.id, meeting_id, { status }),
    revalidate: (input) => ['/dashboard', `/dashboard/meetings/${input.meeting_id}`],
    message: (m) =>
      m.status === 'ACTIVE'
        ? 'The meeting is active: participants can join with their links.'
        : 'The meeting is inactive: join links do not work until you activate it again.',
  });
}

/** Whether the meeting and its rooms start recording by themselves when their first person arrives. */
export async function setRecordOnStartAction(_prev: FormState<MeetingDto>, form: FormData) {
  return runAction(form, {
    schema: z.object({ ...meetingId, record_on_start: ticked }),
    run: (host, { meeting_id, record_on_start }) => updateMeeting(host.id, meeting_id, { record_on_start }),
    revalidate: (input) => [`/dashboard/meetings/${input.meeting_id}`],
    message: (m) =>
      m.record_on_start
        ? 'Recording starts by itself: each room when its first person arrives.'
        : 'Recording no longer starts by itself. Hosts start it when they want.',
  });
}
