// Credentials reach what they already opened: a stream authorized once, when it opened, closes or narrows
// within a second of the credential that opened it being removed, replaced, revoked or given other rights.
// Each stream is read with the plain SSE parser of tests/support/sse.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, listApiKeys, revokeApiKey } from '@/lib/auth/api-keys';
import { revokeSession, sessionFromRequest } from '@/lib/auth/host-session';
import { closeBus } from '@/lib/events/bus';
import type { ChatMessageDto } from '@/lib/events/room-events';
import { newHost } from '../support/api';
import { asSeat, family, hostMove } from '../support/breakout';
import { cookieFor, dataOf, openEvents, type OpenOptions } from '../support/events';
import { createPreset, ok, openDatabase } from '../support/rest';
import { sessionCookie } from '../support/session';
import { waitFor, type SseMessage, type SseReader } from '../support/sse';

beforeAll(openDatabase);
afterAll(closeBus);

/** Opens a stream and takes its snapshot. */
async function follow(main: string, opts: OpenOptions): Promise<SseReader> {
  const { stream, error } = await openEvents(main, opts);
  expect(error).toBeUndefined();
  expect((await stream!.next()).event).toBe('snapshot');
  return stream!;
}

/** Waits for the stream to end; returns how long after `since` it did. */
async function endedAfter(stream: SseReader, since: number): Promise<number> {
  await waitFor(() => stream.ended, 5000, 'the stream to close');
  return performance.now() - since;
}

const chats = (stream: SseReader) =>
  stream.messages
    .filter((m) => m.event === 'chat_message')
    .map((m) => (dataOf(m).payload as { message: ChatMessageDto }).message.message);

const last = (stream: SseReader): SseMessage | undefined => stream.messages.at(-1);

/** Posts as the host (no rate limit). */
const say = (key: string, meetingId: string, message: string) =>
  ok(201, 'POST', `/meetings/${meetingId}/chat`, { key, body: { message } });

/**
 * Until the stream stops receiving another room's chat: every 50 ms says something in `other` and then a
 * marker in `own`, and stops at the first marker with nothing of `other` before it. Returns how long after
 * `since` that was.
 */
async function narrowedAfter(key: string, stream: SseReader, own: string, other: string, since: number) {
  for (let round = 0; round < 60; round++) {
    const before = chats(stream).length;
    await say(key, other, `other ${round}`);
    await say(key, own, `marker ${round}`);
    await waitFor(() => chats(stream).includes(`marker ${round}`), 5000, `marker ${round}`);
    const got = chats(stream).slice(before);
    if (got.length === 1) return performance.now() - since;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the stream kept receiving the other room');
}

async function setUp(people: Record<string, string>, rooms = 2) {
  const host = await newHost();
  const f = await family(host, people, rooms);
  return { host, main: f.meetingId, rooms: f.rooms, s: f.seats };
}

describe('participant links', () => {
  it('removing a participant closes the streams their link opened within a second', async () => {
    const { host, main, s } = await setUp({ ann: 'participant', bob: 'participant' });
    const byToken = await follow(main, { key: s.ann!.token });
    const byCookie = await follow(main, { headers: { cookie: cookieFor(main, s.ann!.token) } });
    const bob = await follow(main, { key: s.bob!.token });

    const started = performance.now();
    await ok(200, 'DELETE', `/meetings/${main}/participants/${s.ann!.id}`, { key: host.key });
    expect(await endedAfter(byToken, started)).toBeLessThan(1000);
    expect(await endedAfter(byCookie, started)).toBeLessThan(1000);
    expect(last(byToken)?.event).toBe('revoked');

    await say(host.key, main, 'after the removal');
    await waitFor(() => chats(bob).includes('after the removal'), 5000, 'bob to hear it');
    expect(bob.ended).toBe(false);
    expect(chats(byToken)).toEqual([]);
    await bob.close();
  });

  it('replacing a link closes the streams the old link opened within a second, and not one the new link opened', async () => {
    const { host, main, rooms, s } = await setUp({ ann: 'participant' });
    await hostMove(host.key, main, main, rooms[0]!, [s.ann!.id]);
    const byToken = await follow(main, { key: s.ann!.token });
    const byCookie = await follow(main, { headers: { cookie: cookieFor(main, s.ann!.token) } });

    const started = performance.now();
    const fresh = await ok<{ token: string }>(
      200,
      'POST',
      `/meetings/${main}/participants/${s.ann!.id}/token`,
      {
        key: host.key,
      },
    );
    expect(await endedAfter(byToken, started)).toBeLessThan(1000);
    expect(await endedAfter(byCookie, started)).toBeLessThan(1000);

    const renewed = await follow(main, { key: fresh.token });
    // Neither the room's chat nor a media token for the next move reaches the old link's streams.
    await say(host.key, rooms[0]!, 'in room 1');
    await hostMove(host.key, main, rooms[0]!, rooms[1]!, [s.ann!.id]);
    await waitFor(() => renewed.messages.some((m) => m.event === 'participants_moved'), 5000, 'the move');
    expect(chats(renewed)).toEqual(['in room 1']);
    for (const old of [byToken, byCookie]) {
      expect(chats(old)).toEqual([]);
      expect(old.messages.some((m) => m.event === 'media_token' || m.event === 'participants_moved')).toBe(
        false,
      );
    }
    // Opening again with the old link is refused.
    expect((await openEvents(main, { key: s.ann!.token })).response.status).toBe(401);
    await renewed.close();
  });

  it("removing a co-host closes their stream: no other room's chat and no help request reaches it", async () => {
    const { host, main, rooms, s } = await setUp({ cohost: 'host', ann: 'participant' });
    await hostMove(host.key, main, main, rooms[0]!, [s.ann!.id]);
    const cohost = await follow(main, { key: s.cohost!.token });
    await say(host.key, rooms[0]!, 'before');
    await waitFor(() => chats(cohost).includes('before'), 5000, 'the co-host to read room 1');

    const started = performance.now();
    await ok(200, 'DELETE', `/meetings/${main}/participants/${s.cohost!.id}`, { key: host.key });
    expect(await endedAfter(cohost, started)).toBeLessThan(1000);
    await say(host.key, rooms[0]!, 'after');
    await ok(201, 'POST', `/meetings/${rooms[0]!}/help-requests`, asSeat(s.ann!));
    expect(chats(cohost)).toEqual(['before']);
    expect(cohost.messages.some((m) => m.event === 'help_requested')).toBe(false);
  });

  it('deactivating the meeting closes participant streams, not the host’s', async () => {
    const { host, main, s } = await setUp({ ann: 'participant' });
    const ann = await follow(main, { key: s.ann!.token });
    const owner = await follow(main, { key: host.key });
    const started = performance.now();
    await ok(200, 'PATCH', `/meetings/${main}`, { key: host.key, body: { status: 'INACTIVE' } });
    expect(await endedAfter(ann, started)).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 200));
    expect(owner.ended).toBe(false);
    await owner.close();
  });
});

describe('rights', () => {
  it("changing a participant's preset narrows their open stream at once", async () => {
    const { host, main, rooms, s } = await setUp({ cohost: 'host' });
    const stream = await follow(main, { key: s.cohost!.token });
    await say(host.key, rooms[0]!, 'seen as co-host');
    await waitFor(() => chats(stream).includes('seen as co-host'), 5000, 'co-host powers');

    const started = performance.now();
    await ok(200, 'PATCH', `/meetings/${main}/participants/${s.cohost!.id}`, {
      key: host.key,
      body: { preset_name: 'participant' },
    });
    expect(await narrowedAfter(host.key, stream, main, rooms[0]!, started)).toBeLessThan(1000);
    expect(stream.ended).toBe(false);
    await stream.close();
  });

  it("changing a preset's rights narrows every open stream that uses it", async () => {
    const { host, main, rooms } = await setUp({}, 2);
    const preset = await createPreset(host.key, {
      name: 'co-host',
      permissions: { connected_meetings: { can_alter_connected_meetings: true } },
    });
    const other = await ok<{ id: string }>(201, 'POST', '/meetings', {
      key: host.key,
      body: { title: 'Other' },
    });
    const a = await ok<{ token: string }>(201, 'POST', `/meetings/${main}/participants`, {
      key: host.key,
      body: { name: 'A', preset_name: 'co-host' },
    });
    const b = await ok<{ token: string }>(201, 'POST', `/meetings/${other.id}/participants`, {
      key: host.key,
      body: { name: 'B', preset_name: 'co-host' },
    });
    const streamA = await follow(main, { key: a.token });
    const streamB = await follow(other.id, { key: b.token });
    const asker = await seatIn(host.key, main, rooms[0]!);
    await ok(201, 'POST', `/meetings/${rooms[0]!}/help-requests`, asSeat(asker));
    await waitFor(() => streamA.messages.some((m) => m.event === 'help_requested'), 5000, 'a help request');

    const started = performance.now();
    await ok(200, 'PATCH', `/presets/${preset.id}`, {
      key: host.key,
      body: { permissions: { connected_meetings: { can_alter_connected_meetings: false } } },
    });
    expect(await narrowedAfter(host.key, streamA, main, rooms[0]!, started)).toBeLessThan(1000);
    // The other meeting's stream narrows too: its help requests stop (it has no rooms to compare).
    const otherRoom = (
      await ok<{ meetings: Array<{ id: string }> }>(201, 'POST', `/meetings/${other.id}/connected-meetings`, {
        key: host.key,
        body: { meetings: [{ title: 'R' }] },
      })
    ).meetings[0]!.id;
    expect(await narrowedAfter(host.key, streamB, other.id, otherRoom, started)).toBeLessThan(1500);
    await streamA.close();
    await streamB.close();
  });
});

/** Adds a participant and puts them in a room. */
async function seatIn(key: string, main: string, room: string) {
  const p = await ok<{ id: string; token: string }>(201, 'POST', `/meetings/${main}/participants`, {
    key,
    body: { name: 'Asker', preset_name: 'participant' },
  });
  await hostMove(key, main, main, room, [p.id]);
  return { id: p.id, token: p.token, name: 'Asker' };
}

describe('host credentials', () => {
  it('revoking an API key closes the streams it opened within a second; another key’s stays open', async () => {
    const host = await newHost();
    const meeting = await ok<{ id: string }>(201, 'POST', '/meetings', {
      key: host.key,
      body: { title: 'K' },
    });
    const second = await createApiKey(host.id, 'second');
    const first = await follow(meeting.id, { key: host.key });
    const other = await follow(meeting.id, { key: second.key });
    const row = (await listApiKeys(host.id)).find((k) => k.name === 'tests')!;

    const started = performance.now();
    await revokeApiKey(host.id, row.id);
    expect(await endedAfter(first, started)).toBeLessThan(1000);
    expect(last(first)?.event).toBe('revoked');
    await say(second.key, meeting.id, 'still here');
    await waitFor(() => chats(other).includes('still here'), 5000, 'the other key to hear it');
    expect(chats(first)).toEqual([]);
    await other.close();
  });

  it('signing a dashboard session out closes its streams within a second and refuses it from then on', async () => {
    const host = await newHost();
    const meeting = await ok<{ id: string }>(201, 'POST', '/meetings', {
      key: host.key,
      body: { title: 'S' },
    });
    const mine = await sessionCookie(host.id);
    const elsewhere = await sessionCookie(host.id);
    const stream = await follow(meeting.id, { headers: { cookie: mine.cookie } });
    const otherDevice = await follow(meeting.id, { headers: { cookie: elsewhere.cookie } });

    const started = performance.now();
    await revokeSession({ sessionId: mine.sessionId, hostId: host.id });
    expect(await endedAfter(stream, started)).toBeLessThan(1000);

    const again = await openEvents(meeting.id, { headers: { cookie: mine.cookie } });
    expect(again.response.status).toBe(401);
    const request = (cookie: string) => new Request('http://localhost:3000/', { headers: { cookie } });
    expect(await sessionFromRequest(request(mine.cookie))).toBeUndefined();
    expect((await sessionFromRequest(request(elsewhere.cookie)))?.hostId).toBe(host.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(otherDevice.ended).toBe(false);
    await otherDevice.close();
  });
});
