import { z } from 'zod';
import { RECORDING_STATUSES } from '@/db/schema';
import { permissionsSchema } from '@/lib/presets/permissions';
import { meetingSettingsShape } from '@/lib/schemas';
import { presetConfigSchema, presetUiSchema } from '@/lib/presets/document';

// Shapes of the `data` the API answers with, for the OpenAPI document.

const timestamps = { created_at: z.iso.datetime(), updated_at: z.iso.datetime() };

export const presetDto = z.object({
  id: z.uuid(),
  name: z.string(),
  permissions: permissionsSchema,
  config: presetConfigSchema.describe(
    "RealtimeKit's preset config, stored and returned as given (not acted on)",
  ),
  ui: presetUiSchema.describe("RealtimeKit's design tokens, stored and returned as given (not acted on)"),
  ...timestamps,
});

export const meetingDto = z.object({
  id: z.uuid(),
  title: z.string(),
  status: z.enum(['ACTIVE', 'INACTIVE']),
  parent_meeting_id: z.uuid().nullable(),
  record_on_start: z
    .boolean()
    .describe("Record each room when its first person arrives (the main meeting's value counts)."),
  ...meetingSettingsShape,
  ...timestamps,
});

export const participantDto = z.object({
  id: z.uuid(),
  meeting_id: z.uuid(),
  current_meeting_id: z.uuid(),
  name: z.string(),
  preset_id: z.uuid(),
  preset_name: z.string(),
  custom_participant_id: z.string().nullable(),
  picture: z.string().nullable(),
  tags: z
    .array(z.string())
    .describe('Labels the hosts gave this person, e.g. "mentor" (spread_tag uses them)'),
  ...timestamps,
});

export const participantWithTokenDto = participantDto.extend({
  token: z.string().describe('Secret join token, shown only in this answer.'),
  join_url: z.url().describe('Personal join link: opening it signs this participant in.'),
});

export const tokenDto = z.object({ id: z.uuid(), token: z.string(), join_url: z.url() });

export const errorDto = z.object({
  success: z.literal(false),
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
  data: z
    .unknown()
    .optional()
    .describe(
      'Only with some errors: the current state with a stale version (409), the active recording when one is already running (409).',
    ),
});

export const pagingDto = z.object({
  start_offset: z.number().int(),
  end_offset: z.number().int(),
  total_count: z.number().int(),
});

export const mediaTokenDto = z.object({
  url: z.string().describe('WebSocket URL of the media server'),
  token: z.string().describe('LiveKit access token for exactly one room'),
  room: z.uuid().describe('The room: the id of the meeting the participant is in now'),
  expires_in: z.number().int().describe('Lifetime of the token in seconds'),
});

export const listenTokenDto = mediaTokenDto.extend({
  room: z.uuid().describe('The room listened to (a meeting or breakout room id)'),
  identity: z.string().describe("The connection's own hidden identity (never the caller's seat)"),
  mode: z.enum(['listen', 'observe']),
});

export const warmMediaTokenDto = z.object({
  url: z.string().describe('WebSocket URL of the media server'),
  token: z
    .string()
    .nullable()
    .describe('LiveKit access token without any right (hidden), or null when no room is likely'),
  room: z.uuid().nullable().describe('The room a move will likely lead to next, or null'),
  expires_in: z.number().int().describe('Lifetime of the token in seconds (0 when there is none)'),
  ask_again_in: z
    .number()
    .int()
    .nullable()
    .describe(
      "When the room is a host's pick not moved to yet, seconds until the pick lapses; when it is where placing the late joiners would put this one, seconds until the page should ask again (it follows who else waits); else null",
    ),
});

export const roomRefDto = z.object({ id: z.uuid(), title: z.string() });

const connectedParticipantDto = z.object({
  id: z.uuid(),
  custom_participant_id: z.string().nullable(),
  name: z.string(),
  picture: z.string().nullable(),
  preset_id: z.uuid(),
  preset_name: z.string(),
  tags: z
    .array(z.string())
    .describe("The hosts' labels for this person; empty for others' when a participant asks"),
  connected: z.boolean(),
});

export const breakoutTimerDto = z.object({
  ends_at: z.iso.datetime().describe("When the rooms' time is up"),
  warning_seconds: z
    .number()
    .int()
    .describe('How many seconds before ends_at everyone is warned ("Rooms close in …")'),
  auto_close: z.boolean().describe('Whether the server closes every room at ends_at (else it only warns)'),
});

export const connectedMeetingsDto = z.object({
  parent_meeting: z.object({
    id: z.uuid(),
    title: z.string(),
    participants: z.array(connectedParticipantDto),
  }),
  meetings: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      status: z.literal('open'),
      participants: z.array(connectedParticipantDto),
    }),
  ),
  closes_at: z.iso
    .datetime()
    .nullable()
    .describe('When every open room closes by itself (a countdown from close-all), or null'),
  self_select: z
    .object({ enabled: z.boolean(), capacity: z.number().int().nullable() })
    .describe(
      '"Let participants choose": whether participants may pick an open room, and seats per room (null: no cap)',
    ),
  late_joiners: z
    .object({ auto_place: z.boolean() })
    .describe('Whether the server places a late joiner in the room with the fewest people'),
  version: z.number().int(),
  last_event_id: z.number().int(),
  timer: breakoutTimerDto.nullable().describe('The breakout timer (PUT …/timer), or null when none runs'),
});

export const draftDto = z.object({
  draft: z.object({
    rooms: z.array(z.object({ key: z.string(), title: z.string() })),
    assignments: z.record(z.string(), z.string()),
  }),
});

// ---- Chat, polls, broadcasts and help requests (lib/events/room-events.ts has the TypeScript shapes) ----

export const chatMessageDto = z.object({
  id: z.uuid(),
  meeting_id: z.uuid(),
  message: z.string().describe('Plain text as written; render it as text, never as HTML.'),
  participant_id: z
    .uuid()
    .nullable()
    .describe('Null for a host writing through an API key or the dashboard.'),
  sender_name: z.string(),
  kind: z.enum(['message', 'broadcast']),
  created_at: z.iso.datetime(),
});

export const pollDto = z.object({
  id: z.uuid(),
  meeting_id: z.uuid(),
  question: z.string(),
  anonymous: z.boolean(),
  hide_votes: z.boolean(),
  created_by: z.object({ participant_id: z.uuid().nullable(), name: z.string() }),
  created_at: z.iso.datetime(),
  options: z.array(
    z.object({
      index: z.number().int(),
      text: z.string(),
      votes: z.number().int().nullable().describe('Null while hide_votes keeps the results from the reader.'),
      voters: z.array(z.object({ participant_id: z.uuid(), name: z.string() })),
    }),
  ),
  total_votes: z.number().int(),
  my_vote: z.number().int().nullable(),
  results_visible: z.boolean(),
});

export const helpRequestDto = z.object({
  id: z.uuid(),
  meeting_id: z.uuid(),
  meeting_title: z.string(),
  participant_id: z.uuid(),
  participant_name: z.string(),
  message: z.string().nullable(),
  created_at: z.iso.datetime(),
  resolved_at: z.iso.datetime().nullable(),
  resolved_by: z.string().nullable(),
});

// ---- Recordings (lib/events/room-events.ts has the TypeScript shape) ----

const callerRef = z.object({
  name: z.string(),
  type: z.enum(['ORGANIZATION', 'USER']),
  user_id: z.string().optional(),
});

export const recordingDto = z.object({
  id: z.uuid(),
  session_id: z.null().describe("RealtimeKit's session id; null until sessions are recorded"),
  audio_download_url: z.null().describe('No separate audio file: the recording holds audio and video'),
  meeting_id: z.uuid().describe('The meeting or breakout room recorded.'),
  main_meeting_id: z.uuid(),
  room_title: z.string(),
  status: z.enum(RECORDING_STATUSES),
  invoked_time: z.string(),
  started_time: z.string().nullable(),
  stopped_time: z.string().nullable(),
  recording_duration: z.number().int().nullable().describe('Seconds, once the file is finished.'),
  file_size: z.number().int().nullable().describe('Bytes, once the file is finished.'),
  output_file_name: z.string().nullable(),
  download_url: z
    .string()
    .nullable()
    .describe('A signed link to the file (Range requests work); null unless UPLOADED.'),
  download_url_expiry: z.string().nullable(),
  start_reason: z.object({ reason: z.enum(['API_CALL', 'RECORD_ON_START']), caller: callerRef }),
  stop_reason: z
    .object({
      reason: z.enum(['API_CALL', 'ALL_PEERS_LEFT', 'ROOM_CLOSED', 'MAX_DURATION', 'INTERNAL_ERROR']),
      message: z.string().optional(),
      caller: callerRef.optional(),
    })
    .nullable(),
  error: z.string().nullable().describe('Why it failed, in words a person can read.'),
});

// ---- Saved breakout plans ----

export const planDto = z.object({
  id: z.uuid(),
  name: z.string(),
  rooms: z.number().int().describe('How many rooms the plan has'),
  assigned: z.number().int().describe('How many people it places'),
  automatic: z.boolean().describe('The plan "Last rooms", kept by the server when the rooms close'),
  created_at: z.iso.datetime(),
});

const sessionFields = {
  id: z.uuid().describe("The session's id (for now the meeting's id: one live session per meeting)"),
  associated_id: z.uuid().describe('The meeting or breakout room'),
  meeting_display_name: z.string(),
  type: z.literal('meeting'),
  status: z.literal('LIVE'),
  live_participants: z.number().int().describe('People connected now'),
  max_concurrent_participants: z.number().int().describe('For now the people connected now'),
  minutes_consumed: z.number().describe('Minutes the people connected now have been connected'),
  organization_id: z.string().describe("The host's id"),
  started_at: z.iso.datetime(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
};

export const activeSessionDto = z.object({
  ...sessionFields,
  breakout_rooms: z
    .array(z.object({ ...sessionFields, breakout_rooms: z.array(z.never()) }))
    .describe('Its breakout rooms with people in them'),
});
