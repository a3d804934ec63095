// "Close all rooms in 10 s": the deadline is a row, announced to everyone, and the server closes the
// rooms when it is due, exactly once, whichever process sees it first, with no host page open and across
// a restart. Runs on every driver; the parts with several app processes run on PostgreSQL only.
import { asc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { breakoutStates, meetings } from '@/db/schema';
import { closeIfDue, sweepDeadlines } from '@/lib/breakout/deadlines';
import {
  api,
  cmPath,
  eventRows,
  expectBreakoutRefusal,
  expectInvariants,
  family,
  getState,
  hostMove,
  newHost,
  type Host,
} from '../support/breakout';
import { ok } from '../support/rest';
import { SseReader, waitFor } from '../support/sse';
import { startInstance, type Instance } from '../support/spawn-instance';

const onPostgres = process.env.TEST_DB !== 'pglite';
const started: Instance[] = [];
afterAll(async () => {
  await Promise.all(started.map((i) => i.stop()));
});

/** A meeting with two open rooms and Ada in Room 1, Ben in Room 2, Cleo in the main meeting. */
async function running(host: Host) {
  const f = await family(host, { Ada: 'participant', Ben: 'participant', Cleo: 'participant' }, 2);
  await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [f.seats.Ada!.id]);
  await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[1]!, [f.seats.Ben!.id]);
  return f;
}

const closeIn = (key: string, meetingId: string, seconds: number) =>
  api('POST', cmPath(meetingId, '/close-all'), { key, body: { countdown_seconds: seconds } });

async function closesAtRow(meetingId: string) {
  const d = await db();
  const [row] = await d.select().from(breakoutStates).where(eq(breakoutStates.mainMeetingId, meetingId));
  return row?.closesAt ?? null;
}

async function roomStatuses(meetingId: string) {
  const d = await db();
  const rows = await d
    .select({ status: meetings.roomStatus })
    .from(meetings)
    .where(eq(meetings.parentMeetingId, meetingId))
    .orderBy(asc(meetings.createdAt));
  return rows.map((r) => r.status);
}

/** How many times the rooms were closed: meetings_deleted events and moves out of each room. */
async function closings(meetingId: string, rooms: string[]) {
  const log = await eventRows(meetingId);
  const deleted = log.filter((e) => e.type === 'meetings_deleted');
  const movedOut = rooms.map(
    (r) =>
      log.filter(
        (e) =>
          e.type === 'participants_moved' &&
          (e.payload as { source_meeting_id: string }).source_meeting_id === r,
      ).length,
  );
  return { deleted: deleted.length, movedOut, actors: deleted.map((e) => e.actor) };
}

describe('closing rooms with a countdown', () => {
  it('announces when the rooms close, keeps them open until then, and the state carries the deadline', async () => {
    const host = await newHost();
    const f = await running(host);
    const before = Date.now();
    const res = await closeIn(host.key, f.meetingId, 60);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const endsAt = Date.parse(res.body.data.closes_at);
    expect(endsAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(endsAt).toBeLessThan(Date.now() + 61_000);

    const state = await getState(host.key, f.meetingId);
    expect(state.closes_at).toBe(res.body.data.closes_at);
    expect(state.meetings).toHaveLength(2);
    const last = (await eventRows(f.meetingId)).at(-1)!;
    expect(last.type).toBe('rooms_closing');
    expect(last.payload).toEqual({ ends_at: res.body.data.closes_at, seconds: 60 });

    // Not due yet: a sweep leaves the rooms open.
    await sweepDeadlines();
    expect(await closeIfDue(f.meetingId)).toBe('not_due');
    expect(await roomStatuses(f.meetingId)).toEqual(['open', 'open']);
    await expectInvariants(f.meetingId, f.title);
  });

  it('closes every room at the deadline, once, even when several sweeps race for it', async () => {
    const host = await newHost();
    const f = await running(host);
    await ok(200, 'POST', cmPath(f.meetingId, '/close-all'), {
      key: host.key,
      body: { countdown_seconds: 1 },
    });
    const due = new Date((await closesAtRow(f.meetingId))!.getTime() + 1);
    // Four sweepers at once (on PostgreSQL each on its own connection): exactly one closes the rooms.
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => closeIfDue(f.meetingId, due)));
    expect(outcomes.filter((o) => o === 'closed')).toHaveLength(1);
    expect(await roomStatuses(f.meetingId)).toEqual(['closed', 'closed']);
    expect(await closesAtRow(f.meetingId)).toBeNull();
    const state = await getState(host.key, f.meetingId);
    expect(state.meetings).toEqual([]);
    expect(state.closes_at).toBeNull();
    expect(state.parent_meeting.participants.map((p) => p.name).sort()).toEqual(['Ada', 'Ben', 'Cleo']);
    const c = await closings(f.meetingId, f.rooms);
    expect(c).toEqual({ deleted: 1, movedOut: [1, 1], actors: [{ kind: 'system' }] });
    // Later sweeps find nothing to do here.
    await sweepDeadlines(new Date(Date.now() + 5000));
    expect(await closeIfDue(f.meetingId, new Date(Date.now() + 5000))).toBe('not_due');
    expect((await closings(f.meetingId, f.rooms)).deleted).toBe(1);
    await expectInvariants(f.meetingId, f.title);
  });

  it('a cancelled countdown closes nothing, and a new one replaces an old one', async () => {
    const host = await newHost();
    const f = await running(host);
    await ok(200, 'POST', cmPath(f.meetingId, '/close-all'), {
      key: host.key,
      body: { countdown_seconds: 30 },
    });
    await ok(200, 'POST', cmPath(f.meetingId, '/close-all'), {
      key: host.key,
      body: { countdown_seconds: 10 },
    });
    const replaced = (await closesAtRow(f.meetingId))!;
    expect(replaced.getTime()).toBeLessThan(Date.now() + 11_000);

    const cancelled = await ok<{ cancelled: boolean }>(
      200,
      'POST',
      cmPath(f.meetingId, '/close-all/cancel'),
      {
        key: host.key,
      },
    );
    expect(cancelled).toEqual({ cancelled: true });
    expect((await eventRows(f.meetingId)).at(-1)!.type).toBe('rooms_closing_cancelled');
    expect((await getState(host.key, f.meetingId)).closes_at).toBeNull();
    expect(await closeIfDue(f.meetingId, new Date(Date.now() + 120_000))).toBe('not_due');
    await sweepDeadlines(new Date(Date.now() + 120_000));
    expect(await roomStatuses(f.meetingId)).toEqual(['open', 'open']);
    // Cancelling again changes nothing and says so.
    const again = await ok<{ cancelled: boolean }>(200, 'POST', cmPath(f.meetingId, '/close-all/cancel'), {
      key: host.key,
    });
    expect(again).toEqual({ cancelled: false });
    await expectInvariants(f.meetingId, f.title);
  });

  it('closing now, or deleting the last room, ends a pending countdown', async () => {
    const host = await newHost();
    const f = await running(host);
    await ok(200, 'POST', cmPath(f.meetingId, '/close-all'), {
      key: host.key,
      body: { countdown_seconds: 30 },
    });
    await ok(200, 'POST', cmPath(f.meetingId, '/close-all'), { key: host.key, body: {} });
    expect(await closesAtRow(f.meetingId)).toBeNull();
    expect((await getState(host.key, f.meetingId)).closes_at).toBeNull();
    await expectInvariants(f.meetingId, f.title);

    const g = await running(host);
    await ok(200, 'POST', cmPath(g.meetingId, '/close-all'), {
      key: host.key,
      body: { countdown_seconds: 30 },
    });
    await ok(200, 'DELETE', cmPath(g.meetingId), { key: host.key, body: { meeting_ids: g.rooms } });
    expect(await closesAtRow(g.meetingId)).toBeNull();
    await expectInvariants(g.meetingId, g.title);
  });

  it('refuses a bad countdown, a countdown with no open room, and participants without full access', async () => {
    const host = await newHost();
    const f = await running(host);
    for (const [value, mentions] of [
      [-1, 'must be 0 or more'],
      [2.5, 'whole number of seconds'],
      ['10', 'number of seconds'],
      [3601, 'at most 3600'],
    ] as const) {
      expectBreakoutRefusal(await closeIn(host.key, f.meetingId, value as number), {
        status: 400,
        code: 'invalid',
        mentions,
        field: 'countdown_seconds',
      });
    }
    expect(await closesAtRow(f.meetingId)).toBeNull();
    expectBreakoutRefusal(await closeIn(f.seats.Ada!.token, f.meetingId, 10), {
      status: 403,
      code: 'forbidden:can_alter_connected_meetings',
    });
    expectBreakoutRefusal(
      await api('POST', cmPath(f.meetingId, '/close-all/cancel'), { key: f.seats.Ada!.token }),
      { status: 403, code: 'forbidden:can_alter_connected_meetings' },
    );
    const empty = await family(host, { Dee: 'participant' });
    expectBreakoutRefusal(await closeIn(host.key, empty.meetingId, 10), {
      status: 409,
      code: 'conflict:no_open_rooms',
    });
  });
});

describe('several app processes on one PostgreSQL', () => {
  it.runIf(onPostgres)(
    'with two instances running, the rooms close once at the deadline and a participant hears the countdown',
    async () => {
      const env = { INSTANCE_DEADLINE_SWEEP_MS: '200' };
      const [one, two] = await Promise.all([startInstance(env), startInstance(env)]);
      started.push(one, two);
      const host = await newHost();
      const f = await running(host);

      // Ada follows the meeting on instance two; the host asks instance one.
      const aborted = new AbortController();
      const res = await fetch(`${two.url}/api/v1/meetings/${f.meetingId}/events`, {
        headers: { authorization: `Bearer ${f.seats.Ada!.token}` },
        signal: aborted.signal,
      });
      const stream = new SseReader(res.body!);
      expect((await stream.next(10_000)).event).toBe('snapshot');
      const set = await fetch(`${one.url}/api/v1${cmPath(f.meetingId, '/close-all')}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${host.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ countdown_seconds: 2 }),
      });
      expect(set.status).toBe(200);
      const announced = await stream.next(5000);
      expect(announced.event).toBe('rooms_closing');
      expect((JSON.parse(announced.data) as { payload: { seconds: number } }).payload.seconds).toBe(2);

      await waitFor(
        async () => (await roomStatuses(f.meetingId)).every((s) => s === 'closed'),
        15_000,
        'close',
      );
      // Both processes had their chance (a timer on one, a 200 ms sweep on both): still once.
      await new Promise((r) => setTimeout(r, 1000));
      expect(await closings(f.meetingId, f.rooms)).toEqual({
        deleted: 1,
        movedOut: [1, 1],
        actors: [{ kind: 'system' }],
      });
      const seen: string[] = [];
      for (;;) {
        const m = await stream.next(5000);
        seen.push(m.event);
        if (m.event === 'meetings_deleted') break;
      }
      expect(seen).toContain('participants_moved');
      aborted.abort();
      await expectInvariants(f.meetingId, f.title);
    },
    60_000,
  );

  it.runIf(onPostgres)(
    'a deadline that passes while no app process runs is closed once by the next process to start',
    async () => {
      const host = await newHost();
      const f = await running(host);
      const first = await startInstance({ INSTANCE_DEADLINE_SWEEP_MS: '200' });
      const set = await fetch(`${first.url}/api/v1${cmPath(f.meetingId, '/close-all')}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${host.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ countdown_seconds: 2 }),
      });
      expect(set.status).toBe(200);
      // The process that took the command (and holds the timer) stops before the deadline.
      await first.stop();
      await new Promise((r) => setTimeout(r, 3000));
      expect(await roomStatuses(f.meetingId)).toEqual(['open', 'open']);

      // A restarted process (its periodic sweep far off) closes them on start.
      const [next, other] = await Promise.all([
        startInstance({ INSTANCE_DEADLINE_SWEEP_MS: '600000' }),
        startInstance({ INSTANCE_DEADLINE_SWEEP_MS: '600000' }),
      ]);
      started.push(next, other);
      await waitFor(
        async () => (await roomStatuses(f.meetingId)).every((s) => s === 'closed'),
        15_000,
        'close',
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(await closings(f.meetingId, f.rooms)).toEqual({
        deleted: 1,
        movedOut: [1, 1],
        actors: [{ kind: 'system' }],
      });
      await expectInvariants(f.meetingId, f.title);
    },
    60_000,
  );
});
