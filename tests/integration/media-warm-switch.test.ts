// The warm room switch (MEDIA_WARM_SWITCH=on) on real parts: a LiveKit server of the test's own posting
// its webhooks to the app's route, the app's API minting the tokens, and @livekit/rtc-node as an
// independent client joining with them. A person in a breakout room waits in the main meeting under a
// warm identity of its own (`warm-<seat id>-<nonce>`) with a token that has no right and is hidden:
// nothing of the main meeting reaches that connection, nobody there sees it, and it writes no presence
// and no session; the move back is carried out by the seat's own connection, and the warm one is then
// removed. A client that ignores its move is still evicted from the room it stays in, even the main
// meeting where a warm connection may wait; a warm identity anywhere else, or with any right, is removed.
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { meetingSessionConnections, presence } from '@/db/schema';
import { removeStragglers } from '@/lib/breakout/enforce';
import { closeBus } from '@/lib/events/bus';
import { resetEnvCache } from '@/lib/env';
import { enforceConnections, listConnections } from '@/lib/livekit/enforce';
import { seatOfWarmIdentity, warmGrant, warmIdentity } from '@/lib/livekit/warm';
import { LOCAL_LIVEKIT } from '../../scripts/livekit';
import { RtcClient } from '../../e2e/pages/rtc-client';
import { asSeat, family, hostMove, newHost, type Host, type Seat } from '../support/breakout';
import { MediaServer, SyntheticPublisher } from '../support/media-stack';
import { ok, openDatabase } from '../support/rest';
import { serveMediaWebhooks } from '../support/webhook-receiver';

// Ports 7984–7987 belong to this file (UDP on port + 1), one server per database kind; the Neon project
// skips it, as the live recording tests do.
const KIND = process.env.TEST_DB ?? 'pglite';
let server: MediaServer;
let receiver: Awaited<ReturnType<typeof serveMediaWebhooks>>;
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
  receiver = await serveMediaWebhooks();
  server = new MediaServer(KIND === 'pg' ? 7986 : 7984, receiver.url);
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
  receiver.close();
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

/** Who a client in the room sees (hidden connections are not among them). */
const seenBy = (c: { room: { remoteParticipants: Map<string, { identity: string }> } }) =>
  [...c.room.remoteParticipants.values()].map((p) => p.identity);

/** The rooms the app has this participant's presence in, and the session connections it recorded. */
async function presenceAndSessions(participantId: string) {
  const d = await db();
  const here = await d
    .select({ room: presence.room, connected: presence.connected })
    .from(presence)
    .where(eq(presence.participantId, participantId));
  const sessions = await d
    .select({ room: meetingSessionConnections.room })
    .from(meetingSessionConnections)
    .where(eq(meetingSessionConnections.participantId, participantId));
  return {
    connectedIn: here.filter((p) => p.connected).map((p) => p.room),
    sessionRooms: sessions.map((c) => c.room),
  };
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
  it('mints a warm token only for the main meeting while in a room: its own identity, no right, hidden', async () => {
    const { f, ada, bo, boToken } = await scene();
    const warm = await warmToken(ada);
    expect(warm.room).toBe(f.meetingId);
    const grants = await verify(warm.token!);
    expect(grants.sub).not.toBe(ada.id);
    expect(seatOfWarmIdentity(grants.sub!)).toBe(ada.id);
    // A new identity each time (a second tab of the same seat never pushes the first one out).
    expect((await verify((await warmToken(ada)).token!)).sub).not.toBe(grants.sub);
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

  it('lets nothing of the main meeting reach a warm connection, before or after the move back', async () => {
    const { f, ada, bo, publisher } = await scene();
    const inRoom = await client(await mediaToken(ada));
    const warmTok = await warmToken(ada);
    const warmId = (await verify(warmTok.token!)).sub!;
    const warm = await client(warmTok);
    await until('the warm connection sees Bo', () => warm.tracksOf(bo.id).length === 2);
    // Bo tries to send data to the room (his grant has no data right: it goes nowhere).
    await publisher.room.localParticipant!.publishData(new TextEncoder().encode('hello main'), {
      reliable: true,
    });
    const received = countMedia(warm, bo.id);
    // The webhooks of its join have been applied (the seat's own connection is present in the room),
    // and the sweep admits the warm connection: no right, in the likely room.
    for (let end = Date.now() + 8000; ; await sleep(100)) {
      if ((await presenceAndSessions(ada.id)).connectedIn.length > 0 || Date.now() > end) break;
    }
    await sleep(1500);
    expect((await enforceConnections(await listConnections())).removed).toBe(0);
    expect(warm.ended).toBeUndefined();
    expect(inRoom.ended).toBeUndefined();
    expect(warm.tracksOf(bo.id).every((t) => !t.subscribed)).toBe(true);
    expect(warm.data).toEqual([]);
    expect(received).toEqual({ video: 0, audio: 0 });
    // Nobody in the main meeting sees it; the app counts Ada in her room only (presence and sessions).
    expect(seenBy(publisher)).not.toContain(warmId);
    expect(await presenceAndSessions(ada.id)).toEqual({
      connectedIn: [f.rooms[0]],
      sessionRooms: [f.rooms[0]],
    });

    // The move back commits: the seat connects there with the token the move gives, and receives Bo.
    await hostMove(host.key, f.meetingId, f.rooms[0]!, f.meetingId, [ada.id]);
    const back = await client(await mediaToken(ada));
    const backReceived = countMedia(back, bo.id);
    await until(
      'Bo is heard and seen on the seat connection',
      () => backReceived.video > 0 && backReceived.audio > 0,
    );
    await until('Bo sees Ada', () => seenBy(publisher).includes(ada.id));
    // Still nothing on the warm connection; once the move's grace period ends it is removed (the main
    // meeting is no longer where Ada will go next), and so is her connection in the room she left.
    expect(warm.tracksOf(bo.id).every((t) => !t.subscribed)).toBe(true);
    expect(received).toEqual({ video: 0, audio: 0 });
    expect(await removeStragglers([{ id: ada.id, from: f.rooms[0]! }])).toBe(2);
    await until('the warm connection is removed', () => warm.removed);
    await until('the room left is taken away', () => inRoom.removed);
    expect(back.ended).toBeUndefined();
    expect(seenBy(publisher)).not.toContain(warmId);
  });

  it('still evicts a client that ignores its move from the main meeting, where a warm one may wait', async () => {
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
    await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [cy.id]);
    // Her client ignores the move and stays; her page's warm connection joins the main meeting beside it.
    const warm = await client(await warmToken(cy));
    await sleep(1000);
    // The seat's identity is never admitted as warm: it is a straggler like anywhere else, removed once
    // the grace period is over (here at once), while the warm connection stays.
    expect((await enforceConnections(await listConnections(), new Set([cy.id]))).removed).toBe(0);
    expect(main.ended).toBeUndefined();
    expect(await removeStragglers([{ id: cy.id, from: f.meetingId }])).toBe(1);
    await until('the ignoring client is removed', () => main.removed);
    await sleep(500);
    expect(warm.ended).toBeUndefined();
    expect(warm.tracksOf(di.id).every((t) => !t.subscribed)).toBe(true);
    expect(seenBy(publisher)).not.toContain(cy.id);
  });

  it('removes a warm identity anywhere but the likely room, or with any right', async () => {
    const f = await family(host, { Ed: 'participant' }, 2);
    const ed = f.seats.Ed!;
    await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [ed.id]);
    const forged = async (room: string, grant: ReturnType<typeof warmGrant>) => {
      const at = new AccessToken(LOCAL_LIVEKIT.apiKey, LOCAL_LIVEKIT.apiSecret, {
        identity: warmIdentity(ed.id),
        ttl: 600,
      });
      at.addGrant(grant);
      return client({ url: server.url, token: await at.toJwt(), room, expires_in: 600 });
    };
    // Tokens the app never mints: warm for another breakout room, and "warm" with the right to subscribe.
    const stray = await forged(f.rooms[1]!, warmGrant(f.rooms[1]!));
    const listening = await forged(f.meetingId, { ...warmGrant(f.meetingId), canSubscribe: true });
    // And the warm connection the app minted for the main meeting, which stays while it is likely.
    const warm = await client(await warmToken(ed));
    // The join webhooks remove the first two at once (the sweep would too).
    await until('the stray connection is removed', () => stray.removed);
    await until('the listening connection is removed', () => listening.removed);
    expect((await enforceConnections(await listConnections())).removed).toBe(0);
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
