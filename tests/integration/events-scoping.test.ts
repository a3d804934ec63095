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

describe("the warm room switch and a host's pick before Move", () => {
  it('tells only the people picked, changes nobody’s place, and refuses bad picks in words', async () => {
    process.env.MEDIA_WARM_SWITCH = 'on';
    resetEnvCache();
    try {
      const host = await newHost();
      const f = await family(
        host,
        { ann: 'participant', bob: 'participant', cy: 'participant', cohost: 'host' },
        2,
      );
      const main = f.meetingId;
      const [r1, r2] = f.rooms as [string, string];
      const [ann, bob] = [f.seats.ann!, f.seats.bob!];
      const annStream = (await follow(main, { key: ann.token })).stream;
      const bobStream = (await follow(main, { key: bob.token })).stream;
      const hints = (s: SseReader) => s.messages.filter((m) => m.event === 'warm_hint');
      const pick = (to: string | null, ids: string[], caller: { key?: string } = { key: host.key }) =>
        api('PUT', cmPath(main, '/pending-move'), {
          ...caller,
          body: { participant_ids: ids, destination_meeting_id: to },
        });
      const version = async () =>
        (await ok<{ version: number }>(200, 'GET', cmPath(main, ''), { key: host.key })).version;
      const before = await version();

      const picked = await pick(r1, [ann.id]);
      expect(picked.status).toBe(200);
      expect(picked.body.data).toEqual({ warming: 1, expires_in: 20 });
      await waitFor(() => hints(annStream).length >= 1, 5000, "Ann's hint");
      // The pick is nobody else's business, carries nothing, and moves nobody.
      expect(hints(annStream).every((m) => m.data === '{}')).toBe(true);
      await say(host.key, main, 'marker');
      await waitFor(() => chats(bobStream).includes('marker'), 5000, 'the marker');
      expect(hints(bobStream)).toHaveLength(0);
      expect(await version()).toBe(before);
      // Put back: told again, so the page waits where it would have.
      const count = hints(annStream).length;
      expect((await pick(null, [ann.id])).body.data).toEqual({ warming: 0, expires_in: 0 });
      await waitFor(() => hints(annStream).length > count, 5000, 'the put-back hint');
      // Someone already in the room is not warming there.
      await hostMove(host.key, main, main, r2, [bob.id]);
      expect((await pick(r2, [bob.id, ann.id])).body.data).toEqual({ warming: 1, expires_in: 20 });
      // A co-host (a preset that may alter the rooms) may pick too.
      expect((await pick(r1, [ann.id], asSeat(f.seats.cohost!))).status).toBe(200);

      // Bad picks: a clear error naming the field, and nothing told. They name Cy, never picked, so any
      // hint on her stream would be theirs (on PostgreSQL a valid pick is heard twice by the instance
      // that made it, its own commit and the notification, so counting Ann's hints would be racy).
      const cyStream = (await follow(main, { key: f.seats.cy!.token })).stream;
      const cy = f.seats.cy!;
      const refused = (
        res: Awaited<ReturnType<typeof pick>>,
        status: number,
        field: string,
        words: string,
      ) => {
        expect(res.status).toBe(status);
        expect(res.body.error?.field).toBe(field);
        expect(res.body.error?.message).toContain(words);
      };
      const own = await pick(r1, [cy.id], asSeat(cy));
      expect(own.status).toBe(403);
      expect(own.body.error?.message).toContain('Managing breakout rooms needs the');
      const stranger = '00000000-0000-4000-8000-000000000000';
      refused(await pick(r1, [cy.id, stranger]), 404, 'participant_ids.1', stranger);
      refused(await pick(stranger, [cy.id]), 404, 'destination_meeting_id', stranger);
      refused(await pick(r1, []), 400, 'participant_ids', 'at least one');
      refused(await pick(r1, [cy.id, cy.id]), 400, 'participant_ids', 'duplicates');
      refused(await pick('room-1', [cy.id]), 400, 'destination_meeting_id', 'UUID');
      await say(host.key, main, 'marker 2');
      await waitFor(() => chats(cyStream).includes('marker 2'), 5000, 'the second marker');
      expect(hints(cyStream)).toHaveLength(0);
      for (const s of [annStream, bobStream, cyStream]) await s.close();
    } finally {
      delete process.env.MEDIA_WARM_SWITCH;
      resetEnvCache();
    }
  });

  it('records nothing with the switch off, and tells nobody', async () => {
    const host = await newHost();
    const f = await family(host, { ann: 'participant' }, 1);
    const stream = (await follow(f.meetingId, { key: f.seats.ann!.token })).stream;
    const res = await ok<{ warming: number }>(200, 'PUT', cmPath(f.meetingId, '/pending-move'), {
      key: host.key,
      body: { participant_ids: [f.seats.ann!.id], destination_meeting_id: f.rooms[0] },
    });
    expect(res).toEqual({ warming: 0, expires_in: 0 });
    await say(host.key, f.meetingId, 'marker');
    await waitFor(() => chats(stream).includes('marker'), 5000, 'the marker');
    expect(stream.messages.some((m) => m.event === 'warm_hint')).toBe(false);
    await stream.close();
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

  it('a grouped move is narrowed the same way: only the people they may see, under the same id', async () => {
    const { host, main, room, ann, bob, ghost, lonely } = await setUp();
    const a = (await follow(main, { key: ann.token, query: '?moves=grouped' })).stream;
    const h = (await follow(main, { key: host.key, query: '?moves=grouped' })).stream;
    await hostMove(host.key, main, main, room, [ghost.id, bob.id, ann.id]);
    for (const s of [a, h]) {
      await waitFor(() => s.messages.some((m) => m.event === 'participants_moved'), 5000, 'the move');
    }
    const [asAnn] = a.messages.filter((m) => m.event === 'participants_moved');
    const [asHost] = h.messages.filter((m) => m.event === 'participants_moved');
    expect(asAnn!.id).toBe(asHost!.id);
    type Groups = { groups: Array<{ preset_name: string; participant_ids: string[] }> };
    const groupsOf = (m: typeof asAnn) =>
      (dataOf(m!).payload as Groups).groups.map((g) => [g.preset_name, g.participant_ids]);
    expect(groupsOf(asAnn)).toEqual([['participant', [bob.id, ann.id]]]);
    expect(asAnn!.data).not.toContain(ghost.id);
    // The host sees everyone: Lonely stays, fewer than the largest group, so that group is counted.
    expect((dataOf(asHost!).payload as { groups: unknown[] }).groups).toEqual([
      expect.objectContaining({ preset_name: 'ghost', participant_ids: [ghost.id] }),
      expect.objectContaining({ preset_name: 'participant', others_in_source: 2, staying_ids: [lonely.id] }),
    ]);
    for (const s of [a, h]) await s.close();
  });
});

describe('compact moves', () => {
  type Group = {
    preset_name: string;
    participant_ids?: string[];
    others_in_source?: number;
    staying_ids?: string[];
  };
  const movesOf = (stream: SseReader) =>
    stream.messages
      .filter((m) => m.event === 'participants_moved')
      .map((m) => (dataOf(m).payload as { groups: Group[] }).groups);

  it('a move leaving only a hidden person behind: compact for who sees the list, named for the host and the hidden one', async () => {
    const host = await newHost();
    await createPreset(host.key, { name: 'ghost', permissions: { hidden_participant: true } });
    const f = await family(host, { ann: 'participant', bob: 'participant', ghost: 'ghost' }, 1);
    const [main, room] = [f.meetingId, f.rooms[0]!];
    const { ann, bob, ghost } = f.seats as Record<'ann' | 'bob' | 'ghost', { id: string; token: string }>;
    const a = (await follow(main, { key: ann.token, query: '?moves=grouped' })).stream;
    const h = (await follow(main, { key: host.key, query: '?moves=grouped' })).stream;
    const g = (await follow(main, { key: ghost.token, query: '?moves=grouped' })).stream;
    await hostMove(host.key, main, main, room, [bob.id, ann.id]);
    // Then the ghost: nobody at all is left in the main meeting.
    await hostMove(host.key, main, main, room, [ghost.id]);
    await say(host.key, room, 'marker');
    for (const s of [a, h, g]) await waitFor(() => chats(s).includes('marker'), 5000, 'the marker');

    // Ann sees nobody left behind (the ghost is hidden from her): everyone else who was there, counted.
    expect(movesOf(a)).toEqual([[{ ...participantPreset, others_in_source: 2 }]]);
    expect(a.messages.map((m) => m.data).join('\n')).not.toContain(ghost.id);
    // The host sees the ghost left behind, fewer than the move took: named as staying; the second left nobody.
    expect(movesOf(h)).toEqual([
      [{ ...participantPreset, others_in_source: 2, staying_ids: [ghost.id] }],
      [{ preset_id: expect.any(String), preset_name: 'ghost', custom_preset: false, others_in_source: 1 }],
    ]);
    // The hidden one knows of themselves, whom no count of the visible includes: named.
    expect(movesOf(g)[0]).toEqual([{ ...participantPreset, participant_ids: [bob.id, ann.id] }]);
    for (const s of [a, h, g]) await s.close();
  });

  it('everyone but two: who stays is named, the hidden one only to the host', async () => {
    const host = await newHost();
    await createPreset(host.key, { name: 'ghost', permissions: { hidden_participant: true } });
    const f = await family(
      host,
      { ann: 'participant', bob: 'participant', cy: 'participant', dee: 'participant', ghost: 'ghost' },
      1,
    );
    const [main, room] = [f.meetingId, f.rooms[0]!];
    const { ann, bob, cy, dee, ghost } = f.seats as Record<string, { id: string; token: string }>;
    const a = (await follow(main, { key: ann!.token, query: '?moves=grouped' })).stream;
    const d = (await follow(main, { key: dee!.token, query: '?moves=grouped' })).stream;
    const h = (await follow(main, { key: host.key, query: '?moves=grouped' })).stream;
    await hostMove(host.key, main, main, room, [ann!.id, bob!.id, cy!.id]);
    await say(host.key, room, 'marker');
    for (const s of [a, h]) await waitFor(() => chats(s).includes('marker'), 5000, 'the marker');
    await waitFor(() => movesOf(d).length === 1, 5000, 'the move at Dee');

    // Ann and Dee see Dee stay (the ghost is hidden from them); the host sees both stay.
    const toThem = [[{ ...participantPreset, others_in_source: 3, staying_ids: [dee!.id] }]];
    expect(movesOf(a)).toEqual(toThem);
    expect(movesOf(d)).toEqual(toThem);
    expect(movesOf(h)[0]![0]!.staying_ids!.sort()).toEqual([dee!.id, ghost!.id].sort());
    expect(movesOf(h)[0]).toEqual([
      { ...participantPreset, others_in_source: 3, staying_ids: expect.any(Array) },
    ]);
    for (const s of [a, d]) expect(s.messages.map((m) => m.data).join('\n')).not.toContain(ghost!.id);
    for (const s of [a, d, h]) await s.close();
  });

  it('a participant without the list is told only of their own move, never compact', async () => {
    const host = await newHost();
    await createPreset(host.key, { name: 'no-list', permissions: { show_participant_list: false } });
    const f = await family(host, { lonely: 'no-list', bob: 'participant' }, 1);
    const [main, room] = [f.meetingId, f.rooms[0]!];
    const { lonely, bob } = f.seats as Record<'lonely' | 'bob', { id: string; token: string }>;
    const l = (await follow(main, { key: lonely.token, query: '?moves=grouped' })).stream;
    await hostMove(host.key, main, main, room, [bob.id, lonely.id]);
    await waitFor(() => movesOf(l).length === 1, 5000, 'the move');
    expect(movesOf(l)).toEqual([
      [
        {
          preset_id: expect.any(String),
          preset_name: 'no-list',
          custom_preset: false,
          participant_ids: [lonely.id],
        },
      ],
    ]);
    await l.close();
  });
});

const participantPreset = {
  preset_id: expect.any(String) as string,
  preset_name: 'participant',
  custom_preset: false,
};

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
