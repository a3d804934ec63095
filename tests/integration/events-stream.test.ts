import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { lastEventId, readEvents } from '@/lib/events/log';
import { busStats, closeBus, subscribe } from '@/lib/events/bus';
import type { ConnectedMeetingsState } from '@/lib/breakout/state';
import { expandMove, type FullMove, type GroupedMove } from '@/lib/events/grouped-moves';
import { applyEvent } from '@/lib/breakout/reduce';
import { family, hostMove } from '../support/breakout';
import { newHost } from '../support/api';
import {
  appendAndPublish,
  cookieFor,
  dataOf,
  meetingWith,
  moved,
  openEvents,
  renamed,
  titleOf,
} from '../support/events';
import { waitFor } from '../support/sse';

afterAll(closeBus);

describe('GET /meetings/{id}/events: opening', () => {
  it('starts with retry and a snapshot of the state whose id is the newest event id', async () => {
    const { host, meetingId, people, rooms } = await meetingWith({ people: 2, rooms: 2 });
    await appendAndPublish(meetingId, [renamed(rooms[0]!, 'Design')]);
    const newest = await lastEventId(await db(), meetingId);

    const { response, stream } = await openEvents(meetingId, { key: host.key });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');

    const snapshot = await stream!.next();
    expect(stream!.retry).toBe(2000);
    expect(snapshot.event).toBe('snapshot');
    expect(snapshot.id).toBe(String(newest));
    const state = JSON.parse(snapshot.data) as ConnectedMeetingsState;
    expect(state.last_event_id).toBe(newest);
    expect(state.parent_meeting.id).toBe(meetingId);
    expect(state.parent_meeting.participants.map((p) => p.id).sort()).toEqual(people.map((p) => p.id).sort());
    expect(state.meetings.map((m) => m.id).sort()).toEqual([...rooms].sort());
    await stream!.close();
  });

  it('sends a comment as a heartbeat while nothing happens', async () => {
    const { host, meetingId } = await meetingWith();
    const { stream } = await openEvents(meetingId, { key: host.key, heartbeatMs: 30 });
    await stream!.next();
    await waitFor(() => stream!.comments.length >= 2, 2000, 'two heartbeats');
    expect(stream!.comments[0]).toBe('keep-alive');
    await stream!.close();
  });
});

describe('GET /meetings/{id}/events: live events', () => {
  it('delivers committed events in order, with their ids, types and data', async () => {
    const { host, meetingId, people, rooms } = await meetingWith({ people: 2, rooms: 2 });
    const { stream } = await openEvents(meetingId, { key: host.key });
    await stream!.next();

    const actor = { kind: 'host' as const, host_id: host.id };
    await appendAndPublish(meetingId, [renamed(rooms[0]!, 'A'), renamed(rooms[1]!, 'B')], actor);
    await appendAndPublish(meetingId, [moved(meetingId, rooms[0]!, [people[0]!.id])], actor);

    const got = await stream!.take(3);
    const stored = await readEvents(await db(), meetingId);
    const expected = stored.slice(-3);
    expect(got.map((m) => m.id)).toEqual(expected.map((e) => String(e.id)));
    expect(got.map((m) => m.event)).toEqual(['meetings_updated', 'meetings_updated', 'participants_moved']);
    const data = dataOf(got[2]!);
    expect(Object.keys(data).sort()).toEqual(['actor', 'created_at', 'payload', 'version']);
    expect(data).toEqual({
      version: expected[2]!.version,
      payload: moved(meetingId, rooms[0]!, [people[0]!.id]).payload,
      actor,
      created_at: expected[2]!.createdAt.toISOString(),
    });
    expect(dataOf(got[0]!).version).toBe(dataOf(got[1]!).version);
    await stream!.close();
  });

  it('never delivers the events of another meeting', async () => {
    const host = await newHost();
    const a = await meetingWith({ host, rooms: 1 });
    const b = await meetingWith({ host, rooms: 1 });
    const { stream } = await openEvents(a.meetingId, { key: host.key });
    await stream!.next();

    await appendAndPublish(b.meetingId, [renamed(b.rooms[0]!, 'B only')]);
    await appendAndPublish(a.meetingId, [renamed(a.rooms[0]!, 'A only')]);
    const next = await stream!.next();
    expect(titleOf(next)).toBe('A only');
    await new Promise((r) => setTimeout(r, 100));
    expect(stream!.pending()).toEqual([]);
    await stream!.close();
  });

  it('one wake-up reads the log once for all subscribers of a meeting', async () => {
    const { host, meetingId, rooms } = await meetingWith({ rooms: 1 });
    const streams = await Promise.all(
      Array.from({ length: 50 }, () => openEvents(meetingId, { key: host.key })),
    );
    await Promise.all(streams.map((s) => s.stream!.next()));
    await waitFor(async () => (await busStats(meetingId)).subscribers === 50, 5000, '50 subscribers');

    const before = (await busStats()).reads;
    await appendAndPublish(meetingId, [renamed(rooms[0]!, 'Everyone')]);
    const got = await Promise.all(streams.map((s) => s.stream!.next()));
    expect(new Set(got.map((m) => m.id)).size).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    // One read for the local wake-up; on PostgreSQL the process may also hear its own NOTIFY and look
    // once more. Either way the cost does not grow with the number of subscribers.
    expect((await busStats()).reads - before).toBeLessThanOrEqual(2);
    await Promise.all(streams.map((s) => s.stream!.close()));
  });

  it('times each delivery: woken, read, handed to every subscriber, and enqueued once the slowest is ready', async () => {
    const { meetingId, rooms } = await meetingWith({ rooms: 1 });
    const from = await lastEventId(await db(), meetingId);
    const got: number[] = [];
    // One subscriber answers at once, the other prepares its frames for 100 ms (as a token to sign would).
    const quick = subscribe(meetingId, from, (rows) => void got.push(rows.length));
    const slow = subscribe(meetingId, from, (rows) => {
      got.push(rows.length);
      return new Promise((r) => setTimeout(r, 100));
    });
    await appendAndPublish(meetingId, [renamed(rooms[0]!, 'Timed')]);
    const last = await lastEventId(await db(), meetingId);
    const delivery = async () =>
      (await busStats()).deliveries.find((d) => d.meetingId === meetingId && d.lastEventId === last);
    await waitFor(async () => (await delivery())?.enqueuedAt !== undefined, 5000, 'the delivery enqueued');
    const d = (await delivery())!;
    expect(got).toEqual([1, 1]);
    expect(d).toMatchObject({ rows: 1, subscribers: 2 });
    expect(d.wokeAt).toBeLessThanOrEqual(d.readAt);
    expect(d.readAt).toBeLessThanOrEqual(d.handedAt);
    expect(d.enqueuedAt! - d.handedAt).toBeGreaterThanOrEqual(90);
    quick();
    slow();
  });
});

describe('GET /meetings/{id}/events: resuming', () => {
  it('with Last-Event-ID replays exactly the missed events, then continues live', async () => {
    const { host, meetingId, rooms } = await meetingWith({ rooms: 1 });
    const first = await appendAndPublish(meetingId, [renamed(rooms[0]!, 'one')]);
    await appendAndPublish(meetingId, [renamed(rooms[0]!, 'two'), renamed(rooms[0]!, 'three')]);

    const { stream } = await openEvents(meetingId, {
      key: host.key,
      headers: { 'last-event-id': String(first.lastEventId) },
    });
    const replayed = await stream!.take(2);
    expect(replayed.map(titleOf)).toEqual(['two', 'three']);
    expect(replayed.every((m) => m.event === 'meetings_updated')).toBe(true);

    const live = await appendAndPublish(meetingId, [renamed(rooms[0]!, 'four')]);
    const next = await stream!.next();
    expect(next.id).toBe(String(live.lastEventId));
    expect(stream!.messages.some((m) => m.event === 'snapshot')).toBe(false);
    await stream!.close();
  });

  it('accepts ?last_event_id= for clients that cannot set headers, and 0 replays everything', async () => {
    const { host, meetingId, rooms } = await meetingWith({ rooms: 1 });
    await appendAndPublish(meetingId, [renamed(rooms[0]!, 'x'), renamed(rooms[0]!, 'y')]);
    const all = await readEvents(await db(), meetingId);

    const { stream } = await openEvents(meetingId, { key: host.key, query: '?last_event_id=0' });
    const got = await stream!.take(all.length);
    expect(got.map((m) => m.id)).toEqual(all.map((e) => String(e.id)));
    await stream!.close();
  });

  it('the header wins over the query (a browser reconnects with the original URL)', async () => {
    const { host, meetingId, rooms } = await meetingWith({ rooms: 1 });
    const a = await appendAndPublish(meetingId, [renamed(rooms[0]!, 'a')]);
    await appendAndPublish(meetingId, [renamed(rooms[0]!, 'b')]);
    const { stream } = await openEvents(meetingId, {
      key: host.key,
      query: '?last_event_id=0',
      headers: { 'last-event-id': String(a.lastEventId) },
    });
    expect(titleOf(await stream!.next())).toBe('b');
    await stream!.close();
  });

  it('an id newer than anything of this meeting starts afresh with a snapshot', async () => {
    const { host, meetingId } = await meetingWith();
    const { stream } = await openEvents(meetingId, {
      key: host.key,
      headers: { 'last-event-id': '999999999' },
    });
    expect((await stream!.next()).event).toBe('snapshot');
    await stream!.close();
  });

  it.each(['abc', '-1', '1.5', '1e3', '99999999999999999999'])(
    'refuses Last-Event-ID %j with 400',
    async (bad) => {
      const { host, meetingId } = await meetingWith();
      const viaHeader = await openEvents(meetingId, { key: host.key, headers: { 'last-event-id': bad } });
      expect(viaHeader.response.status).toBe(400);
      expect(viaHeader.error).toMatchObject({ code: 'invalid', field: 'last_event_id' });
      const viaQuery = await openEvents(meetingId, {
        key: host.key,
        query: `?last_event_id=${encodeURIComponent(bad)}`,
      });
      expect(viaQuery.response.status).toBe(400);
    },
  );
});

describe('GET /meetings/{id}/events: ?moves=grouped', () => {
  it('sends a move with its people grouped by preset, the same event as the full form otherwise', async () => {
    const { host, meetingId, people, rooms } = await meetingWith({ people: 3, rooms: 1 });
    const full = (await openEvents(meetingId, { key: host.key })).stream!;
    const grouped = (await openEvents(meetingId, { key: host.key, query: '?moves=grouped' })).stream!;
    await full.next();
    await grouped.next();
    const ids = people.map((p) => p.id);
    await appendAndPublish(meetingId, [renamed(rooms[0]!, 'A'), moved(meetingId, rooms[0]!, ids)]);

    const [fullRename, fullMove] = await full.take(2);
    const [groupedRename, groupedMove] = await grouped.take(2);
    expect(groupedRename).toEqual(fullRename); // other events are untouched
    expect(groupedMove!.event).toBe('participants_moved');
    expect(groupedMove!.id).toBe(fullMove!.id);
    const g = dataOf(groupedMove!);
    const f = dataOf(fullMove!);
    expect({ ...g, payload: undefined }).toEqual({ ...f, payload: undefined });
    expect(g.payload).toEqual({
      source_meeting_id: meetingId,
      destination_meeting_id: rooms[0],
      groups: [
        {
          preset_id: '00000000-0000-4000-8000-000000000000',
          preset_name: 'participant',
          custom_preset: false,
          participant_ids: ids,
        },
      ],
    });
    expect(expandMove(g.payload as GroupedMove)).toEqual(f.payload);
    expect(groupedMove!.data.length).toBeLessThan(fullMove!.data.length);
    await full.close();
    await grouped.close();
  });

  it('replays grouped too, after Last-Event-ID', async () => {
    const { host, meetingId, people, rooms } = await meetingWith({ people: 2, rooms: 1 });
    const from = await lastEventId(await db(), meetingId);
    await appendAndPublish(meetingId, [moved(meetingId, rooms[0]!, [people[1]!.id, people[0]!.id])]);
    const { stream } = await openEvents(meetingId, {
      key: host.key,
      query: '?moves=grouped',
      headers: { 'last-event-id': String(from) },
    });
    const [replayed] = await stream!.take(1);
    expect(replayed!.event).toBe('participants_moved');
    expect(dataOf(replayed!).payload).toMatchObject({
      groups: [{ participant_ids: [people[1]!.id, people[0]!.id] }],
    });
    await stream!.close();
  });

  it('a move that empties its source, or leaves fewer than it takes, is compact; expanded from the snapshot it is the full event, live and replayed', async () => {
    const host = await newHost();
    const f = await family(host, { ann: 'participant', bob: 'participant', cy: 'participant' }, 2);
    const [main, room1, room2] = [f.meetingId, f.rooms[0]!, f.rooms[1]!];
    const ids = ['ann', 'bob', 'cy'].map((n) => f.seats[n]!.id);
    const from = await lastEventId(await db(), main);
    const full = (await openEvents(main, { key: host.key })).stream!;
    const grouped = (await openEvents(main, { key: host.key, query: '?moves=grouped' })).stream!;
    await full.next();
    const snapshot = JSON.parse((await grouped.next()).data) as ConnectedMeetingsState;

    await hostMove(host.key, main, main, room1, [ids[2]!, ids[0]!]); // bob stays in the main meeting
    await hostMove(host.key, main, main, room1, [ids[1]!]); // nobody is left there
    await hostMove(host.key, main, room1, room2, [ids[1]!, ids[0]!, ids[2]!]); // room 1 empties
    const fullMoves = await full.take(3);
    const groupedMoves = await grouped.take(3);
    type Group = { participant_ids?: string[]; others_in_source?: number; staying_ids?: string[] };
    const groupsOf = (m: (typeof groupedMoves)[0]) => (dataOf(m).payload as { groups: Group[] }).groups;
    // Bob stays: fewer than the move takes, so he is named instead of them.
    expect(groupsOf(groupedMoves[0]!)).toEqual([
      expect.objectContaining({ others_in_source: 2, staying_ids: [ids[1]] }),
    ]);
    expect(groupedMoves[0]!.data).not.toContain(ids[0]!);
    expect(groupsOf(groupedMoves[1]!)).toEqual([expect.objectContaining({ others_in_source: 1 })]);
    expect(groupsOf(groupedMoves[2]!)).toEqual([expect.objectContaining({ others_in_source: 3 })]);
    expect(groupedMoves[2]!.data).not.toContain(ids[0]!);
    expect(groupedMoves[2]!.data.length).toBeLessThan(fullMoves[2]!.data.length - 3 * 36);
    // The full form is the event as integrators know it: every person named, nothing about who is left.
    for (const m of fullMoves)
      expect(Object.keys(dataOf(m).payload as object).sort()).toEqual([
        'destination_meeting_id',
        'participants',
        'source_meeting_id',
      ]);

    // Who was where, as the snapshot and the stream's events say, expands each one to the full event.
    let state = snapshot;
    const inSource = (id: string) =>
      [state.parent_meeting, ...state.meetings].find((m) => m.id === id)?.participants.map((p) => p.id);
    for (const [i, m] of groupedMoves.entries()) {
      const expanded = expandMove(dataOf(m).payload as GroupedMove, inSource)!;
      const expected = dataOf(fullMoves[i]!).payload as FullMove;
      const sorted = (x: FullMove) => [...x.participants].sort((a, b) => a.id.localeCompare(b.id));
      expect(sorted(expanded)).toEqual(sorted(expected));
      state = applyEvent(
        state,
        { type: 'participants_moved', payload: expanded },
        { id: Number(m.id), version: 0 },
      );
    }

    // A replay after Last-Event-ID sends the same compact moves.
    const { stream: replay } = await openEvents(main, {
      key: host.key,
      query: '?moves=grouped',
      headers: { 'last-event-id': String(from) },
    });
    const replayed = await replay!.take(3);
    expect(replayed.map((m) => m.data)).toEqual(groupedMoves.map((m) => m.data));
    for (const s of [full, grouped, replay!]) await s.close();
  });

  it('a large move that would name many either way sends its largest group as bits over the source; expanded it is the full event, for a host and a participant, live and replayed', async () => {
    // 130 in the main meeting, 70 of them move: naming them (or the 60 who stay) would take 60 ids.
    const { host, meetingId: main, people, rooms } = await meetingWith({ people: 130, rooms: 1 });
    const movers = people.slice(0, 70).map((p) => p.id);
    const stayer = people[100]!;
    const from = await lastEventId(await db(), main);
    const full = (await openEvents(main, { key: host.key })).stream!;
    const asHost = (await openEvents(main, { key: host.key, query: '?moves=grouped' })).stream!;
    const asStayer = (await openEvents(main, { key: stayer.token, query: '?moves=grouped' })).stream!;
    await full.next();
    const snapshots = [asHost, asStayer].map(
      async (s) => JSON.parse((await s.next()).data) as ConnectedMeetingsState,
    );
    const [hostView, stayerView] = await Promise.all(snapshots);

    await hostMove(host.key, main, main, rooms[0]!, movers);
    const [fullMove] = await full.take(1);
    const expected = dataOf(fullMove!).payload as FullMove;
    const sorted = (x: FullMove) => [...x.participants].sort((a, b) => a.id.localeCompare(b.id));
    for (const [stream, view] of [
      [asHost, hostView!],
      [asStayer, stayerView!],
    ] as const) {
      const [m] = await stream.take(1);
      const groups = (dataOf(m!).payload as { groups: Array<Record<string, unknown>> }).groups;
      expect(groups).toEqual([
        expect.objectContaining({ others_in_source: 70, source_bits: expect.any(String), source_size: 130 }),
      ]);
      // 130 bits (17 bytes, 24 characters of base64) instead of 60 or 70 ids.
      expect(groups[0]!.source_bits).toHaveLength(24);
      expect(m!.data).not.toContain(movers[0]!);
      expect(m!.data.length).toBeLessThan(fullMove!.data.length / 10);
      const inSource = (id: string) =>
        [view.parent_meeting, ...view.meetings].find((x) => x.id === id)?.participants.map((p) => p.id);
      expect(sorted(expandMove(dataOf(m!).payload as GroupedMove, inSource)!)).toEqual(sorted(expected));
      // A view missing anyone (it drifted) does not expand: the page starts over.
      expect(expandMove(dataOf(m!).payload as GroupedMove, (id) => inSource(id)?.slice(1))).toBeUndefined();
    }

    // A replay after Last-Event-ID sends the same bits.
    const { stream: replay } = await openEvents(main, {
      key: host.key,
      query: '?moves=grouped',
      headers: { 'last-event-id': String(from) },
    });
    const [replayed] = await replay!.take(1);
    expect(
      (dataOf(replayed!).payload as { groups: Array<{ source_bits?: string }> }).groups[0]!.source_bits,
    ).toHaveLength(24);
    for (const s of [full, asHost, asStayer, replay!]) await s.close();
  });

  it.each(['compact', '', 'GROUPED'])(
    'refuses moves=%j with 400 naming moves, and opens nothing',
    async (bad) => {
      const { host, meetingId } = await meetingWith();
      const before = (await busStats()).subscribers;
      const { response, error } = await openEvents(meetingId, {
        key: host.key,
        query: `?moves=${encodeURIComponent(bad)}`,
      });
      expect(response.status).toBe(400);
      expect(error).toMatchObject({ code: 'invalid', field: 'moves' });
      expect(error!.message).toContain('full');
      expect(error!.message).toContain('grouped');
      expect((await busStats()).subscribers).toBe(before);
    },
  );
});

describe('GET /meetings/{id}/events: who may subscribe', () => {
  it('refuses a request without credentials with 401', async () => {
    const { meetingId } = await meetingWith();
    const res = await openEvents(meetingId);
    expect(res.response.status).toBe(401);
    expect(res.error?.code).toBe('unauthorized');
  });

  it("answers another host's API key with 404, and an unknown meeting with 404", async () => {
    const { meetingId } = await meetingWith();
    const other = await newHost();
    const res = await openEvents(meetingId, { key: other.key });
    expect(res.response.status).toBe(404);
    expect(res.error?.code).toBe('not_found:meeting');
    const unknown = await openEvents(crypto.randomUUID(), { key: other.key });
    expect(unknown.response.status).toBe(404);
  });

  it('answers a malformed meeting id with 400 naming the field', async () => {
    const { host } = await meetingWith();
    const res = await openEvents('not-a-uuid', { key: host.key });
    expect(res.response.status).toBe(400);
    expect(res.error?.field).toBe('meeting_id');
  });

  it('refuses a participant of another meeting: 403 with their token, 401 with a cookie of another meeting', async () => {
    const host = await newHost();
    const mine = await meetingWith({ host, people: 1 });
    const theirs = await meetingWith({ host, people: 1 });
    const seat = theirs.people[0]!;
    const byToken = await openEvents(mine.meetingId, { key: seat.token });
    expect(byToken.response.status).toBe(403);
    expect(byToken.error?.code).toBe('forbidden');
    const byCookie = await openEvents(mine.meetingId, {
      headers: { cookie: cookieFor(theirs.meetingId, seat.token) },
    });
    expect(byCookie.response.status).toBe(401);
  });

  it('lets a participant of this meeting subscribe with their token or their cookie', async () => {
    const { meetingId, people } = await meetingWith({ people: 1 });
    const seat = people[0]!;
    for (const opts of [{ key: seat.token }, { headers: { cookie: cookieFor(meetingId, seat.token) } }]) {
      const { response, stream } = await openEvents(meetingId, opts);
      expect(response.status).toBe(200);
      expect((await stream!.next()).event).toBe('snapshot');
      await stream!.close();
    }
  });

  it('refuses a breakout room id with 404 pointing at the main meeting, for hosts and participants', async () => {
    const { host, meetingId, people, rooms } = await meetingWith({ people: 1, rooms: 1 });
    const room = rooms[0]!;
    const asHost = await openEvents(room, { key: host.key });
    expect(asHost.response.status).toBe(404);
    expect(asHost.error?.message).toContain(`/api/v1/meetings/${meetingId}/events`);
    const asParticipant = await openEvents(room, {
      headers: { cookie: cookieFor(meetingId, people[0]!.token) },
    });
    expect(asParticipant.response.status).toBe(404);
    expect(asParticipant.error?.code).toBe('not_found:main_meeting');
  });

  it('lets a signed-in dashboard host follow their own meeting, and asks Auth.js only when a session cookie is sent', async () => {
    const { host, meetingId } = await meetingWith();
    const other = await newHost();
    let asked = 0;
    const session = (id: string) => () => {
      asked += 1;
      return Promise.resolve({ hostId: id, sessionId: 'session-id' });
    };
    const cookie = { cookie: 'authjs.session-token=opaque' };

    const ok = await openEvents(meetingId, { headers: cookie, sessionHost: session(host.id) });
    expect(ok.response.status).toBe(200);
    await ok.stream!.close();
    const secure = await openEvents(meetingId, {
      headers: { cookie: '__Secure-authjs.session-token=opaque' },
      sessionHost: session(other.id),
    });
    expect(secure.response.status).toBe(404);
    expect(asked).toBe(2);

    const none = await openEvents(meetingId, { sessionHost: session(host.id) });
    expect(none.response.status).toBe(401);
    expect(asked).toBe(2);
  });
});

describe('GET /meetings/{id}/events: leaving', () => {
  it('removes a subscriber whose client went away, whether the request aborts or the body is cancelled', async () => {
    const { host, meetingId, rooms } = await meetingWith({ rooms: 1 });
    const a = await openEvents(meetingId, { key: host.key, heartbeatMs: 20 });
    const b = await openEvents(meetingId, { key: host.key, heartbeatMs: 20 });
    await Promise.all([a.stream!.next(), b.stream!.next()]);
    expect((await busStats(meetingId)).subscribers).toBe(2);

    a.abort();
    await waitFor(async () => (await busStats(meetingId)).subscribers === 1, 2000, 'abort to unsubscribe');
    await b.stream!.close();
    await waitFor(async () => (await busStats(meetingId)).subscribers === 0, 2000, 'cancel to unsubscribe');
    await waitFor(async () => (await busStats(meetingId)).channels === 0, 2000, 'the idle channel to go');

    // Nothing is left that could still write to the closed streams.
    await appendAndPublish(meetingId, [renamed(rooms[0]!, 'after')]);
    const heartbeats = b.stream!.comments.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(b.stream!.comments.length).toBe(heartbeats);
  });
});
