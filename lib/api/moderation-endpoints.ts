import 'server-only';
import { z } from 'zod';
import { kickSchema, muteAllSchema, spotlightSchema, targetsSchema } from '@/lib/moderation/schemas';
import {
  endMeetingForAll,
  kickParticipants,
  muteAll,
  muteParticipants,
  setSpotlight,
} from '@/lib/moderation/service';
import { getActiveSession } from '@/lib/moderation/active-session';
import { uuidParam } from '@/lib/schemas';
import { activeSessionDto } from './dto-schemas';
import { endpoint, type Endpoint } from './router';

// Host moderation of a meeting's (or breakout room's) live session, at RealtimeKit's active-session
// paths. API keys act as the owner; participants need the right in the preset that applies where they
// are now. The media server is told through its API: the page hides nothing the server does not enforce.

const params = z.object({ meeting_id: uuidParam('meeting_id') });
const callers: Array<'host' | 'participant'> = ['host', 'participant'];
const ids = z.array(z.uuid());

export const moderationEndpoints: Endpoint[] = [
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}/active-session',
    operationId: 'getActiveSession',
    tag: 'Moderation',
    summary:
      'The live session of a meeting or room: who is connected now, and its breakout rooms (404 when nobody is)',
    params,
    response: activeSessionDto,
    handler: ({ caller, params }) => getActiveSession(caller.hostId, params.meeting_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/active-session/kick',
    operationId: 'kickParticipants',
    tag: 'Moderation',
    summary:
      'Remove people from the call (kick_participant); with remove_from_meeting their seat and link are deleted too',
    params,
    callers,
    body: kickSchema,
    response: z.object({ participant_ids: ids, removed_from_meeting: z.boolean() }),
    handler: ({ caller, params, body }) => kickParticipants(caller, params.meeting_id, body),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/active-session/kick-all',
    operationId: 'kickAllParticipants',
    tag: 'Moderation',
    summary:
      'End the meeting for everyone (kick_participant): the meeting and all its rooms become inactive and every page is told',
    params,
    callers,
    body: z.strictObject({}).optional(),
    response: z.object({ meeting_id: z.uuid(), status: z.literal('INACTIVE') }),
    handler: ({ caller, params }) => endMeetingForAll(caller, params.meeting_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/active-session/mute',
    operationId: 'muteParticipants',
    conflict: 'The breakout room named by `meeting_id` is closed (`conflict:room_closed`).',
    tag: 'Moderation',
    summary: "Mute people's microphones (disable_participant_audio); they may unmute themselves",
    params,
    callers,
    body: targetsSchema,
    response: z.object({ participant_ids: ids, kind: z.literal('audio'), muted_tracks: z.number().int() }),
    handler: ({ caller, params, body }) => muteParticipants(caller, params.meeting_id, body, 'audio'),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/active-session/mute-video',
    operationId: 'disableParticipantVideo',
    conflict: 'The breakout room named by `meeting_id` is closed (`conflict:room_closed`).',
    tag: 'Moderation',
    summary: "Turn people's cameras off (disable_participant_video); they may turn them on again",
    params,
    callers,
    body: targetsSchema,
    response: z.object({ participant_ids: ids, kind: z.literal('video'), muted_tracks: z.number().int() }),
    handler: ({ caller, params, body }) => muteParticipants(caller, params.meeting_id, body, 'video'),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/active-session/mute-all',
    operationId: 'muteAllParticipants',
    conflict: 'The breakout room named by `meeting_id` is closed (`conflict:room_closed`).',
    tag: 'Moderation',
    summary:
      'Mute everyone in this meeting or room but yourself (disable_participant_audio); allow_unmute: false keeps microphones off until allowed again',
    params,
    callers,
    body: muteAllSchema,
    response: z.object({
      meeting_id: z.uuid(),
      allow_unmute: z.boolean(),
      muted_participants: z.number().int(),
    }),
    handler: ({ caller, params, body }) => muteAll(caller, params.meeting_id, body),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/active-session/spotlight',
    operationId: 'setSpotlight',
    conflict: 'The breakout room named by `meeting_id` is closed (`conflict:room_closed`).',
    tag: 'Moderation',
    summary:
      "Show one person large on everyone's page in this meeting or room, or nobody with null (can_spotlight)",
    params,
    callers,
    body: spotlightSchema,
    response: z.object({ meeting_id: z.uuid(), participant_id: z.uuid().nullable() }),
    handler: ({ caller, params, body }) => setSpotlight(caller, params.meeting_id, body),
  }),
];
