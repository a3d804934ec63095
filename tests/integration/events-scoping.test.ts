// What a participant's stream and REST state carry: a resumed stream filtered room by room as the moves
// happened; no hosts' draft; only the participants their preset lets them see; the credential valid for
// the meeting asked about; nothing in an inactive meeting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBus } from '@/lib/events/bus';
import { resetEnvCache } from '@/lib/env';
import type { ChatMessageDto } from '@/lib/events/room-events';
import type { ConnectedMeetingsState } from '@/lib/breakout/state';
import { api, newHost } from '../support/api';
import { asSeat, cmPath, family, hostMove } from '../support/breakout';
import { cookieFor, dataOf, openEvents, type OpenOptions } from '../support/events';
import { createPreset, ok, openDatabase } from '../support/rest';
import { sessionCookie } from '../support/session';
import { waitFor, type SseReader } from '../support/sse';

beforeAll(openDatabase);
afterAll(closeBus);

async function follow(main: string, opts: OpenOptions): Promise<{ stream: SseReader; snapshot: string }> {
  const { stream, error } = await openEvents(main, opts);
  expect(error).toBeUndefined();
  const first = await stream!.next();
  expect(first.event).toBe('snapshot');
  return { stream: stream!, snapshot: first.data };
}

const chats = (stream: SseReader) =>
  stream.messages
    .filter((m) => m.event === 'chat_message')
    .map((m) => (dataOf(m).payload as { message: ChatMessageDto }).message.message);

const say = (key: string, meetingId: string, message: string) =>
  ok(201, 'POST', `/meetings/${meetingId}/chat`, { key, body: { message } });

describe('resuming with Last-Event-ID', () => {
  it('replays each room event to a participant moved while away as the live stream would have', async () => {
    const host = await newHost();
    const f = await family(host, { ann: 'participant' }, 2);
    const [room1, room2] = f.rooms as [string, string];
    const main = f.meetingId;
    const ann = f.seats.ann!;
    await hostMove(host.key, main, main, room1, [ann.id]);
    const first = await openEvents(main, { key: ann.token });
    const cursor = (await first.stream!.next()).id!;
    await first.stream!.close();

    // While ann is away: said in room 1 before the move, then the move to room 2, then said in both.
    await say(host.key, room1, 'room 1 before the move');
    await say(host.key, room2, 'room 2 before the move');
    await hostMove(host.key, main, room1, room2, [ann.id]);
    await say(host.key, room1, 'room 1 after the move');
    await say(host.key, room2, 'room 2 after the move');

    const { stream } = await openEvents(main, { key: ann.token, headers: { 'last-event-id': cursor } });
    await waitFor(() => chats(stream!).includes('room 2 after the move'), 5000, 'the replay');
    await say(host.key, room2, 'live in room 2');
    await waitFor(() => chats(stream!).includes('live in room 2'), 5000, 'the live message');
    expect(chats(stream!)).toEqual(['room 1 before the move', 'room 2 after the move', 'live in room 2']);
    // The replayed move is history: no media token for it (the page asks for one for where it is now).
    expect(stream!.messages.some((m) => m.event === 'media_token')).toBe(false);
    expect(stream!.messages.filter((m) => m.event === 'participants_moved')).toHaveLength(1);
    await stream!.close();
  });
});

describe("the hosts' draft", () => {
  it('reaches hosts only: not a participant’s snapshot, live stream or replay', async () => {
    const host = await newHost();
    const f = await family(host, { ann: 'participant', cohost: 'host' });
    const main = f.meetingId;
    const ann = await follow(main, { key: f.seats.ann!.token });
    const cohost = await follow(main, { key: f.seats.cohost!.token });
    const draft = {
      rooms: [{ key: 'a', title: 'Secret plan room' }],
      assignments: { [f.seats.ann!.id]: 'a' },
    };
    await ok(200, 'PUT', cmPath(main, '/draft'), { key: host.key, body: draft });
    await waitFor(() => cohost.stream.messages.some((m) => m.event === 'draft_updated'), 5000, 'the draft');
    await say(host.key, main, 'marker');
    await waitFor(() => chats(ann.stream).includes('marker'), 5000, 'the marker');
    expect(ann.stream.messages.some((m) => m.event === 'draft_updated')).toBe(false);
    // Without the warm room switch nothing at all tells a participant about the draft.
    expect(ann.stream.messages.some((m) => m.event === 'warm_hint')).toBe(false);

    const replay = await openEvents(main, { key: f.seats.ann!.token, query: '?last_event_id=0' });
    await waitFor(() => chats(replay.stream!).includes('marker'), 5000, 'the replayed marker');
    expect(replay.stream!.messages.some((m) => m.event === 'draft_updated')).toBe(false);
    const again = await follow(main, { key: f.seats.ann!.token });
    expect(again.snapshot).not.toContain('Secret plan room');
    for (const s of [ann.stream, cohost.stream, replay.stream!, again.stream]) await s.close();
  });
});

describe('the warm room switch and the draft', () => {
  it('tells a participant, without the draft, when the draft changes their own room, and only then', async () => {
    process.env.MEDIA_WARM_SWITCH = 'on';
    resetEnvCache();
    try {
      const host = await newHost();
      const f = await family(host, { ann: 'participant', bob: 'participant' });
      const main = f.meetingId;
      const [ann, bob] = [f.seats.ann!.id, f.seats.bob!.id];
      const stream = (await follow(main, { key: f.seats.ann!.token })).stream;
      const hints = () => stream.messages.filter((m) => m.event === 'warm_hint');
      const rooms = [
        { key: 'a', title: 'Secret plan room' },
        { key: 'b', title: 'Other room' },
      ];
      const save = (assignments: Record<string, string>) =>
        ok(200, 'PUT', cmPath(main, '/draft'), { key: host.key, body: { rooms, assignments } });
      const marker = async (text: string) => {
        await say(host.key, main, text);
        await waitFor(() => chats(stream).includes(text), 5000, text);
      };
      await save({ [ann]: 'a' });
      await marker('one');
      expect(hints()).toHaveLength(1);
      // Bob's assignment is not hers: nothing. Hers changes: a hint. Unassigned: a hint.
      await save({ [ann]: 'a', [bob]: 'b' });
      await marker('two');
      expect(hints()).toHaveLength(1);
      await save({ [ann]: 'b', [bob]: 'b' });
      await marker('three');
      expect(hints()).toHaveLength(2);
      await save({ [bob]: 'b' });
      await marker('four');
      expect(hints()).toHaveLength(3);
      // A hint says nothing of the draft.
      expect(hints().every((m) => m.data === '{}')).toBe(true);
      expect(stream.messages.some((m) => m.event === 'draft_updated')).toBe(false);
      expect(stream.messages.some((m) => m.data.includes('Secret plan room'))).toBe(false);
      await stream.close();
    } finally {
      delete process.env.MEDIA_WARM_SWITCH;
      resetEnvCache();
    }
  });
});

describe('who a participant sees', () => {
  async function setUp() {
    const host = await newHost();
    await createPreset(host.key, { name: 'ghost', permissions: { hidden_participant: true } });
    await createPreset(host.key, { name: 'no-list', permissions: { show_participant_list: false } });
    const f = await family(host, {}, 1);
    const add = (name: string, preset: string, custom?: string) =>
      ok<{ id: string; token: string }>(201, 'POST', `/meetings/${f.meetingId}/participants`, {
        key: host.key,
        body: { name, preset_name: preset, ...(custom ? { custom_participant_id: custom } : {}) },
      }).then((p) => ({ ...p, name }));
    const ann = await add('ann', 'participant', 'ann-ext');
    const bob = await add('bob', 'participant', 'bob-ext');
    const ghost = await add('ghost', 'ghost', 'ghost-ext');
    const lonely = await add('lonely', 'no-list');
    return { host, main: f.meetingId, room: f.rooms[0]!, ann, bob, ghost, lonely };
  }

  const people = (state: ConnectedMeetingsState) =>
    [state.parent_meeting, ...state.meetings].flatMap((m) =>
      m.participants.map((p) => `${p.name}:${p.custom_participant_id ?? '-'}`),
    );

  it('snapshot and REST state: no hidden people, no one else’s custom id, nobody else without the list', async () => {
    const { host, main, ann, lonely } = await setUp();
    const asAnn = JSON.parse((await follow(main, { key: ann.token })).snapshot) as ConnectedMeetingsState;
    expect(people(asAnn).sort()).toEqual(['ann:ann-ext', 'bob:-', 'lonely:-']);
    const asLonely = JSON.parse(
      (await follow(main, { key: lonely.token })).snapshot,
    ) as ConnectedMeetingsState;
    expect(people(asLonely)).toEqual(['lonely:-']);
    const asHost = JSON.parse((await follow(main, { key: host.key })).snapshot) as ConnectedMeetingsState;
    expect(people(asHost).sort()).toEqual(['ann:ann-ext', 'bob:bob-ext', 'ghost:ghost-ext', 'lonely:-']);

    const rest = await ok<ConnectedMeetingsState>(200, 'GET', cmPath(main), asSeat({ ...ann }));
    expect(people(rest).sort()).toEqual(['ann:ann-ext', 'bob:-', 'lonely:-']);
    const restLonely = await ok<ConnectedMeetingsState>(200, 'GET', cmPath(main), asSeat({ ...lonely }));
    expect(people(restLonely)).toEqual(['lonely:-']);
  });

  it('events: nothing about hidden people, no one else’s custom id, only oneself without the list', async () => {
    const { host, main, room, ann, bob, ghost, lonely } = await setUp();
    const a = (await follow(main, { key: ann.token })).stream;
    const l = (await follow(main, { key: lonely.token })).stream;
    const h = (await follow(main, { key: host.key })).stream;
    await hostMove(host.key, main, main, room, [ghost.id]);
    await hostMove(host.key, main, main, room, [bob.id]);
    await ok(201, 'POST', `/meetings/${main}/participants`, {
      key: host.key,
      body: { name: 'carl', preset_name: 'participant', custom_participant_id: 'carl-ext' },
    });
    await hostMove(host.key, main, main, room, [lonely.id]);
    await say(host.key, main, 'marker');
    for (const s of [a, h]) await waitFor(() => chats(s).includes('marker'), 5000, 'the marker');
    await waitFor(() => l.messages.some((m) => m.event === 'participants_moved'), 5000, 'the own move');

    const everything = a.messages.map((m) => m.data).join('\n');
    expect(everything).not.toContain(ghost.id);
    for (const other of ['bob-ext', 'ghost-ext', 'carl-ext']) expect(everything).not.toContain(other);
    expect(a.messages.filter((m) => m.event === 'participants_moved')).toHaveLength(2);
    expect(a.messages.filter((m) => m.event === 'participant_added')).toHaveLength(1);
    // Without the list: only their own move, nobody else's arrival.
    const lonelyEvents = l.messages.filter((m) => m.event.startsWith('participant'));
    expect(lonelyEvents.map((m) => m.event)).toEqual(['participants_moved']);
    expect(lonelyEvents[0]!.data).toContain(lonely.id);
    // The host sees it all.
    expect(h.messages.map((m) => m.data).join('\n')).toContain(ghost.id);
    expect(h.messages.map((m) => m.data).join('\n')).toContain('carl-ext');
    for (const s of [a, l, h]) await s.close();
  });
});

describe('which credential speaks for the meeting', () => {
  it("a host who is a guest in another host's meeting follows it with their seat, though signed in", async () => {
    const hostA = await newHost();
    const hostB = await newHost();
    const theirs = await family(hostB, { a: 'participant' });
    const session = await sessionCookie(hostA.id);
    const cookie = `${session.cookie}; ${cookieFor(theirs.meetingId, theirs.seats.a!.token)}`;
    const { stream } = await follow(theirs.meetingId, { headers: { cookie } });
    await stream.close();
  });

  it("a stale seat cookie does not spoil the dashboard's REST calls or stream for the host's own meeting", async () => {
    const host = await newHost();
    const f = await family(host, { seat: 'host' });
    await ok(200, 'DELETE', `/meetings/${f.meetingId}/participants/${f.seats.seat!.id}`, { key: host.key });
    const session = await sessionCookie(host.id);
    const cookie = `${cookieFor(f.meetingId, f.seats.seat!.token)}; ${session.cookie}`;
    const res = await api('GET', cmPath(f.meetingId), { headers: { cookie } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { stream } = await follow(f.meetingId, { headers: { cookie } });
    await stream.close();
  });
});

describe('an inactive meeting', () => {
  it('refuses a participant moving themselves and opening a stream, with a clear error', async () => {
    const host = await newHost();
    const f = await family(host, { ann: 'participant' }, 1);
    await ok(200, 'PATCH', `/meetings/${f.meetingId}`, { key: host.key, body: { status: 'INACTIVE' } });
    const move = await api('POST', cmPath(f.meetingId, '/move'), {
      ...asSeat(f.seats.ann!),
      body: {
        source_meeting_id: f.meetingId,
        destination_meeting_id: f.rooms[0],
        participant_ids: [f.seats.ann!.id],
      },
    });
    expect(move.status).toBe(403);
    expect(move.body.error?.code).toBe('forbidden:meeting_inactive');
    expect(move.body.error?.message).toMatch(/not active/);
    const opened = await openEvents(f.meetingId, { key: f.seats.ann!.token });
    expect(opened.response.status).toBe(403);
    expect(opened.error?.code).toBe('forbidden:meeting_inactive');
    // The host still follows and manages it.
    const owner = await follow(f.meetingId, { key: host.key });
    await owner.stream.close();
  });
});
