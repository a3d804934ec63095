import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { participants, pollOptions, polls, pollVotes, type Poll } from '@/db/schema';
import type { Caller } from '@/lib/api/caller';
import { AppError } from '@/lib/errors';
import type { PollDto, PollVotedPayload } from '@/lib/events/room-events';
import { hasHostPowers, requirePermission, runInRoom, type RoomActor } from '@/lib/rooms/access';
import type { createPollSchema, voteSchema } from './schemas';

const canView = (actor: RoomActor) =>
  requirePermission(actor, (p) => p.polls.can_view, 'polls.can_view', 'Seeing polls');

/** A meeting's polls, oldest first, as this reader may see them. */
export async function listPolls(caller: Caller, meetingId: string) {
  return runInRoom(caller, meetingId, 'read', async ({ meeting, actor }, tx) => {
    canView(actor);
    const rows = await tx
      .select()
      .from(polls)
      .where(eq(polls.meetingId, meeting.id))
      .orderBy(asc(polls.createdAt), asc(polls.id));
    return { result: { polls: await pollDtos(tx, rows, actor) } };
  });
}

/** One poll, as this reader may see it. */
export async function getPoll(caller: Caller, meetingId: string, pollId: string) {
  return runInRoom(caller, meetingId, 'read', async ({ meeting, actor }, tx) => {
    canView(actor);
    const poll = await findPoll(tx, meeting.id, pollId);
    return { result: (await pollDtos(tx, [poll], actor))[0]! };
  });
}

/** Creates a poll in the meeting the caller is in (a host through the API: in any open room). */
export async function createPoll(
  caller: Caller,
  meetingId: string,
  input: z.output<typeof createPollSchema>,
) {
  return runInRoom(caller, meetingId, 'write', async ({ meeting, main, actor }, tx) => {
    requirePermission(actor, (p) => p.polls.can_create, 'polls.can_create', 'Creating polls');
    const [poll] = await tx
      .insert(polls)
      .values({
        meetingId: meeting.id,
        mainMeetingId: main.id,
        createdByParticipantId: actor.kind === 'participant' ? actor.participant.id : null,
        creatorName: actor.name,
        question: input.question,
        anonymous: input.anonymous,
        hideVotes: input.hide_votes,
      })
      .returning();
    await tx
      .insert(pollOptions)
      .values(input.options.map((text, position) => ({ pollId: poll!.id, position, text })));
    // What every reader sees of a new poll: no votes yet, so nothing is hidden but the reader's own vote.
    const shared = (await pollDtos(tx, [poll!], undefined))[0]!;
    return {
      result: (await pollDtos(tx, [poll!], actor))[0]!,
      events: [{ type: 'poll_created', payload: { poll: shared }, roomId: meeting.id }],
    };
  });
}

/** Casts the caller's one vote in a poll of the meeting they are in. */
export async function vote(
  caller: Caller,
  meetingId: string,
  pollId: string,
  input: z.output<typeof voteSchema>,
) {
  return runInRoom(caller, meetingId, 'write', async ({ meeting, actor }, tx) => {
    if (actor.kind !== 'participant') {
      throw new AppError('forbidden:participants_only', 'Only participants vote: an API key has no vote.');
    }
    requirePermission(actor, (p) => p.polls.can_vote, 'polls.can_vote', 'Voting');
    const poll = await findPoll(tx, meeting.id, pollId);
    const options = await tx.select().from(pollOptions).where(eq(pollOptions.pollId, poll.id));
    if (input.option_index >= options.length) {
      throw new AppError(
        'invalid',
        `option_index must be between 0 and ${options.length - 1}: this poll has ${options.length} options.`,
        'option_index',
      );
    }
    const inserted = await tx
      .insert(pollVotes)
      .values({ pollId: poll.id, participantId: actor.participant.id, optionIndex: input.option_index })
      .onConflictDoNothing()
      .returning({ pollId: pollVotes.pollId });
    if (inserted.length === 0) {
      throw new AppError('conflict:already_voted', 'You have already voted in this poll.', 'option_index');
    }
    const dto = (await pollDtos(tx, [poll], actor))[0]!;
    const payload: PollVotedPayload = {
      poll_id: poll.id,
      meeting_id: meeting.id,
      total_votes: dto.total_votes,
    };
    if (!poll.hideVotes) {
      payload.counts = dto.options.map((o) => o.votes ?? 0);
      if (!poll.anonymous) {
        payload.voter = {
          participant_id: actor.participant.id,
          name: actor.name,
          option_index: input.option_index,
        };
      }
    }
    return { result: dto, events: [{ type: 'poll_voted', payload, roomId: meeting.id }] };
  });
}

async function findPoll(tx: Tx, meetingId: string, pollId: string): Promise<Poll> {
  const [poll] = await tx
    .select()
    .from(polls)
    .where(and(eq(polls.id, pollId), eq(polls.meetingId, meetingId)));
  if (!poll) throw new AppError('not_found:poll', 'No poll with that id in this meeting.', 'poll_id');
  return poll;
}

/**
 * Polls with their options and counts as `reader` may see them: a hide_votes poll shows its counts only
 * to those who voted and to hosts; an anonymous poll never says who voted for what. Without a reader, the
 * view anyone may get.
 */
async function pollDtos(tx: Tx, rows: Poll[], reader: RoomActor | undefined): Promise<PollDto[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((p) => p.id);
  const options = await tx
    .select()
    .from(pollOptions)
    .where(inArray(pollOptions.pollId, ids))
    .orderBy(asc(pollOptions.position));
  const votes = await tx
    .select({
      pollId: pollVotes.pollId,
      participantId: pollVotes.participantId,
      optionIndex: pollVotes.optionIndex,
      name: participants.name,
    })
    .from(pollVotes)
    .innerJoin(participants, eq(participants.id, pollVotes.participantId))
    .where(inArray(pollVotes.pollId, ids))
    .orderBy(asc(pollVotes.createdAt));
  const readerId = reader?.kind === 'participant' ? reader.participant.id : undefined;
  const host = reader ? hasHostPowers(reader) : false;
  return rows.map((poll) => {
    const mine = votes.filter((v) => v.pollId === poll.id);
    const myVote = mine.find((v) => v.participantId === readerId)?.optionIndex ?? null;
    const visible = !poll.hideVotes || host || myVote !== null;
    return {
      id: poll.id,
      meeting_id: poll.meetingId,
      question: poll.question,
      anonymous: poll.anonymous,
      hide_votes: poll.hideVotes,
      created_by: { participant_id: poll.createdByParticipantId, name: poll.creatorName },
      created_at: poll.createdAt.toISOString(),
      options: options
        .filter((o) => o.pollId === poll.id)
        .map((o) => {
          const chose = mine.filter((v) => v.optionIndex === o.position);
          return {
            index: o.position,
            text: o.text,
            votes: visible ? chose.length : null,
            voters:
              visible && !poll.anonymous
                ? chose.map((v) => ({ participant_id: v.participantId, name: v.name }))
                : [],
          };
        }),
      total_votes: mine.length,
      my_vote: myVote,
      results_visible: visible,
    };
  });
}
