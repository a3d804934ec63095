// The move benchmark's synthetic crowd on real parts: an app instance (PGlite, the real REST router and
// event stream), a LiveKit server of the test's own, and two synthetic participants who hold seats, follow
// the event stream and publish with @livekit/rtc-node, each in a worker process of its own (CrowdPool,
// as the benchmark runs them), and a third of the audience (`--audience`: publishing nothing). One move of
// all three into a breakout room: each must leave the main meeting's media room and be listed in the new
// one by LiveKit's RoomService; the two publishers have a remote track subscribed there, and the media
// server lists no track of the audience member's; once the crowd stops, its worker processes are gone.
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { benchDatabase, createHostKey, restClient } from '../../scripts/bench-app';
import { CrowdPool } from '../../scripts/crowd';
import { LOCAL_LIVEKIT, livekitEnv } from '../../scripts/livekit';
import { startInstance, type Instance } from '../support/spawn-instance';
import { MediaServer } from '../support/media-stack';

// Port 7990 (UDP 7991) belongs to this file (7984 is media-warm-switch.test.ts's, in the same run).
const PORT = Number(process.env.CROWD_TEST_LIVEKIT_PORT ?? 7990);
const server = new MediaServer(PORT);
const cleanups: Array<() => unknown> = [];
let instance: Instance;
let api: ReturnType<typeof restClient>;

beforeAll(async () => {
  await server.start();
  cleanups.push(() => server.stop());
  const env = await benchDatabase('pglite', cleanups);
  const key = createHostKey(env);
  instance = await startInstance({ ...env, ...livekitEnv(PORT), NODE_ENV: 'production' });
  cleanups.push(() => instance.stop());
  api = restClient(instance.url, key);
}, 120_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

it('moves synthetic participants, one of the audience, into a room on the real media server', async () => {
  const meeting = await api<{ id: string }>('POST', '/meetings', { title: 'Crowd smoke' });
  const seats = await Promise.all(
    ['Ada', 'Ben', 'Cy'].map((name) =>
      api<{ id: string; token: string }>('POST', `/meetings/${meeting.id}/participants`, {
        name,
        preset_name: 'participant',
      }),
    ),
  );
  const {
    meetings: [room],
  } = await api<{ meetings: Array<{ id: string }> }>('POST', `/meetings/${meeting.id}/connected-meetings`, {
    meetings: [{ title: 'Room 1' }],
  });
  const crowd = seats.map((seat, i) => ({ ...seat, audience: i === 2 }));
  const pool = new CrowdPool(instance.url, meeting.id, crowd, { perWorker: 1 });
  cleanups.push(() => pool.stop());
  await pool.start();
  const pids = pool.pids;
  expect(pids).toHaveLength(3);
  const people = pool.members;
  expect(people.map((p) => p.room)).toEqual([meeting.id, meeting.id, meeting.id]);

  const sent = Date.now();
  await api('POST', `/meetings/${meeting.id}/connected-meetings/move`, {
    source_meeting_id: meeting.id,
    destination_meeting_id: room!.id,
    participant_ids: seats.map((s) => s.id),
  });
  const moves = await Promise.all(people.map((p) => p.switched(sent, room!.id)));
  for (const m of moves) {
    expect(m.changing).toBeGreaterThanOrEqual(sent);
    expect(m.destination).toBe(room!.id);
    expect(m.published).toBeGreaterThanOrEqual(m.connected);
  }
  // The publishers receive each other's camera; the audience member is switched once connected.
  for (const m of moves.slice(0, 2)) expect(m.remoteTrack).toBeGreaterThanOrEqual(m.published);
  expect(people.map((p) => p.room)).toEqual([room!.id, room!.id, room!.id]);

  const rooms = new RoomServiceClient(
    `http://127.0.0.1:${PORT}`,
    LOCAL_LIVEKIT.apiKey,
    LOCAL_LIVEKIT.apiSecret,
  );
  const listed = await rooms.listParticipants(room!.id);
  expect(listed.map((p) => p.identity).sort()).toEqual(seats.map((s) => s.id).sort());
  const tracks = (id: string) => listed.find((p) => p.identity === id)!.tracks.length;
  expect(seats.map((s) => tracks(s.id) > 0)).toEqual([true, true, false]);
  const inMain = (await rooms.listParticipants(meeting.id).catch(() => [])).map((p) => p.identity);
  expect(inMain.filter((id) => seats.some((s) => s.id === id))).toEqual([]);

  await pool.stop();
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  expect(pids.filter(alive)).toEqual([]);
}, 60_000);
