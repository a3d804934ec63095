// A session from the real media server's webhooks: a LiveKit server of the test's own posts its webhooks to
// the app's webhook route (served here on a loopback port); a person joins with @livekit/rtc-node using a
// token the app minted, is moved to a room and reconnects there as the page does, then leaves. The session
// starts with the first join, keeps both rooms, and ends once the keep-alive has passed after the leave.
import type * as Rtc from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBus } from '@/lib/events/bus';
import { resetEnvCache } from '@/lib/env';
import { endQuietSessions, SESSION_KEEP_ALIVE_SECONDS } from '@/lib/sessions/lifecycle';
import { LOCAL_LIVEKIT } from '../../scripts/livekit';
import { api, asCookie, family, hostMove, newHost, type Seat } from '../support/breakout';
import { MediaServer, rtc } from '../support/media-stack';
import { ok, openDatabase } from '../support/rest';
import { serveMediaWebhooks } from '../support/webhook-receiver';

// Port 7976 (UDP 7977) belongs to this file. PGlite only: one real-media test is enough for the drivers'
// shared code, which sessions.test.ts runs on all three.
const KIND = process.env.TEST_DB ?? 'pglite';
const PORT = 7976;
let receiver: Awaited<ReturnType<typeof serveMediaWebhooks>>;
let server: MediaServer;
const rooms: Rtc.Room[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  if (KIND !== 'pglite') return;
  receiver = await serveMediaWebhooks();
  server = new MediaServer(PORT, receiver.url);
  await server.start();
  Object.assign(process.env, {
    LIVEKIT_URL: server.url,
    LIVEKIT_API_KEY: LOCAL_LIVEKIT.apiKey,
    LIVEKIT_API_SECRET: LOCAL_LIVEKIT.apiSecret,
  });
  resetEnvCache();
  await openDatabase();
}, 90_000);

afterAll(async () => {
  if (KIND !== 'pglite') return;
  await Promise.all(rooms.map((r) => r.disconnect().catch(() => undefined)));
  server.stop();
  receiver.close();
  await closeBus();
});

/** Connects the person's media as their page does: a token from the app, for the room they are in now. */
async function connect(meetingId: string, seat: Seat) {
  const res = await api('POST', '/livekit/token', {
    ...asCookie(meetingId, seat),
    body: { meeting_id: meetingId },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const lib = await rtc();
  const room = new lib.Room();
  await room.connect(res.body.data.url, res.body.data.token, { autoSubscribe: false, dynacast: false });
  rooms.push(room);
  return room;
}

type Listed = {
  sessions: Array<{ id: string; status: string; live_participants: number; ended_at: string | null }>;
};

/** Reads the meeting's sessions until `done` holds (webhooks arrive within a second or two). */
async function sessionsUntil(key: string, meetingId: string, done: (l: Listed) => boolean) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const listed = await ok<Listed>(200, 'GET', `/sessions?meeting_id=${meetingId}`, { key });
    if (done(listed) || Date.now() > deadline) return listed;
    await sleep(200);
  }
}

describe.runIf(KIND === 'pglite')('sessions from the real media server', () => {
  it('starts with the first join, follows a move between rooms, and ends after the last leave', async () => {
    const host = await newHost();
    const f = await family(host, { Ada: 'participant' }, 1);
    const ada = f.seats.Ada!;

    const first = await connect(f.meetingId, ada);
    const live = await sessionsUntil(host.key, f.meetingId, (l) => l.sessions[0]?.live_participants === 1);
    expect(live.sessions).toHaveLength(1);
    expect(live.sessions[0]).toMatchObject({ status: 'LIVE', live_participants: 1 });

    // Moved: the page leaves the main meeting's media and joins the room's.
    await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [ada.id]);
    await first.disconnect();
    const second = await connect(f.meetingId, ada);
    const id = live.sessions[0]!.id;
    const inRoom = async () =>
      (
        await ok<{ participants: Array<{ meeting_id: string; left_at: string | null }> }>(
          200,
          'GET',
          `/sessions/${id}/participants?view=raw`,
          { key: host.key },
        )
      ).participants;
    const deadline = Date.now() + 15_000;
    let rows = await inRoom();
    while (!(rows.length === 2 && rows.some((r) => r.meeting_id === f.rooms[0] && r.left_at === null))) {
      if (Date.now() > deadline) break;
      await sleep(200);
      rows = await inRoom();
    }
    expect(rows.map((r) => r.meeting_id).sort()).toEqual([f.meetingId, f.rooms[0]].sort());

    await second.disconnect();
    const quiet = await sessionsUntil(host.key, f.meetingId, (l) => l.sessions[0]?.live_participants === 0);
    expect(quiet.sessions[0]).toMatchObject({ status: 'LIVE', live_participants: 0 });
    // Within the keep-alive nothing ends; after it, the sweep ends the session at the last leave.
    expect(await endQuietSessions()).toBe(0);
    expect(await endQuietSessions(new Date(Date.now() + (SESSION_KEEP_ALIVE_SECONDS + 2) * 1000))).toBe(1);
    const ended = await ok<Listed>(200, 'GET', `/sessions?meeting_id=${f.meetingId}`, { key: host.key });
    expect(ended.sessions).toHaveLength(1);
    expect(ended.sessions[0]).toMatchObject({ id, status: 'ENDED' });
    const consolidated = await ok<{ participants: Array<{ user_id: string; intervals: unknown[] }> }>(
      200,
      'GET',
      `/sessions/${id}/participants?view=consolidated`,
      { key: host.key },
    );
    expect(consolidated.participants).toHaveLength(1);
    expect(consolidated.participants[0]).toMatchObject({ user_id: ada.id });
    expect(consolidated.participants[0]!.intervals).toHaveLength(2);
  }, 60_000);
});
