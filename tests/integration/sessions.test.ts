import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '@/lib/api/endpoints';
import { createRouter } from '@/lib/api/router';
import { parseCsv } from '@/lib/breakout/csv';
import { endQuietSessions } from '@/lib/sessions/lifecycle';
import { api, family, hostMove, newHost, type Host } from '../support/breakout';
import { deliverMediaWebhook, useMediaKeys } from '../support/media-webhook';
import { seeded } from '../support/prng';
import { ok } from '../support/rest';

// Session reports from a scripted meeting: joins, moves between rooms (each a leave and a join on the media
// server), rooms closing and everyone leaving, delivered as signed webhooks in a locally shuffled order with
// repeats. The totals are known to the second.

const KIND = process.env.TEST_DB ?? 'pglite';

beforeAll(() => {
  // The webhook endpoint below points at a closed loopback port: its deliveries are only queued here.
  process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'true';
  // A closed loopback port for media: webhooks are checked without a running media server.
  useMediaKeys();
});

const router = createRouter(endpoints);

interface Delivery {
  id: string;
  event: 'participant_joined' | 'participant_left';
  identity: string;
  room: string;
  sid: string;
  at: number;
}

/** Sends one delivery as the media server does: the body signed by a token carrying its hash. */
async function deliver(d: Delivery) {
  const body = JSON.stringify({
    id: d.id,
    event: d.event,
    room: { name: d.room, sid: `RM_${d.room.slice(0, 8)}` },
    participant: { identity: d.identity, sid: d.sid },
    createdAt: String(d.at),
  });
  await deliverMediaWebhook(body);
}

let n = 0;
/** A connection of `who` to `room` from `from` to `to` (seconds after t0; `to` undefined: still there). */
function stay(who: string, room: string, from: number, to?: number): Delivery[] {
  const sid = `PA_${n++}_${who.slice(0, 6)}`;
  const base = { identity: who, room, sid };
  const out: Delivery[] = [{ ...base, id: `EV_${sid}_j`, event: 'participant_joined', at: from }];
  if (to !== undefined) out.push({ ...base, id: `EV_${sid}_l`, event: 'participant_left', at: to });
  return out;
}

/** Text of a CSV answer (the JSON helper would not read it). */
async function csvOf(path: string, key: string) {
  const res = await router(
    new Request(`http://localhost:3000/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } }),
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  const parsed = parseCsv(await res.text());
  expect(parsed.errors).toEqual([]);
  const [header, ...rows] = parsed.records.map((r) => r.fields);
  return rows.map((r) => ({ fields: Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])) }));
}

describe('session reports', () => {
  let host: Host;
  let f: Awaited<ReturnType<typeof family>>;
  let t0: number;
  let sessionId: string;
  let hookId: string;

  beforeAll(async () => {
    host = await newHost();
    hookId = (
      await ok<{ id: string }>(201, 'POST', '/webhooks', {
        key: host.key,
        body: {
          name: 'Sessions',
          url: 'http://127.0.0.1:9/hook',
          events: ['meeting.started', 'meeting.ended'],
        },
      })
    ).id;
    f = await family(host, { Ada: 'participant', Ben: 'participant', Cy: 'participant' }, 2);
    const [main, r1, r2] = [f.meetingId, f.rooms[0]!, f.rooms[1]!];
    const { Ada, Ben, Cy } = f.seats;
    // Commands a host gave (the audit log shows them with the actor).
    await hostMove(host.key, main, main, r1, [Ada!.id, Ben!.id]);
    await hostMove(host.key, main, main, r2, [Cy!.id]);
    await ok(201, 'POST', `/meetings/${r1}/chat`, { key: host.key, body: { message: 'Hello room 1' } });
    await ok(201, 'POST', `/meetings/${r2}/polls`, {
      key: host.key,
      body: { question: 'Ready?', options: ['Yes', 'No'] },
    });

    // The script, in seconds after t0 (which is 1400 s ago: the last leaves are still to come).
    t0 = Math.floor(Date.now() / 1000) - 1400;
    const script = [
      ...stay(Ada!.id, main, 0, 600),
      ...stay(Ben!.id, main, 60, 600),
      ...stay(Cy!.id, main, 120, 600),
      ...stay(Ada!.id, r1, 602, 1200),
      ...stay(Ben!.id, r1, 603, 900),
      ...stay(Cy!.id, r2, 601, 1200),
      ...stay(Ben!.id, r2, 901, 1200),
      ...stay(Ada!.id, main, 1201, 1500),
      ...stay(Ben!.id, main, 1202, 1500),
      ...stay(Cy!.id, main, 1201, 1500),
    ].map((d) => ({ ...d, at: t0 + d.at }));
    script.sort((a, b) => a.at - b.at);
    // Deliveries within 5 s of each other arrive in any order; every fourth is delivered twice.
    const random = seeded(14);
    const keyed = script.map((d) => ({ d, k: Math.floor((d.at - t0) / 5) + random() }));
    keyed.sort((a, b) => a.k - b.k);
    const ordered = keyed.flatMap(({ d }, i) => (i % 4 === 0 ? [d, d] : [d]));
    const last = ordered.filter((d) => d.at === t0 + 1500);
    for (const d of ordered.filter((d) => d.at !== t0 + 1500)) await deliver(d);

    const live = await ok<{ sessions: Array<{ id: string; status: string; live_participants: number }> }>(
      200,
      'GET',
      `/sessions?meeting_id=${main}`,
      { key: host.key },
    );
    expect(live.sessions).toHaveLength(1);
    expect(live.sessions[0]).toMatchObject({ status: 'LIVE', live_participants: 3 });
    sessionId = live.sessions[0]!.id;
    // Everyone leaves; a repeat of a leave under a new delivery id changes nothing either.
    for (const d of last) await deliver(d);
    await deliver({ ...last[0]!, id: `${last[0]!.id}_again` });
    // Not yet ended within the keep-alive; ended after it.
    expect(await endQuietSessions(new Date((t0 + 1510) * 1000))).toBe(0);
    expect(await endQuietSessions(new Date((t0 + 1531) * 1000))).toBeGreaterThanOrEqual(1);
  });

  it('lists the ended session with its times and totals, by meeting_id or associated_id and status', async () => {
    for (const q of [`meeting_id=${f.meetingId}`, `associated_id=${f.meetingId}&status=ENDED`]) {
      const res = await api('GET', `/sessions?${q}`, { key: host.key });
      expect(res.status).toBe(200);
      expect(res.body.paging).toEqual({ start_offset: 1, end_offset: 1, total_count: 1 });
      expect(res.body.data.sessions[0]).toMatchObject({
        id: sessionId,
        associated_id: f.meetingId,
        meeting_display_name: f.title,
        type: 'meeting',
        status: 'ENDED',
        live_participants: 0,
        max_concurrent_participants: 3,
        minutes_consumed: 71.82,
        started_at: new Date(t0 * 1000).toISOString(),
        ended_at: new Date((t0 + 1500) * 1000).toISOString(),
      });
    }
    const none = await api('GET', `/sessions?meeting_id=${f.meetingId}&status=LIVE`, { key: host.key });
    expect(none.body.data.sessions).toEqual([]);
  });

  it('queues meeting.started and meeting.ended once each for the session, whatever the repeats', async () => {
    const log = await ok<
      Array<{
        type: string;
        meeting_id: string;
        payload: { data: { session: { id: string; ended_at: string } } };
      }>
    >(200, 'GET', `/webhooks/${hookId}/deliveries`, { key: host.key });
    const mine = log.filter((d) => d.payload.data.session.id === sessionId);
    expect(mine.map((d) => d.type).sort()).toEqual(['meeting.ended', 'meeting.started']);
    expect(mine.every((d) => d.meeting_id === f.meetingId)).toBe(true);
    const ended = mine.find((d) => d.type === 'meeting.ended')!;
    expect(Date.parse(ended.payload.data.session.ended_at)).toBe((t0 + 1500) * 1000);
  });

  it('gives each breakout room its part with chat and poll counts', async () => {
    const plain = await ok<Record<string, unknown>>(200, 'GET', `/sessions/${sessionId}`, { key: host.key });
    expect(plain.breakout_rooms).toBeUndefined();
    const s = await ok<{ breakout_rooms: Array<Record<string, unknown>> }>(
      200,
      'GET',
      `/sessions/${sessionId}?include_breakout_rooms=true`,
      { key: host.key },
    );
    const byId = new Map(s.breakout_rooms.map((r) => [r.id, r]));
    expect(byId.get(f.rooms[0])).toMatchObject({
      meeting_display_name: 'Room 1',
      status: 'ENDED',
      max_concurrent_participants: 2,
      minutes_consumed: Math.round(((598 + 297) / 60) * 100) / 100,
      chat_messages: 1,
      polls: 0,
      started_at: new Date((t0 + 602) * 1000).toISOString(),
      ended_at: new Date((t0 + 1200) * 1000).toISOString(),
    });
    expect(byId.get(f.rooms[1])).toMatchObject({
      max_concurrent_participants: 2,
      chat_messages: 0,
      polls: 1,
    });
  });

  it('answers each person per room (raw) and over all rooms (consolidated), with every interval', async () => {
    const { Ada, Ben, Cy } = f.seats;
    const raw = await api('GET', `/sessions/${sessionId}/participants?view=raw&per_page=100`, {
      key: host.key,
    });
    expect(raw.status).toBe(200);
    const rows = raw.body.data.participants as Array<Record<string, any>>;
    expect(rows).toHaveLength(7);
    const benMain = rows.find((r) => r.user_id === Ben!.id && r.meeting_id === f.meetingId)!;
    expect(benMain).toMatchObject({ display_name: 'Ben', preset_name: 'participant', duration: 13.97 });
    expect(benMain.intervals).toHaveLength(2);

    const cons = await ok<{ participants: Array<Record<string, any>> }>(
      200,
      'GET',
      `/sessions/${sessionId}/participants?view=consolidated`,
      { key: host.key },
    );
    const total = Object.fromEntries(cons.participants.map((p) => [p.display_name, p.duration]));
    expect(total).toEqual({ Ada: 24.95, Ben: 23.9, Cy: 22.97 });
    const ben = cons.participants.find((p) => p.user_id === Ben!.id)!;
    expect(ben.intervals.map((i: { meeting_id: string }) => i.meeting_id)).toEqual([
      f.meetingId,
      f.rooms[0],
      f.rooms[1],
      f.meetingId,
    ]);
    expect(ben).toMatchObject({
      joined_at: new Date((t0 + 60) * 1000).toISOString(),
      left_at: new Date((t0 + 1500) * 1000).toISOString(),
      talk_time: null,
      meeting_id: null,
    });
    expect([Ada!.id, Cy!.id].every((id) => cons.participants.some((p) => p.user_id === id))).toBe(true);

    const paged = await api(
      'GET',
      `/sessions/${sessionId}/participants?view=consolidated&per_page=2&page_no=2`,
      {
        key: host.key,
      },
    );
    expect(paged.body.paging).toEqual({ start_offset: 3, end_offset: 3, total_count: 3 });
  });

  it('exports the report as CSV that matches the JSON report', async () => {
    const report = await ok<{
      participants: Array<{ user_id: string; duration: number; intervals: unknown[] }>;
    }>(200, 'GET', `/sessions/${sessionId}/report`, { key: host.key });
    const records = await csvOf(`/sessions/${sessionId}/report/export`, host.key);
    expect(records).toHaveLength(report.participants.reduce((s, p) => s + p.intervals.length, 0));
    for (const p of report.participants) {
      const mine = records.filter((r) => r.fields.participant_id === p.user_id);
      expect(mine).toHaveLength(p.intervals.length);
      expect(Number(mine[0]!.fields.total_minutes)).toBe(p.duration);
      const sum = mine.reduce((s, r) => s + Number(r.fields.duration_minutes), 0);
      expect(Math.abs(sum - p.duration)).toBeLessThan(0.05);
    }
    expect(records.some((r) => r.fields.room === 'Room 2')).toBe(true);
  });

  it('exports the audit log as JSON and CSV with the actor and time of every command', async () => {
    const json = await ok<{
      entries: Array<{ id: number; type: string; actor_kind: string; actor_name: string }>;
    }>(200, 'GET', `/meetings/${f.meetingId}/audit-log`, { key: host.key });
    const moves = json.entries.filter((e) => e.type === 'participants_moved');
    expect(moves).toHaveLength(2);
    expect(moves[0]).toMatchObject({ actor_kind: 'host', actor_name: host.name });
    expect(json.entries.some((e) => e.type === 'presence_changed' || e.type === 'chat_message')).toBe(false);
    const csv = await csvOf(`/meetings/${f.meetingId}/audit-log/export`, host.key);
    expect(csv.map((r) => Number(r.fields.id))).toEqual(json.entries.map((e) => e.id));
    expect(
      JSON.parse(csv.find((r) => r.fields.type === 'participants_moved')!.fields.payload!),
    ).toMatchObject({
      destination_meeting_id: f.rooms[0],
    });
  });

  it('refuses bad input naming the field, and keeps other hosts out', async () => {
    const bad = await api('GET', `/sessions?status=OPEN`, { key: host.key });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid', field: 'status' });
    const view = await api('GET', `/sessions/${sessionId}/participants?view=all`, { key: host.key });
    expect(view.body.error).toMatchObject({ code: 'invalid', field: 'view' });
    const other = await newHost();
    expect((await api('GET', `/sessions/${sessionId}`, { key: other.key })).status).toBe(404);
    expect((await api('GET', `/sessions?meeting_id=${f.meetingId}`, { key: other.key })).status).toBe(404);
    expect((await api('GET', `/meetings/${f.meetingId}/audit-log`, { key: other.key })).status).toBe(404);
  });

  it.runIf(KIND === 'pglite')('starts a new session when someone joins after the session ended', async () => {
    const { Ada } = f.seats;
    await deliver(stay(Ada!.id, f.meetingId, t0 + 1600)[0]!);
    const res = await ok<{ sessions: Array<{ status: string; id: string }> }>(
      200,
      'GET',
      `/sessions?meeting_id=${f.meetingId}`,
      { key: host.key },
    );
    expect(res.sessions.map((s) => s.status)).toEqual(['LIVE', 'ENDED']);
    expect(res.sessions[1]!.id).toBe(sessionId);
  });
});
