import 'server-only';
import { z } from 'zod';
import { createMeeting, getMeeting, listMeetings, updateMeeting } from '@/lib/meetings/service';
import { pagingQuerySchema } from '@/lib/paging';
import {
  addParticipant,
  getParticipant,
  getParticipantLink,
  listParticipants,
  regenerateParticipantToken,
  removeParticipant,
  updateParticipant,
} from '@/lib/participants/service';
import { createPreset, deletePreset, getPreset, listPresets, updatePreset } from '@/lib/presets/service';
import {
  addParticipantSchema,
  createMeetingSchema,
  createPresetSchema,
  listMeetingsQuerySchema,
  updateMeetingSchema,
  updateParticipantSchema,
  updatePresetSchema,
  uuidParam,
} from '@/lib/schemas';
import {
  listenTokenDto,
  mediaTokenDto,
  warmMediaTokenDto,
  meetingDto,
  participantDto,
  participantWithTokenDto,
  presetDto,
  tokenDto,
} from './dto-schemas';
import { endpoint, type Endpoint } from './router';
import { breakoutEndpoints } from './breakout-endpoints';
import { moderationEndpoints } from './moderation-endpoints';
import { planEndpoints } from './plan-endpoints';
import { recordingEndpoints } from './recording-endpoints';
import { roomEndpoints } from './room-endpoints';
import { sessionEndpoints } from './session-endpoints';
import { webhookEndpoints } from './webhook-endpoints';
import { mediaTokenOnJoin } from '@/lib/breakout/late-joiners';
import { mintListenToken } from '@/lib/livekit/listen';
import { mintWarmToken } from '@/lib/livekit/service';

const listenTokenSchema = z
  .strictObject({
    mode: z
      .enum(['listen', 'observe'], { error: 'mode must be "listen" or "observe"' })
      .optional()
      .describe('listen (default): hear the room; observe: subscribe to nothing, read who speaks'),
  })
  .optional();

const presetParams = z.object({ preset_id: uuidParam('preset_id') });
const meetingParams = z.object({ meeting_id: uuidParam('meeting_id') });
const participantParams = meetingParams.extend({ participant_id: uuidParam('participant_id') });

/** Every REST endpoint: the router serves them and the OpenAPI document describes them. */
export const endpoints: Endpoint[] = [
  endpoint({
    method: 'POST',
    path: '/presets',
    operationId: 'createPreset',
    conflict: 'A preset with this name exists (`conflict:preset_name`).',
    tag: 'Presets',
    summary: 'Create a preset',
    body: createPresetSchema,
    response: presetDto,
    status: 201,
    handler: ({ caller, body }) => createPreset(caller.hostId, body),
  }),
  endpoint({
    method: 'GET',
    path: '/presets',
    operationId: 'listPresets',
    tag: 'Presets',
    summary: 'List presets',
    query: pagingQuerySchema,
    response: z.array(presetDto),
    paged: true,
    handler: ({ caller, query }) => listPresets(caller.hostId, query),
  }),
  endpoint({
    method: 'GET',
    path: '/presets/{preset_id}',
    operationId: 'getPreset',
    tag: 'Presets',
    summary: 'Get a preset',
    params: presetParams,
    response: presetDto,
    handler: ({ caller, params }) => getPreset(caller.hostId, params.preset_id),
  }),
  endpoint({
    method: 'PATCH',
    path: '/presets/{preset_id}',
    operationId: 'updatePreset',
    conflict: 'A preset with this name exists (`conflict:preset_name`).',
    tag: 'Presets',
    summary: 'Rename a preset or change some of its permissions',
    params: presetParams,
    body: updatePresetSchema,
    response: presetDto,
    handler: ({ caller, params, body }) => updatePreset(caller.hostId, params.preset_id, body),
  }),
  endpoint({
    method: 'DELETE',
    path: '/presets/{preset_id}',
    operationId: 'deletePreset',
    conflict: 'Participants or pending moves still use this preset (`conflict:preset_in_use`).',
    tag: 'Presets',
    summary: 'Delete a preset nobody uses',
    params: presetParams,
    response: presetDto,
    handler: ({ caller, params }) => deletePreset(caller.hostId, params.preset_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings',
    operationId: 'createMeeting',
    tag: 'Meetings',
    summary: 'Create a meeting',
    body: createMeetingSchema,
    response: meetingDto,
    status: 201,
    handler: ({ caller, body }) => createMeeting(caller.hostId, body),
  }),
  endpoint({
    method: 'GET',
    path: '/meetings',
    operationId: 'listMeetings',
    tag: 'Meetings',
    summary: 'List main meetings, newest first',
    query: listMeetingsQuerySchema,
    response: z.array(meetingDto),
    paged: true,
    handler: ({ caller, query }) => listMeetings(caller.hostId, query),
  }),
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}',
    operationId: 'getMeeting',
    tag: 'Meetings',
    summary: 'Get a meeting',
    params: meetingParams,
    response: meetingDto,
    handler: ({ caller, params }) => getMeeting(caller.hostId, params.meeting_id),
  }),
  endpoint({
    method: 'PATCH',
    path: '/meetings/{meeting_id}',
    operationId: 'updateMeeting',
    tag: 'Meetings',
    summary: 'Change the title or status (no one joins an INACTIVE meeting)',
    params: meetingParams,
    body: updateMeetingSchema,
    response: meetingDto,
    handler: ({ caller, params, body }) => updateMeeting(caller.hostId, params.meeting_id, body),
  }),
  endpoint({
    method: 'PUT',
    path: '/meetings/{meeting_id}',
    operationId: 'replaceMeeting',
    tag: 'Meetings',
    summary: 'Replace a meeting: every field is set, absent ones to their defaults',
    params: meetingParams,
    body: createMeetingSchema,
    response: meetingDto,
    handler: ({ caller, params, body }) =>
      updateMeeting(
        caller.hostId,
        params.meeting_id,
        { ...body, record_on_start: body.record_on_start ?? false },
        { replace: true },
      ),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/participants',
    operationId: 'addParticipant',
    conflict:
      'Another participant of this meeting has this `custom_participant_id` (`conflict:custom_participant_id`).',
    tag: 'Participants',
    summary: 'Add a participant; the answer holds their token and join link',
    params: meetingParams,
    body: addParticipantSchema,
    response: participantWithTokenDto,
    status: 201,
    handler: ({ caller, params, body }) => addParticipant(caller.hostId, params.meeting_id, body),
  }),
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}/participants',
    operationId: 'listParticipants',
    tag: 'Participants',
    summary: 'List participants',
    params: meetingParams,
    query: pagingQuerySchema,
    response: z.array(participantDto),
    paged: true,
    handler: ({ caller, params, query }) => listParticipants(caller.hostId, params.meeting_id, query),
  }),
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}/participants/{participant_id}',
    operationId: 'getParticipant',
    tag: 'Participants',
    summary: 'Get a participant',
    params: participantParams,
    response: participantDto,
    handler: ({ caller, params }) => getParticipant(caller.hostId, params.meeting_id, params.participant_id),
  }),
  endpoint({
    method: 'PATCH',
    path: '/meetings/{meeting_id}/participants/{participant_id}',
    operationId: 'editParticipant',
    conflict:
      'Another participant of this meeting has this `custom_participant_id` (`conflict:custom_participant_id`).',
    tag: 'Participants',
    summary: 'Change name, preset or picture; the answer holds their current token and join link',
    params: participantParams,
    body: updateParticipantSchema,
    response: participantWithTokenDto.partial({ token: true, join_url: true }),
    handler: ({ caller, params, body }) =>
      updateParticipant(caller.hostId, params.meeting_id, params.participant_id, body),
  }),
  endpoint({
    method: 'DELETE',
    path: '/meetings/{meeting_id}/participants/{participant_id}',
    operationId: 'deleteParticipant',
    tag: 'Participants',
    summary: 'Remove a participant (their link stops working at once)',
    params: participantParams,
    response: participantDto,
    handler: ({ caller, params }) =>
      removeParticipant(caller.hostId, params.meeting_id, params.participant_id),
  }),
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}/participants/{participant_id}/token',
    operationId: 'getParticipantToken',
    conflict:
      'The link was made before links could be shown again (`conflict:link_not_readable`): issue a new one.',
    tag: 'Participants',
    summary:
      'Read the current token and join link again (409 for a link made before links were derived: issue a new one)',
    params: participantParams,
    response: tokenDto,
    handler: ({ caller, params }) =>
      getParticipantLink(caller.hostId, params.meeting_id, params.participant_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/participants/{participant_id}/token',
    operationId: 'refreshParticipantToken',
    tag: 'Participants',
    summary: 'Issue a new token and join link (the old ones stop working)',
    params: participantParams,
    response: tokenDto,
    handler: ({ caller, params }) =>
      regenerateParticipantToken(caller.hostId, params.meeting_id, params.participant_id),
  }),

  endpoint({
    method: 'POST',
    path: '/livekit/token',
    operationId: 'createMediaToken',
    tag: 'Media',
    summary:
      'A media token for the room the calling participant is in now (participant token or cookie; meeting_id picks the cookie)',
    callers: ['participant'],
    body: z.strictObject({ meeting_id: uuidParam('meeting_id').optional() }).optional(),
    response: mediaTokenDto,
    // A late joiner may be placed in a room first (auto-place late joiners): the token names where they are.
    handler: ({ caller }) => mediaTokenOnJoin(caller.seat),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/listen-token',
    operationId: 'createListenToken',
    conflict: 'The breakout room named by `meeting_id` is closed (`conflict:room_closed`).',
    tag: 'Media',
    summary:
      'A hidden, receive-only media token for one room: `listen` hears its audio, `observe` reads who speaks (hosts: can_alter_connected_meetings; lives 90 s)',
    params: meetingParams,
    callers: ['host', 'participant'],
    body: listenTokenSchema,
    response: listenTokenDto,
    status: 201,
    handler: ({ caller, params, body }) => mintListenToken(caller, params.meeting_id, body?.mode ?? 'listen'),
  }),

  endpoint({
    method: 'POST',
    path: '/livekit/warm-token',
    operationId: 'createWarmMediaToken',
    tag: 'Media',
    summary:
      "A token under the participant's identity, without any right and hidden, for the room a move will likely take them to next (MEDIA_WARM_SWITCH=on): the main meeting from a breakout room, the planned room of their draft assignment from the main meeting; or `room_id`, a room they may move themselves into now (self-select, or a preset that may switch rooms), which the page asks for while the person points at it. The server gives the connection the participant's rights when a move takes them there. Token and room are null when no room is likely",
    conflict:
      '`room_id` is not a room the participant may move themselves into now (`conflict:not_a_choice`).',
    callers: ['participant'],
    body: z
      .strictObject({
        meeting_id: uuidParam('meeting_id').optional(),
        room_id: uuidParam('room_id').optional(),
      })
      .optional(),
    response: warmMediaTokenDto,
    handler: ({ caller, body }) => mintWarmToken(caller.seat, body?.room_id),
  }),
  ...breakoutEndpoints,
  ...roomEndpoints,
  ...moderationEndpoints,
  ...recordingEndpoints,
  ...sessionEndpoints,
  ...webhookEndpoints,
  ...planEndpoints,
];
