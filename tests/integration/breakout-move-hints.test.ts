// Commands that move several groups at once (a draft start, closing every room) write everyone's move
// together; each group's event must still say who was left in its source right after that group moved,
// as a page that follows the log event by event counts (a compact move's check), hidden people apart,
// and name them when they are no more than the group.
import { and, asc, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { events, participants, type EventHints } from '@/db/schema';
import { closeBus } from '@/lib/events/bus';
import { lastEventId } from '@/lib/events/log';
import { newHost } from '../support/api';
import { cmPath, family, hostMove } from '../support/breakout';
import { addParticipant, createPreset, ok, openDatabase } from '../support/rest';

beforeAll(openDatabase);
afterAll(closeBus);

interface MovePayload {
  source_meeting_id: string;
  destination_meeting_id: string;
  participants: Array<{ id: string }>;
}

/** How many moves checked so far named who they left. */
let named = 0;

/** Replays the moves logged after `from` over where everyone was, checking each one's hints. */
async function checkHints(main: string, from: number, where: Map<string, string>, hidden: Set<string>) {
  const rows = await (
    await db()
  )
    .select({ type: events.type, payload: events.payload, hints: events.hints })
    .from(events)
    .where(and(eq(events.mainMeetingId, main), gt(events.id, from)))
    .orderBy(asc(events.id));
  const moves = rows.filter((r) => r.type === 'participants_moved');
  for (const move of moves) {
    const p = move.payload as MovePayload;
    for (const person of p.participants) where.set(person.id, p.destination_meeting_id);
    const left = [...where].filter(([, room]) => room === p.source_meeting_id).map(([id]) => id);
    const visible = left.filter((id) => !hidden.has(id));
    const hints = move.hints as EventHints;
    expect(hints).toEqual({
      left_in_source: left.length,
      visible_left_in_source: visible.length,
      // Named too when some are left, and no more than the move took.
      ...(left.length > 0 && left.length <= p.participants.length
        ? { left_ids: expect.any(Array), visible_left_ids: expect.any(Array) }
        : {}),
    });
    if (hints.left_ids) {
      named++;
      expect([...hints.left_ids].sort()).toEqual([...left].sort());
      expect([...hints.visible_left_ids!].sort()).toEqual([...visible].sort());
    }
  }
  return moves.map((m) => m.payload as MovePayload);
}

const placesOf = async (main: string) =>
  new Map(
    (
      await (
        await db()
      )
        .select({ id: participants.id, room: participants.currentMeetingId })
        .from(participants)
        .where(eq(participants.meetingId, main))
    ).map((r) => [r.id, r.room]),
  );

describe('moves of several groups in one command', () => {
  it('give each group the count left in its source after it, as the log replayed one by one says', async () => {
    const host = await newHost();
    await createPreset(host.key, { name: 'ghost', permissions: { hidden_participant: true } });
    const f = await family(
      host,
      { ann: 'participant', bob: 'participant', cy: 'participant', dee: 'participant', eve: 'participant' },
      1,
    );
    const main = f.meetingId;
    const ghost = await addParticipant(host.key, main, { name: 'Ghost', preset_name: 'ghost' });
    const [ann, bob, cy, dee, eve] = ['ann', 'bob', 'cy', 'dee', 'eve'].map((n) => f.seats[n]!.id) as [
      string,
      string,
      string,
      string,
      string,
    ];
    // Cy and Dee start in the open room: the draft start moves people out of two sources.
    await hostMove(host.key, main, main, f.rooms[0]!, [cy, dee]);
    const rooms = [
      { key: 'x', title: 'X' },
      { key: 'y', title: 'Y' },
      { key: 'z', title: 'Z' },
    ];
    await ok(200, 'PUT', cmPath(main, '/draft'), {
      key: host.key,
      body: { rooms, assignments: { [ann]: 'x', [ghost.id]: 'x', [bob]: 'y', [cy]: 'z', [dee]: 'x' } },
    });
    const hidden = new Set([ghost.id]);
    let from = await lastEventId(await db(), main);
    let where = await placesOf(main);
    await ok(200, 'POST', cmPath(main, '/draft/start'), { key: host.key, body: {} });
    const started = await checkHints(main, from, where, hidden);
    // One event per (source, destination) pair, everyone assigned moved once; Eve stays.
    expect(started).toHaveLength(4);
    // Moves out of the main meeting left Bob and Eve, then Eve; out of the room, Dee: named.
    expect(named).toBeGreaterThanOrEqual(2);
    expect(started.flatMap((m) => m.participants.map((p) => p.id)).sort()).toEqual(
      [ann, bob, cy, dee, ghost.id].sort(),
    );
    expect(new Set(started.map((m) => m.source_meeting_id))).toEqual(new Set([main, f.rooms[0]]));
    expect(where).toEqual(await placesOf(main));
    expect(where.get(eve)).toBe(main);

    // Closing every room brings four rooms' people back to the main meeting, one event per room.
    from = await lastEventId(await db(), main);
    where = await placesOf(main);
    await ok(200, 'POST', cmPath(main, '/close-all'), { key: host.key, body: {} });
    const closed = await checkHints(main, from, where, hidden);
    expect(closed.map((m) => m.participants.length).sort()).toEqual([1, 1, 3]);
    expect(closed.every((m) => m.destination_meeting_id === main)).toBe(true);
    expect(new Set((await placesOf(main)).values())).toEqual(new Set([main]));
  });
});
