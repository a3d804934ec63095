// The recordings API (RealtimeKit's shapes) through the real router, × every kind of caller: the owner's
// API key and dashboard session everywhere, a participant with can_record only in the room they are in
// now, nobody else. No recorder runs in this file (the supervisor is not started): rows stay INVOKED until
// a status change is written by the same functions the supervisor calls, and stops leave them UPLOADING.
import { AccessToken } from 'livekit-server-sdk';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { recordings } from '@/db/schema';
import { closeBus } from '@/lib/events/bus';
import { resetEnvCache } from '@/lib/env';
import type { RecordingDto } from '@/lib/recording/dto';
import { markRecordingStarted } from '@/lib/recording/transitions';
import { api, snapshot } from '../support/api';
import {
  asCookie,
  asSeat,
  cmPath,
  expectBreakoutRefusal,
  family,
  hostMove,
  newHost,
  type Host,
} from '../support/breakout';
import { dataOf, openEvents } from '../support/events';
import { createPreset, ok, openDatabase } from '../support/rest';
import { sessionCookie } from '../support/session';
import type { SseMessage, SseReader } from '../support/sse';

const KEY = 'recordkey';
const SECRET = 'record-media-secret-0123456789abcdefgh';

let owner: Host;
let other: Host;

beforeAll(async () => {
  // A closed loopback port: starting a recording needs a configured media server, not a running one here.
  Object.assign(process.env, {
    LIVEKIT_URL: 'ws://127.0.0.1:9',
    LIVEKIT_API_KEY: KEY,
    LIVEKIT_API_SECRET: SECRET,
  });
  resetEnvCache();
  await openDatabase();
  owner = await newHost();
  other = await newHost();
  await createPreset(owner.key, { name: 'recorder', permissions: { can_record: true } });
});
afterAll(closeBus);

/** Ann (can_record) and Bob (plain) in Room 1, Cat (can_record) in Room 2, Dee (plain) in the main meeting. */
async function world() {
  const f = await family(
    owner,
    { ann: 'recorder', bob: 'participant', cat: 'recorder', dee: 'participant' },
    2,
  );
  const [room1, room2] = f.rooms as [string, string];
  await hostMove(owner.key, f.meetingId, f.meetingId, room1, [f.seats.ann!.id, f.seats.bob!.id]);
  await hostMove(owner.key, f.meetingId, f.meetingId, room2, [f.seats.cat!.id]);
  return { main: f.meetingId, room1, room2, seats: f.seats };
}

const start = (meetingId: string, opts: Parameters<typeof api>[2] = {}) =>
  api<RecordingDto>('POST', '/recordings', {
    ...opts,
    body: { meeting_id: meetingId, ...(opts.body as object) },
  });

async function startOk(meetingId: string, key = owner.key) {
  const res = await start(meetingId, { key });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

async function rowsOf(meetingId: string) {
  const d = await db();
  return d.select().from(recordings).where(eq(recordings.meetingId, meetingId));
}

describe('starting a recording', () => {
  it('answers 201 with the recording in RealtimeKit shape, INVOKED, started by the API', async () => {
    const w = await world();
    const rec = await startOk(w.room1);
    expect(rec).toMatchObject({
      meeting_id: w.room1,
      main_meeting_id: w.main,
      room_title: 'Room 1',
      status: 'INVOKED',
      started_time: null,
      stopped_time: null,
      recording_duration: null,
      file_size: null,
      download_url: null,
      download_url_expiry: null,
      stop_reason: null,
      error: null,
      start_reason: { reason: 'API_CALL', caller: { type: 'ORGANIZATION', user_id: owner.id } },
    });
    expect(Date.parse(rec.invoked_time)).not.toBeNaN();
    expect(await ok(200, 'GET', `/recordings/${rec.id}`, { key: owner.key })).toEqual(rec);
    const active = await ok<RecordingDto | null>(200, 'GET', `/recordings/active-recording/${w.room1}`, {
      key: owner.key,
    });
    expect(active?.id).toBe(rec.id);
    expect(await ok(200, 'GET', `/recordings/active-recording/${w.room2}`, { key: owner.key })).toBeNull();
  });

  it('a second start of the same room is a 409 naming the active recording, and changes nothing', async () => {
    const w = await world();
    const first = await startOk(w.room1);
    const before = await snapshot();
    const res = await start(w.room1, { key: owner.key });
    expectBreakoutRefusal(res, { status: 409, code: 'conflict:recording_active', mentions: first.id });
    expect((res.body as { data?: RecordingDto }).data?.id).toBe(first.id);
    expect(await rowsOf(w.room1)).toHaveLength(1);
    expect(await snapshot()).toBe(before);
    // Another room and the main meeting are recorded on their own.
    await startOk(w.room2);
    await startOk(w.main);
  });

  it('bad input is a 400 naming the field', async () => {
    const w = await world();
    for (const [body, field] of [
      [{ meeting_id: 'nope' }, 'meeting_id'],
      [{}, 'meeting_id'],
      [{ meeting_id: w.room1, max_seconds: 5 }, 'max_seconds'],
      [{ meeting_id: w.room1, max_seconds: 'long' }, 'max_seconds'],
      [{ meeting_id: w.room1, colour: 'red' }, 'colour'],
    ] as const) {
      const res = await api('POST', '/recordings', { key: owner.key, body });
      expectBreakoutRefusal(res, { status: 400, code: 'invalid', field });
    }
    expect(await rowsOf(w.room1)).toHaveLength(0);
    expectBreakoutRefusal(
      await api('PUT', `/recordings/${crypto.randomUUID()}`, { key: owner.key, body: { action: 'stop' } }),
      {
        status: 404,
        code: 'not_found:recording',
      },
    );
    const rec = await startOk(w.room1);
    expectBreakoutRefusal(
      await api('PUT', `/recordings/${rec.id}`, { key: owner.key, body: { action: 'rewind' } }),
      {
        status: 400,
        code: 'invalid',
        field: 'action',
      },
    );
  });

  it('a closed room cannot be recorded', async () => {
    const w = await world();
    await ok(200, 'DELETE', cmPath(w.main), { key: owner.key, body: { meeting_ids: [w.room2] } });
    expectBreakoutRefusal(await start(w.room2, { key: owner.key }), {
      status: 409,
      code: 'conflict:room_closed',
    });
    expect(await rowsOf(w.room2)).toHaveLength(0);
  });
});

describe('who may record', () => {
  it('the owner by API key and by dashboard session, everywhere', async () => {
    const w = await world();
    await startOk(w.room1);
    const { cookie } = await sessionCookie(owner.id);
    const res = await start(w.room2, { headers: { cookie, origin: 'http://localhost:3000' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.start_reason.caller).toMatchObject({ type: 'USER', user_id: owner.id });
  });

  it('a can_record participant in the room they are in (token or cookie), not in another room', async () => {
    const w = await world();
    const res = await start(w.room1, asSeat(w.seats.ann!));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.start_reason.caller).toMatchObject({
      type: 'USER',
      name: 'ann',
      user_id: w.seats.ann!.id,
    });
    const stopped = await api<RecordingDto>('PUT', `/recordings/${res.body.data.id}`, {
      ...asCookie(w.main, w.seats.ann!),
      body: { action: 'stop', meeting_id: w.room1 },
    });
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect(stopped.body.data.stop_reason).toMatchObject({ reason: 'API_CALL', caller: { name: 'ann' } });

    const before = await snapshot();
    for (const target of [w.room2, w.main]) {
      expectBreakoutRefusal(await start(target, asSeat(w.seats.ann!)), {
        status: 403,
        code: 'forbidden:other_meeting',
        field: 'meeting_id',
      });
    }
    // Cat (can_record, Room 2) cannot stop Room 1's recording either.
    const rec = await startOk(w.room1);
    expectBreakoutRefusal(
      await api('PUT', `/recordings/${rec.id}`, { ...asSeat(w.seats.cat!), body: { action: 'stop' } }),
      { status: 403, code: 'forbidden:other_meeting' },
    );
    expect((await rowsOf(w.room2)).length).toBe(0);
    expect((await snapshot()).length).toBe(before.length);
  });

  it('a plain participant gets a 403 naming can_record; another host finds nothing; nobody anonymous', async () => {
    const w = await world();
    const before = await snapshot();
    expectBreakoutRefusal(await start(w.room1, asSeat(w.seats.bob!)), {
      status: 403,
      code: 'forbidden:can_record',
      mentions: 'can_record',
    });
    expectBreakoutRefusal(await start(w.main, asSeat(w.seats.dee!)), {
      status: 403,
      code: 'forbidden:can_record',
    });
    expectBreakoutRefusal(await start(w.room1, { key: other.key }), {
      status: 404,
      code: 'not_found:meeting',
    });
    expectBreakoutRefusal(await start(w.room1), { status: 401, code: 'unauthorized' });
    expect(await rowsOf(w.room1)).toHaveLength(0);
    expect(await snapshot()).toBe(before);

    const rec = await startOk(w.room1);
    expectBreakoutRefusal(
      await api('PUT', `/recordings/${rec.id}`, { ...asSeat(w.seats.bob!), body: { action: 'stop' } }),
      { status: 403, code: 'forbidden:can_record' },
    );
    expectBreakoutRefusal(await api('GET', `/recordings/${rec.id}`, { key: other.key }), {
      status: 404,
      code: 'not_found:recording',
    });
    expectBreakoutRefusal(
      await api('PUT', `/recordings/${rec.id}`, { key: other.key, body: { action: 'stop' } }),
      {
        status: 404,
        code: 'not_found:recording',
      },
    );
    expectBreakoutRefusal(await api('DELETE', `/recordings/${rec.id}`, { key: other.key }), {
      status: 404,
      code: 'not_found:recording',
    });
    expect((await api('GET', `/recordings?meeting_id=${w.main}`, { key: other.key })).body.data).toEqual([]);
    expect((await rowsOf(w.room1))[0]!.status).toBe('INVOKED');
  });

  it('anyone in the room may read its active recording; people elsewhere may not', async () => {
    const w = await world();
    const rec = await startOk(w.room1);
    const seen = await ok<RecordingDto>(
      200,
      'GET',
      `/recordings/active-recording/${w.room1}`,
      asSeat(w.seats.bob!),
    );
    expect(seen.id).toBe(rec.id);
    const viaCookie = await ok<RecordingDto>(
      200,
      'GET',
      `/recordings/active-recording/${w.room1}`,
      asCookie(w.main, w.seats.bob!),
    );
    expect(viaCookie.id).toBe(rec.id);
    expectBreakoutRefusal(await api('GET', `/recordings/active-recording/${w.room1}`, asSeat(w.seats.dee!)), {
      status: 403,
      code: 'forbidden:other_meeting',
    });
    expectBreakoutRefusal(await api('GET', `/recordings?meeting_id=${w.main}`, asSeat(w.seats.ann!)), {
      status: 403,
      code: 'forbidden',
    });
  });
});

describe('status changes', () => {
  it('each change is a recording_updated event for the room and the hosts, not for other rooms', async () => {
    const w = await world();
    const hostStream = await follow(w.main, owner.key);
    const bobStream = await follow(w.main, w.seats.bob!.token);
    const catStream = await follow(w.main, w.seats.cat!.token);

    const rec = await startOk(w.room1);
    for (const s of [hostStream, bobStream]) {
      expect((await nextRecording(s)).recording).toMatchObject({ id: rec.id, status: 'INVOKED' });
    }
    await markRecordingStarted(rec.id, new Date());
    for (const s of [hostStream, bobStream]) {
      expect((await nextRecording(s)).recording).toMatchObject({ id: rec.id, status: 'RECORDING' });
    }
    const paused = await ok<RecordingDto>(200, 'PUT', `/recordings/${rec.id}`, {
      ...asSeat(w.seats.ann!),
      body: { action: 'pause' },
    });
    expect(paused.status).toBe('PAUSED');
    expect((await nextRecording(bobStream)).recording.status).toBe('PAUSED');
    // Pausing twice is a 409 that names the status; resume brings it back.
    expectBreakoutRefusal(
      await api('PUT', `/recordings/${rec.id}`, { key: owner.key, body: { action: 'pause' } }),
      {
        status: 409,
        code: 'conflict:recording_status',
        mentions: 'PAUSED',
      },
    );
    await ok(200, 'PUT', `/recordings/${rec.id}`, { key: owner.key, body: { action: 'resume' } });
    expect((await nextRecording(bobStream)).recording.status).toBe('RECORDING');
    const stopped = await ok<RecordingDto>(200, 'PUT', `/recordings/${rec.id}`, {
      key: owner.key,
      body: { action: 'stop' },
    });
    expect(stopped).toMatchObject({ status: 'UPLOADING', stop_reason: { reason: 'API_CALL' } });
    expect(stopped.stopped_time).not.toBeNull();
    const last = (await nextRecording(bobStream)).recording;
    expect(last).toMatchObject({ status: 'UPLOADING', stop_reason: { reason: 'API_CALL' } });
    // The host saw every step, in order.
    const hostSaw: string[] = [];
    while (hostSaw.at(-1) !== 'UPLOADING') hostSaw.push((await nextRecording(hostStream)).recording.status);
    expect(hostSaw).toEqual(['PAUSED', 'RECORDING', 'UPLOADING']);
    // Cat in Room 2 saw none of it.
    await expect(nextRecording(catStream, 800)).rejects.toThrow();
    // Stopping again is a 409; the room is free for a new recording.
    expectBreakoutRefusal(
      await api('PUT', `/recordings/${rec.id}`, { key: owner.key, body: { action: 'stop' } }),
      {
        status: 409,
        code: 'conflict:recording_status',
      },
    );
    await startOk(w.room1);
    for (const s of [hostStream, bobStream, catStream]) void s.close?.();
  });

  it('an active recording cannot be deleted; lists filter by meeting and status, with paging', async () => {
    const w = await world();
    const a = await startOk(w.room1);
    const b = await startOk(w.room2);
    expectBreakoutRefusal(await api('DELETE', `/recordings/${a.id}`, { key: owner.key }), {
      status: 409,
      code: 'conflict:recording_active',
    });
    await ok(200, 'PUT', `/recordings/${b.id}`, { key: owner.key, body: { action: 'stop' } });
    const all = await api<RecordingDto[]>('GET', `/recordings?meeting_id=${w.main}`, { key: owner.key });
    expect(all.status).toBe(200);
    expect(all.body.data.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(all.body.paging).toMatchObject({ total_count: 2 });
    const room1Only = await ok<RecordingDto[]>(200, 'GET', `/recordings?meeting_id=${w.room1}`, {
      key: owner.key,
    });
    expect(room1Only.map((r) => r.id)).toEqual([a.id]);
    const uploading = await ok<RecordingDto[]>(
      200,
      'GET',
      `/recordings?meeting_id=${w.main}&status=UPLOADING`,
      {
        key: owner.key,
      },
    );
    expect(uploading.map((r) => r.id)).toEqual([b.id]);
    const page = await api<RecordingDto[]>('GET', `/recordings?meeting_id=${w.main}&per_page=1&page_no=2`, {
      key: owner.key,
    });
    expect(page.body.data).toHaveLength(1);
    expectBreakoutRefusal(await api('GET', `/recordings?status=DONE`, { key: owner.key }), {
      status: 400,
      code: 'invalid',
      field: 'status',
    });
  });
});

describe('record all rooms', () => {
  it('starts the main meeting and every open room not being recorded, and stops them all', async () => {
    const w = await world();
    const already = await startOk(w.room2);
    const started = await ok<{ recordings: RecordingDto[] }>(
      201,
      'POST',
      `/meetings/${w.main}/recordings/start-all`,
      { key: owner.key },
    );
    expect(started.recordings.map((r) => r.meeting_id).sort()).toEqual([w.main, w.room1].sort());
    expect((await rowsOf(w.room2)).map((r) => r.id)).toEqual([already.id]);
    // Again: nothing left to start.
    expect(
      (
        await ok<{ recordings: RecordingDto[] }>(201, 'POST', `/meetings/${w.main}/recordings/start-all`, {
          key: owner.key,
        })
      ).recordings,
    ).toEqual([]);
    expectBreakoutRefusal(
      await api('POST', `/meetings/${w.main}/recordings/start-all`, asSeat(w.seats.ann!)),
      {
        status: 403,
        code: 'forbidden',
      },
    );
    expectBreakoutRefusal(await api('POST', `/meetings/${w.main}/recordings/stop-all`, { key: other.key }), {
      status: 404,
      code: 'not_found:meeting',
    });
    const stopped = await ok<{ recordings: RecordingDto[] }>(
      200,
      'POST',
      `/meetings/${w.main}/recordings/stop-all`,
      {
        key: owner.key,
      },
    );
    expect(stopped.recordings).toHaveLength(3);
    expect(
      stopped.recordings.every((r) => r.status === 'UPLOADING' && r.stop_reason?.reason === 'API_CALL'),
    ).toBe(true);
    const d = await db();
    const active = await d
      .select()
      .from(recordings)
      .where(and(eq(recordings.mainMeetingId, w.main), eq(recordings.status, 'INVOKED')));
    expect(active).toEqual([]);
  });
});

describe('rooms closing', () => {
  it('closing or deleting a room stops its recording with ROOM_CLOSED; the main meeting keeps recording', async () => {
    const w = await world();
    await ok(201, 'POST', `/meetings/${w.main}/recordings/start-all`, { key: owner.key });
    await ok(200, 'DELETE', cmPath(w.main), { key: owner.key, body: { meeting_ids: [w.room1] } });
    expect((await rowsOf(w.room1))[0]).toMatchObject({
      status: 'UPLOADING',
      stopReason: { reason: 'ROOM_CLOSED' },
    });
    expect((await rowsOf(w.room2))[0]!.status).toBe('INVOKED');
    await ok(200, 'POST', cmPath(w.main, '/close-all'), { key: owner.key, body: {} });
    expect((await rowsOf(w.room2))[0]).toMatchObject({
      status: 'UPLOADING',
      stopReason: { reason: 'ROOM_CLOSED' },
    });
    expect((await rowsOf(w.main))[0]!.status).toBe('INVOKED');
  });
});

describe('record_on_start', () => {
  it('is a meeting setting rooms inherit; a room starts recording when its first person arrives', async () => {
    const f = await family(owner, { ann: 'participant', bob: 'participant' }, 0, 'Auto');
    const updated = await ok<{ record_on_start: boolean }>(200, 'PATCH', `/meetings/${f.meetingId}`, {
      key: owner.key,
      body: { record_on_start: true },
    });
    expect(updated.record_on_start).toBe(true);
    const created = await ok<{ meetings: Array<{ id: string }> }>(201, 'POST', cmPath(f.meetingId), {
      key: owner.key,
      body: { meetings: [{ title: 'Auto room' }] },
    });
    const room = created.meetings[0]!.id;
    expect(
      (await ok<{ record_on_start: boolean }>(200, 'GET', `/meetings/${room}`, { key: owner.key }))
        .record_on_start,
    ).toBe(true);
    await hostMove(owner.key, f.meetingId, f.meetingId, room, [f.seats.ann!.id, f.seats.bob!.id]);
    expect(await rowsOf(room)).toHaveLength(0);

    expect((await deliver(joined('EV_rec_1', room, f.seats.ann!.id, 1000))).status).toBe(200);
    const rows = await rowsOf(room);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'INVOKED', startReason: { reason: 'RECORD_ON_START' } });
    // A second arrival does not start another; a host's stop is not undone by the next arrival.
    expect((await deliver(joined('EV_rec_2', room, f.seats.bob!.id, 1001))).status).toBe(200);
    expect(await rowsOf(room)).toHaveLength(1);
    await ok(200, 'PUT', `/recordings/${rows[0]!.id}`, { key: owner.key, body: { action: 'stop' } });
    await deliver(left('EV_rec_3', room, f.seats.bob!.id, 1002));
    await deliver(joined('EV_rec_4', room, f.seats.bob!.id, 1003));
    expect(await rowsOf(room)).toHaveLength(1);
    // Everyone gone, then someone arrives: a new session, a new recording.
    await deliver(left('EV_rec_5', room, f.seats.bob!.id, 1004));
    await deliver(left('EV_rec_6', room, f.seats.ann!.id, 1005));
    await deliver(joined('EV_rec_7', room, f.seats.ann!.id, 1006));
    expect(await rowsOf(room)).toHaveLength(2);
    // A recorder joining is nobody arriving.
    const plain = await family(owner, { cy: 'participant' }, 0, 'Plain');
    await deliver(joined('EV_rec_8', plain.meetingId, plain.seats.cy!.id, 1007));
    expect(await rowsOf(plain.meetingId)).toHaveLength(0);
  });
});

describe('LiveKit Egress backend', () => {
  it('egress webhooks move the recording; it cannot pause; a late delivery changes nothing', async () => {
    // Egress uploads to the app's bucket, so the environment needs one (nothing is uploaded here).
    Object.assign(process.env, { RECORDING_BACKEND: 'egress', S3_BUCKET: 'recordings-test' });
    resetEnvCache();
    try {
      const w = await world();
      const rec = await startOk(w.room1);
      const d = await db();
      // What the supervisor writes once LiveKit has accepted the egress (no egress service runs here).
      await d
        .update(recordings)
        .set({ egressId: 'EG_test1', storageKey: `${w.main}/${rec.id}.mp4` })
        .where(eq(recordings.id, rec.id));
      expect((await rowsOf(w.room1))[0]!.backend).toBe('egress');
      const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);
      const t0 = Date.now();
      const active = {
        egressId: 'EG_test1',
        roomName: w.room1,
        status: 'EGRESS_ACTIVE',
        startedAt: ns(t0),
      };
      expect(
        (await deliver({ id: 'EV_eg_1', event: 'egress_started', egressInfo: active, createdAt: '1' }))
          .status,
      ).toBe(200);
      expect((await rowsOf(w.room1))[0]).toMatchObject({ status: 'RECORDING' });
      expectBreakoutRefusal(
        await api('PUT', `/recordings/${rec.id}`, { key: owner.key, body: { action: 'pause' } }),
        {
          status: 409,
          code: 'conflict:recording_not_pausable',
        },
      );
      const complete = {
        ...active,
        status: 'EGRESS_COMPLETE',
        endedAt: ns(t0 + 7000),
        fileResults: [
          {
            filename: `${w.main}/${rec.id}.mp4`,
            duration: ns(7000),
            size: '123456',
            startedAt: ns(t0),
            endedAt: ns(t0 + 7000),
          },
        ],
      };
      await deliver({ id: 'EV_eg_2', event: 'egress_ended', egressInfo: complete, createdAt: '2' });
      const done = await ok<RecordingDto>(200, 'GET', `/recordings/${rec.id}`, { key: owner.key });
      expect(done).toMatchObject({
        status: 'UPLOADED',
        recording_duration: 7,
        file_size: 123456,
        output_file_name: `${rec.id}.mp4`,
        stop_reason: { reason: 'ALL_PEERS_LEFT' },
      });
      expect(done.download_url).toContain(`/api/v1/recording-files/${rec.id}`);
      // A late, repeated "active" does not bring it back.
      await deliver({ id: 'EV_eg_3', event: 'egress_updated', egressInfo: active, createdAt: '3' });
      expect((await rowsOf(w.room1))[0]!.status).toBe('UPLOADED');
    } finally {
      delete process.env.RECORDING_BACKEND;
      delete process.env.S3_BUCKET;
      resetEnvCache();
    }
  });
});

// ---- helpers ----

async function follow(mainId: string, key: string): Promise<SseReader & { close?: () => void }> {
  const { stream, error, abort } = await openEvents(mainId, { key });
  expect(error).toBeUndefined();
  expect((await stream!.next()).event).toBe('snapshot');
  return Object.assign(stream!, { close: abort });
}

/** The next recording_updated message, skipping other events. */
async function nextRecording(
  stream: SseReader,
  _hint = 0,
  timeoutMs = 5000,
): Promise<{ recording: RecordingDto }> {
  for (;;) {
    const m: SseMessage = await stream.next(timeoutMs);
    if (m.event === 'recording_updated') return dataOf(m).payload as { recording: RecordingDto };
  }
}

const { POST: webhook } = await import('@/app/api/livekit/webhook/route');

async function deliver(event: Record<string, unknown>) {
  const body = JSON.stringify(event);
  const at = new AccessToken(KEY, SECRET);
  at.sha256 = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))).toString(
    'base64',
  );
  const res = await webhook(
    new Request('http://localhost/api/livekit/webhook', {
      method: 'POST',
      headers: { authorization: await at.toJwt(), 'content-type': 'application/webhook+json' },
      body,
    }),
  );
  return { status: res.status, body: (await res.json()) as unknown };
}

const joined = (id: string, room: string, identity: string, createdAt: number) => ({
  id,
  event: 'participant_joined',
  room: { name: room, sid: 'RM_1' },
  participant: { identity, sid: `PA_${id}` },
  createdAt: String(createdAt),
});
const left = (id: string, room: string, identity: string, createdAt: number) => ({
  ...joined(id, room, identity, createdAt),
  event: 'participant_left',
});
