// Chat, polls, broadcasts and help requests in every room: who may read and write where, what is stored,
// and that a refusal changes nothing.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { chatMessages, helpRequests, pollVotes, polls } from '@/db/schema';
import { RATE_WINDOW_MS } from '@/lib/chat/service';
import { closeBus } from '@/lib/events/bus';
import type { ChatMessageDto, HelpRequestDto, PollDto } from '@/lib/events/room-events';
import { api, newHost } from '../support/api';
import {
  asCookie,
  asSeat,
  createRooms,
  family,
  getState,
  hostMove,
  type Host,
  type Seat,
} from '../support/breakout';
import { createPreset, expectRefused, ok, openDatabase } from '../support/rest';

afterAll(closeBus);
beforeAll(openDatabase);

const chat = (id: string) => `/meetings/${id}/chat`;
const pollsOf = (id: string) => `/meetings/${id}/polls`;

async function rowsIn(table: typeof chatMessages | typeof polls | typeof helpRequests, meetingId?: string) {
  const d = await db();
  const [row] = await d
    .select({ n: count() })
    .from(table)
    .where(meetingId ? eq(table.meetingId, meetingId) : undefined);
  return row!.n;
}

/** A meeting with two rooms: ann and bob in Room 1, cat and dan in Room 2, eve (host preset) in main. */
async function twoRooms(host?: Host) {
  const h = host ?? (await newHost());
  const f = await family(
    h,
    { ann: 'participant', bob: 'participant', cat: 'participant', dan: 'participant', eve: 'host' },
    2,
  );
  const [room1, room2] = f.rooms as [string, string];
  await hostMove(h.key, f.meetingId, f.meetingId, room1, [f.seats.ann!.id, f.seats.bob!.id]);
  await hostMove(h.key, f.meetingId, f.meetingId, room2, [f.seats.cat!.id, f.seats.dan!.id]);
  return { host: h, main: f.meetingId, room1, room2, seats: f.seats };
}

const say = (seat: Seat, meetingId: string, message: string) =>
  ok<ChatMessageDto>(201, 'POST', chat(meetingId), { ...asSeat(seat), body: { message } });

describe('chat in each room', () => {
  it('keeps each room to itself: history for those in it, and 403 for anyone reading or writing another', async () => {
    const { main, room1, room2, seats } = await twoRooms();
    const sent = await say(seats.ann!, room1, '  Hello room one  ');
    expect(sent).toMatchObject({
      meeting_id: room1,
      message: 'Hello room one',
      participant_id: seats.ann!.id,
    });
    expect(sent.sender_name).toBe('ann');
    await say(seats.cat!, room2, 'Room two here');

    const seen = await ok<{ messages: ChatMessageDto[] }>(200, 'GET', chat(room1), asSeat(seats.bob!));
    expect(seen.messages.map((m) => m.message)).toEqual(['Hello room one']);

    const before = await rowsIn(chatMessages);
    // Room 1's people cannot read or write Room 2 or the main meeting, by token or by cookie.
    for (const opts of [asSeat(seats.ann!), asCookie(main, seats.ann!)]) {
      expectRefused(await api('GET', chat(room2), opts), {
        status: 403,
        code: 'forbidden:other_meeting',
        field: 'meeting_id',
      });
      expectRefused(await api('POST', chat(room2), { ...opts, body: { message: 'sneaking in' } }), {
        status: 403,
        code: 'forbidden:other_meeting',
        field: 'meeting_id',
      });
      expectRefused(await api('GET', chat(main), opts), {
        status: 403,
        code: 'forbidden:other_meeting',
        field: 'meeting_id',
      });
    }
    expect(await rowsIn(chatMessages)).toBe(before);
    // The cookie is named after the main meeting and works on the room's id.
    const byCookie = await ok<{ messages: ChatMessageDto[] }>(
      200,
      'GET',
      chat(room1),
      asCookie(main, seats.ann!),
    );
    expect(byCookie.messages).toHaveLength(1);
  });

  it('shows a moved participant the new room history and no longer the old one', async () => {
    const { host, main, room1, room2, seats } = await twoRooms();
    await say(seats.ann!, room1, 'one');
    await say(seats.cat!, room2, 'two');
    await hostMove(host.key, main, room1, room2, [seats.bob!.id]);
    const now = await ok<{ messages: ChatMessageDto[] }>(200, 'GET', chat(room2), asSeat(seats.bob!));
    expect(now.messages.map((m) => m.message)).toEqual(['two']);
    expectRefused(await api('GET', chat(room1), asSeat(seats.bob!)), {
      status: 403,
      code: 'forbidden:other_meeting',
      field: 'meeting_id',
    });
  });

  it('lets hosts read every room, and an API key write in any open room as the host', async () => {
    const { host, room1, room2, seats } = await twoRooms();
    await say(seats.ann!, room1, 'from ann');
    const asHostSeat = await ok<{ messages: ChatMessageDto[] }>(200, 'GET', chat(room1), asSeat(seats.eve!));
    expect(asHostSeat.messages.map((m) => m.message)).toEqual(['from ann']);
    // A host seat reads elsewhere but writes only where it is.
    expectRefused(await api('POST', chat(room1), { ...asSeat(seats.eve!), body: { message: 'x' } }), {
      status: 403,
      code: 'forbidden:other_meeting',
      field: 'meeting_id',
    });
    const byKey = await ok<ChatMessageDto>(201, 'POST', chat(room2), {
      key: host.key,
      body: { message: 'Hi all' },
    });
    expect(byKey).toMatchObject({ participant_id: null, sender_name: host.name, kind: 'message' });
  });

  it('refuses a preset without chat.public.can_send, and writes nothing', async () => {
    const host = await newHost();
    await createPreset(host.key, {
      name: 'listener',
      permissions: { chat: { public: { can_send: false } } },
    });
    const f = await family(host, { quiet: 'listener' });
    const res = await api('POST', chat(f.meetingId), {
      ...asSeat(f.seats.quiet!),
      body: { message: 'hello' },
    });
    expectRefused(res, { status: 403, code: 'forbidden:can_send' });
    expect(res.body.error?.message).toContain('chat.public.can_send');
    expect(await rowsIn(chatMessages, f.meetingId)).toBe(0);
    // Reading is still allowed.
    await ok(200, 'GET', chat(f.meetingId), asSeat(f.seats.quiet!));
  });

  it('stores text as written (markup is text) and refuses empty, too long and control characters', async () => {
    const host = await newHost();
    const f = await family(host, { ann: 'participant' });
    const markup = '<img src=x onerror="alert(1)"> & <b>bold</b>';
    expect((await say(f.seats.ann!, f.meetingId, markup)).message).toBe(markup);
    expect((await say(f.seats.ann!, f.meetingId, 'x'.repeat(2000))).message).toHaveLength(2000);
    const before = await rowsIn(chatMessages, f.meetingId);
    for (const message of ['   ', 'x'.repeat(2001), 'null\u0000byte']) {
      const res = await api('POST', chat(f.meetingId), { ...asSeat(f.seats.ann!), body: { message } });
      expectRefused(res, { status: 400, code: 'invalid', field: 'message' });
    }
    expect(await rowsIn(chatMessages, f.meetingId)).toBe(before);
  });

  it('limits a participant to a few messages a second, with a clear 429', async () => {
    const host = await newHost();
    // The window slides over the last 2 seconds: a machine too busy to take six messages within it gets
    // another try, with other people (the sixth may rightly pass then).
    let f: Awaited<ReturnType<typeof family>>;
    let res: Awaited<ReturnType<typeof api>>;
    for (let attempt = 1; ; attempt++) {
      f = await family(host, { ann: 'participant', bob: 'participant' });
      const started = Date.now();
      for (let i = 0; i < 5; i++) await say(f.seats.ann!, f.meetingId, `message ${i}`);
      res = await api('POST', chat(f.meetingId), {
        ...asSeat(f.seats.ann!),
        body: { message: 'one more' },
      });
      if (res.status === 429 || Date.now() - started < RATE_WINDOW_MS || attempt === 3) break;
    }
    expectRefused(res, { status: 429, code: 'rate_limited:chat' });
    expect(res.body.error?.message).toMatch(/at most 5 every 2 seconds/);
    expect(await rowsIn(chatMessages, f.meetingId)).toBe(5);
    // Someone else is not slowed down.
    await say(f.seats.bob!, f.meetingId, 'me too');
  });

  it('pages back through history with before', async () => {
    const host = await newHost();
    const f = await family(host, { ann: 'participant' });
    for (let i = 0; i < 4; i++) {
      await ok(201, 'POST', chat(f.meetingId), { key: host.key, body: { message: `m${i}` } });
    }
    const last2 = await ok<{ messages: ChatMessageDto[]; has_more: boolean }>(
      200,
      'GET',
      `${chat(f.meetingId)}?limit=2`,
      asSeat(f.seats.ann!),
    );
    expect(last2.messages.map((m) => m.message)).toEqual(['m2', 'm3']);
    expect(last2.has_more).toBe(true);
    const first2 = await ok<{ messages: ChatMessageDto[]; has_more: boolean }>(
      200,
      'GET',
      `${chat(f.meetingId)}?limit=2&before=${last2.messages[0]!.id}`,
      asSeat(f.seats.ann!),
    );
    expect(first2.messages.map((m) => m.message)).toEqual(['m0', 'm1']);
    expect(first2.has_more).toBe(false);
  });

  it('leaves the breakout version alone', async () => {
    const { host, main, room1, seats } = await twoRooms();
    const before = (await getState(host.key, main)).version;
    await say(seats.ann!, room1, 'hello');
    expect((await getState(host.key, main)).version).toBe(before);
  });
});

describe('polls in each room', () => {
  const question = { question: 'Lunch?', options: ['Pizza', 'Salad', 'Soup'] };

  it('needs polls.can_create to create, and lets a host-preset participant create in their room', async () => {
    const { room1, seats } = await twoRooms();
    const before = await rowsIn(polls);
    const res = await api('POST', pollsOf(room1), { ...asSeat(seats.ann!), body: question });
    expectRefused(res, { status: 403, code: 'forbidden:can_create' });
    expect(res.body.error?.message).toContain('polls.can_create');
    expect(await rowsIn(polls)).toBe(before);
  });

  it('counts one vote per participant, shows results live unless hidden, never names voters when anonymous', async () => {
    const { host, room1, room2, seats } = await twoRooms();
    const poll = await ok<PollDto>(201, 'POST', pollsOf(room1), { key: host.key, body: question });
    expect(poll.options.map((o) => o.text)).toEqual(['Pizza', 'Salad', 'Soup']);
    expect(poll.total_votes).toBe(0);

    const voted = await ok<PollDto>(201, 'POST', `${pollsOf(room1)}/${poll.id}/votes`, {
      ...asSeat(seats.ann!),
      body: { option_index: 1 },
    });
    expect(voted.my_vote).toBe(1);
    expect(voted.options[1]).toMatchObject({
      votes: 1,
      voters: [{ participant_id: seats.ann!.id, name: 'ann' }],
    });

    const again = await api('POST', `${pollsOf(room1)}/${poll.id}/votes`, {
      ...asSeat(seats.ann!),
      body: { option_index: 0 },
    });
    expectRefused(again, { status: 409, code: 'conflict:already_voted', field: 'option_index' });
    const d = await db();
    expect(await d.select().from(pollVotes).where(eq(pollVotes.pollId, poll.id))).toHaveLength(1);

    expectRefused(
      await api('POST', `${pollsOf(room1)}/${poll.id}/votes`, {
        ...asSeat(seats.bob!),
        body: { option_index: 3 },
      }),
      { status: 400, code: 'invalid', field: 'option_index' },
    );
    // Room 2 cannot see or vote in Room 1's poll, even with Room 1's ids.
    expectRefused(await api('GET', pollsOf(room1), asSeat(seats.cat!)), {
      status: 403,
      code: 'forbidden:other_meeting',
      field: 'meeting_id',
    });
    expectRefused(
      await api('POST', `${pollsOf(room2)}/${poll.id}/votes`, {
        ...asSeat(seats.cat!),
        body: { option_index: 0 },
      }),
      { status: 404, code: 'not_found:poll', field: 'poll_id' },
    );
    // An API key has no vote.
    expectRefused(
      await api('POST', `${pollsOf(room1)}/${poll.id}/votes`, { key: host.key, body: { option_index: 0 } }),
      { status: 403, code: 'forbidden' },
    );

    const hidden = await ok<PollDto>(201, 'POST', pollsOf(room1), {
      key: host.key,
      body: { ...question, hide_votes: true, anonymous: true },
    });
    await ok(201, 'POST', `${pollsOf(room1)}/${hidden.id}/votes`, {
      ...asSeat(seats.ann!),
      body: { option_index: 2 },
    });
    const bobView = await ok<PollDto>(200, 'GET', `${pollsOf(room1)}/${hidden.id}`, asSeat(seats.bob!));
    expect(bobView.results_visible).toBe(false);
    expect(bobView.options.every((o) => o.votes === null)).toBe(true);
    expect(bobView.total_votes).toBe(1);
    const bobVoted = await ok<PollDto>(201, 'POST', `${pollsOf(room1)}/${hidden.id}/votes`, {
      ...asSeat(seats.bob!),
      body: { option_index: 2 },
    });
    expect(bobVoted.results_visible).toBe(true);
    expect(bobVoted.options[2]!.votes).toBe(2);
    expect(bobVoted.options.every((o) => o.voters.length === 0)).toBe(true);
  });

  it('refuses polls.can_vote false and hides polls without polls.can_view', async () => {
    const host = await newHost();
    await createPreset(host.key, { name: 'no-vote', permissions: { polls: { can_vote: false } } });
    await createPreset(host.key, { name: 'no-view', permissions: { polls: { can_view: false } } });
    const f = await family(host, { nv: 'no-vote', blind: 'no-view' });
    const poll = await ok<PollDto>(201, 'POST', pollsOf(f.meetingId), { key: host.key, body: question });
    const res = await api('POST', `${pollsOf(f.meetingId)}/${poll.id}/votes`, {
      ...asSeat(f.seats.nv!),
      body: { option_index: 0 },
    });
    expectRefused(res, { status: 403, code: 'forbidden:can_vote' });
    expectRefused(await api('GET', pollsOf(f.meetingId), asSeat(f.seats.blind!)), {
      status: 403,
      code: 'forbidden:can_view',
    });
  });
});

describe('broadcasts', () => {
  it('reach exactly the chosen rooms, or every room and the main meeting by default', async () => {
    const { host, main, room1, room2, seats } = await twoRooms();
    const [room3] = await createRooms(host.key, main, 1, 'Extra');
    const chosen = await ok<{ meeting_ids: string[]; messages: ChatMessageDto[] }>(
      201,
      'POST',
      `/meetings/${main}/broadcasts`,
      {
        key: host.key,
        body: { message: 'Five minutes left', meeting_ids: [room1, room3] },
      },
    );
    expect(chosen.meeting_ids.sort()).toEqual([room1, room3!].sort());
    expect(chosen.messages.every((m) => m.kind === 'broadcast')).toBe(true);
    expect(await rowsIn(chatMessages, room1)).toBe(1);
    expect(await rowsIn(chatMessages, room3)).toBe(1);
    expect(await rowsIn(chatMessages, room2)).toBe(0);
    expect(await rowsIn(chatMessages, main)).toBe(0);
    const inRoom1 = await ok<{ messages: ChatMessageDto[] }>(200, 'GET', chat(room1), asSeat(seats.ann!));
    expect(inRoom1.messages[0]).toMatchObject({ kind: 'broadcast', message: 'Five minutes left' });

    // A host-preset participant broadcasts to everyone from wherever they are.
    const all = await ok<{ meeting_ids: string[] }>(201, 'POST', `/meetings/${main}/broadcasts`, {
      ...asSeat(seats.eve!),
      body: { message: 'Back to main soon' },
    });
    expect(all.meeting_ids.sort()).toEqual([main, room1, room2, room3!].sort());
  });

  it('is refused to participants without host powers, for unknown rooms and on a room id, writing nothing', async () => {
    const { host, main, room1, seats } = await twoRooms();
    const other = await twoRooms(host);
    const before = await rowsIn(chatMessages);
    const res = await api('POST', `/meetings/${main}/broadcasts`, {
      ...asSeat(seats.ann!),
      body: { message: 'hi' },
    });
    expectRefused(res, { status: 403, code: 'forbidden:can_alter_connected_meetings' });
    expectRefused(
      await api('POST', `/meetings/${main}/broadcasts`, {
        key: host.key,
        body: { message: 'hi', meeting_ids: [room1, other.room1] },
      }),
      { status: 404, code: 'not_found:meeting', field: 'meeting_ids' },
    );
    expectRefused(
      await api('POST', `/meetings/${room1}/broadcasts`, { key: host.key, body: { message: 'hi' } }),
      {
        status: 400,
        code: 'invalid:not_main_meeting',
        field: 'meeting_id',
      },
    );
    expectRefused(
      await api('POST', `/meetings/${main}/broadcasts`, {
        key: host.key,
        body: { message: 'hi', meeting_ids: [] },
      }),
      { status: 400, code: 'invalid', field: 'meeting_ids' },
    );
    expect(await rowsIn(chatMessages)).toBe(before);
  });
});

describe('help requests', () => {
  it('reach every host, return the open request when asked twice, and leave the inbox once taken', async () => {
    const { host, main, room1, seats } = await twoRooms();
    const asked = await ok<{ request: HelpRequestDto; created: boolean }>(
      201,
      'POST',
      `/meetings/${room1}/help-requests`,
      {
        ...asSeat(seats.ann!),
        body: { message: 'We are stuck' },
      },
    );
    expect(asked.created).toBe(true);
    expect(asked.request).toMatchObject({
      meeting_id: room1,
      meeting_title: 'Room 1',
      participant_name: 'ann',
    });
    const twice = await ok<{ request: HelpRequestDto; created: boolean }>(
      201,
      'POST',
      `/meetings/${room1}/help-requests`,
      asSeat(seats.ann!),
    );
    expect(twice).toMatchObject({ created: false, request: { id: asked.request.id } });

    for (const opts of [{ key: host.key }, asSeat(seats.eve!)]) {
      const inbox = await ok<{ requests: HelpRequestDto[] }>(
        200,
        'GET',
        `/meetings/${main}/help-requests`,
        opts,
      );
      expect(inbox.requests.map((r) => r.id)).toEqual([asked.request.id]);
    }
    // A participant sees only their own.
    const bobs = await ok<{ requests: HelpRequestDto[] }>(
      200,
      'GET',
      `/meetings/${room1}/help-requests`,
      asSeat(seats.bob!),
    );
    expect(bobs.requests).toEqual([]);
    // Only hosts take requests.
    expectRefused(
      await api('POST', `/meetings/${main}/help-requests/${asked.request.id}/resolve`, asSeat(seats.bob!)),
      {
        status: 403,
        code: 'forbidden:can_alter_connected_meetings',
      },
    );
    const taken = await ok<HelpRequestDto>(
      200,
      'POST',
      `/meetings/${main}/help-requests/${asked.request.id}/resolve`,
      asSeat(seats.eve!),
    );
    expect(taken.resolved_by).toBe('eve');
    const empty = await ok<{ requests: HelpRequestDto[] }>(200, 'GET', `/meetings/${main}/help-requests`, {
      key: host.key,
    });
    expect(empty.requests).toEqual([]);
  });

  it('settles an open request when the same person asks again from another room', async () => {
    const { host, main, room1, room2, seats } = await twoRooms();
    const first = await ok<{ request: HelpRequestDto }>(
      201,
      'POST',
      `/meetings/${room1}/help-requests`,
      asSeat(seats.ann!),
    );
    await hostMove(host.key, main, room1, room2, [seats.ann!.id]);
    const second = await ok<{ request: HelpRequestDto; created: boolean }>(
      201,
      'POST',
      `/meetings/${room2}/help-requests`,
      asSeat(seats.ann!),
    );
    expect(second.created).toBe(true);
    const inbox = await ok<{ requests: HelpRequestDto[] }>(200, 'GET', `/meetings/${main}/help-requests`, {
      key: host.key,
    });
    expect(inbox.requests.map((r) => [r.id, r.meeting_id])).toEqual([[second.request.id, room2]]);
    expect(first.request.id).not.toBe(second.request.id);
  });

  it('is refused to API keys and to participants asking from a room they are not in', async () => {
    const { host, room2, seats } = await twoRooms();
    const before = await rowsIn(helpRequests);
    expectRefused(await api('POST', `/meetings/${room2}/help-requests`, { key: host.key }), {
      status: 403,
      code: 'forbidden',
    });
    expectRefused(await api('POST', `/meetings/${room2}/help-requests`, asSeat(seats.ann!)), {
      status: 403,
      code: 'forbidden:other_meeting',
      field: 'meeting_id',
    });
    expect(await rowsIn(helpRequests)).toBe(before);
  });
});

describe('malformed bodies', () => {
  it('answer 4xx naming the problem and write nothing', async () => {
    const { host, main, room1, seats } = await twoRooms();
    const poll = await ok<PollDto>(201, 'POST', pollsOf(room1), {
      key: host.key,
      body: { question: 'Q', options: ['a', 'b'] },
    });
    const ann = asSeat(seats.ann!);
    const cases: Array<[string, string, unknown, Record<string, unknown>]> = [
      ['POST', chat(room1), {}, ann],
      ['POST', chat(room1), { message: 42 }, ann],
      ['POST', chat(room1), { message: null }, ann],
      ['POST', chat(room1), { message: 'hi', extra: true }, ann],
      ['POST', chat(room1), ['hi'], ann],
      ['POST', chat(room1), 'hi', ann],
      ['POST', pollsOf(room1), { question: 'Q', options: ['only one'] }, { key: host.key }],
      [
        'POST',
        pollsOf(room1),
        { question: 'Q', options: Array.from({ length: 11 }, (_, i) => `o${i}`) },
        { key: host.key },
      ],
      ['POST', pollsOf(room1), { question: '', options: ['a', 'b'] }, { key: host.key }],
      ['POST', pollsOf(room1), { question: 'Q', options: ['a', 'A'] }, { key: host.key }],
      ['POST', pollsOf(room1), { question: 'Q', options: ['a', ''] }, { key: host.key }],
      ['POST', pollsOf(room1), { question: 'Q', options: 'a,b' }, { key: host.key }],
      ['POST', pollsOf(room1), { question: 'Q', options: ['a', 'b'], anonymous: 'yes' }, { key: host.key }],
      ['POST', `${pollsOf(room1)}/${poll.id}/votes`, { option_index: -1 }, ann],
      ['POST', `${pollsOf(room1)}/${poll.id}/votes`, { option_index: 1.5 }, ann],
      ['POST', `${pollsOf(room1)}/${poll.id}/votes`, { option_index: '1' }, ann],
      ['POST', `${pollsOf(room1)}/${poll.id}/votes`, {}, ann],
      ['POST', `/meetings/${main}/broadcasts`, { message: '' }, { key: host.key }],
      [
        'POST',
        `/meetings/${main}/broadcasts`,
        { message: 'hi', meeting_ids: ['not-a-uuid'] },
        { key: host.key },
      ],
      ['POST', `/meetings/${room1}/help-requests`, { message: 'x'.repeat(501) }, ann],
      ['POST', `/meetings/not-a-uuid/chat`, { message: 'hi' }, { key: host.key }],
      ['GET', `${chat(room1)}?limit=0`, undefined, ann],
    ];
    expect(cases.length).toBeGreaterThanOrEqual(20);
    const d = await db();
    const counts = async () =>
      JSON.stringify([
        await rowsIn(chatMessages),
        await rowsIn(polls),
        await rowsIn(helpRequests),
        (await d.select().from(pollVotes)).length,
      ]);
    const before = await counts();
    for (const [method, path, body, opts] of cases) {
      const res = await api(method, path, { ...opts, ...(body === undefined ? {} : { body }) });
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.success).toBe(false);
      expect(res.body.error?.message.trim()).not.toBe('');
    }
    expect(await counts()).toBe(before);
  });
});
