// The warm room switch (MEDIA_WARM_SWITCH=on) on real parts: a LiveKit server of the test's own posting
// its webhooks to the app's route, the app's API minting the tokens, and @livekit/rtc-node as an
// independent client joining with them. A person in a breakout room waits in the main meeting under the
// seat's own identity with a token that has no right and is hidden: nothing of the main meeting reaches
// that connection, nobody there sees it, and it writes no presence and no session. When the move back
// commits, the server gives it the seat's rights with UpdateParticipant: it receives the room's media,
// is seen there, may publish, and the app counts the person there (presence, session) without any new
// connection. A client that ignores its move keeps its rights and is still evicted, even from the main
// meeting where a warm connection may wait; a rights-less connection anywhere else, or one with any
// right outside the seat's room, is removed.
import { AccessToken, RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { meetingSessionConnections, presence } from '@/db/schema';
import { removeStragglers } from '@/lib/breakout/enforce';
import { closeBus } from '@/lib/events/bus';
import { resetEnvCache } from '@/lib/env';
import { enforceConnections, listConnections } from '@/lib/livekit/enforce';
import { promoteWarm } from '@/lib/livekit/promote';
import { warmGrant } from '@/lib/livekit/warm';
import { LOCAL_LIVEKIT } from '../../scripts/livekit';
import { RtcClient } from '../../e2e/pages/rtc-client';
import {
  asSeat,
  cmPath,
  eventRows,
  family,
  hostMove,
  newHost,
  type Host,
  type Seat,
} from '../support/breakout';
import { MediaServer, SyntheticPublisher } from '../support/media-stack';
import { api } from '../support/api';
import { addParticipant, ok, openDatabase } from '../support/rest';
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
const warmToken = (seat: Seat, roomId?: string) =>
  ok<Token>(200, 'POST', '/livekit/warm-token', {
    ...asSeat(seat),
    ...(roomId ? { body: { room_id: roomId } } : {}),
  });

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

/**
 * Joins with a warm token where `publisher` publishes and, a second later, checks that the connection is
 * kept (the media checks remove nothing), receives none of their audio or video, and is not seen by them.
 */
async function waitingWarm(
  tok: Token,
  publisher: {
    client: { room: { remoteParticipants: Map<string, { identity: string }> } };
    id: string;
    name: string;
  },
  seatId: string,
) {
  const warm = await client(tok);
  const received = countMedia(warm, publisher.id);
  await until(`the warm connection sees ${publisher.name}`, () => warm.tracksOf(publisher.id).length === 2);
  await sleep(1000);
  expect((await enforceConnections(await listConnections())).removed).toBe(0);
  expect(received).toEqual({ video: 0, audio: 0 });
  expect(seenBy(publisher.client)).not.toContain(seatId);
  return { warm, received };
}

/** Someone publishing a small coloured camera and a tone with this token, closed after the file. */
async function publishing(token: Token, rgb: [number, number, number], toneHz: number) {
  const p = await SyntheticPublisher.join(token.url, token.token!, {
    rgb,
    toneHz,
    width: 64,
    height: 48,
    fps: 10,
  });
  open.push(p);
  return p;
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
  const publisher = await publishing(boToken, [200, 40, 40], 440);
  await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [ada.id]);
  return { f, ada, bo, boToken, publisher };
}

/** The rights the media server reports for this identity's connection in this room (its own view). */
async function rightsIn(room: string, identity: string) {
  const service = new RoomServiceClient(
    server.url.replace(/^ws/, 'http'),
    LOCAL_LIVEKIT.apiKey,
    LOCAL_LIVEKIT.apiSecret,
  );
  const people = await service.listParticipants(room).catch(() => []);
  return people.find((p) => p.identity === identity)?.permission;
}

async function untilAsync(what: string, check: () => Promise<boolean>, ms = 8000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

/** The tracks a client sees this identity publish (subscribed or not). */
const publishedBy = (room: RtcClient['room'], identity: string) =>
  [...room.remoteParticipants.values()].find((p) => p.identity === identity)?.trackPublications.size ?? 0;

describe.skipIf(KIND === 'neon')('warm room switch', () => {
  it("mints a warm token only for the main meeting while in a room: the seat's identity, no right, hidden", async () => {
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
    // Bo, in the main meeting while the room runs and never moved since it opened, is a late joiner:
    // his likely room is the one placing the late joiners would put him in, the only room.
    expect(await warmToken(bo)).toMatchObject({ room: f.rooms[0], ask_again_in: 10 });
    // Once a host has moved him (here, into the room and back), he stays where he was put: nothing is
    // likely from the main meeting.
    await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [bo.id]);
    await hostMove(host.key, f.meetingId, f.rooms[0]!, f.meetingId, [bo.id]);
    expect(await warmToken(bo)).toMatchObject({ token: null, room: null, expires_in: 0 });
    // Nobody gets the data right while warm connections may listen (the media server forwards data to
    // every connection in a room); the media rights are the preset's.
    expect((await verify(boToken.token!)).video).toMatchObject({ canSubscribe: true, canPublishData: false });
  });

  it('lets nothing of the main meeting reach a warm connection until the move back, which promotes it in place', async () => {
    const { f, ada, bo, publisher } = await scene();
    const inRoom = await client(await mediaToken(ada));
    const warm = await client(await warmToken(ada));
    await until('the warm connection sees Bo', () => warm.tracksOf(bo.id).length === 2);
    // Bo tries to send data to the room (his grant has no data right: it goes nowhere).
    await publisher.room.localParticipant!.publishData(new TextEncoder().encode('hello main'), {
      reliable: true,
    });
    const received = countMedia(warm, bo.id);
    // The webhooks of both joins have been applied (the connection in the room is present there), and
    // the sweep admits the warm one: no right, in the likely room.
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
    expect(await rightsIn(f.meetingId, ada.id)).toMatchObject({
      canSubscribe: false,
      canPublish: false,
      hidden: true,
    });
    // Nobody in the main meeting sees it; the app counts Ada in her room only (presence and sessions).
    expect(seenBy(publisher)).not.toContain(ada.id);
    expect(await presenceAndSessions(ada.id)).toEqual({
      connectedIn: [f.rooms[0]],
      sessionRooms: [f.rooms[0]],
    });

    // The move back commits: the server gives the waiting connection Ada's rights in the main meeting.
    await hostMove(host.key, f.meetingId, f.rooms[0]!, f.meetingId, [ada.id]);
    await untilAsync(
      'the warm connection is promoted',
      async () => !!(await rightsIn(f.meetingId, ada.id))?.canSubscribe,
    );
    expect(await rightsIn(f.meetingId, ada.id)).toMatchObject({
      canSubscribe: true,
      canPublish: true,
      hidden: false,
    });
    await until('Bo is heard and seen on it', () => received.video > 0 && received.audio > 0);
    await until('Bo sees Ada', () => seenBy(publisher).includes(ada.id));
    // It may publish now, and Bo receives what it sends.
    await warm.publishVideoAs(warm.lib.TrackSource.SOURCE_CAMERA);
    await until("Bo sees Ada's camera", () => publishedBy(publisher.room, ada.id) === 1);
    // The app counts Ada in the main meeting from the promotion (the media server sends no webhook when
    // rights change), with a session connection there; the room's connection leaves, or is removed.
    for (let end = Date.now() + 8000; ; await sleep(100)) {
      const p = await presenceAndSessions(ada.id);
      if (p.connectedIn.includes(f.meetingId) || Date.now() > end) break;
    }
    expect((await presenceAndSessions(ada.id)).sessionRooms.sort()).toEqual([f.rooms[0], f.meetingId].sort());
    expect(await removeStragglers([{ id: ada.id, from: f.rooms[0]! }])).toBe(1);
    await until('the room left is taken away', () => inRoom.removed);
    expect(warm.ended).toBeUndefined();
    expect((await enforceConnections(await listConnections())).removed).toBe(0);
    for (let end = Date.now() + 8000; ; await sleep(100)) {
      if ((await presenceAndSessions(ada.id)).connectedIn.length === 1 || Date.now() > end) break;
    }
    expect((await presenceAndSessions(ada.id)).connectedIn).toEqual([f.meetingId]);
    // Promoting again changes nothing: the connection has its rights, and its arrival is not written twice.
    const arrivals = async () =>
      (await eventRows(f.meetingId))
        .filter((r) => r.type === 'presence_changed')
        .map((r) => r.payload as { participant_id: string; connected: boolean })
        .filter((p) => p.participant_id === ada.id && p.connected).length;
    const counted = await arrivals();
    expect(await promoteWarm([ada.id])).toBe(0);
    expect(await arrivals()).toBe(counted);
    expect(await rightsIn(f.meetingId, ada.id)).toMatchObject({ canSubscribe: true, canPublish: true });

    // When the promoted connection leaves, its leave webhook (sent with its rights) ends its presence.
    await warm.leave();
    for (let end = Date.now() + 8000; ; await sleep(100)) {
      if ((await presenceAndSessions(ada.id)).connectedIn.length === 0 || Date.now() > end) break;
    }
    expect((await presenceAndSessions(ada.id)).connectedIn).toEqual([]);
  });

  it('still evicts a client that ignores its move, from the main meeting where a warm one may wait too', async () => {
    const f = await family(host, { Cy: 'participant', Di: 'participant' }, 2);
    const [cy, di] = [f.seats.Cy!, f.seats.Di!];
    const diToken = await mediaToken(di);
    const publisher = await publishing(diToken, [40, 200, 40], 660);
    const main = await client(await mediaToken(cy));
    await until(
      'Cy receives Di',
      () => main.tracksOf(di.id).length === 2 && main.tracksOf(di.id).every((t) => t.subscribed),
    );
    // Her join's webhook is applied first: one arriving after the move (a loaded machine delays them)
    // would rightly remove that connection at once, which is not what this test is about.
    await untilAsync("Cy's join is known", async () =>
      (await presenceAndSessions(cy.id)).connectedIn.includes(f.meetingId),
    );
    await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [cy.id]);
    // Her client ignores the move and stays in the main meeting with its rights: within the grace period
    // it is spared, then removed, although a warm connection of hers could wait there.
    await sleep(500);
    expect((await enforceConnections(await listConnections(), new Set([cy.id]))).removed).toBe(0);
    expect(main.ended).toBeUndefined();
    expect(await removeStragglers([{ id: cy.id, from: f.meetingId }])).toBe(1);
    await until('the ignoring client is removed', () => main.removed);
    await until('Di no longer sees Cy', () => !seenBy(publisher).includes(cy.id));

    // In a room, ignoring a move to another room is the same: the old connection is removed.
    const inRoom = await client(await mediaToken(cy));
    await hostMove(host.key, f.meetingId, f.rooms[0]!, f.rooms[1]!, [cy.id]);
    expect(await removeStragglers([{ id: cy.id, from: f.rooms[0]! }])).toBe(1);
    await until('the client left in room 1 is removed', () => inRoom.removed);
  });

  it('removes a rights-less connection anywhere but the likely room, and one with any right outside its room', async () => {
    const f = await family(host, { Ed: 'participant' }, 2);
    const ed = f.seats.Ed!;
    await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [ed.id]);
    const forged = async (room: string, grant: ReturnType<typeof warmGrant>) => {
      const at = new AccessToken(LOCAL_LIVEKIT.apiKey, LOCAL_LIVEKIT.apiSecret, {
        identity: ed.id,
        ttl: 600,
      });
      at.addGrant(grant);
      return client({ url: server.url, token: await at.toJwt(), room, expires_in: 600 });
    };
    // Tokens the app never mints: warm for another breakout room, and "warm" with the right to subscribe.
    const stray = await forged(f.rooms[1]!, warmGrant(f.rooms[1]!));
    const listening = await forged(f.meetingId, { ...warmGrant(f.meetingId), canSubscribe: true });
    // The join webhooks remove both at once (the sweep would too); neither counts Ed present there.
    await until('the stray connection is removed', () => stray.removed);
    await until('the listening connection is removed', () => listening.removed);
    await sleep(300);
    expect((await presenceAndSessions(ed.id)).connectedIn).toEqual([]);
    // The warm connection the app mints for the main meeting stays while it is likely.
    const warm = await client(await warmToken(ed));
    await sleep(500);
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

  it("promotes a warm connection that joined as its seat's move there committed (the sweep's catch-up)", async () => {
    const f = await family(host, { Flo: 'participant' }, 1);
    const flo = f.seats.Flo!;
    await hostMove(host.key, f.meetingId, f.meetingId, f.rooms[0]!, [flo.id]);
    const tok = await warmToken(flo);
    // The move back commits before the warm connection has joined: the promotion found nobody waiting.
    await hostMove(host.key, f.meetingId, f.rooms[0]!, f.meetingId, [flo.id]);
    const late = await client(tok);
    // Its join webhook (or the sweep) finds a rights-less connection in the seat's own room: promoted.
    await untilAsync(
      'the late warm connection is promoted',
      async () => !!(await rightsIn(f.meetingId, flo.id))?.canSubscribe,
      10_000,
    );
    expect(late.ended).toBeUndefined();
  });

  it('waits warm in the room a draft assigns, under the id the start gives that room, and is promoted there', async () => {
    const f = await family(host, { Gil: 'participant', Hal: 'participant' });
    const [gil, hal] = [f.seats.Gil!, f.seats.Hal!];
    const inMain = await client(await mediaToken(gil));
    // Without a draft nothing is likely from the main meeting.
    expect(await warmToken(gil)).toMatchObject({ token: null, room: null });
    const draft = {
      rooms: [
        { key: 'k1', title: 'Room 1' },
        { key: 'k2', title: 'Room 2' },
      ],
      assignments: { [gil.id]: 'k2' },
    };
    await ok(200, 'PUT', cmPath(f.meetingId, '/draft'), { key: host.key, body: draft });
    const tok = await warmToken(gil);
    expect(tok.room).not.toBe(f.meetingId);
    expect((await verify(tok.token!)).video).toMatchObject({
      room: tok.room,
      canSubscribe: false,
      hidden: true,
    });
    // Hal is not assigned: nothing likely for him.
    expect(await warmToken(hal)).toMatchObject({ token: null });
    const warm = await client(tok);
    await sleep(500);
    // The room does not exist yet as a meeting, but it is Gil's likely room: the warm connection stays.
    expect((await enforceConnections(await listConnections())).removed).toBe(0);
    expect(warm.ended).toBeUndefined();

    // The start creates the draft's rooms with their planned ids and moves Gil into his: promoted there.
    const started = await ok<{ meetings: Array<{ id: string; title: string }> }>(
      200,
      'POST',
      cmPath(f.meetingId, '/draft/start'),
      { key: host.key, body: {} },
    );
    expect(started.meetings.find((m) => m.title === 'Room 2')?.id).toBe(tok.room);
    await untilAsync(
      'the warm connection is promoted',
      async () => !!(await rightsIn(tok.room!, gil.id))?.canSubscribe,
    );
    for (let end = Date.now() + 8000; ; await sleep(100)) {
      if ((await presenceAndSessions(gil.id)).connectedIn.includes(tok.room!) || Date.now() > end) break;
    }
    expect((await presenceAndSessions(gil.id)).connectedIn).toContain(tok.room);
    // The main meeting's connection ignored nothing yet; once the grace period is over it is removed.
    expect(await removeStragglers([{ id: gil.id, from: f.meetingId }])).toBe(1);
    await until('the main meeting connection is removed', () => inMain.removed);
    expect(warm.ended).toBeUndefined();

    // A draft changed after a warm token was minted: the old planned room is no longer likely.
    await hostMove(host.key, f.meetingId, tok.room!, f.meetingId, [gil.id]);
    await ok(200, 'PUT', cmPath(f.meetingId, '/draft'), { key: host.key, body: draft });
    const stale = await client(await warmToken(gil));
    await ok(200, 'PUT', cmPath(f.meetingId, '/draft'), {
      key: host.key,
      body: { ...draft, assignments: { [gil.id]: 'k1' } },
    });
    await enforceConnections(await listConnections());
    await until('the warm connection in the old planned room is removed', () => stale.removed);
  });

  it("promotes a whole draft start's warm connections together, two to a room, each counted there once", async () => {
    const names = ['Ira', 'Jo', 'Kit', 'Lu', 'Mo', 'Ned'];
    const f = await family(host, Object.fromEntries(names.map((n) => [n, 'participant'])));
    const seats = names.map((n) => f.seats[n]!);
    const draft = {
      rooms: [1, 2, 3].map((i) => ({ key: `k${i}`, title: `Room ${i}` })),
      assignments: Object.fromEntries(seats.map((s, i) => [s.id, `k${(i % 3) + 1}`])),
    };
    await ok(200, 'PUT', cmPath(f.meetingId, '/draft'), { key: host.key, body: draft });
    const waiting = await Promise.all(
      seats.map(async (seat) => {
        const tok = await warmToken(seat);
        return { seat, tok, warm: await client(tok) };
      }),
    );
    expect(new Set(waiting.map((w) => w.tok.room)).size).toBe(3);
    await sleep(500);
    expect((await enforceConnections(await listConnections())).removed).toBe(0);

    await ok(200, 'POST', cmPath(f.meetingId, '/draft/start'), { key: host.key, body: {} });
    // Every one of them gets their rights where they wait, the second of each room too.
    await untilAsync(
      'all six warm connections are promoted',
      async () =>
        (
          await Promise.all(waiting.map(async (w) => (await rightsIn(w.tok.room!, w.seat.id))?.canSubscribe))
        ).every(Boolean),
      15_000,
    );
    // The app counts each of them in their room, once: presence, a session connection, one presence_changed.
    await untilAsync('all six arrivals are recorded', async () =>
      (await Promise.all(waiting.map(async (w) => (await presenceAndSessions(w.seat.id)).connectedIn))).every(
        (rooms, i) => rooms.includes(waiting[i]!.tok.room!),
      ),
    );
    const rows = await eventRows(f.meetingId);
    for (const { seat, tok, warm } of waiting) {
      expect((await presenceAndSessions(seat.id)).sessionRooms).toEqual([tok.room]);
      const arrivals = rows.filter(
        (r) =>
          r.type === 'presence_changed' &&
          (r.payload as { participant_id: string }).participant_id === seat.id,
      );
      expect(arrivals.map((r) => r.payload)).toEqual([
        expect.objectContaining({ meeting_id: tok.room, connected: true }),
      ]);
      // The partner published nothing yet, but each promoted connection sees the other one of its room.
      const partner = waiting.find((o) => o.tok.room === tok.room && o.seat.id !== seat.id)!;
      await until(`${seat.name} sees ${partner.seat.name}`, () => seenBy(warm).includes(partner.seat.id));
      expect(warm.ended).toBeUndefined();
    }
    // Asked for again (the sweep, a page's own question), the promotion counts nobody twice and takes no
    // right away; a seat with no connection in its room is passed over.
    const outsider = (await family(host, { Pat: 'participant' })).seats.Pat!;
    expect(await promoteWarm([...seats.map((s) => s.id), outsider.id])).toBe(0);
    const again = await eventRows(f.meetingId);
    expect(again.filter((r) => r.type === 'presence_changed')).toHaveLength(
      rows.filter((r) => r.type === 'presence_changed').length,
    );
    for (const { seat, tok } of waiting)
      expect(await rightsIn(tok.room!, seat.id)).toMatchObject({ canSubscribe: true, hidden: false });
  });

  it('waits warm in a room the participant may pick and points at; the pick promotes it; closing choosing removes it', async () => {
    const f = await family(host, { Ivy: 'participant', Jo: 'participant' }, 2);
    const [ivy, jo] = [f.seats.Ivy!, f.seats.Jo!];
    const [r1, r2] = f.rooms as [string, string];
    await hostMove(host.key, f.meetingId, f.meetingId, r1, [jo.id]);
    const joToken = await mediaToken(jo);
    expect(joToken.room).toBe(r1);
    const jos = await publishing(joToken, [40, 40, 200], 550);
    const inMain = await client(await mediaToken(ivy));
    const refusal = async (roomId: string, mentions: string) => {
      const res = await api('POST', '/livekit/warm-token', { ...asSeat(ivy), body: { room_id: roomId } });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'conflict:not_a_choice', field: 'room_id' });
      expect(res.body.error?.message).toContain(mentions);
    };
    // Before the hosts let participants choose, her preset may not switch rooms: no room is hers to pick.
    await refusal(r1, 'not a room you may move yourself into now');
    await ok(200, 'PUT', cmPath(f.meetingId, '/self-select'), { key: host.key, body: { enabled: true } });
    // The room she is in is no choice; the others are.
    await refusal(f.meetingId, 'you are in that room already');
    const tok = await warmToken(ivy, r1);
    expect(tok.room).toBe(r1);
    expect((await verify(tok.token!)).video).toMatchObject({
      room: r1,
      canSubscribe: false,
      canPublish: false,
      canPublishData: false,
      hidden: true,
    });
    // Admitted while she may pick the room: no right, nothing of the room reaches it, nobody sees it.
    const { warm, received } = await waitingWarm(tok, { client: jos, id: jo.id, name: 'Jo' }, ivy.id);
    expect(warm.ended).toBeUndefined();

    // Her pick commits: the connection waiting there gets her rights, and Jo is seen and heard on it.
    await ok(200, 'POST', cmPath(f.meetingId, '/move'), {
      ...asSeat(ivy),
      body: { source_meeting_id: f.meetingId, destination_meeting_id: r1, participant_ids: [ivy.id] },
    });
    await untilAsync('the picked room promotes it', async () => !!(await rightsIn(r1, ivy.id))?.canSubscribe);
    await until('Jo is heard and seen on it', () => received.video > 0 && received.audio > 0);
    await until('Jo sees Ivy', () => seenBy(jos).includes(ivy.id));
    expect(await removeStragglers([{ id: ivy.id, from: f.meetingId }])).toBe(1);
    await until('the main meeting connection is removed', () => inMain.removed);

    // From room 1 she points at room 2; when the hosts stop letting participants choose, that room is
    // no longer hers to pick, and the connection waiting there is removed.
    const next = await client(await warmToken(ivy, r2));
    await sleep(500);
    expect((await enforceConnections(await listConnections())).removed).toBe(0);
    await ok(200, 'PUT', cmPath(f.meetingId, '/self-select'), { key: host.key, body: { enabled: false } });
    await refusal(r2, 'not a room you may move yourself into now');
    await enforceConnections(await listConnections());
    await until('the connection in a room she may no longer pick is removed', () => next.removed);
    expect(warm.ended).toBeUndefined();
  });

  it('waits warm, a late joiner, in the room placing the late joiners would give them; the placement promotes it', async () => {
    const f = await family(
      host,
      { Mo: 'participant', Ned: 'participant', Oz: 'participant', Pat: 'participant' },
      2,
    );
    const [mo, ned, oz] = [f.seats.Mo!, f.seats.Ned!, f.seats.Oz!];
    const [r1, r2] = f.rooms as [string, string];
    await hostMove(host.key, f.meetingId, f.meetingId, r1, [ned.id]);
    await hostMove(host.key, f.meetingId, f.meetingId, r2, [oz.id, f.seats.Pat!.id]);
    const neds = await publishing(await mediaToken(ned), [40, 200, 200], 520);
    // Mo arrives late: his page joins the main meeting, where he waits for a host to place him.
    const inMain = await client(await mediaToken(mo));
    const tok = await warmToken(mo);
    // Room 1 holds one person, room 2 two: the placement would put him in room 1.
    expect(tok.room).toBe(r1);
    expect((tok as Token & { ask_again_in: number }).ask_again_in).toBe(10);
    expect((await verify(tok.token!)).video).toMatchObject({ room: r1, canSubscribe: false, hidden: true });
    const { warm, received } = await waitingWarm(tok, { client: neds, id: ned.id, name: 'Ned' }, mo.id);
    expect((await presenceAndSessions(mo.id)).connectedIn).not.toContain(r1);

    // The host places the late joiners (the API alone, no pick): the waiting connection is Mo in room 1.
    await untilAsync('Mo is connected in the main meeting', async () =>
      (await presenceAndSessions(mo.id)).connectedIn.includes(f.meetingId),
    );
    const placed = await ok<{ placed: Array<{ id: string; meeting_id: string }> }>(
      200,
      'POST',
      cmPath(f.meetingId, '/late-joiners/place'),
      { key: host.key, body: {} },
    );
    expect(placed.placed).toEqual([{ id: mo.id, meeting_id: r1 }]);
    await untilAsync('the placement promotes it', async () => !!(await rightsIn(r1, mo.id))?.canSubscribe);
    await until('Ned is heard and seen on it', () => received.video > 0 && received.audio > 0);
    await until('Ned sees Mo', () => seenBy(neds).includes(mo.id));
    expect(await removeStragglers([{ id: mo.id, from: f.meetingId }])).toBe(1);
    await until('the main meeting connection is removed', () => inMain.removed);
    expect(warm.ended).toBeUndefined();

    // Someone a host brought back to the main meeting is no late joiner: nothing is likely for them.
    await hostMove(host.key, f.meetingId, r2, f.meetingId, [oz.id]);
    expect((await warmToken(oz)).room).toBeNull();
    // A later arrival follows the rooms as they are now: room 1 has two, room 2 one.
    const quin = await addParticipant(host.key, f.meetingId, { name: 'Quin', preset_name: 'participant' });
    expect((await warmToken({ id: quin.id, token: quin.token, name: 'Quin' })).room).toBe(r2);
  });

  it('waits warm in the room a host picks before Move; the Move promotes it; a pick put back or lapsed leaves it', async () => {
    const f = await family(host, { Kim: 'participant', Lu: 'participant' }, 2);
    const [kim, lu] = [f.seats.Kim!, f.seats.Lu!];
    const [r1, r2] = f.rooms as [string, string];
    await hostMove(host.key, f.meetingId, f.meetingId, r1, [lu.id]);
    const lus = await publishing(await mediaToken(lu), [40, 200, 40], 660);
    const inMain = await client(await mediaToken(kim));
    // In the main meeting without a draft, the likely room of a late joiner is where placing the late
    // joiners would put her: the emptier room 2.
    expect((await warmToken(kim)).room).toBe(r2);
    const pick = (to: string | null) =>
      ok(200, 'PUT', cmPath(f.meetingId, '/pending-move'), {
        key: host.key,
        body: { participant_ids: [kim.id], destination_meeting_id: to },
      });

    // The host picks room 1 for her in the manager: her page may wait there, rights-less, until the pick lapses.
    await pick(r1);
    const tok = await warmToken(kim);
    expect(tok.room).toBe(r1);
    const again = (tok as Token & { ask_again_in: number }).ask_again_in;
    expect(again).toBeGreaterThan(15);
    expect(again).toBeLessThanOrEqual(20);
    expect((await verify(tok.token!)).video).toMatchObject({ room: r1, canSubscribe: false, hidden: true });
    // It is not a room she may pick herself: asking for another one is still refused.
    expect((await api('POST', '/livekit/warm-token', { ...asSeat(kim), body: { room_id: r2 } })).status).toBe(
      409,
    );
    const { warm, received } = await waitingWarm(tok, { client: lus, id: lu.id, name: 'Lu' }, kim.id);

    // The Move commits: the waiting connection is her, and the pick is over.
    await hostMove(host.key, f.meetingId, f.meetingId, r1, [kim.id]);
    await untilAsync('the Move promotes it', async () => !!(await rightsIn(r1, kim.id))?.canSubscribe);
    await until('Lu is heard and seen on it', () => received.video > 0 && received.audio > 0);
    await until('Lu sees Kim', () => seenBy(lus).includes(kim.id));
    expect(await removeStragglers([{ id: kim.id, from: f.meetingId }])).toBe(1);
    await until('the main meeting connection is removed', () => inMain.removed);
    expect((await warmToken(kim)).room).toBe(f.meetingId);

    // From room 1 the host picks room 2, then puts the pick back: the likely room is the main meeting
    // again, and the connection that waited in room 2 is removed.
    await pick(r2);
    const next = await client(await warmToken(kim));
    expect(next.room.name).toBe(r2);
    await sleep(500);
    expect((await enforceConnections(await listConnections())).removed).toBe(0);
    await pick(null);
    expect((await warmToken(kim)).room).toBe(f.meetingId);
    await enforceConnections(await listConnections());
    await until('the connection in the room put back is removed', () => next.removed);

    // A pick that lapsed counts for nothing.
    await pick(r2);
    expect((await warmToken(kim)).room).toBe(r2);
    await (await db()).execute(sql`update pending_moves set until = now() - interval '1 second'`);
    expect((await warmToken(kim)).room).toBe(f.meetingId);
    expect(warm.ended).toBeUndefined();
  });
});
