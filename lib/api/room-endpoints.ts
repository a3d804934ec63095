import 'server-only';
import { z } from 'zod';
import { broadcast, listMessages, postMessage } from '@/lib/chat/service';
import { broadcastSchema, listMessagesQuery, postMessageSchema } from '@/lib/chat/schemas';
import { askForHelp, askHelpSchema, listHelpRequests, resolveHelpRequest } from '@/lib/help/service';
import { createPoll, getPoll, listPolls, vote } from '@/lib/polls/service';
import { createPollSchema, voteSchema } from '@/lib/polls/schemas';
import { uuidParam } from '@/lib/schemas';
import { chatMessageDto, helpRequestDto, pollDto } from './dto-schemas';
import { endpoint, type Endpoint } from './router';

// Chat, polls and help requests, on any meeting's id: a main meeting or one of its breakout rooms (each
// room is a meeting with its own chat and polls). API keys act as the host; participants only in the
// meeting they are in now.

const params = z.object({ meeting_id: uuidParam('meeting_id') });
const pollParams = params.extend({ poll_id: uuidParam('poll_id') });
const requestParams = params.extend({ request_id: uuidParam('request_id') });
const callers: Array<'host' | 'participant'> = ['host', 'participant'];

export const roomEndpoints: Endpoint[] = [
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}/chat',
    operationId: 'listChatMessages',
    tag: 'Chat',
    summary: "A meeting's or room's chat, oldest first (the newest `limit`, or those `before` a message)",
    params,
    query: listMessagesQuery,
    callers,
    response: z.object({ messages: z.array(chatMessageDto), has_more: z.boolean() }),
    handler: ({ caller, params, query }) => listMessages(caller, params.meeting_id, query),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/chat',
    operationId: 'sendChatMessage',
    conflict: 'The breakout room named by `meeting_id` is closed (`conflict:room_closed`).',
    tag: 'Chat',
    summary: 'Say something in the chat of the meeting or room you are in (chat.public.can_send)',
    params,
    callers,
    body: postMessageSchema,
    response: chatMessageDto,
    status: 201,
    handler: ({ caller, params, body }) => postMessage(caller, params.meeting_id, body),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/broadcasts',
    operationId: 'sendBroadcast',
    conflict: 'The breakout room named by `meeting_id` is closed (`conflict:room_closed`).',
    tag: 'Chat',
    summary:
      'Announce a message in every open room and the main meeting, or in meeting_ids only (hosts: can_alter_connected_meetings)',
    params,
    callers,
    body: broadcastSchema,
    response: z.object({
      message: z.string(),
      meeting_ids: z.array(z.uuid()),
      messages: z.array(chatMessageDto),
    }),
    status: 201,
    handler: ({ caller, params, body }) => broadcast(caller, params.meeting_id, body),
  }),
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}/polls',
    operationId: 'listPolls',
    tag: 'Polls',
    summary: "A meeting's or room's polls with the results you may see (polls.can_view)",
    params,
    callers,
    response: z.object({ polls: z.array(pollDto) }),
    handler: ({ caller, params }) => listPolls(caller, params.meeting_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/polls',
    operationId: 'createPoll',
    conflict: 'The breakout room named by `meeting_id` is closed (`conflict:room_closed`).',
    tag: 'Polls',
    summary: 'Create a poll with 2 to 10 options in the meeting or room you are in (polls.can_create)',
    params,
    callers,
    body: createPollSchema,
    response: pollDto,
    status: 201,
    handler: ({ caller, params, body }) => createPoll(caller, params.meeting_id, body),
  }),
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}/polls/{poll_id}',
    operationId: 'getPoll',
    tag: 'Polls',
    summary: 'One poll with the results you may see',
    params: pollParams,
    callers,
    response: pollDto,
    handler: ({ caller, params }) => getPoll(caller, params.meeting_id, params.poll_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/polls/{poll_id}/votes',
    operationId: 'votePoll',
    conflict:
      'This participant already voted in this poll (`conflict:already_voted`), or the breakout room named by `meeting_id` is closed (`conflict:room_closed`).',
    tag: 'Polls',
    summary: 'Vote once in a poll (polls.can_vote); a second vote is a 409',
    params: pollParams,
    callers: ['participant'],
    body: voteSchema,
    response: pollDto,
    status: 201,
    handler: ({ caller, params, body }) => vote(caller, params.meeting_id, params.poll_id, body),
  }),
  endpoint({
    method: 'GET',
    path: '/meetings/{meeting_id}/help-requests',
    operationId: 'listHelpRequests',
    tag: 'Help requests',
    summary: "Open help requests: all of the meeting's rooms for hosts, your own for a participant",
    params,
    callers,
    response: z.object({ requests: z.array(helpRequestDto) }),
    handler: ({ caller, params }) => listHelpRequests(caller, params.meeting_id),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/help-requests',
    operationId: 'createHelpRequest',
    conflict: 'The breakout room named by `meeting_id` is closed (`conflict:room_closed`).',
    tag: 'Help requests',
    summary:
      'Ask the hosts for help from the room you are in; every host is told at once (asking again returns the open request)',
    params,
    callers: ['participant'],
    body: askHelpSchema,
    response: z.object({ request: helpRequestDto, created: z.boolean() }),
    status: 201,
    handler: ({ caller, params, body }) => askForHelp(caller, params.meeting_id, body),
  }),
  endpoint({
    method: 'POST',
    path: '/meetings/{meeting_id}/help-requests/{request_id}/resolve',
    operationId: 'resolveHelpRequest',
    tag: 'Help requests',
    summary: "Take a help request: it leaves every host's inbox and its room hears that help is coming",
    params: requestParams,
    callers,
    response: helpRequestDto,
    handler: ({ caller, params }) => resolveHelpRequest(caller, params.meeting_id, params.request_id),
  }),
];
