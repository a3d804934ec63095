// The warm room switch (MEDIA_WARM_SWITCH=on) on real parts: a LiveKit server of the test's own, the
// app's API minting the tokens, and @livekit/rtc-node as an independent client joining with them. A
// person in a breakout room waits in the main meeting with a token that has no right and is hidden:
// nothing of the main meeting reaches that connection and nobody there sees it, until the move back
// commits and the server grants the rights on it (UpdateParticipant); the room they left, ignored by the
// client, is still taken from them; and a rights-less connection anywhere else is removed.
import { AccessToken, RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBus } from '@/lib/events/bus';
import { resetEnvCache } from '@/lib/env';
import { enforceConnections, grantRightsOnMove, listConnections } from '@/lib/livekit/enforce';
import { warmGrant } from '@/lib/livekit/warm';
import { LOCAL_LIVEKIT } from '../../scripts/livekit';
import { RtcClient } from '../../e2e/pages/rtc-client';
import { asSeat, family, hostMove, newHost, type Host, type Seat } from '../support/breakout';
import { MediaServer, SyntheticPublisher } from '../support/media-stack';
import { ok, openDatabase } from '../support/rest';

// Ports 7984–7987 belong to this file (UDP on port + 1), one server per database kind; the Neon project
// skips it, as the live recording tests do.
const KIND = process.env.TEST_DB ?? 'pglite';
const server = new MediaServer(KIND === 'pg' ? 7986 : 7984);
const open: Array<{ leave(): Promise<void> }> = [];
let host: Host;

interface Token {
  url: string;
  token: string | null;
  room: string | null;
  expires_in: number;
}

beforeAll(async () => {
  if (KIND === 'neon') return;
  await server.start();
  Object.assign(process.env, {
    LIVEKIT_URL: server.url,
    LIVEKIT_API_KEY: LOCAL_LIVEKIT.apiKey,
    LIVEKIT_API_SECRET: LOCAL_LIVEKIT.apiSecret,
    MEDIA_WARM_SWITCH: 'on',
  });
  resetEnvCache();
  await openDatabase();
  host = await newHost();
}, 90_000);

afterAll(async () => {
  if (KIND === 'neon') return;
  await Promise.all(open.map((c) => c.leave()));
  server.stop();
  delete process.env.MEDIA_WARM_SWITCH;
  resetEnvCache();
  await closeBus();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const verify = (jwt: string) => new TokenVerifier(LOCAL_LIVEKIT.apiKey, LOCAL_LIVEKIT.apiSecret).verify(jwt);
const mediaToken = (seat: Seat) => ok<Token>(200, 'POST', '/livekit/token', asSeat(seat));
const warmToken = (seat: Seat) => ok<Token>(200, 'POST', '/livekit/warm-token', asSeat(seat));

async function until(what: string, check: () => boolean, ms = 8000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

/** Counts the video frames and the audible audio frames a client decodes from `identity`, as they come. */
function countMedia(c: RtcClient, identity: string) {
  const counts = { video: 0, audio: 0 };
  const reading = new Set<string>();
  const read = async <T>(stream: ReadableStream<T>, count: (item: T) => void) => {
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) count(r.value);
  };
  const attach = () => {
    const p = [...c.room.remoteParticipants.values()].find((r) => r.identity === identity);
    for (const pub of p?.trackPublications.values() ?? []) {
      if (!pub.track || reading.has(pub.sid!)) continue;
      reading.add(pub.sid!);
      if (pub.kind === c.lib.TrackKind.KIND_VIDEO) {
        void read(new c.lib.VideoStream(pub.track), () => counts.video++).catch(() => undefined);
      } else {
        void read(new c.lib.AudioStream(pub.track), (f) => {
          if (f.data.some((v) => Math.abs(v) > 1000)) counts.audio++;
        }).catch(() => undefined);
      }
    }
  };
  c.room.on(c.lib.RoomEvent.TrackSubscribed, attach);
  attach();
  return counts;
}

/** A connection's rights as the media server has them now. */
async function permissionIn(room: string, identity: string) {
  const rooms = new RoomServiceClient(
    server.url.replace(/^ws/, 'http'),
    LOCAL_LIVEKIT.apiKey,
    LOCAL_LIVEKIT.apiSecret,
  );
  return (await rooms.getParticipant(room, identity)).permission;
}

async function client(token: Token) {
  const c = await RtcClient.join(token.url, token.token!);
  open.push(c);
  return c;
}

/** The main meeting with Bo publishing camera, microphone (and trying data) in it, and Ada in a room. */
async function scene() {
  const f = await family(host, { Ada: 'participant', Bo: 'participant' }, 1);
  const [ada, bo] = [f.seats.Ada!, f.seats.Bo!];
  const boToken = await mediaToken(bo);
  const publisher = await SyntheticPublisher.join(boToken.url, boToken.token!, {
    rgb: [200, 40, 40],
    toneHz: 440,
    width: 64,
    height: 48,
    fps: 10,
  });
  open.push(publisher);
  await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [ada.id]);
  return { f, ada, bo, boToken, publisher };
}

describe.skipIf(KIND === 'neon')('warm room switch', () => {
  it('mints a warm token only for the main meeting while in a room, with no right and hidden', async () => {
    const { f, ada, bo, boToken } = await scene();
    const warm = await warmToken(ada);
    expect(warm.room).toBe(f.meetingId);
    const grants = await verify(warm.token!);
    expect(grants.sub).toBe(ada.id);
    expect(grants.video).toMatchObject({
      room: f.meetingId,
      roomJoin: true,
      canSubscribe: false,
      canPublish: false,
      canPublishData: false,
      canPublishSources: [],
      hidden: true,
    });
    // In the main meeting nothing is likely: no warm token.
    expect(await warmToken(bo)).toMatchObject({ token: null, room: null, expires_in: 0 });
    // Nobody gets the data right while warm connections may listen (the media server forwards data to
    // every connection in a room); the media rights are the preset's.
    expect((await verify(boToken.token!)).video).toMatchObject({ canSubscribe: true, canPublishData: false });
  });

  it('keeps the main meeting from a warm connection until the move commits, then grants it', async () => {
    const { f, ada, bo, publisher } = await scene();
    const inRoom = await client(await mediaToken(ada));
    const warm = await client(await warmToken(ada));
    await until('the warm connection sees Bo', () => warm.tracksOf(bo.id).length === 2);
    await publisher.room.localParticipant!.publishData(new TextEncoder().encode('hello main'), {
      reliable: true,
    });
    // The sweep admits the warm connection (no right, in the likely room) and leaves the room alone.
    expect((await enforceConnections(await listConnections())).removed).toBe(0);
    await sleep(1500);
    expect(warm.ended).toBeUndefined();
    expect(inRoom.ended).toBeUndefined();
    expect(warm.tracksOf(bo.id).every((t) => !t.subscribed)).toBe(true);
    expect(warm.data).toEqual([]);
    const received = countMedia(warm, bo.id);
    // Nobody in the main meeting sees the warm connection.
    const seenByBo = () => [...publisher.room.remoteParticipants.values()].map((p) => p.identity);
    expect(seenByBo()).not.toContain(ada.id);

    await hostMove(host.key, f.meetingId, f.rooms[0]!, f.meetingId, [ada.id]);
    // The move grants the rights on the connection already there: Bo's camera and microphone arrive and
    // Bo sees Ada join.
    await until('the warm connection receives Bo', () => warm.tracksOf(bo.id).every((t) => t.subscribed));
    await until('Bo sees Ada', () => seenByBo().includes(ada.id));
    await until('Bo is heard and seen', () => received.video > 0 && received.audio > 0);
    expect(await permissionIn(f.meetingId, ada.id)).toMatchObject({
      canSubscribe: true,
      canPublish: true,
      hidden: false,
    });
    // The room Ada left is not where she will go next: a client that ignores its move is removed there.
    await enforceConnections(await listConnections());
    await until('the ignored room is taken away', () => inRoom.removed);
    expect(warm.ended).toBeUndefined();
  });

  it('takes the rights in the main meeting away when it becomes the way back', async () => {
    const f = await family(host, { Cy: 'participant', Di: 'participant' }, 1);
    const [cy, di] = [f.seats.Cy!, f.seats.Di!];
    const diToken = await mediaToken(di);
    const publisher = await SyntheticPublisher.join(diToken.url, diToken.token!, {
      rgb: [40, 200, 40],
      toneHz: 660,
      width: 64,
      height: 48,
      fps: 10,
    });
    open.push(publisher);
    const main = await client(await mediaToken(cy));
    await until(
      'Cy receives Di',
      () => main.tracksOf(di.id).length === 2 && main.tracksOf(di.id).every((t) => t.subscribed),
    );
    const received = countMedia(main, di.id);
    await until('Di is heard and seen', () => received.video > 0 && received.audio > 0);
    await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [cy.id]);
    // The move's own grant (run here too, to wait for it) revokes everything in the main meeting, where
    // Cy's connection stays, warm, as her way back.
    await grantRightsOnMove([{ id: cy.id, from: f.meetingId }]);
    expect(await permissionIn(f.meetingId, cy.id)).toMatchObject({
      canSubscribe: false,
      canPublish: false,
      hidden: true,
    });
    // Nothing of Di arrives any longer: no video frame, no sound (the media server's subscriptions are gone).
    await sleep(1000);
    const then = { ...received };
    await sleep(1500);
    expect(received).toEqual(then);
    expect((await enforceConnections(await listConnections())).removed).toBe(0);
    await sleep(500);
    expect(main.ended).toBeUndefined();
  });

  it('removes a rights-less connection to a room that is not the likely one', async () => {
    const f = await family(host, { Ed: 'participant' }, 2);
    const ed = f.seats.Ed!;
    await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [ed.id]);
    // A warm grant for another breakout room (the app never mints one: only the main meeting is likely).
    const at = new AccessToken(LOCAL_LIVEKIT.apiKey, LOCAL_LIVEKIT.apiSecret, { identity: ed.id, ttl: 600 });
    at.addGrant(warmGrant(f.rooms[1]!));
    const stray = await client({
      url: server.url,
      token: await at.toJwt(),
      room: f.rooms[1]!,
      expires_in: 600,
    });
    // And the warm connection to the main meeting, which stays while it is likely.
    const warm = await client(await warmToken(ed));
    await enforceConnections(await listConnections());
    await until('the stray connection is removed', () => stray.removed);
    expect(warm.ended).toBeUndefined();
    // With the switch off, no room is likely: the warm connection goes too.
    process.env.MEDIA_WARM_SWITCH = 'off';
    resetEnvCache();
    try {
      expect(await warmToken(ed)).toMatchObject({ token: null, room: null });
      await enforceConnections(await listConnections());
      await until('the warm connection is removed', () => warm.removed);
    } finally {
      process.env.MEDIA_WARM_SWITCH = 'on';
      resetEnvCache();
    }
  });
});
