import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { presence } from '@/db/schema';
import { createPresenceBatcher, type PresenceDelivery } from '@/lib/livekit/presence-batch';
import { presenceBatcher } from '@/lib/livekit/service';
import { eventRows, expectInvariants, family, hostMove, newHost, type Host } from '../support/breakout';
import { deliverMediaWebhook, useMediaKeys } from '../support/media-webhook';
import { ok } from '../support/rest';

// The media server's join and leave webhooks arrive many at once when a class moves (a queue per room,
// the queues in parallel). Those that arrive together are applied in one transaction: here a class's
// deliveries, sent all at once as the media server would, must leave exactly what one-by-one delivery
// leaves (presence, events, the session) in fewer transactions; a repeat sent alongside its original
// counts once; and a delivery that fails takes none of the others with it.

beforeAll(() => {
  // Batches as on PostgreSQL (PGlite applies each delivery alone unless told otherwise).
  process.env.PRESENCE_BATCH_MAX = '10';
  useMediaKeys();
});

let n = 0;
/** One signed delivery, as the media server sends it. */
function deliver(event: 'participant_joined' | 'participant_left', who: string, room: string, id?: string) {
  const eventId = id ?? `EV_batch_${process.pid}_${n++}`;
  return deliverMediaWebhook(
    JSON.stringify({
      id: eventId,
      event,
      room: { name: room, sid: `RM_${room.slice(0, 8)}` },
      participant: { identity: who, sid: `PA_${who.slice(0, 8)}_${room.slice(0, 8)}` },
      createdAt: String(Math.floor(Date.now() / 1000)),
    }),
  );
}

async function connectedRooms(ids: string[]) {
  const d = await db();
  const rows = await d
    .select({ id: presence.participantId, room: presence.room })
    .from(presence)
    .where(and(inArray(presence.participantId, ids), eq(presence.connected, true)));
  return new Map(rows.map((r) => [r.id, r.room]));
}

describe('presence deliveries that arrive together', () => {
  let host: Host;
  beforeAll(async () => {
    host = await newHost();
  });

  it('a class arriving and moving, sent all at once: every change applied exactly, in fewer transactions', async () => {
    const names = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`P${i + 1}`, 'participant']));
    const f = await family(host, names, 6, 'Batched class');
    const ids = Object.values(f.seats).map((s) => s.id);
    const before = presenceBatcher.stats();

    // The class arrives: the main room's queue delivers in order, one at a time.
    for (const id of ids) await deliver('participant_joined', id, f.meetingId);
    // The host moves them two to a room; the media server reports the leaves from the main room and the
    // joins into the rooms, every room's queue at once.
    const roomOf = new Map(ids.map((id, i) => [id, f.rooms[Math.floor(i / 2)]!]));
    for (const room of f.rooms) {
      const pair = ids.filter((id) => roomOf.get(id) === room);
      await hostMove(host.key, f.meetingId, f.meetingId, room, pair);
    }
    const mainLeaves = (async () => {
      for (const id of ids) await deliver('participant_left', id, f.meetingId);
    })();
    await Promise.all([mainLeaves, ...ids.map((id) => deliver('participant_joined', id, roomOf.get(id)!))]);

    const after = presenceBatcher.stats();
    expect(after.deliveries - before.deliveries).toBe(36);
    // The rooms' joins went in with others: fewer transactions than deliveries.
    expect(after.batches - before.batches).toBeLessThan(36);
    expect(after.largest).toBeGreaterThan(1);

    expect(await connectedRooms(ids)).toEqual(roomOf);
    const changes = (await eventRows(f.meetingId)).filter((r) => r.type === 'presence_changed');
    expect(changes).toHaveLength(36);
    // Each person's own changes keep their order in the log: arrival, then (in either order, since two
    // rooms' queues do not wait on each other) the leave from the main room and the join into their room.
    for (const id of ids) {
      const mine = changes
        .map((r) => r.payload as { participant_id: string; meeting_id: string; connected: boolean })
        .filter((p) => p.participant_id === id);
      expect(mine[0]).toMatchObject({ meeting_id: f.meetingId, connected: true });
      expect(mine.slice(1)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ meeting_id: f.meetingId, connected: false }),
          expect.objectContaining({ meeting_id: roomOf.get(id), connected: true }),
        ]),
      );
    }
    await expectInvariants(f.meetingId, 'Batched class');
    // One session, with everyone in it now.
    const sessions = await ok<{ sessions: Array<{ status: string; live_participants: number }> }>(
      200,
      'GET',
      `/sessions?meeting_id=${f.meetingId}`,
      { key: host.key },
    );
    expect(sessions.sessions).toHaveLength(1);
    expect(sessions.sessions[0]).toMatchObject({ status: 'LIVE', live_participants: 12 });
  });

  it('a delivery and its repeat sent together count once', async () => {
    const f = await family(host, { Ada: 'participant' }, 0, 'Repeat');
    const ada = f.seats.Ada!.id;
    const id = `EV_repeat_${process.pid}_${n++}`;
    await Promise.all([
      deliver('participant_joined', ada, f.meetingId, id),
      deliver('participant_joined', ada, f.meetingId, id),
    ]);
    const changes = (await eventRows(f.meetingId)).filter((r) => r.type === 'presence_changed');
    expect(changes).toHaveLength(1);
    expect(await connectedRooms([ada])).toEqual(new Map([[ada, f.meetingId]]));
  });

  it('a connection counted in its room already is counted once, whoever reports its arrival again', async () => {
    // The warm switch's promotion writes an arrival itself (the media server sends no webhook when rights
    // change), and a promotion may be asked for again: the same connection, under other delivery ids.
    const f = await family(host, { Ada: 'participant' }, 0, 'Reported twice');
    const ada = f.seats.Ada!.id;
    const changes = async () =>
      (await eventRows(f.meetingId))
        .filter((r) => r.type === 'presence_changed')
        .map((r) => (r.payload as { connected: boolean }).connected);
    await deliver('participant_joined', ada, f.meetingId);
    await deliver('participant_joined', ada, f.meetingId);
    expect(await changes()).toEqual([true]);
    // Its leave still counts, and so does the arrival after it.
    await deliver('participant_left', ada, f.meetingId);
    expect(await connectedRooms([ada])).toEqual(new Map());
    await deliver('participant_joined', ada, f.meetingId);
    expect(await changes()).toEqual([true, false, true]);
    expect(await connectedRooms([ada])).toEqual(new Map([[ada, f.meetingId]]));
  });

  it('a delivery that fails fails alone: the others in its batch are applied and answered', async () => {
    const at = new Date();
    const delivery = (k: number): PresenceDelivery => ({
      eventId: `EV_fail_${process.pid}_${n++}`,
      eventType: 'participant_joined',
      participantId: `00000000-0000-4000-8000-00000000000${k}`,
      room: '00000000-0000-4000-8000-0000000000aa',
      joined: true,
      at,
    });
    const list = [1, 2, 3, 4].map(delivery);
    const bad = list[2]!.participantId;
    const seen: number[] = [];
    const apply = (_tx: unknown, batch: PresenceDelivery[]) => {
      seen.push(batch.length);
      if (batch.some((x) => x.participantId === bad)) throw new Error('this delivery cannot be applied');
      return Promise.resolve(batch.map(() => ({ applied: true, duplicate: false })));
    };
    const batcher = createPresenceBatcher(apply);
    const outcomes = await Promise.allSettled(list.map((x) => batcher.apply(x)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({
      message: 'this delivery cannot be applied',
    });
    // All four went in together first, then one by one.
    expect(seen).toEqual([4, 1, 1, 1, 1]);
    // The failed one's id was rolled back with its transaction: the media server's retry is applied.
    const retry = await createPresenceBatcher((_tx, batch) =>
      Promise.resolve(batch.map(() => ({ applied: true, duplicate: false }))),
    ).apply(list[2]!);
    expect(retry).toEqual({ applied: true, duplicate: false });
    // The others' ids were kept: a repeat of one is acknowledged as such.
    expect(await batcher.apply(list[0]!)).toEqual({ applied: false, duplicate: true });
  });
});
