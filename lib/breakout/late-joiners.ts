import 'server-only';
import type { z } from 'zod';
import { db } from '@/db';
import { AppError } from '@/lib/errors';
import { findParticipantSession, type ParticipantSession } from '@/lib/participants/service';
import { mintMediaToken } from '@/lib/livekit/service';
import type { BreakoutEvent } from './events';
import type { lateJoinersSchema, placeLateJoinersSchema } from './schemas';
import { getBreakoutSettings, setAutoPlace } from './self-select-store';
import { connectedInMain, mainMeetingPeople, movedSinceRoomsOpened, roomSizes } from './late-placement-read';
import { smallestRoomPlan } from './placement';
import { moveManyWithin, runCommand, type BreakoutCaller, type Family } from './service';

// Late joiners: someone who joins while rooms run.
// - The plan placed them: starting a draft moves every assigned person into their room whether or not
//   they are connected, so their link and media token already open that room.
// - Otherwise they wait in the main meeting. "Waiting" is exact: in the main meeting with their media
//   connected there, not the host's own seat and without host powers (can_alter_connected_meetings),
//   while at least one room is open. Hosts see the count and place them all in one command.
// - With auto-place on, the server places them itself when they ask for a media token for the main
//   meeting (the moment their page opens), provided no move has named them since the oldest open room
//   opened: someone a host brought back to the main meeting, or who left a room, stays there.

/** Turns "auto-place late joiners" on or off. */
export async function updateLateJoiners(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input: z.output<typeof lateJoinersSchema>,
) {
  return runCommand(
    caller,
    mainMeetingId,
    { kind: 'update' },
    { expectedVersion: input.expected_version },
    async (f) => {
      const { autoPlace } = await getBreakoutSettings(f.tx, f.main.id);
      const result = { auto_place: input.auto_place };
      if (autoPlace === input.auto_place) return { result, events: [] };
      await setAutoPlace(f.tx, f.main.id, input.auto_place);
      return { result, events: [{ type: 'late_joiners_updated', payload: result }] };
    },
  );
}

/** Places everyone waiting in the main meeting into the rooms with the fewest people, evenly. */
export async function placeLateJoiners(
  caller: BreakoutCaller,
  mainMeetingId: string,
  input?: z.output<typeof placeLateJoinersSchema>,
) {
  return runCommand(
    caller,
    mainMeetingId,
    { kind: 'update' },
    { expectedVersion: input?.expected_version },
    async (f) => {
      if (f.rooms.size === 0) {
        throw new AppError(
          'conflict:no_open_rooms',
          'No breakout room is open, so nobody is waiting for one.',
        );
      }
      const waiting = await waitingIds(f);
      const out = await placeInSmallestRooms(f, waiting);
      return { result: { placed: out.placed }, events: out.events, moved: out.moved };
    },
  );
}

/**
 * The participant's seat after auto-placing them when they join while rooms run (see the rules above);
 * the same seat when nothing applies. Cheap when auto-place is off: one read, no lock.
 */
export async function placeOnJoin(seat: ParticipantSession): Promise<ParticipantSession> {
  const main = seat.participant.meetingId;
  if (seat.participant.currentMeetingId !== main || seat.participant.isHostSeat) return seat;
  if (seat.meeting.status !== 'ACTIVE') return seat;
  if (!(await getBreakoutSettings(await db(), main)).autoPlace) return seat;
  const placed = await runCommand({ kind: 'system' }, main, { kind: 'update' }, {}, async (f) => {
    const none = { result: false, events: [] as BreakoutEvent[] };
    if (f.rooms.size === 0 || !(await getBreakoutSettings(f.tx, f.main.id)).autoPlace) return none;
    if (!(await isLateJoiner(f, seat.participant.id))) return none;
    const out = await placeInSmallestRooms(f, [seat.participant.id]);
    return { result: true, events: out.events, moved: out.moved };
  });
  return placed ? ((await findParticipantSession(seat.participant.id)) ?? seat) : seat;
}

/** A media token for a page joining: a late joiner with auto-place on gets the room they were placed in. */
export async function mediaTokenOnJoin(seat: ParticipantSession) {
  const token = await mintMediaToken(seat); // refuses first when media is off or the meeting inactive
  const placed = await placeOnJoin(seat);
  return placed === seat ? token : mintMediaToken(placed);
}

/** Who is waiting: placeable people in the main meeting whose media is connected there now. */
async function waitingIds(f: Family): Promise<string[]> {
  return connectedInMain(f.tx, f.main.id, await mainMeetingPeople(f.tx, f.main.id));
}

/** In the main meeting, placeable, and not named by any move since the oldest open room opened. */
async function isLateJoiner(f: Family, participantId: string): Promise<boolean> {
  if ((await mainMeetingPeople(f.tx, f.main.id, participantId)).length === 0) return false;
  const moved = await movedSinceRoomsOpened(f.tx, f.main.id, [...f.rooms.values()], [participantId]);
  return !moved.has(participantId);
}

/**
 * Moves people from the main meeting one by one into the open room with the fewest people at that moment
 * (ties: the earlier room), so they spread evenly and fill the small rooms first.
 */
async function placeInSmallestRooms(f: Family, ids: string[]) {
  if (ids.length === 0) return { placed: [], events: [], moved: [] };
  const rooms = [...f.rooms.values()];
  const plan = smallestRoomPlan(
    rooms,
    await roomSizes(
      f.tx,
      rooms.map((r) => r.id),
    ),
    ids,
  );
  const byRoom = new Map<string, string[]>();
  const placed: Array<{ id: string; meeting_id: string }> = [];
  for (const [id, room] of plan) {
    byRoom.set(room, [...(byRoom.get(room) ?? []), id]);
    placed.push({ id, meeting_id: room });
  }
  const out = await moveManyWithin(
    f,
    [...byRoom].map(([room, list]) => ({
      source: f.main.id,
      destination: room,
      moved: list.map((id) => ({ id })),
    })),
  );
  return { placed, ...out };
}
