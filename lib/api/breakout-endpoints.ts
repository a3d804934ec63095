import 'server-only';
import { z } from 'zod';
import {
  cancelClose,
  closeAll,
  createMeetings,
  deleteMeetings,
  getConnectedMeetings,
  getDraft,
  moveParticipants,
  saveDraft,
  startDraft,
  updateMeetings,
} from '@/lib/breakout/commands';
import { placeLateJoiners, updateLateJoiners } from '@/lib/breakout/late-joiners';
import { updateSelfSelect } from '@/lib/breakout/self-select';
import {
  cancelCloseSchema,
  closeAllSchema,
  createMeetingsSchema,
  deleteMeetingsSchema,
  draftSchema,
  moveSchema,
  pendingMoveSchema,
  startDraftSchema,
  assignDraftSchema,
  updateMeetingsSchema,
  lateJoinersSchema,
  placeLateJoinersSchema,
  selfSelectSchema,
  setTimerSchema,
  cancelTimerSchema,
} from '@/lib/breakout/schemas';
import { deleteTimer, putTimer } from '@/lib/breakout/timer';
import type { BreakoutCaller } from '@/lib/breakout/service';
import { assignDraft } from '@/lib/breakout/assign-draft';
import { setPendingMove } from '@/lib/breakout/pending-moves';
import { PENDING_MOVE_SECONDS } from '@/lib/livekit/warm';
import { uuidParam } from '@/lib/schemas';
import type { Caller } from './caller';
import { breakoutTimerDto, connectedMeetingsDto, draftDto, roomRefDto } from './dto-schemas';
import { endpoint, type Endpoint } from './router';

const params = z.object({ meeting_id: uuidParam('meeting_id') });
const callers: Array<'host' | 'participant'> = ['host', 'participant'];
const tag = 'Breakout rooms';
const base = '/meetings/{meeting_id}/connected-meetings';

/** API keys act with host powers; participants act with their preset where they are now. */
const asBreakoutCaller = (c: Caller): BreakoutCaller =>
  c.kind === 'host'
    ? { kind: 'host', hostId: c.hostId }
    : { kind: 'participant', participantId: c.seat.participant.id };

/** Breakout endpoints, on the main meeting's id. */
export const breakoutEndpoints: Endpoint[] = [
  endpoint({
    method: 'GET',
    path: base,
    operationId: 'getConnectedMeetings',
    tag,
    summary: 'The main meeting and its open breakout rooms, with who is in each, and the version',
    params,
    callers,
    response: connectedMeetingsDto,
    handler: ({ caller, params }) => getConnectedMeetings(asBreakoutCaller(caller), params.meeting_id),
  }),
  endpoint({
    method: 'POST',
    path: base,
    operationId: 'createBreakoutRooms',
    tag,
    summary: 'Create breakout rooms (open at once)',
    params,
    callers,
    body: createMeetingsSchema,
    response: z.object({ meetings: z.array(roomRefDto) }),
    status: 201,
    handler: ({ caller, params, body }) => createMeetings(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'PATCH',
    path: base,
    operationId: 'updateBreakoutRooms',
    tag,
    summary: 'Rename breakout rooms (also while they run)',
    params,
    callers,
    body: updateMeetingsSchema,
    response: z.object({ meetings: z.array(roomRefDto) }),
    handler: ({ caller, params, body }) => updateMeetings(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'DELETE',
    path: base,
    operationId: 'deleteBreakoutRooms',
    tag,
    summary: 'Delete breakout rooms; the people in them return to the main meeting',
    params,
    callers,
    body: deleteMeetingsSchema,
    response: z.object({ meetings: z.array(z.object({ id: z.uuid() })) }),
    handler: ({ caller, params, body }) => deleteMeetings(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'POST',
    path: `${base}/move`,
    operationId: 'moveParticipants',
    conflict:
      'Someone named is not in `source_meeting_id` now (`conflict:not_in_source`), or a participant choosing their own room picked a full one (`conflict:room_full`).',
    tag,
    summary:
      'Move participants between the main meeting and its rooms; with participants[].preset_id the preset applies in the destination',
    params,
    callers,
    body: moveSchema,
    response: z.object({ moved: z.number().int(), destination_meeting_id: z.uuid() }),
    handler: ({ caller, params, body }) =>
      moveParticipants(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'PUT',
    path: `${base}/pending-move`,
    operationId: 'setPendingMove',
    tag,
    summary: `A host's pick before Move (warm room switch): the room chosen for these participants in the manager and not moved to yet, or null to put the pick back. For ${PENDING_MOVE_SECONDS} s each named participant's page waits warm there (their event stream gets \`warm_hint\`), so the Move that follows finds a connection already up. Changes nobody's place and grants no right; a move of the person ends it. With the switch off nothing is recorded and warming is 0`,
    params,
    callers,
    body: pendingMoveSchema,
    response: z.object({
      warming: z
        .number()
        .int()
        .describe('How many of them are asked to wait warm in the room (not those in it)'),
      expires_in: z.number().int().describe('Seconds the pick lasts; 0 when nobody is warming'),
    }),
    handler: ({ caller, params, body }) => setPendingMove(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'POST',
    path: `${base}/close-all`,
    operationId: 'closeAllBreakoutRooms',
    conflict: 'A countdown was asked for but no room is open (`conflict:no_open_rooms`).',
    tag,
    summary:
      'Close every breakout room; everyone returns to the main meeting. With countdown_seconds the rooms close that many seconds from now (announced to everyone as rooms_closing), and the server closes them then',
    params,
    callers,
    body: closeAllSchema,
    response: z.object({
      meetings: z.array(z.object({ id: z.uuid() })),
      closes_at: z.iso.datetime().nullable(),
    }),
    handler: ({ caller, params, body }) => closeAll(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'POST',
    path: `${base}/close-all/cancel`,
    operationId: 'cancelCloseBreakoutRooms',
    tag,
    summary:
      'Cancel a pending close countdown; the rooms stay open (cancelled is false when none was pending)',
    params,
    callers,
    body: cancelCloseSchema,
    response: z.object({ cancelled: z.boolean() }),
    handler: ({ caller, params, body }) => cancelClose(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'GET',
    path: `${base}/draft`,
    operationId: 'getBreakoutDraft',
    tag,
    summary: "The hosts' shared draft of rooms and assignments",
    params,
    callers,
    response: draftDto.extend({ version: z.number().int() }),
    handler: ({ caller, params }) => getDraft(asBreakoutCaller(caller), params.meeting_id),
  }),
  endpoint({
    method: 'PUT',
    path: `${base}/draft`,
    operationId: 'saveBreakoutDraft',
    tag,
    summary: 'Replace the shared draft',
    params,
    callers,
    body: draftSchema,
    response: draftDto,
    handler: ({ caller, params, body }) => saveDraft(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'POST',
    path: `${base}/draft/start`,
    operationId: 'startBreakoutDraft',
    tag,
    summary: 'Start the draft in one step: create its rooms and move everyone assigned',
    params,
    callers,
    body: startDraftSchema,
    response: z.object({
      meetings: z.array(roomRefDto),
      moved: z.number().int(),
      timer: breakoutTimerDto.nullable(),
    }),
    handler: ({ caller, params, body }) => startDraft(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'PUT',
    path: `${base}/self-select`,
    operationId: 'setSelfSelect',
    conflict: 'Choosing cannot open while no breakout room is open (`conflict:no_open_rooms`).',
    tag,
    summary:
      'Let participants choose: open or close choosing while rooms run, with capacity seats per room (null: no cap). While open, a participant moves themselves into an open room with the move endpoint; a full room answers 409. Hosts move anyone past the cap',
    params,
    callers,
    body: selfSelectSchema,
    response: z.object({
      self_select: z.object({ enabled: z.boolean(), capacity: z.number().int().nullable() }),
    }),
    handler: ({ caller, params, body }) =>
      updateSelfSelect(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'PUT',
    path: `${base}/late-joiners`,
    operationId: 'setLateJoiners',
    tag,
    summary:
      'Auto-place late joiners: with auto_place, someone who joins while rooms run (and has not been in a room since they opened) is placed in the room with the fewest people',
    params,
    callers,
    body: lateJoinersSchema,
    response: z.object({ auto_place: z.boolean() }),
    handler: ({ caller, params, body }) =>
      updateLateJoiners(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'POST',
    path: `${base}/late-joiners/place`,
    operationId: 'placeLateJoiners',
    conflict: 'No breakout room is open to place anyone in (`conflict:no_open_rooms`).',
    tag,
    summary:
      'Place everyone waiting in the main meeting (connected there, not a host) into the rooms with the fewest people, evenly',
    params,
    callers,
    body: placeLateJoinersSchema,
    response: z.object({ placed: z.array(z.object({ id: z.uuid(), meeting_id: z.uuid() })) }),
    handler: ({ caller, params, body }) =>
      placeLateJoiners(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'POST',
    path: `${base}/draft/assign`,
    operationId: 'assignBreakoutDraft',
    tag,
    summary:
      'Fill the shared draft automatically: N rooms (mode even) or N per room (mode per_room), sizes differing by at most one, at random or in a stable order, with keep_apart / keep_together groups and a tag spread evenly. An impossible set of constraints is a 400 naming the conflict, and nothing changes',
    params,
    callers,
    body: assignDraftSchema,
    response: draftDto,
    handler: ({ caller, params, body }) => assignDraft(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'PUT',
    path: `${base}/timer`,
    operationId: 'setBreakoutTimer',
    conflict:
      'No breakout room is open (`conflict:no_open_rooms`), or `adjust_seconds` was sent while no timer runs (`conflict:no_timer`).',
    tag,
    summary:
      'Set, replace or adjust the breakout timer of running rooms: duration_seconds starts it from now, adjust_seconds moves it (+300, -60). At ends_at everyone has been warned for warning_seconds and, with auto_close, the server closes every room once; announced as timer_updated',
    params,
    callers,
    body: setTimerSchema,
    response: z.object({ timer: breakoutTimerDto }),
    handler: ({ caller, params, body }) => putTimer(asBreakoutCaller(caller), params.meeting_id, body),
  }),
  endpoint({
    method: 'DELETE',
    path: `${base}/timer`,
    operationId: 'cancelBreakoutTimer',
    tag,
    summary: 'Cancel the breakout timer; the rooms stay open (cancelled is false when none was running)',
    params,
    callers,
    body: cancelTimerSchema,
    response: z.object({ cancelled: z.boolean() }),
    handler: ({ caller, params, body }) => deleteTimer(asBreakoutCaller(caller), params.meeting_id, body),
  }),
];
