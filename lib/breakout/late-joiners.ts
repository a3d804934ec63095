import 'server-only';
import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '@/db';
import { events, participants, presence, presets } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import { findParticipantSession, type ParticipantSession } from '@/lib/participants/service';
import { mintMediaToken } from '@/lib/livekit/service';
import { permissionsSchema } from '@/lib/presets/permissions';
import type { BreakoutEvent } from './events';
import type { lateJoinersSchema, placeLateJoinersSchema } from './schemas';
import { getBreakoutSettings, setAutoPlace } from './self-select-store';
import { moveWithin, runCommand, type BreakoutCaller, type Family } from './service';

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

/** Participants in the main meeting, not the host's seat, without host powers. */
async function mainMeetingPeople(f: Family, onlyId?: string) {
  const rows = await f.tx
    .select({ id: participants.id, permissions: presets.permissions })
    .from(participants)
    .innerJoin(presets, eq(presets.id, effectivePresetId()))
    .where(
      and(
        eq(participants.meetingId, f.main.id),
        eq(participants.currentMeetingId, f.main.id),
        eq(participants.isHostSeat, false),
        onlyId ? eq(participants.id, onlyId) : undefined,
      ),
    )
    .orderBy(asc(participants.createdAt), asc(participants.id));
  return rows
    .filter((r) => !permissionsSchema.parse(r.permissions).connected_meetings.can_alter_connected_meetings)
    .map((r) => r.id);
}

/** Who is waiting: of mainMeetingPeople, those whose media is connected to the main meeting now. */
async function waitingIds(f: Family): Promise<string[]> {
  const ids = await mainMeetingPeople(f);
  if (ids.length === 0) return [];
  const live = await f.tx
    .select({ id: presence.participantId })
    .from(presence)
    .where(
      and(inArray(presence.participantId, ids), eq(presence.room, f.main.id), eq(presence.connected, true)),
    );
  const connected = new Set(live.map((l) => l.id));
  return ids.filter((id) => connected.has(id));
}

// Room creation times come from the app's clock and event times from the database's: a little slack so
// a move made just before the rooms opened still counts as "since".
const CLOCK_SLACK_MS = 2_000;

/** In the main meeting, placeable, and not named by any move since the oldest open room opened. */
async function isLateJoiner(f: Family, participantId: string): Promise<boolean> {
  if ((await mainMeetingPeople(f, participantId)).length === 0) return false;
  const opened = Math.min(...[...f.rooms.values()].map((r) => r.createdAt.getTime()));
  const [row] = await f.tx
    .select({ n: count() })
    .from(events)
    .where(
      and(
        eq(events.mainMeetingId, f.main.id),
        eq(events.type, 'participants_moved'),
        gte(events.createdAt, new Date(opened - CLOCK_SLACK_MS)),
        sql`${events.payload} @> ${JSON.stringify({ participants: [{ id: participantId }] })}::jsonb`,
      ),
    );
  return Number(row?.n ?? 0) === 0;
}

/**
 * Moves people from the main meeting one by one into the open room with the fewest people at that moment
 * (ties: the earlier room), so they spread evenly and fill the small rooms first.
 */
async function placeInSmallestRooms(f: Family, ids: string[]) {
  if (ids.length === 0) return { placed: [], events: [], moved: [] };
  const roomIds = [...f.rooms.values()]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map((r) => r.id);
  const counts = await f.tx
    .select({ room: participants.currentMeetingId, n: count() })
    .from(participants)
    .where(inArray(participants.currentMeetingId, roomIds))
    .groupBy(participants.currentMeetingId);
  const size = new Map(roomIds.map((id) => [id, 0]));
  for (const c of counts) size.set(c.room, Number(c.n));
  const byRoom = new Map<string, string[]>();
  const placed: Array<{ id: string; meeting_id: string }> = [];
  for (const id of ids) {
    const room = roomIds.reduce((best, r) => (size.get(r)! < size.get(best)! ? r : best));
    size.set(room, size.get(room)! + 1);
    byRoom.set(room, [...(byRoom.get(room) ?? []), id]);
    placed.push({ id, meeting_id: room });
  }
  const out = { placed, events: [] as BreakoutEvent[], moved: [] as Array<{ id: string; from: string }> };
  for (const [room, list] of byRoom) {
    const m = await moveWithin(
      f,
      f.main.id,
      room,
      list.map((id) => ({ id })),
    );
    out.events.push(...m.events);
    out.moved.push(...m.moved);
  }
  return out;
}
