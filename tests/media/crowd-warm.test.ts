// The move benchmark's network and warm crowd on real parts: a LiveKit server behind the delay proxy
// (scripts/net-delay.ts: signalling over TCP and media over UDP, each way held for half the round trip; the
// server advertises the proxy and runs ICE lite), an app instance with the warm switch on that reaches the
// server directly and hands clients the proxy's address (LIVEKIT_PUBLIC_URL), and two synthetic people
// who keep a warm connection. A move into a room is a new connection (cold) that pays the round trips;
// the rooms' close then promotes the connections they hold in the main meeting (warm), and the media
// server lists them there with their rights, receiving each other's media through the proxy.
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { benchDatabase, createHostKey, restClient } from '../../scripts/bench-app';
import { CrowdPool } from '../../scripts/crowd';
import { LOCAL_LIVEKIT, livekitEnv } from '../../scripts/livekit';
import { BEHIND_DELAY_PROXY, startDelayProxy, type DelayProxy } from '../../scripts/net-delay';
import { startInstance, type Instance } from '../support/spawn-instance';
import { MediaServer } from '../support/media-stack';

// Port 7992 (UDP 7993 on 127.0.0.1 for the server, on 127.0.0.2 for the proxy; the proxy's TCP on 8002)
// belongs to this file.
const PORT = Number(process.env.CROWD_WARM_TEST_LIVEKIT_PORT ?? 7992);
const RTT_MS = 60;
const server = new MediaServer(PORT, undefined, BEHIND_DELAY_PROXY);
const cleanups: Array<() => unknown> = [];
let instance: Instance;
let proxy: DelayProxy;
let api: ReturnType<typeof restClient>;

beforeAll(async () => {
  await server.start();
  cleanups.push(() => server.stop());
  proxy = await startDelayProxy({
    rttMs: RTT_MS,
    tcpPort: PORT + 10,
    targetTcpPort: PORT,
    udpPort: PORT + 1,
  });
  cleanups.push(() => proxy.stop());
  const env = await benchDatabase('pglite', cleanups);
  const key = createHostKey(env);
  instance = await startInstance({
    ...env,
    ...livekitEnv(PORT),
    LIVEKIT_PUBLIC_URL: proxy.url,
    MEDIA_WARM_SWITCH: 'on',
    NODE_ENV: 'production',
  });
  cleanups.push(() => instance.stop());
  api = restClient(instance.url, key);
}, 120_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

it('carries a warm crowd through a delayed network: cold into a room, promoted back in the main meeting', async () => {
  const meeting = await api<{ id: string }>('POST', '/meetings', { title: 'Warm crowd' });
  const base = `/meetings/${meeting.id}/connected-meetings`;
  const seats = await Promise.all(
    ['Ada', 'Ben'].map((name) =>
      api<{ id: string; token: string }>('POST', `/meetings/${meeting.id}/participants`, {
        name,
        preset_name: 'participant',
      }),
    ),
  );
  const pool = new CrowdPool(instance.url, meeting.id, seats, { perWorker: 1, warm: true });
  cleanups.push(() => pool.stop());
  await pool.start();
  const people = pool.members;
  const {
    meetings: [room],
  } = await api<{ meetings: Array<{ id: string }> }>('POST', base, { meetings: [{ title: 'Room 1' }] });

  // Into the room: nothing waits there (they asked where to wait when they joined, before any room
  // opened, and nothing was likely from the main meeting without a draft).
  let sent = Date.now();
  await api('POST', `${base}/move`, {
    source_meeting_id: meeting.id,
    destination_meeting_id: room!.id,
    participant_ids: seats.map((s) => s.id),
  });
  const into = await Promise.all(people.map((p) => p.switched(sent, room!.id)));
  for (const m of into) {
    expect(m.path).toBe('cold');
    // A new connection through the proxy pays at least a round trip before it is connected.
    expect(m.connected - m.changing).toBeGreaterThanOrEqual(RTT_MS);
    expect(m.remoteTrack).toBeGreaterThanOrEqual(m.published);
  }

  // In the room, each waits rights-less in the main meeting: hidden, so RoomService lists them there
  // without any right.
  const rooms = new RoomServiceClient(
    `http://127.0.0.1:${PORT}`,
    LOCAL_LIVEKIT.apiKey,
    LOCAL_LIVEKIT.apiSecret,
  );
  const waiting = async () =>
    (await rooms.listParticipants(meeting.id).catch(() => [])).filter(
      (p) => !p.permission?.canSubscribe && !p.permission?.canPublish && p.permission?.hidden,
    );
  const deadline = Date.now() + 20_000;
  while ((await waiting()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect((await waiting()).map((p) => p.identity).sort()).toEqual(seats.map((s) => s.id).sort());
  // The media server lists a connection as soon as it joined; rtc-node's connect resolves once its peer
  // connection is up too, a few round trips later, and the crowd says when both wait connected there (what
  // the move benchmark waits for before its close all). A class spends minutes in its rooms.
  expect(await pool.warmed(sent, 20_000)).toEqual({ warm: 2, of: 2 });

  // Close all: the server promotes both connections; they publish on them and receive each other.
  const packetsBefore = proxy.carried().udpPackets;
  sent = Date.now();
  await api('POST', `${base}/close-all`, {});
  const back = await Promise.all(people.map((p) => p.switched(sent, meeting.id)));
  for (const m of back) {
    expect(m.path).toBe('warm');
    expect(m.remoteTrack).toBeGreaterThanOrEqual(m.published);
  }
  const inMain = await rooms.listParticipants(meeting.id);
  expect(inMain.map((p) => p.identity).sort()).toEqual(seats.map((s) => s.id).sort());
  for (const p of inMain) {
    expect(p.permission).toMatchObject({ canSubscribe: true, canPublish: true, hidden: false });
    expect(p.tracks.length).toBeGreaterThan(0);
  }
  expect(proxy.carried().udpPackets).toBeGreaterThan(packetsBefore);
  await pool.stop();
}, 90_000);
