// Chat, polls and help requests travel on the main meeting's event stream, each only to the subscribers
// it concerns; a move hands the moved participant a media token for the new room before the move itself.
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { closeBus } from '@/lib/events/bus';
import { readEvents } from '@/lib/events/log';
import { sharedTokenFrame } from '@/lib/events/viewer';
import { findParticipantSession } from '@/lib/participants/service';
import { resetEnvCache } from '@/lib/env';
import type { ChatMessageDto, HelpRequestDto, PollDto } from '@/lib/events/room-events';
import { newHost } from '../support/api';
import { asSeat, family, hostMove } from '../support/breakout';
import { dataOf, openEvents } from '../support/events';
import { createPreset, ok, openDatabase } from '../support/rest';
import type { SseMessage, SseReader } from '../support/sse';

const KEY = 'eventskey';
const SECRET = 'events-media-secret-0123456789abcdefgh';

beforeAll(async () => {
  // A closed loopback port: minting tokens needs no running media server.
  Object.assign(process.env, {
    LIVEKIT_URL: 'ws://127.0.0.1:9',
    LIVEKIT_API_KEY: KEY,
    LIVEKIT_API_SECRET: SECRET,
  });
  resetEnvCache();
  await openDatabase();
});
afterAll(closeBus);

/** Opens a subscriber's stream and takes its snapshot. */
async function follow(mainId: string, key: string): Promise<SseReader> {
  const { stream, error } = await openEvents(mainId, { key });
  expect(error).toBeUndefined();
  expect((await stream!.next()).event).toBe('snapshot');
  return stream!;
}

/** The next message of a type, skipping presence and other breakout noise; fails if `forbidden` shows first. */
async function nextOf(stream: SseReader, type: string, forbidden: string[] = []): Promise<SseMessage> {
  for (;;) {
    const m = await stream.next(5000);
    if (m.event === type) return m;
    expect(forbidden, `received ${m.event} before ${type}: ${m.data}`).not.toContain(m.event);
  }
}

const message = (m: SseMessage) => (dataOf(m).payload as { message: ChatMessageDto }).message;

async function setUp() {
  const host = await newHost();
  await createPreset(host.key, { name: 'no-polls', permissions: { polls: { can_view: false } } });
  const f = await family(host, { ann: 'participant', cat: 'participant', eve: 'host', blind: 'no-polls' }, 2);
  const [room1, room2] = f.rooms as [string, string];
  const s = f.seats;
  await hostMove(host.key, f.meetingId, f.meetingId, room1, [s.ann!.id, s.blind!.id]);
  await hostMove(host.key, f.meetingId, f.meetingId, room2, [s.cat!.id]);
  return { host, main: f.meetingId, room1, room2, s };
}

describe('room events on the event stream', () => {
  it("sends a room's chat to the people in it and to hosts, and not to other rooms", async () => {
    const { host, main, room1, room2, s } = await setUp();
    const ann = await follow(main, s.ann!.token);
    const cat = await follow(main, s.cat!.token);
    const hostKey = await follow(main, host.key);
    const eve = await follow(main, s.eve!.token);

    await ok(201, 'POST', `/meetings/${room1}/chat`, { ...asSeat(s.ann!), body: { message: 'in one' } });
    await ok(201, 'POST', `/meetings/${room2}/chat`, { ...asSeat(s.cat!), body: { message: 'in two' } });

    // Each room's people get their own room's message first: the other room's never came before it.
    expect(message(await nextOf(ann, 'chat_message')).message).toBe('in one');
    expect(message(await nextOf(cat, 'chat_message')).message).toBe('in two');
    // Hosts get both, in order.
    for (const stream of [hostKey, eve]) {
      expect(message(await nextOf(stream, 'chat_message')).message).toBe('in one');
      expect(message(await nextOf(stream, 'chat_message')).message).toBe('in two');
    }
    // A marker in Room 1 proves ann's stream skipped Room 2's message rather than lagging behind it.
    await ok(201, 'POST', `/meetings/${room1}/chat`, { key: host.key, body: { message: 'marker' } });
    expect(message(await nextOf(ann, 'chat_message')).message).toBe('marker');
    for (const s of [ann, cat, hostKey, eve]) await s.close();
  });

  it('sends help requests to hosts only, and tells the room when a host takes one', async () => {
    const { host, main, room1, s } = await setUp();
    const ann = await follow(main, s.ann!.token);
    const hostKey = await follow(main, host.key);
    const eve = await follow(main, s.eve!.token);
    const asked = await ok<{ request: HelpRequestDto }>(
      201,
      'POST',
      `/meetings/${room1}/help-requests`,
      asSeat(s.ann!),
    );
    for (const stream of [hostKey, eve]) {
      const m = await nextOf(stream, 'help_requested');
      expect((dataOf(m).payload as { request: HelpRequestDto }).request).toMatchObject({
        id: asked.request.id,
        meeting_id: room1,
        participant_name: 'ann',
      });
    }
    await ok(200, 'POST', `/meetings/${main}/help-requests/${asked.request.id}/resolve`, asSeat(s.eve!));
    const resolved = await nextOf(ann, 'help_resolved', ['help_requested']);
    expect((dataOf(resolved).payload as { request: HelpRequestDto }).request.resolved_by).toBe('eve');
    expect((await nextOf(hostKey, 'help_resolved')).data).toContain(asked.request.id);
    for (const s of [ann, hostKey, eve]) await s.close();
  });

  it('sends poll events only to readers with polls.can_view', async () => {
    const { host, main, room1, s } = await setUp();
    const ann = await follow(main, s.ann!.token);
    const blind = await follow(main, s.blind!.token);
    const poll = await ok<PollDto>(201, 'POST', `/meetings/${room1}/polls`, {
      key: host.key,
      body: { question: 'Tea or coffee?', options: ['Tea', 'Coffee'] },
    });
    expect((dataOf(await nextOf(ann, 'poll_created')).payload as { poll: PollDto }).poll.id).toBe(poll.id);
    await ok(201, 'POST', `/meetings/${room1}/polls/${poll.id}/votes`, {
      ...asSeat(s.ann!),
      body: { option_index: 1 },
    });
    const voted = dataOf(await nextOf(ann, 'poll_voted')).payload as {
      counts: number[];
      voter: { name: string };
    };
    expect(voted.counts).toEqual([0, 1]);
    expect(voted.voter.name).toBe('ann');
    await ok(201, 'POST', `/meetings/${room1}/chat`, { key: host.key, body: { message: 'after the poll' } });
    expect(message(await nextOf(blind, 'chat_message', ['poll_created', 'poll_voted'])).message).toBe(
      'after the poll',
    );
    await ann.close();
    await blind.close();
  });

  it('follows a moved participant into the new room, with a media token for it sent before the move', async () => {
    const { host, main, room1, room2, s } = await setUp();
    const ann = await follow(main, s.ann!.token);
    const cat = await follow(main, s.cat!.token);
    await hostMove(host.key, main, room1, room2, [s.ann!.id]);

    const token = await nextOf(ann, 'media_token', ['participants_moved']);
    expect(token.id).toBeUndefined();
    const data = JSON.parse(token.data) as { token: string; room: string; url: string };
    expect(data.room).toBe(room2);
    const claims = await new TokenVerifier(KEY, SECRET).verify(data.token);
    expect(claims.sub).toBe(s.ann!.id);
    expect(claims.video?.room).toBe(room2);
    expect((await ann.next()).event).toBe('participants_moved');
    // Someone not moved gets the move but no token.
    await nextOf(cat, 'participants_moved', ['media_token']);

    await ok(201, 'POST', `/meetings/${room1}/chat`, { key: host.key, body: { message: 'old room' } });
    await ok(201, 'POST', `/meetings/${room2}/chat`, { key: host.key, body: { message: 'new room' } });
    expect(message(await nextOf(ann, 'chat_message')).message).toBe('new room');
    await ann.close();
    await cat.close();
  });

  it("signs one media token per move for each participant's streams here: their tabs share it, others get their own", async () => {
    const { host, main, room1, room2, s } = await setUp();
    const tab1 = await follow(main, s.ann!.token);
    const tab2 = await follow(main, s.ann!.token);
    const blind = await follow(main, s.blind!.token);
    const tokenOf = async (stream: SseReader) => {
      const m = await nextOf(stream, 'media_token', ['participants_moved']);
      expect((await stream.next()).event).toBe('participants_moved');
      return JSON.parse(m.data) as { token: string; room: string };
    };
    const verifier = new TokenVerifier(KEY, SECRET);

    await hostMove(host.key, main, room1, room2, [s.ann!.id, s.blind!.id]);
    const [a1, a2, b] = await Promise.all([tokenOf(tab1), tokenOf(tab2), tokenOf(blind)]);
    expect(a2.token).toBe(a1.token);
    expect((await verifier.verify(a1.token)).sub).toBe(s.ann!.id);
    expect(b.token).not.toBe(a1.token);
    const blindClaims = await verifier.verify(b.token);
    expect(blindClaims.sub).toBe(s.blind!.id);
    expect(blindClaims.video?.room).toBe(room2);

    // The next move is signed afresh, for its own room.
    await hostMove(host.key, main, room2, room1, [s.ann!.id]);
    const [n1, n2] = await Promise.all([tokenOf(tab1), tokenOf(tab2)]);
    expect(n2.token).toBe(n1.token);
    expect(n1.token).not.toBe(a1.token);
    expect((await verifier.verify(n1.token)).video?.room).toBe(room1);
    await Promise.all([tab1.close(), tab2.close(), blind.close()]);
  });

  it('signs a media token once per move, participant and view: the same frame for the same, another for any difference', async () => {
    const { host, main, room1, room2, s } = await setUp();
    await hostMove(host.key, main, room1, room2, [s.ann!.id, s.blind!.id]);
    await hostMove(host.key, main, room2, room1, [s.ann!.id]);
    const moves = (await readEvents(await db(), main)).filter((r) => r.type === 'participants_moved');
    const [first, second] = moves.slice(-2) as [(typeof moves)[0], (typeof moves)[0]];
    const ann = (await findParticipantSession(s.ann!.id))!;
    const blind = (await findParticipantSession(s.blind!.id))!;
    const at = (seat: typeof ann, room: string) => ({
      ...seat,
      participant: { ...seat.participant, currentMeetingId: room },
    });

    const frame = sharedTokenFrame(first, at(ann, room2));
    // Another stream of the same participant (its own copy of the seat): the very same signing.
    expect(sharedTokenFrame(first, at({ ...ann }, room2))).toBe(frame);
    // Someone else, another room, another name or preset, another move: a signing of its own.
    expect(sharedTokenFrame(first, at(blind, room2))).not.toBe(frame);
    expect(sharedTokenFrame(first, at(ann, room1))).not.toBe(frame);
    const renamed = { ...ann, participant: { ...ann.participant, name: 'Ann B.' } };
    expect(sharedTokenFrame(first, at(renamed, room2))).not.toBe(frame);
    const muted = {
      ...ann,
      preset: {
        ...ann.preset,
        permissions: {
          ...ann.preset.permissions,
          media: { ...ann.preset.permissions.media, audio: { can_produce: 'NOT_ALLOWED' as const } },
        },
      },
    };
    expect(sharedTokenFrame(first, at(muted, room2))).not.toBe(frame);
    expect(sharedTokenFrame(second, at(ann, room2))).not.toBe(frame);

    const text = new TextDecoder().decode(await frame);
    expect(text.startsWith('event: media_token\ndata: ')).toBe(true);
    const data = JSON.parse(text.slice('event: media_token\ndata: '.length)) as {
      token: string;
      room: string;
    };
    expect(data.room).toBe(room2);
    expect((await new TokenVerifier(KEY, SECRET).verify(data.token)).sub).toBe(s.ann!.id);
  });
});
