import 'server-only';
import { and, count, desc, eq, gt, lt, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { chatMessages, meetings, type ChatMessage } from '@/db/schema';
import type { Caller } from '@/lib/api/caller';
import { AppError, RateLimitedError } from '@/lib/errors';
import type { ChatMessageDto, RoomEvent, RoomEventScope } from '@/lib/events/room-events';
import { requirePermission, runInRoom, type RoomAccess, type RoomActor } from '@/lib/rooms/access';
import type { broadcastSchema, listMessagesQuery, postMessageSchema } from './schemas';

/** At most this many messages per participant in any window of RATE_WINDOW_MS. */
export const RATE_LIMIT = 5;
export const RATE_WINDOW_MS = 2_000;

export const messageDto = (m: ChatMessage): ChatMessageDto => ({
  id: m.id,
  meeting_id: m.meetingId,
  message: m.body,
  participant_id: m.participantId,
  sender_name: m.senderName,
  kind: m.kind,
  created_at: m.createdAt.toISOString(),
});

/** A meeting's chat, oldest first: the newest `limit` messages, or those before a given one. */
export async function listMessages(caller: Caller, meetingId: string, q: z.output<typeof listMessagesQuery>) {
  return runInRoom(caller, meetingId, 'read', async ({ meeting }, tx) => {
    let cursor;
    if (q.before) {
      const [ref] = await tx
        .select({ createdAt: chatMessages.createdAt, id: chatMessages.id })
        .from(chatMessages)
        .where(and(eq(chatMessages.id, q.before), eq(chatMessages.meetingId, meeting.id)));
      if (!ref) throw new AppError('not_found:message', 'No message with that id in this meeting.', 'before');
      cursor = or(
        lt(chatMessages.createdAt, ref.createdAt),
        and(eq(chatMessages.createdAt, ref.createdAt), lt(chatMessages.id, ref.id)),
      );
    }
    const rows = await tx
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.meetingId, meeting.id), cursor))
      .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
      .limit(q.limit + 1);
    const more = rows.length > q.limit;
    return { result: { messages: rows.slice(0, q.limit).reverse().map(messageDto), has_more: more } };
  });
}

/** Says something in the meeting the caller is in (a host through the API may write in any open room). */
export async function postMessage(
  caller: Caller,
  meetingId: string,
  input: z.output<typeof postMessageSchema>,
) {
  return runInRoom(caller, meetingId, 'write', async (room, tx) => {
    requirePermission(
      room.actor,
      (p) => p.chat.public.can_send,
      'chat.public.can_send',
      'Sending chat messages',
    );
    const said = await say(tx, room, [room.meeting.id], 'message', input.message);
    return { result: said.result[0]!, events: said.events };
  });
}

/**
 * A host's announcement, said at once in every chosen meeting of the family (all of them by default): a
 * `broadcast` message in each one's chat. Needs host powers; the rooms must be open.
 */
export async function broadcast(caller: Caller, meetingId: string, input: z.output<typeof broadcastSchema>) {
  return runInRoom(caller, meetingId, 'manage', async (room, tx) => {
    const { main } = room;
    if (main.id !== meetingId) {
      throw new AppError(
        'invalid:not_main_meeting',
        `Broadcasts are sent from the main meeting: use /api/v1/meetings/${main.id}/broadcasts.`,
        'meeting_id',
      );
    }
    const family = await tx
      .select({ id: meetings.id })
      .from(meetings)
      .where(
        or(
          eq(meetings.id, main.id),
          and(eq(meetings.parentMeetingId, main.id), eq(meetings.roomStatus, 'open')),
        ),
      );
    const open = new Set(family.map((m) => m.id));
    const targets = input.meeting_ids ? [...new Set(input.meeting_ids)] : [...open];
    const unknown = targets.find((id) => !open.has(id));
    if (unknown) {
      throw new AppError(
        'not_found:meeting',
        `meeting_ids: ${unknown} is not this meeting or one of its open breakout rooms.`,
        'meeting_ids',
      );
    }
    const { result: messages, events } = await say(tx, room, targets, 'broadcast', input.message);
    return {
      result: { message: input.message, meeting_ids: messages.map((m) => m.meeting_id), messages },
      events,
    };
  });
}

/** Stores one message in each target meeting (within the rate limit) with a `chat_message` event for each. */
async function say(
  tx: Tx,
  { main, actor }: RoomAccess,
  targets: string[],
  kind: ChatMessage['kind'],
  text: string,
) {
  await enforceRate(tx, actor);
  const rows = await tx
    .insert(chatMessages)
    .values(
      targets.map((id) => ({
        meetingId: id,
        mainMeetingId: main.id,
        participantId: actor.kind === 'participant' ? actor.participant.id : null,
        senderName: actor.name,
        kind,
        body: text,
      })),
    )
    .returning();
  const messages = rows.map(messageDto);
  const events: Array<RoomEvent & RoomEventScope> = messages.map((message) => ({
    type: 'chat_message',
    payload: { message },
    roomId: message.meeting_id,
  }));
  return { result: messages, events };
}

/** Refuses a participant past RATE_LIMIT messages per RATE_WINDOW_MS (counted under the meeting's lock). */
async function enforceRate(tx: Tx, actor: RoomActor) {
  if (actor.kind !== 'participant') return;
  const since = new Date(Date.now() - RATE_WINDOW_MS);
  const [row] = await tx
    .select({ n: count() })
    .from(chatMessages)
    .where(and(eq(chatMessages.participantId, actor.participant.id), gt(chatMessages.createdAt, since)));
  if ((row?.n ?? 0) >= RATE_LIMIT) {
    throw new RateLimitedError(
      'rate_limited:chat',
      `You are sending messages too fast: at most ${RATE_LIMIT} every ${RATE_WINDOW_MS / 1000} seconds. Wait a moment and send it again.`,
      RATE_WINDOW_MS / 1000,
    );
  }
}
