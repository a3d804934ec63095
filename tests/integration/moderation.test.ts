import { eq } from 'drizzle-orm';
import { TokenVerifier } from 'livekit-server-sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { meetings } from '@/db/schema';
import { resetEnvCache } from '@/lib/env';
import {
  api,
  asCookie,
  asSeat,
  createSwitchPresets,
  eventRows,
  everything,
  expectBreakoutRefusal,
  expectInvariants,
  family,
  newHost,
  type Host,
  type Seat,
} from '../support/breakout';
import { createPreset, ok, type RequestOptions } from '../support/rest';

// The moderation endpoints (RealtimeKit's active-session paths) × every kind of caller, through the real
// router: the owner's API key and a participant with the host preset may; a participant without the
// right gets a 403 naming it and nothing changes; another host's key finds no meeting. The media server
// is a closed port here: its calls fail after commit and are only logged, as when a room is empty.

const KEY = 'testkey';
const SECRET = 'test-media-secret-0123456789abcdefghij';

let owner: Host;
let otherHost: Host;

beforeAll(async () => {
  Object.assign(process.env, {
    LIVEKIT_URL: 'ws://127.0.0.1:9',
    LIVEKIT_API_KEY: KEY,
    LIVEKIT_API_SECRET: SECRET,
  });
  resetEnvCache();
  owner = await newHost();
  otherHost = await newHost();
  await createSwitchPresets(owner.key);
  await createPreset(owner.key, { name: 'mute-only', permissions: { disable_participant_audio: true } });
});

const PEOPLE = { chair: 'host', plain: 'participant', muter: 'mute-only', target: 'participant' };
type World = Awaited<ReturnType<typeof family>>;
const fresh = (): Promise<World> => family(owner, PEOPLE, 1, 'Class');
const session = (w: World, rest: string) => `/meetings/${w.meetingId}/active-session/${rest}`;

type Right = 'kick_participant' | 'disable_participant_audio' | 'disable_participant_video' | 'can_spotlight';
interface Command {
  name: string;
  right: Right;
  path: string;
  body: (w: World) => unknown;
}
const COMMANDS: Command[] = [
  {
    name: 'kick',
    right: 'kick_participant',
    path: 'kick',
    body: (w) => ({ participant_ids: [w.seats.target!.id] }),
  },
  { name: 'kick-all', right: 'kick_participant', path: 'kick-all', body: () => ({}) },
  {
    name: 'mute',
    right: 'disable_participant_audio',
    path: 'mute',
    body: (w) => ({ participant_ids: [w.seats.target!.id] }),
  },
  {
    name: 'mute-video',
    right: 'disable_participant_video',
    path: 'mute-video',
    body: (w) => ({ participant_ids: [w.seats.target!.id] }),
  },
  {
    name: 'mute-all',
    right: 'disable_participant_audio',
    path: 'mute-all',
    body: () => ({ allow_unmute: false }),
  },
  {
    name: 'spotlight',
    right: 'can_spotlight',
    path: 'spotlight',
    body: (w) => ({ participant_id: w.seats.target!.id }),
  },
];

const call = (w: World, c: Command, opts: RequestOptions) =>
  api('POST', session(w, c.path), { ...opts, body: c.body(w) });

describe.each(COMMANDS)('$name', (c) => {
  it("the owner's API key may", async () => {
    const w = await fresh();
    const res = await call(w, c, { key: owner.key });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await expectInvariants(w.meetingId, w.title);
  });

  it('a participant with the host preset may, with their token or their cookie', async () => {
    const w = await fresh();
    const viaToken = await call(w, c, asSeat(w.seats.chair!));
    expect(viaToken.status, JSON.stringify(viaToken.body)).toBe(200);
    if (c.name === 'kick-all') return; // the meeting is over now
    const viaCookie = await call(w, c, asCookie(w.meetingId, w.seats.chair!));
    expect(viaCookie.status, JSON.stringify(viaCookie.body)).toBe(200);
  });

  it(`a participant without ${c.right} is refused with 403 naming it, and nothing changes`, async () => {
    const w = await fresh();
    const before = await everything();
    const refuse = async (seat: Seat) =>
      expectBreakoutRefusal(await call(w, c, asSeat(seat)), {
        status: 403,
        code: `forbidden:${c.right}`,
        mentions: c.right,
      });
    await refuse(w.seats.plain!);
    if (c.right !== 'disable_participant_audio') await refuse(w.seats.muter!);
    expect(await everything()).toBe(before);
  });

  it("another host's key finds no meeting (404) and nothing changes; no credentials is a 401", async () => {
    const w = await fresh();
    const before = await everything();
    expectBreakoutRefusal(await call(w, c, { key: otherHost.key }), {
      status: 404,
      code: 'not_found:meeting',
    });
    expectBreakoutRefusal(await call(w, c, {}), { status: 401, code: 'unauthorized' });
    expect(await everything()).toBe(before);
  });
});

describe('what each command does', () => {
  const typesOf = async (w: World) => (await eventRows(w.meetingId)).map((e) => e.type);
  const token = async (seat: Seat, meetingId: string) =>
    api('POST', '/livekit/token', { ...asCookie(meetingId, seat), body: { meeting_id: meetingId } });
  const micGranted = async (seat: Seat, meetingId: string) => {
    const res = await token(seat, meetingId);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const claims = await new TokenVerifier(KEY, SECRET).verify(res.body.data.token);
    // Tokens name sources in words ("microphone").
    return (claims.video?.canPublishSources ?? []).map(String).includes('microphone');
  };

  it('kick tells the pages and leaves the link working; remove_from_meeting deletes the seat too', async () => {
    const w = await fresh();
    const { target, plain } = w.seats;
    const kicked = await ok<{ participant_ids: string[]; removed_from_meeting: boolean }>(
      200,
      'POST',
      session(w, 'kick'),
      { key: owner.key, body: { participant_ids: [target!.id] } },
    );
    expect(kicked).toEqual({ participant_ids: [target!.id], removed_from_meeting: false });
    const rows = await eventRows(w.meetingId);
    expect(rows.at(-1)).toMatchObject({
      type: 'participants_kicked',
      payload: { participant_ids: [target!.id], removed_from_meeting: false },
    });
    expect((await token(target!, w.meetingId)).status).toBe(200);

    await ok(200, 'POST', session(w, 'kick'), {
      ...asSeat(w.seats.chair!),
      body: { participant_ids: [plain!.id], remove_from_meeting: true },
    });
    expect((await typesOf(w)).slice(-2)).toEqual(['participants_kicked', 'participant_removed']);
    expect((await token(plain!, w.meetingId)).status).toBe(401);
    await expectInvariants(w.meetingId, w.title);
  });

  it('kick names people by custom id, and refuses unknown ids and an empty list, naming the field', async () => {
    const w = await fresh();
    await ok(201, 'POST', `/meetings/${w.meetingId}/participants`, {
      key: owner.key,
      body: { name: 'Crm person', preset_name: 'participant', custom_participant_id: 'crm-42' },
    });
    const res = await ok<{ participant_ids: string[] }>(200, 'POST', session(w, 'kick'), {
      key: owner.key,
      body: { custom_participant_ids: ['crm-42'] },
    });
    expect(res.participant_ids).toHaveLength(1);
    const before = await everything();
    const refused = [
      [{ participant_ids: [] }, 400, 'invalid', 'participant_ids'],
      [
        { participant_ids: ['00000000-0000-4000-8000-000000000000'] },
        404,
        'not_found:participant',
        'participant_ids',
      ],
      [{ custom_participant_ids: ['nobody'] }, 404, 'not_found:participant', 'custom_participant_ids'],
      [{ participant_ids: ['not-a-uuid'] }, 400, 'invalid', 'participant_ids.0'],
    ] as const;
    for (const [body, status, code, field] of refused) {
      expectBreakoutRefusal(await api('POST', session(w, 'kick'), { key: owner.key, body }), {
        status,
        code,
        field,
      });
    }
    expect(await everything()).toBe(before);
  });

  it('kick-all ends the meeting and every room: inactive, no tokens, no chat, one meeting_ended event', async () => {
    const w = await fresh();
    await ok(200, 'POST', `/meetings/${w.rooms[0]}/active-session/kick-all`, asSeat(w.seats.chair!));
    const d = await db();
    const rows = await d
      .select({ status: meetings.status })
      .from(meetings)
      .where(eq(meetings.id, w.rooms[0]!));
    expect(rows[0]?.status).toBe('INACTIVE');
    const main = await ok<{ status: string }>(200, 'GET', `/meetings/${w.meetingId}`, { key: owner.key });
    expect(main.status).toBe('INACTIVE');
    expect((await typesOf(w)).filter((t) => t === 'meeting_ended')).toHaveLength(1);
    expectBreakoutRefusal(await token(w.seats.target!, w.meetingId), {
      status: 403,
      code: 'forbidden:meeting_inactive',
    });
    expectBreakoutRefusal(
      await api('POST', `/meetings/${w.meetingId}/chat`, {
        ...asSeat(w.seats.target!),
        body: { message: 'anyone there?' },
      }),
      { status: 403, code: 'forbidden:meeting_inactive' },
    );
    // Muting in an ended meeting is refused.
    expectBreakoutRefusal(
      await api('POST', session(w, 'mute'), {
        key: owner.key,
        body: { participant_ids: [w.seats.target!.id] },
      }),
      { status: 403, code: 'forbidden:meeting_inactive' },
    );
  });

  it('deactivating a running meeting ends its session as kick-all does: rooms inactive, pages told', async () => {
    const w = await fresh();
    await ok(200, 'PATCH', `/meetings/${w.meetingId}`, { key: owner.key, body: { status: 'INACTIVE' } });
    expect((await typesOf(w)).filter((t) => t === 'meeting_ended')).toHaveLength(1);
    const d = await db();
    const [room] = await d.select().from(meetings).where(eq(meetings.id, w.rooms[0]!));
    expect(room?.status).toBe('INACTIVE');
    // Deactivating again tells nobody anything new.
    await ok(200, 'PATCH', `/meetings/${w.meetingId}`, { key: owner.key, body: { status: 'INACTIVE' } });
    expect((await typesOf(w)).filter((t) => t === 'meeting_ended')).toHaveLength(1);
  });

  it('mute-all without allow_unmute takes the microphone from participants’ tokens, not from moderators’; allowing gives it back', async () => {
    const w = await fresh();
    expect(await micGranted(w.seats.target!, w.meetingId)).toBe(true);
    await ok(200, 'POST', session(w, 'mute-all'), {
      ...asSeat(w.seats.muter!),
      body: { allow_unmute: false },
    });
    expect((await eventRows(w.meetingId)).at(-1)).toMatchObject({
      type: 'all_muted',
      roomId: w.meetingId,
      payload: { meeting_id: w.meetingId, allow_unmute: false, by: w.seats.muter!.id },
    });
    expect(await micGranted(w.seats.target!, w.meetingId)).toBe(false);
    expect(await micGranted(w.seats.muter!, w.meetingId)).toBe(true);
    expect(await micGranted(w.seats.chair!, w.meetingId)).toBe(true);
    await ok(200, 'POST', session(w, 'mute-all'), { key: owner.key, body: { allow_unmute: true } });
    expect(await micGranted(w.seats.target!, w.meetingId)).toBe(true);
  });

  it('spotlight is kept per meeting, sent to that meeting, cleared with null, and names a person of this meeting', async () => {
    const w = await fresh();
    const target = w.seats.target!.id;
    await ok(200, 'POST', session(w, 'spotlight'), { key: owner.key, body: { participant_id: target } });
    const d = await db();
    const read = async () =>
      (await d.select().from(meetings).where(eq(meetings.id, w.meetingId)))[0]!.spotlightParticipantId;
    expect(await read()).toBe(target);
    expect((await eventRows(w.meetingId)).at(-1)).toMatchObject({
      type: 'spotlight_changed',
      roomId: w.meetingId,
      payload: { meeting_id: w.meetingId, participant_id: target },
    });
    const stranger = (await family(owner, { someone: 'participant' })).seats.someone!.id;
    expectBreakoutRefusal(
      await api('POST', session(w, 'spotlight'), { key: owner.key, body: { participant_id: stranger } }),
      { status: 404, code: 'not_found:participant', field: 'participant_id' },
    );
    // Removing the spotlighted person clears it.
    await ok(200, 'POST', session(w, 'kick'), {
      key: owner.key,
      body: { participant_ids: [target], remove_from_meeting: true },
    });
    expect(await read()).toBeNull();
    await ok(200, 'POST', session(w, 'spotlight'), { key: owner.key, body: { participant_id: null } });
  });
});
