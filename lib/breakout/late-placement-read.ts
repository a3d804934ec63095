import 'server-only';
import { and, asc, count, eq, gte, inArray, or, sql } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { events, meetings, participants, presence, presets } from '@/db/schema';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import { permissionsSchema } from '@/lib/presets/permissions';
import { smallestRoomPlan, type PlacementRoom } from './placement';

// Who waits in the main meeting while rooms run, and where "Place late joiners" puts each of them
// (lib/breakout/late-joiners.ts has the commands). Apart from the commands, so the media side
// (lib/livekit) can read where a late joiner will likely go next without importing them: with the warm
// room switch, a late joiner's page waits warm in the room the placement would give them now.

/** Participants in the main meeting, not the host's seat, without host powers, oldest seat first. */
export async function mainMeetingPeople(q: Queryable, mainId: string, onlyId?: string): Promise<string[]> {
  const rows = await q
    .select({ id: participants.id, permissions: presets.permissions })
    .from(participants)
    .innerJoin(presets, eq(presets.id, effectivePresetId()))
    .where(
      and(
        eq(participants.meetingId, mainId),
        eq(participants.currentMeetingId, mainId),
        eq(participants.isHostSeat, false),
        onlyId ? eq(participants.id, onlyId) : undefined,
      ),
    )
    .orderBy(asc(participants.createdAt), asc(participants.id));
  return rows
    .filter((r) => !permissionsSchema.parse(r.permissions).connected_meetings.can_alter_connected_meetings)
    .map((r) => r.id);
}

/** Who is waiting: of `people` (mainMeetingPeople), those whose media is connected to the main meeting now. */
export async function connectedInMain(q: Queryable, mainId: string, people: string[]): Promise<string[]> {
  if (people.length === 0) return [];
  const live = await q
    .select({ id: presence.participantId })
    .from(presence)
    .where(
      and(inArray(presence.participantId, people), eq(presence.room, mainId), eq(presence.connected, true)),
    );
  const connected = new Set(live.map((l) => l.id));
  return people.filter((id) => connected.has(id));
}

// Room creation times come from the app's clock and event times from the database's: a little slack so
// a move made just before the rooms opened still counts as "since".
const CLOCK_SLACK_MS = 2_000;

/** Of `ids`, those named by a move since the oldest of these open rooms opened: one read for all. */
export async function movedSinceRoomsOpened(
  q: Queryable,
  mainId: string,
  rooms: readonly PlacementRoom[],
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0 || rooms.length === 0) return new Set();
  const opened = Math.min(...rooms.map((r) => r.createdAt.getTime()));
  const rows = await q
    .select({ payload: events.payload })
    .from(events)
    .where(
      and(
        eq(events.mainMeetingId, mainId),
        eq(events.type, 'participants_moved'),
        gte(events.createdAt, new Date(opened - CLOCK_SLACK_MS)),
        or(
          ...ids.map((id) => sql`${events.payload} @> ${JSON.stringify({ participants: [{ id }] })}::jsonb`),
        ),
      ),
    );
  const asked = new Set(ids);
  const moved = new Set<string>();
  for (const r of rows) {
    for (const p of (r.payload as { participants: Array<{ id: string }> }).participants) {
      if (asked.has(p.id)) moved.add(p.id);
    }
  }
  return moved;
}

/** How many people each of these rooms holds now (rooms nobody is in count 0). */
export async function roomSizes(q: Queryable, roomIds: readonly string[]): Promise<Map<string, number>> {
  const size = new Map(roomIds.map((id) => [id, 0]));
  if (roomIds.length === 0) return size;
  const counts = await q
    .select({ room: participants.currentMeetingId, n: count() })
    .from(participants)
    .where(inArray(participants.currentMeetingId, [...roomIds]))
    .groupBy(participants.currentMeetingId);
  for (const c of counts) size.set(c.room, Number(c.n));
  return size;
}

/**
 * For each of these participants who is a late joiner now (in the main meeting while rooms run,
 * placeable, not moved since the rooms opened), the room "Place late joiners" would put them in if it
 * ran now: everyone waiting is placed in seat order, and a participant whose media is not connected yet
 * (a page still joining) counts as waiting in their place. Others are left out. A few reads per main
 * meeting with rooms open; none for seats elsewhere.
 */
export async function latePlacementsOf(
  q: Queryable,
  seats: ReadonlyArray<{ participantId: string; mainMeetingId: string; currentMeetingId: string }>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const inMain = seats.filter((s) => s.currentMeetingId === s.mainMeetingId);
  const mains = [...new Set(inMain.map((s) => s.mainMeetingId))];
  if (mains.length === 0) return out;
  const open = await q
    .select({ id: meetings.id, main: meetings.parentMeetingId, createdAt: meetings.createdAt })
    .from(meetings)
    .where(and(inArray(meetings.parentMeetingId, mains), eq(meetings.roomStatus, 'open')));
  for (const main of mains) {
    const rooms = open.filter((r) => r.main === main);
    if (rooms.length === 0) continue;
    const people = await mainMeetingPeople(q, main);
    const placeable = new Set(people);
    const candidates = inMain
      .filter((s) => s.mainMeetingId === main && placeable.has(s.participantId))
      .map((s) => s.participantId);
    const moved = await movedSinceRoomsOpened(q, main, rooms, candidates);
    const asked = new Set(candidates.filter((id) => !moved.has(id)));
    if (asked.size === 0) continue;
    const waiting = new Set(await connectedInMain(q, main, people));
    const placed = people.filter((id) => waiting.has(id) || asked.has(id));
    const plan = smallestRoomPlan(
      rooms,
      await roomSizes(
        q,
        rooms.map((r) => r.id),
      ),
      placed,
    );
    for (const id of asked) out.set(id, plan.get(id)!);
  }
  return out;
}
