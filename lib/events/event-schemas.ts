import { z } from 'zod';
import {
  chatMessageDto,
  connectedMeetingsDto,
  helpRequestDto,
  mediaTokenDto,
  planDto,
  breakoutTimerDto,
  pollDto,
  recordingDto,
} from '@/lib/api/dto-schemas';
import type { BreakoutEventType } from '@/lib/breakout/events';
import type { ModerationEventType } from '@/lib/moderation/events';
import type { RoomEventType } from './room-events';

// The messages of a meeting's event stream (`GET /meetings/{id}/events`), as schemas: the OpenAPI document
// publishes them (components.schemas.Event…), and the integration tests' plain SSE client checks every
// message it receives against them. The TypeScript shapes are in lib/breakout/events.ts,
// lib/events/room-events.ts and lib/moderation/events.ts.

const id = z.uuid();
const participantInfo = z.object({
  id,
  custom_participant_id: z.string().nullable(),
  name: z.string(),
  picture: z.string().nullable(),
  preset_id: id,
  preset_name: z.string(),
  tags: z.array(z.string()).describe('Labels a host gave them; empty for readers without host powers.'),
});
const roomRef = z.object({ id, title: z.string() });

/** The payload of each stored event type, by its `event:` name. */
export const eventPayloads = {
  // Breakout state (they move the version on).
  participant_added: z.object({ meeting_id: id, participant: participantInfo }),
  participant_updated: z.object({ participant: participantInfo }),
  participant_removed: z.object({ id, preset_id: id.optional() }),
  presence_changed: z.object({
    participant_id: id,
    meeting_id: id,
    connected: z.boolean(),
    preset_id: id.optional(),
  }),
  meetings_created: z.object({ meetings: z.array(roomRef) }),
  meetings_updated: z.object({ meetings: z.array(roomRef) }),
  meetings_deleted: z.object({ meeting_ids: z.array(id) }),
  participants_moved: z.union([
    z
      .object({
        source_meeting_id: id,
        destination_meeting_id: id,
        participants: z.array(
          z.object({ id, preset_id: id, preset_name: z.string(), custom_preset: z.boolean() }),
        ),
      })
      .strict()
      .describe('The full form (the default): each moved person with their preset.'),
    z
      .object({
        source_meeting_id: id,
        destination_meeting_id: id,
        groups: z.array(
          z.union([
            z
              .object({
                preset_id: id,
                preset_name: z.string(),
                custom_preset: z.boolean(),
                participant_ids: z.array(id).describe('In the order of the move.'),
              })
              .strict(),
            z
              .object({
                preset_id: id,
                preset_name: z.string(),
                custom_preset: z.boolean(),
                others_in_source: z
                  .number()
                  .int()
                  .min(0)
                  .describe(
                    'How many they are: everyone who was in the source meeting just before this event (as this stream has told of it), is named in no other group and is not in `staying_ids`; with `source_bits`, the bits set.',
                  ),
                staying_ids: z
                  .array(id)
                  .min(1)
                  .optional()
                  .describe(
                    'Who this move left in the source meeting (of those this subscriber sees): not moved. Absent when it left nobody there.',
                  ),
                source_bits: z
                  .string()
                  .regex(/^[A-Za-z0-9+/]*={0,2}$/)
                  .optional()
                  .describe(
                    'Instead of `staying_ids`, for a large group in a large meeting: which people of the source meeting this group is. Base64 of one bit for each person who was in the source meeting just before this event (as this stream has told of it), in the order of their ids (as strings), the first the high bit of the first byte; set for those moved in this group. As many bytes as `source_size` divided by 8, rounded up.',
                  ),
                source_size: z
                  .number()
                  .int()
                  .min(0)
                  .optional()
                  .describe(
                    'With `source_bits`: how many people were in the source meeting just before this event, as this stream has told of it (the bits are over them). A client whose roster of it differs should start over.',
                  ),
              })
              .strict()
              .describe(
                'In a compact move (one that left nobody this subscriber could see in the source meeting, or fewer than its largest group), the largest group, counted instead of named; or a large group sent as bits over the source meeting.',
              ),
          ]),
        ),
      })
      .strict()
      .describe(
        'On a stream opened with `?moves=grouped`: the moved people grouped by preset. A move that left nobody this subscriber could see in its source meeting, or fewer of them than its largest group, is compact: its largest group counts its people (`others_in_source`) instead of naming them, and names who stays (`staying_ids`). A large group (64 people or more) that would take more characters to name than bits over the source meeting is sent as those bits (`source_bits`).',
      ),
  ]),
  draft_updated: z.object({
    draft: z.object({
      rooms: z.array(z.object({ key: z.string(), title: z.string() })),
      assignments: z.record(z.string(), z.string()),
    }),
  }),
  rooms_closing: z.object({ ends_at: z.iso.datetime(), seconds: z.number().int() }),
  rooms_closing_cancelled: z.object({}),
  plans_updated: z.object({ plans: z.array(planDto) }),
  self_select_updated: z.object({
    self_select: z.object({ enabled: z.boolean(), capacity: z.number().int().nullable() }),
  }),
  late_joiners_updated: z.object({ auto_place: z.boolean() }),
  timer_updated: z.object({ timer: breakoutTimerDto.nullable() }),
  // A meeting's or room's own events (chat, polls, help, recordings).
  chat_message: z.object({ message: chatMessageDto }),
  poll_created: z.object({ poll: pollDto }),
  poll_voted: z.object({
    poll_id: id,
    meeting_id: id,
    total_votes: z.number().int(),
    counts: z.array(z.number().int()).optional(),
    voter: z.object({ participant_id: id, name: z.string(), option_index: z.number().int() }).optional(),
  }),
  help_requested: z.object({ request: helpRequestDto }),
  help_resolved: z.object({ request: helpRequestDto }),
  recording_updated: z.object({ recording: recordingDto }),
  recording_deleted: z.object({ recording_id: id, meeting_id: id }),
  // Moderation.
  participants_kicked: z.object({ participant_ids: z.array(id), removed_from_meeting: z.boolean() }),
  meeting_ended: z.object({ meeting_id: id }),
  participants_muted: z.object({ participant_ids: z.array(id), kind: z.enum(['audio', 'video']) }),
  all_muted: z.object({ meeting_id: id, allow_unmute: z.boolean(), by: id.nullable() }),
  spotlight_changed: z.object({ meeting_id: id, participant_id: id.nullable() }),
} satisfies Record<BreakoutEventType | RoomEventType | ModerationEventType, z.ZodType>;

export type StoredEventType = keyof typeof eventPayloads;

const actor = z.union([
  z.object({ kind: z.literal('host'), host_id: id }),
  z.object({ kind: z.literal('participant'), participant_id: id }),
  z.object({ kind: z.literal('system') }),
]);

/** The `data` of a stored event of `type`: its breakout version, payload, who did it and when. */
export const storedEventData = (type: StoredEventType) =>
  z.object({ version: z.number().int(), payload: eventPayloads[type], actor, created_at: z.iso.datetime() });

/** Messages that are not stored events: sent to one subscriber, with no `id:` (except the snapshot). */
export const streamMessages = {
  /** First message of a new connection (its `id` is the newest event id): the whole state. */
  snapshot: connectedMeetingsDto,
  /** Just before the `participants_moved` that moves this participant: a media token for the new room. */
  media_token: mediaTokenDto,
  /** With the warm room switch: the hosts' draft changed this participant's room, or a host picked one for them (ask POST /livekit/warm-token again). */
  warm_hint: z.object({}).strict(),
  /** The credential that opened the stream was revoked; the stream closes after this. */
  revoked: z.object({ code: z.string(), message: z.string() }),
} satisfies Record<string, z.ZodType>;

const schemaName = (type: string) =>
  `Event${type.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;

/** components.schemas entries: one per message type, plus EventStreamMessage naming them all. */
export function eventStreamSchemas(): Record<string, unknown> {
  const json = (s: z.ZodType) => {
    const { $schema: _, ...rest } = z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' });
    return rest;
  };
  const out: Record<string, unknown> = {};
  const variants: unknown[] = [];
  const add = (event: string, data: z.ZodType, description: string) => {
    const name = schemaName(event);
    out[name] = {
      description,
      type: 'object',
      required: ['event', 'data'],
      properties: {
        event: { const: event, description: 'The SSE `event:` field.' },
        id: { type: 'string', description: 'The SSE `id:` field (the event id), when it has one.' },
        data: json(data),
      },
    };
    variants.push({ $ref: `#/components/schemas/${name}` });
  };
  for (const type of Object.keys(eventPayloads) as StoredEventType[])
    add(type, storedEventData(type), `A stored \`${type}\` event, with an \`id\` to resume from.`);
  add('snapshot', streamMessages.snapshot, 'The state when a connection opens without a resume point.');
  add('media_token', streamMessages.media_token, 'A media token for the room this participant is moved to.');
  add(
    'warm_hint',
    streamMessages.warm_hint,
    "With the warm room switch on: the hosts' draft changed the room this participant is assigned to, or a host picked a room for them before moving them; ask `POST /livekit/warm-token` again. Carries nothing of the draft or the pick.",
  );
  add('revoked', streamMessages.revoked, 'The credential was revoked; the stream closes.');
  out.EventStreamMessage = {
    description:
      'One message of the event stream, parsed from its `event:`, `id:` and `data:` (JSON) fields.',
    oneOf: variants,
  };
  return out;
}
