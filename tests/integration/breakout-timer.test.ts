// The breakout timer: a host sets how long the rooms run (when starting them or later), everyone is told
// (timer_updated) and sees the time left, and with auto_close the server closes every room at the end,
// exactly once, whichever app process sees it first, with no host page open and across a restart. Runs on
// every driver; the parts with several app processes run on PostgreSQL only.
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

interface Timer {
  ends_at: string;
  warning_seconds: number;
  auto_close: boolean;
}

/** A meeting with two open rooms and Ada in Room 1, Ben in Room 2, Cleo in the main meeting. */
async function running(host: Host) {
  const f = await family(host, { Ada: 'participant', Ben: 'participant', Cleo: 'participant' }, 2);
  await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [f.seats.Ada!.id]);
  await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[1]!, [f.seats.Ben!.id]);
  return f;
}

const putTimer = (key: string, meetingId: string, body: unknown) =>
  api('PUT', cmPath(meetingId, '/timer'), { key, body });

async function timerRow(meetingId: string) {
  const d = await db();
  const [row] = await d.select().from(breakoutStates).where(eq(breakoutStates.mainMeetingId, meetingId));
  return row?.timerEndsAt ?? null;
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

/** How many times the rooms were closed, by whom, and how often the timer ended. */
async function closings(meetingId: string) {
  const log = await eventRows(meetingId);
  return {
    deleted: log.filter((e) => e.type === 'meetings_deleted').map((e) => e.actor),
    timerEnded: log.filter(
      (e) => e.type === 'timer_updated' && (e.payload as { timer: unknown }).timer === null,
    ).length,
  };
}

const sendAs = (url: string, method: string, key: string, path: string, body: unknown) =>
  fetch(`${url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the breakout timer', () => {
  it('refuses bad input, no open rooms, nothing to adjust and participants, changing nothing', async () => {
    const host = await newHost();
    const f = await running(host);
    const before = (await eventRows(f.meetingId)).length;
    for (const [body, mentions, field] of [
      [{ duration_seconds: 5 }, 'at least 10', 'duration_seconds'],
      [{ duration_seconds: 2.5 }, 'whole number of seconds', 'duration_seconds'],
      [{ duration_seconds: '60' }, 'number of seconds', 'duration_seconds'],
      [{ duration_seconds: 86_401 }, 'at most 86400', 'duration_seconds'],
      [{ duration_seconds: 60, warning_seconds: 15 }, 'one of 10, 30, 60, 120', 'warning_seconds'],
      [{ duration_seconds: 60, auto_close: 'yes' }, 'true or false', 'auto_close'],
      [{ duration_seconds: 60, adjust_seconds: 60 }, 'not both', 'duration_seconds'],
      [{ warning_seconds: 30 }, 'either duration_seconds or adjust_seconds', 'duration_seconds'],
      [{ adjust_seconds: 1.5 }, 'whole number', 'adjust_seconds'],
    ] as const) {
      expectBreakoutRefusal(await putTimer(host.key, f.meetingId, body), {
        status: 400,
        code: 'invalid',
        mentions,
        field,
      });
    }
    expectBreakoutRefusal(await putTimer(host.key, f.meetingId, { adjust_seconds: 300 }), {
      status: 409,
      code: 'conflict:no_timer',
      field: 'adjust_seconds',
    });
    expectBreakoutRefusal(await putTimer(f.seats.Ada!.token, f.meetingId, { duration_seconds: 60 }), {
      status: 403,
      code: 'forbidden:can_alter_connected_meetings',
    });
    expectBreakoutRefusal(await api('DELETE', cmPath(f.meetingId, '/timer'), { key: f.seats.Ada!.token }), {
      status: 403,
      code: 'forbidden:can_alter_connected_meetings',
    });
    // A timer with 30 s left cannot lose a minute.
    await ok(200, 'PUT', cmPath(f.meetingId, '/timer'), { key: host.key, body: { duration_seconds: 30 } });
    const set = await timerRow(f.meetingId);
    expectBreakoutRefusal(await putTimer(host.key, f.meetingId, { adjust_seconds: -60 }), {
      status: 400,
      code: 'invalid',
      mentions: 'would leave less than 10 s',
      field: 'adjust_seconds',
    });
    expect(await timerRow(f.meetingId)).toEqual(set);
    expect((await eventRows(f.meetingId)).length).toBe(before + 1);

    const idle = await family(host, { Dee: 'participant' });
    expectBreakoutRefusal(await putTimer(host.key, idle.meetingId, { duration_seconds: 60 }), {
      status: 409,
      code: 'conflict:no_open_rooms',
    });
    const bad = await api('POST', cmPath(idle.meetingId, '/draft/start'), {
      key: host.key,
      body: { timer: { duration_seconds: 60, warning_seconds: 45 } },
    });
    expectBreakoutRefusal(bad, { status: 400, code: 'invalid', field: 'timer.warning_seconds' });
    expect((await getState(host.key, idle.meetingId)).timer).toBeNull();
  });

  it('sets, adjusts, replaces and cancels: the state carries the timer and each change is a timer_updated event', async () => {
    const host = await newHost();
    const f = await running(host);
    const t0 = Date.now();
    const set = await ok<{ timer: Timer }>(200, 'PUT', cmPath(f.meetingId, '/timer'), {
      key: host.key,
      body: { duration_seconds: 600, warning_seconds: 30, auto_close: false },
    });
    expect(set.timer.warning_seconds).toBe(30);
    expect(set.timer.auto_close).toBe(false);
    const ends = Date.parse(set.timer.ends_at);
    expect(ends).toBeGreaterThanOrEqual(t0 + 600_000);
    expect(ends).toBeLessThan(Date.now() + 601_000);
    expect((await getState(host.key, f.meetingId)).timer).toEqual(set.timer);
    // Participants see it too (their state and their stream): it is their banner's countdown.
    expect((await getState(f.seats.Ada!.token, f.meetingId)).timer).toEqual(set.timer);
    const last = (await eventRows(f.meetingId)).at(-1)!;
    expect(last.type).toBe('timer_updated');
    expect(last.payload).toEqual({ timer: set.timer });

    // +5 min, then −1 min, keeping the warning and the switch; then the switch alone.
    const plus = await ok<{ timer: Timer }>(200, 'PUT', cmPath(f.meetingId, '/timer'), {
      key: host.key,
      body: { adjust_seconds: 300 },
    });
    expect(Date.parse(plus.timer.ends_at)).toBe(ends + 300_000);
    expect(plus.timer).toMatchObject({ warning_seconds: 30, auto_close: false });
    const minus = await ok<{ timer: Timer }>(200, 'PUT', cmPath(f.meetingId, '/timer'), {
      key: host.key,
      body: { adjust_seconds: -60, auto_close: true, warning_seconds: 120 },
    });
    expect(Date.parse(minus.timer.ends_at)).toBe(ends + 240_000);
    expect(minus.timer).toMatchObject({ warning_seconds: 120, auto_close: true });
    // A new duration replaces it, with the defaults.
    const replaced = await ok<{ timer: Timer }>(200, 'PUT', cmPath(f.meetingId, '/timer'), {
      key: host.key,
      body: { duration_seconds: 90 },
    });
    expect(replaced.timer).toMatchObject({ warning_seconds: 60, auto_close: true });
    expect((await getState(host.key, f.meetingId)).timer).toEqual(replaced.timer);
    await expectInvariants(f.meetingId, f.title);

    const cancelled = await ok(200, 'DELETE', cmPath(f.meetingId, '/timer'), { key: host.key });
    expect(cancelled).toEqual({ cancelled: true });
    expect((await getState(host.key, f.meetingId)).timer).toBeNull();
    expect((await eventRows(f.meetingId)).at(-1)!.payload).toEqual({ timer: null });
    expect(await ok(200, 'DELETE', cmPath(f.meetingId, '/timer'), { key: host.key })).toEqual({
      cancelled: false,
    });
    expect(await closeIfDue(f.meetingId, new Date(Date.now() + 3_600_000))).toBe('not_due');
    expect(await roomStatuses(f.meetingId)).toEqual(['open', 'open']);
    const updates = (await eventRows(f.meetingId)).filter((e) => e.type === 'timer_updated');
    expect(updates).toHaveLength(5);
    await expectInvariants(f.meetingId, f.title);
  });

  it('starting the draft with a timer sets it in the same transaction; closing rooms by hand ends it', async () => {
    const host = await newHost();
    const f = await family(host, { Ada: 'participant', Ben: 'participant' });
    await ok(200, 'PUT', cmPath(f.meetingId, '/draft'), {
      key: host.key,
      body: {
        rooms: [{ key: 'a', title: 'Room A' }],
        assignments: { [f.seats.Ada!.id]: 'a' },
      },
    });
    const startedRooms = await ok<{ timer: Timer; meetings: Array<{ id: string }> }>(
      200,
      'POST',
      cmPath(f.meetingId, '/draft/start'),
      { key: host.key, body: { timer: { duration_seconds: 1800, warning_seconds: 10 } } },
    );
    expect(startedRooms.timer).toMatchObject({ warning_seconds: 10, auto_close: true });
    const state = await getState(host.key, f.meetingId);
    expect(state.timer).toEqual(startedRooms.timer);
    const log = await eventRows(f.meetingId);
    const created = log.find((e) => e.type === 'meetings_created')!;
    const timed = log.find((e) => e.type === 'timer_updated')!;
    // One command, one version: the rooms and their timer appear together.
    expect(timed.version).toBe(created.version);

    await ok(200, 'POST', cmPath(f.meetingId, '/close-all'), { key: host.key, body: {} });
    expect(await timerRow(f.meetingId)).toBeNull();
    expect((await getState(host.key, f.meetingId)).timer).toBeNull();
    expect((await closings(f.meetingId)).timerEnded).toBe(1);
    expectBreakoutRefusal(await putTimer(host.key, f.meetingId, { adjust_seconds: 60 }), {
      status: 409,
      code: 'conflict:no_open_rooms',
    });
    await expectInvariants(f.meetingId, f.title);
  });

  it('closes every room at the end, once, even when several sweeps race; without auto_close it only warns', async () => {
    const host = await newHost();
    const f = await running(host);
    await ok(200, 'PUT', cmPath(f.meetingId, '/timer'), {
      key: host.key,
      body: { duration_seconds: 10, auto_close: false },
    });
    const warnOnly = new Date((await timerRow(f.meetingId))!.getTime() + 1);
    expect(await closeIfDue(f.meetingId, warnOnly)).toBe('not_due');
    await sweepDeadlines(warnOnly);
    expect(await roomStatuses(f.meetingId)).toEqual(['open', 'open']);
    expect((await getState(host.key, f.meetingId)).timer?.auto_close).toBe(false);

    await ok(200, 'PUT', cmPath(f.meetingId, '/timer'), {
      key: host.key,
      body: { adjust_seconds: 0, auto_close: true },
    });
    const due = new Date((await timerRow(f.meetingId))!.getTime() + 1);
    expect(await closeIfDue(f.meetingId, new Date(due.getTime() - 2000))).toBe('not_due');
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => closeIfDue(f.meetingId, due)));
    expect(outcomes.filter((o) => o === 'closed')).toHaveLength(1);
    expect(await roomStatuses(f.meetingId)).toEqual(['closed', 'closed']);
    const state = await getState(host.key, f.meetingId);
    expect(state.timer).toBeNull();
    expect(state.parent_meeting.participants.map((p) => p.name).sort()).toEqual(['Ada', 'Ben', 'Cleo']);
    await sweepDeadlines(new Date(Date.now() + 60_000));
    expect(await closings(f.meetingId)).toEqual({ deleted: [{ kind: 'system' }], timerEnded: 1 });
    await expectInvariants(f.meetingId, f.title);
  });
});

describe('several app processes on one PostgreSQL', () => {
  it.runIf(onPostgres)(
    'with two instances running, the rooms close once when the time is up and a participant on the other instance follows it',
    async () => {
      const env = { INSTANCE_DEADLINE_SWEEP_MS: '200' };
      const [one, two] = await Promise.all([startInstance(env), startInstance(env)]);
      started.push(one, two);
      const host = await newHost();
      const f = await running(host);

      // Ada follows the meeting on instance two with a plain SSE client; the host asks instance one.
      const aborted = new AbortController();
      const res = await fetch(`${two.url}/api/v1/meetings/${f.meetingId}/events`, {
        headers: { authorization: `Bearer ${f.seats.Ada!.token}` },
        signal: aborted.signal,
      });
      const stream = new SseReader(res.body!);
      expect((await stream.next(10_000)).event).toBe('snapshot');
      const set = await sendAs(one.url, 'PUT', host.key, cmPath(f.meetingId, '/timer'), {
        duration_seconds: 10,
        warning_seconds: 10,
      });
      expect(set.status).toBe(200);
      const announced = await stream.next(5000);
      expect(announced.event).toBe('timer_updated');
      const timer = (JSON.parse(announced.data) as { payload: { timer: Timer } }).payload.timer;
      expect(timer).toMatchObject({ warning_seconds: 10, auto_close: true });

      await waitFor(
        async () => (await roomStatuses(f.meetingId)).every((s) => s === 'closed'),
        30_000,
        'close',
      );
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(timer.ends_at));
      // Both processes had their chance (a timer on one, a 200 ms sweep on both): still once.
      await new Promise((r) => setTimeout(r, 1000));
      expect(await closings(f.meetingId)).toEqual({ deleted: [{ kind: 'system' }], timerEnded: 1 });
      const seen: string[] = [];
      for (;;) {
        const m = await stream.next(5000);
        seen.push(m.event);
        if (m.event === 'timer_updated') break;
      }
      expect(seen).toEqual(['participants_moved', 'participants_moved', 'meetings_deleted', 'timer_updated']);
      aborted.abort();
      await expectInvariants(f.meetingId, f.title);
    },
    90_000,
  );

  it.runIf(onPostgres)(
    'a timer whose instance stops before the end is closed once by the instances that start next',
    async () => {
      const host = await newHost();
      const f = await running(host);
      const first = await startInstance({ INSTANCE_DEADLINE_SWEEP_MS: '200' });
      const set = await sendAs(first.url, 'PUT', host.key, cmPath(f.meetingId, '/timer'), {
        duration_seconds: 10,
        warning_seconds: 10,
      });
      expect(set.status).toBe(200);
      const endsAt = (await timerRow(f.meetingId))!;
      // The process that took the command (and holds the local timer) stops before the end.
      await first.stop();
      await waitFor(() => Date.now() > endsAt.getTime() + 500, 20_000, 'the end to pass');
      expect(await roomStatuses(f.meetingId)).toEqual(['open', 'open']);

      // Restarted processes (their periodic sweep far off) close them on start, once between them.
      const [next, other] = await Promise.all([
        startInstance({ INSTANCE_DEADLINE_SWEEP_MS: '600000' }),
        startInstance({ INSTANCE_DEADLINE_SWEEP_MS: '600000' }),
      ]);
      started.push(next, other);
      await waitFor(
        async () => (await roomStatuses(f.meetingId)).every((s) => s === 'closed'),
        20_000,
        'close',
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(await closings(f.meetingId)).toEqual({ deleted: [{ kind: 'system' }], timerEnded: 1 });
      expect((await getState(host.key, f.meetingId)).timer).toBeNull();
      await expectInvariants(f.meetingId, f.title);
    },
    90_000,
  );
});
