import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '@/db';
import { helpRequests, meetings, participants, type HelpRequest } from '@/db/schema';
import type { Caller } from '@/lib/api/caller';
import { AppError } from '@/lib/errors';
import { followsTextRule } from '@/lib/schemas';
import type { HelpRequestDto, RoomEvent, RoomEventScope } from '@/lib/events/room-events';
import { hasHostPowers, openRoom, runInRoom } from '@/lib/rooms/access';

export const askHelpSchema = z
  .strictObject({
    message: followsTextRule(
      z
        .string({ error: 'message must be a string' })
        .trim()
        .max(500, 'message is longer than 500 characters'),
      'message',
      { multiline: true },
    ).optional(),
  })
  .optional();

async function dtoOf(tx: Tx, row: HelpRequest): Promise<HelpRequestDto> {
  const [names] = await tx
    .select({ title: meetings.title, name: participants.name })
    .from(meetings)
    .innerJoin(participants, eq(participants.id, row.participantId))
    .where(eq(meetings.id, row.meetingId));
  return toDto(row, names);
}

/** A request as the API shows it, with its room's title and the asker's name. */
function toDto(row: HelpRequest, names?: { title: string | null; name: string | null }): HelpRequestDto {
  return {
    id: row.id,
    meeting_id: row.meetingId,
    meeting_title: names?.title ?? '',
    participant_id: row.participantId,
    participant_name: names?.name ?? '',
    message: row.message,
    created_at: row.createdAt.toISOString(),
    resolved_at: row.resolvedAt?.toISOString() ?? null,
    resolved_by: row.resolvedBy,
  };
}

/**
 * A participant asks the hosts for help from the meeting they are in. Every subscriber with host powers
 * is told at once. Asking again while a request is open returns that request (created: false).
 */
export async function askForHelp(
  caller: Caller,
  meetingId: string,
  input: z.output<typeof askHelpSchema>,
): Promise<{ request: HelpRequestDto; created: boolean }> {
  return runInRoom<{ request: HelpRequestDto; created: boolean }>(
    caller,
    meetingId,
    'write',
    async ({ meeting, main, actor }, tx) => {
      if (actor.kind !== 'participant') {
        throw new AppError(
          'forbidden:participants_only',
          'Help requests come from participants, not API keys.',
        );
      }
      const [open] = await tx
        .select()
        .from(helpRequests)
        .where(and(eq(helpRequests.participantId, actor.participant.id), isNull(helpRequests.resolvedAt)));
      if (open && open.meetingId === meeting.id) {
        return { result: { request: await dtoOf(tx, open), created: false } };
      }
      // Asked from another room before: that request is settled by this one, and hosts' inboxes drop it.
      const superseded: Array<RoomEvent & RoomEventScope> = [];
      if (open) {
        const [closed] = await tx
          .update(helpRequests)
          .set({ resolvedAt: new Date(), resolvedBy: 'moved' })
          .where(eq(helpRequests.id, open.id))
          .returning();
        const request = await dtoOf(tx, closed!);
        superseded.push({ type: 'help_resolved', payload: { request }, audience: 'hosts' });
      }
      const [row] = await tx
        .insert(helpRequests)
        .values({
          mainMeetingId: main.id,
          meetingId: meeting.id,
          participantId: actor.participant.id,
          message: input?.message || null,
        })
        .returning();
      const request = await dtoOf(tx, row!);
      return {
        result: { request, created: true },
        events: [...superseded, { type: 'help_requested', payload: { request }, audience: 'hosts' }],
      };
    },
  );
}

/** Open help requests: every one of the family for hosts, a participant's own for them. */
export async function listHelpRequests(caller: Caller, meetingId: string) {
  const d = await db();
  return d.transaction(async (tx) => {
    const { main, actor } = await openRoom(tx, caller, meetingId, 'read').catch(async (err: unknown) => {
      // A participant in a room asks on the main meeting's id, or the other way round: both are fine.
      if (
        err instanceof AppError &&
        err.code === 'forbidden:other_meeting' &&
        caller.kind === 'participant'
      ) {
        return openRoom(tx, caller, caller.seat.participant.currentMeetingId, 'read');
      }
      throw err;
    });
    // One query with the titles and names, not one more per request.
    const rows = await tx
      .select({ request: helpRequests, title: meetings.title, name: participants.name })
      .from(helpRequests)
      .leftJoin(meetings, eq(meetings.id, helpRequests.meetingId))
      .leftJoin(participants, eq(participants.id, helpRequests.participantId))
      .where(
        and(
          eq(helpRequests.mainMeetingId, main.id),
          isNull(helpRequests.resolvedAt),
          hasHostPowers(actor) || actor.kind !== 'participant'
            ? undefined
            : eq(helpRequests.participantId, actor.participant.id),
        ),
      )
      .orderBy(asc(helpRequests.createdAt));
    return { requests: rows.map((r) => toDto(r.request, r)) };
  });
}

/** A host takes a help request: it leaves every host's inbox and the room is told a host is coming. */
export async function resolveHelpRequest(caller: Caller, meetingId: string, requestId: string) {
  return runInRoom(caller, meetingId, 'manage', async ({ main, actor }, tx) => {
    const [row] = await tx
      .select()
      .from(helpRequests)
      .where(and(eq(helpRequests.id, requestId), eq(helpRequests.mainMeetingId, main.id)));
    if (!row)
      throw new AppError(
        'not_found:help_request',
        'No help request with that id in this meeting.',
        'request_id',
      );
    if (row.resolvedAt) return { result: await dtoOf(tx, row) };
    const [done] = await tx
      .update(helpRequests)
      .set({ resolvedAt: new Date(), resolvedBy: actor.name })
      .where(eq(helpRequests.id, row.id))
      .returning();
    const request = await dtoOf(tx, done!);
    // The room hears that help is coming; hosts see every room, so their inboxes drop it too.
    return {
      result: request,
      events: [{ type: 'help_resolved', payload: { request }, roomId: request.meeting_id }],
    };
  });
}
