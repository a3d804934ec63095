import { z } from 'zod';
import { recordingDto } from './dto-schemas';

// Shapes of the sessions API's answers, for the OpenAPI document.

const sessionFields = {
  id: z.uuid(),
  associated_id: z.uuid().describe('The main meeting (for a breakout room part: the room)'),
  meeting_display_name: z.string(),
  type: z.literal('meeting'),
  status: z.enum(['LIVE', 'ENDED']),
  live_participants: z.number().int(),
  max_concurrent_participants: z.number().int(),
  minutes_consumed: z.number().describe('Minutes of presence summed over people'),
  ended_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
};

export const breakoutRoomSessionDto = z.object({
  ...sessionFields,
  id: z.uuid().describe("The room's meeting id"),
  started_at: z.iso.datetime().nullable(),
  chat_messages: z.number().int(),
  polls: z.number().int(),
});

export const sessionDto = z.object({
  ...sessionFields,
  organization_id: z.string().describe('The host who owns the meeting'),
  started_at: z.iso.datetime(),
  breakout_rooms: z.array(breakoutRoomSessionDto).optional(),
});

export const sessionParticipantDto = z.object({
  id: z.uuid().describe('The first media connection of this row'),
  user_id: z.uuid().describe('The participant'),
  custom_participant_id: z.string().nullable(),
  display_name: z.string(),
  preset_name: z.string(),
  meeting_id: z.uuid().nullable().describe('raw: the room of this row; consolidated: null'),
  joined_at: z.iso.datetime(),
  left_at: z.iso.datetime().nullable(),
  duration: z.number().describe('Minutes present'),
  intervals: z.array(
    z.object({ meeting_id: z.uuid(), joined_at: z.iso.datetime(), left_at: z.iso.datetime().nullable() }),
  ),
  talk_time: z.null().describe('Not measured: the media server does not report speaking time'),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const sessionReportDto = z.object({
  session: sessionDto,
  rooms: z.array(
    z.object({
      meeting_id: z.uuid(),
      title: z.string(),
      main: z.boolean(),
      chat_messages: z.number().int(),
      polls: z.number().int(),
    }),
  ),
  participants: z.array(sessionParticipantDto),
  recordings: z.array(recordingDto),
  talk_time_measured: z.literal(false),
});

export const auditEntryDto = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  type: z.string().describe('The event type, e.g. participants_moved'),
  actor_kind: z.enum(['host', 'participant', 'system']),
  actor_id: z.string().nullable(),
  actor_name: z.string().nullable(),
  payload: z.unknown(),
});
