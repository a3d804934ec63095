import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { breakoutStates } from '@/db/schema';
import type { BreakoutState } from '@/lib/breakout/reduce';
import {
  api,
  asSeat,
  casesForDriver,
  cmPath,
  createRooms,
  createSwitchPresets,
  eventRows,
  everything,
  expectBreakoutRefusal,
  expectInvariants,
  family,
  getState,
  hostMove,
  newHost,
  type Host,
} from '../support/breakout';
import { ok, presetByName, type RequestOptions } from '../support/rest';

// Bad input is a clear 4xx naming the field at fault and changes nothing; the commands do what the
// reference's connected meetings do.

let owner: Host;
let otherHost: Host;
let hostPresetId: string;

beforeAll(async () => {
  owner = await newHost();
  otherHost = await newHost();
  await createSwitchPresets(owner.key);
  hostPresetId = (await presetByName(owner.key, 'host')).id;
});

/** Ana and Ben in the main meeting, Cat in room 1, room 2 empty, room 3 deleted; another meeting with Dan and a room. */
async function world() {
  const w = await family(owner, { ana: 'switch-both', ben: 'participant', cat: 'participant' }, 3);
  const [r1, r2, closed] = w.rooms as [string, string, string];
  await hostMove(owner.key, w.meetingId, w.meetingId, r1, [w.seats.cat!.id]);
  await ok(200, 'DELETE', cmPath(w.meetingId), { key: owner.key, body: { meeting_ids: [closed] } });
  const other = await family(owner, { dan: 'participant' }, 1, 'Other meeting');
  return {
    ...w,
    r1,
    r2,
    closed,
    ids: { ana: w.seats.ana!.id, ben: w.seats.ben!.id, cat: w.seats.cat!.id },
    other: { meetingId: other.meetingId, room: other.rooms[0]!, dan: other.seats.dan!.id },
  };
}
type World = Awaited<ReturnType<typeof world>>;

const UNKNOWN = '3f0c5b8e-8a43-4c1e-9a55-2f7d1c3e9b10';
const move = (w: World, body: Record<string, unknown>) => ({
  method: 'POST',
  path: cmPath(w.meetingId, '/move'),
  body: {
    source_meeting_id: w.meetingId,
    destination_meeting_id: w.r2,
    participant_ids: [w.ids.ana],
    ...body,
  },
});
const create = (w: World, body: unknown) => ({ method: 'POST', path: cmPath(w.meetingId), body });
const rename = (w: World, body: unknown) => ({ method: 'PATCH', path: cmPath(w.meetingId), body });
const remove = (w: World, body: unknown) => ({ method: 'DELETE', path: cmPath(w.meetingId), body });
const draft = (w: World, body: unknown) => ({ method: 'PUT', path: cmPath(w.meetingId, '/draft'), body });

interface Case {
  request: (w: World) => { method: string; path: string; body?: unknown };
  status: number;
  code: string;
  field?: string;
  /** Set-up done by the owner before the snapshot. */
  prepare?: (w: World) => Promise<unknown>;
}

const title = (t: unknown) => (w: World) => create(w, { meetings: [{ title: t }] });

const cases: Record<string, Case> = {
  // Empty lists
  'creating an empty list of rooms': {
    request: (w) => create(w, { meetings: [] }),
    status: 400,
    code: 'invalid',
    field: 'meetings',
  },
  'renaming an empty list of rooms': {
    request: (w) => rename(w, { meetings: [] }),
    status: 400,
    code: 'invalid',
    field: 'meetings',
  },
  'deleting an empty list of rooms': {
    request: (w) => remove(w, { meeting_ids: [] }),
    status: 400,
    code: 'invalid',
    field: 'meeting_ids',
  },
  'moving an empty list of participants': {
    request: (w) => move(w, { participant_ids: [] }),
    status: 400,
    code: 'invalid',
    field: 'participant_ids',
  },
  'moving an empty list of participants with presets': {
    request: (w) => move(w, { participant_ids: undefined, participants: [] }),
    status: 400,
    code: 'invalid',
    field: 'participant_ids',
  },
  // Duplicates
  'moving the same participant twice in one call': {
    request: (w) => move(w, { participant_ids: [w.ids.ana, w.ids.ana] }),
    status: 400,
    code: 'invalid',
    field: 'participant_ids',
  },
  'moving the same participant twice with presets': {
    request: (w) =>
      move(w, {
        participant_ids: undefined,
        participants: [
          { id: w.ids.ana, preset_id: hostPresetId },
          { id: w.ids.ana, preset_id: hostPresetId },
        ],
      }),
    status: 400,
    code: 'invalid',
    field: 'participant_ids',
  },
  'renaming the same room twice in one call': {
    request: (w) =>
      rename(w, {
        meetings: [
          { id: w.r1, title: 'A' },
          { id: w.r1, title: 'B' },
        ],
      }),
    status: 400,
    code: 'invalid',
    field: 'meetings',
  },
  'deleting the same room twice in one call': {
    request: (w) => remove(w, { meeting_ids: [w.r1, w.r1] }),
    status: 400,
    code: 'invalid',
    field: 'meeting_ids',
  },
  'giving both participant_ids and participants': {
    request: (w) => move(w, { participants: [{ id: w.ids.ben, preset_id: hostPresetId }] }),
    status: 400,
    code: 'invalid',
    field: 'participant_ids',
  },
  // Unknown rooms
  'moving into a room that does not exist': {
    request: (w) => move(w, { destination_meeting_id: UNKNOWN }),
    status: 404,
    code: 'not_found:meeting',
    field: 'destination_meeting_id',
  },
  'moving out of a room that does not exist': {
    request: (w) => move(w, { source_meeting_id: UNKNOWN, destination_meeting_id: w.r1 }),
    status: 404,
    code: 'not_found:meeting',
    field: 'source_meeting_id',
  },
  'renaming a room that does not exist': {
    request: (w) => rename(w, { meetings: [{ id: UNKNOWN, title: 'X' }] }),
    status: 404,
    code: 'not_found:meeting',
    field: 'meetings.0.id',
  },
  'deleting a room that does not exist, next to a real one': {
    request: (w) => remove(w, { meeting_ids: [w.r2, UNKNOWN] }),
    status: 404,
    code: 'not_found:meeting',
    field: 'meeting_ids.1',
  },
  'a room id that is not a UUID': {
    request: (w) => move(w, { destination_meeting_id: 'room-2' }),
    status: 400,
    code: 'invalid',
    field: 'destination_meeting_id',
  },
  // Rooms of another meeting
  "moving into another meeting's room": {
    request: (w) => move(w, { destination_meeting_id: w.other.room }),
    status: 404,
    code: 'not_found:meeting',
    field: 'destination_meeting_id',
  },
  'moving into another main meeting': {
    request: (w) => move(w, { destination_meeting_id: w.other.meetingId }),
    status: 404,
    code: 'not_found:meeting',
    field: 'destination_meeting_id',
  },
  "renaming another meeting's room": {
    request: (w) => rename(w, { meetings: [{ id: w.other.room, title: 'Hijack' }] }),
    status: 404,
    code: 'not_found:meeting',
    field: 'meetings.0.id',
  },
  "deleting another meeting's room": {
    request: (w) => remove(w, { meeting_ids: [w.other.room] }),
    status: 404,
    code: 'not_found:meeting',
    field: 'meeting_ids.0',
  },
  // Closed (deleted) rooms
  'moving into a deleted room': {
    request: (w) => move(w, { destination_meeting_id: w.closed }),
    status: 404,
    code: 'not_found:meeting',
    field: 'destination_meeting_id',
  },
  'renaming a deleted room': {
    request: (w) => rename(w, { meetings: [{ id: w.closed, title: 'Back' }] }),
    status: 404,
    code: 'not_found:meeting',
    field: 'meetings.0.id',
  },
  'deleting a deleted room again': {
    request: (w) => remove(w, { meeting_ids: [w.closed] }),
    status: 404,
    code: 'not_found:meeting',
    field: 'meeting_ids.0',
  },
  // A room's id where the main meeting's belongs
  "reading the state on a breakout room's id": {
    request: (w) => ({ method: 'GET', path: cmPath(w.r1) }),
    status: 404,
    code: 'not_found:meeting',
  },
  "creating rooms on a breakout room's id": {
    request: (w) => ({ method: 'POST', path: cmPath(w.r1), body: { meetings: [{ title: 'Nested' }] } }),
    status: 404,
    code: 'not_found:meeting',
  },
  "moving on a breakout room's id": {
    request: (w) => ({ ...move(w, {}), path: cmPath(w.r1, '/move') }),
    status: 404,
    code: 'not_found:meeting',
  },
  "closing all on a breakout room's id": {
    request: (w) => ({ method: 'POST', path: cmPath(w.r1, '/close-all'), body: {} }),
    status: 404,
    code: 'not_found:meeting',
  },
  // Moves that cannot be
  'moving to the meeting they come from': {
    request: (w) => move(w, { destination_meeting_id: w.meetingId }),
    status: 400,
    code: 'invalid',
    field: 'destination_meeting_id',
  },
  'moving someone who is not in the source room': {
    request: (w) => move(w, { source_meeting_id: w.r1, destination_meeting_id: w.r2 }),
    status: 409,
    code: 'conflict:not_in_source',
    field: 'participants.0',
  },
  'moving a group where one is not in the source room': {
    request: (w) => move(w, { participant_ids: [w.ids.ana, w.ids.cat] }),
    status: 409,
    code: 'conflict:not_in_source',
    field: 'participants.1',
  },
  "moving another meeting's participant": {
    request: (w) => move(w, { participant_ids: [w.ids.ana, w.other.dan] }),
    status: 404,
    code: 'not_found:participant',
    field: 'participants.1',
  },
  'moving a participant who does not exist': {
    request: (w) => move(w, { participant_ids: [UNKNOWN] }),
    status: 404,
    code: 'not_found:participant',
    field: 'participants.0',
  },
  'moving with a preset that does not exist': {
    request: (w) =>
      move(w, { participant_ids: undefined, participants: [{ id: w.ids.ana, preset_id: UNKNOWN }] }),
    status: 400,
    code: 'invalid:preset_id',
    field: 'participants.0.preset_id',
  },
  "moving with another host's preset": {
    prepare: async (w) => {
      const theirs = await presetByName(otherHost.key, 'host');
      Object.assign(w, { theirPreset: theirs.id });
    },
    request: (w) =>
      move(w, {
        participant_ids: undefined,
        participants: [{ id: w.ids.ana, preset_id: (w as World & { theirPreset: string }).theirPreset }],
      }),
    status: 400,
    code: 'invalid:preset_id',
    field: 'participants.0.preset_id',
  },
  // Too many rooms
  'creating more than 100 rooms in one call': {
    request: (w) => create(w, { meetings: Array.from({ length: 101 }, (_, i) => ({ title: `R${i}` })) }),
    status: 400,
    code: 'invalid',
    field: 'meetings',
  },
  'creating rooms past 100 open ones': {
    prepare: (w) => createRooms(owner.key, w.meetingId, 98, 'Bulk'),
    request: (w) => create(w, { meetings: [{ title: 'One too many' }] }),
    status: 400,
    code: 'invalid:too_many_rooms',
    field: 'meetings',
  },
  // Titles
  'an empty title': { request: title(''), status: 400, code: 'invalid', field: 'meetings.0.title' },
  'a title of spaces': { request: title('   '), status: 400, code: 'invalid', field: 'meetings.0.title' },
  'a title over 100 characters': {
    request: title('x'.repeat(101)),
    status: 400,
    code: 'invalid',
    field: 'meetings.0.title',
  },
  'a title that is not a string': {
    request: title(42),
    status: 400,
    code: 'invalid',
    field: 'meetings.0.title',
  },
  'a rename to an empty title': {
    request: (w) => rename(w, { meetings: [{ id: w.r1, title: '' }] }),
    status: 400,
    code: 'invalid',
    field: 'meetings.0.title',
  },
  // Unknown fields
  'an unknown field in a room': {
    request: (w) => create(w, { meetings: [{ title: 'A', color: 'red' }] }),
    status: 400,
    code: 'invalid',
    field: 'meetings.0.color',
  },
  'an unknown field in a move': {
    request: (w) => move(w, { force: true }),
    status: 400,
    code: 'invalid',
    field: 'force',
  },
  'an unknown field in a moved participant': {
    request: (w) =>
      move(w, {
        participant_ids: undefined,
        participants: [{ id: w.ids.ana, preset_id: hostPresetId, x: 1 }],
      }),
    status: 400,
    code: 'invalid',
    field: 'participants.0.x',
  },
  'an unknown field in close-all': {
    request: (w) => ({ method: 'POST', path: cmPath(w.meetingId, '/close-all'), body: { all: true } }),
    status: 400,
    code: 'invalid',
    field: 'all',
  },
  // Drafts
  'a draft assignment to a room key the draft does not have': {
    request: (w) => draft(w, { rooms: [{ key: 'a', title: 'A' }], assignments: { [w.ids.ana]: 'b' } }),
    status: 400,
    code: 'invalid',
    field: 'assignments',
  },
  'a draft with two rooms of the same key': {
    request: (w) =>
      draft(w, {
        rooms: [
          { key: 'a', title: 'A' },
          { key: 'a', title: 'B' },
        ],
        assignments: {},
      }),
    status: 400,
    code: 'invalid',
    field: 'rooms',
  },
  "a draft assigning another meeting's participant": {
    request: (w) => draft(w, { rooms: [{ key: 'a', title: 'A' }], assignments: { [w.other.dan]: 'a' } }),
    status: 404,
    code: 'not_found:participant',
    field: 'assignments',
  },
  'starting an empty draft': {
    request: (w) => ({ method: 'POST', path: cmPath(w.meetingId, '/draft/start'), body: {} }),
    status: 400,
    code: 'invalid:empty_draft',
  },
  // Stale versions
  'a move with a stale expected_version': {
    request: (w) => move(w, { expected_version: 1 }),
    status: 409,
    code: 'conflict:stale_version',
    field: 'expected_version',
  },
  'a create with a stale expected_version': {
    request: (w) => create(w, { meetings: [{ title: 'Late' }], expected_version: 0 }),
    status: 409,
    code: 'conflict:stale_version',
    field: 'expected_version',
  },
  'a close-all with a stale expected_version': {
    request: (w) => ({
      method: 'POST',
      path: cmPath(w.meetingId, '/close-all'),
      body: { expected_version: 2 },
    }),
    status: 409,
    code: 'conflict:stale_version',
    field: 'expected_version',
  },
};

describe('refused input: a clear 4xx naming the field, and nothing changes', () => {
  it.each(casesForDriver(Object.keys(cases)))('%s', async (name) => {
    const c = cases[name]!;
    const w = await world();
    await c.prepare?.(w);
    const { method, path, body } = c.request(w);
    const before = await everything();
    const res = await api(method, path, { key: owner.key, ...(body === undefined ? {} : { body }) });
    expectBreakoutRefusal(res, { status: c.status, code: c.code, field: c.field });
    if (c.field === undefined) expect(res.body.error?.field).toBeUndefined();
    expect(await everything()).toBe(before);
    await expectInvariants(w.meetingId, w.title);
  });

  it('a stale expected_version answers 409 with the current state and its version in data', async () => {
    const w = await world();
    const current = await getState(owner.key, w.meetingId);
    const res = await api('POST', cmPath(w.meetingId, '/move'), {
      key: owner.key,
      body: move(w, { expected_version: current.version - 1 }).body,
    });
    expectBreakoutRefusal(res, { status: 409, code: 'conflict:stale_version', field: 'expected_version' });
    expect(res.body.error?.message).toContain(String(current.version));
    expect((res.body as { data?: BreakoutState }).data).toEqual(current);
  });

  it('the current expected_version is accepted and the answer moves the version on', async () => {
    const w = await world();
    const { version } = await getState(owner.key, w.meetingId);
    await ok(200, 'POST', cmPath(w.meetingId, '/move'), {
      key: owner.key,
      body: move(w, { expected_version: version }).body,
    });
    expect((await getState(owner.key, w.meetingId)).version).toBe(version + 1);
  });
});

const where = (state: BreakoutState, id: string) =>
  [state.parent_meeting, ...state.meetings].find((m) => m.participants.some((p) => p.id === id))?.id;
const call = (opts: RequestOptions, method: string, path: string, body?: unknown) =>
  api(method, path, { ...opts, ...(body === undefined ? {} : { body }) });

describe('what the commands do', () => {
  it('created rooms are live at once: listed open, and a participant can switch into one straight away', async () => {
    const w = await world();
    const data = await ok<{ meetings: Array<{ id: string; title: string }> }>(
      201,
      'POST',
      cmPath(w.meetingId),
      {
        key: owner.key,
        body: { meetings: [{ title: 'Maths' }, { title: 'Art' }] },
      },
    );
    expect(data.meetings.map((m) => m.title)).toEqual(['Maths', 'Art']);
    const state = await getState(owner.key, w.meetingId);
    expect(state.meetings.slice(-2)).toEqual(
      data.meetings.map((m) => ({ id: m.id, title: m.title, status: 'open', participants: [] })),
    );
    const res = await call(asSeat(w.seats.ana!), 'POST', cmPath(w.meetingId, '/move'), {
      source_meeting_id: w.meetingId,
      destination_meeting_id: data.meetings[1]!.id,
      participant_ids: [w.ids.ana],
    });
    expect(res.status).toBe(200);
    expect(where(await getState(owner.key, w.meetingId), w.ids.ana)).toBe(data.meetings[1]!.id);
  });

  it('rooms are listed in the order they were created, the order of the meetings_created events', async () => {
    const w = await world();
    await createRooms(owner.key, w.meetingId, 8, 'Batch');
    await createRooms(owner.key, w.meetingId, 3, 'Later');
    const state = await getState(owner.key, w.meetingId);
    const titles = state.meetings.map((m) => m.title);
    expect(titles).toEqual([
      'Room 1',
      'Room 2',
      ...Array.from({ length: 8 }, (_, i) => `Batch ${i + 1}`),
      ...Array.from({ length: 3 }, (_, i) => `Later ${i + 1}`),
    ]);
    const created = (await eventRows(w.meetingId))
      .filter((e) => e.type === 'meetings_created')
      .flatMap((e) => (e.payload as { meetings: Array<{ id: string }> }).meetings.map((m) => m.id));
    const open = new Set(state.meetings.map((m) => m.id));
    expect(created.filter((id) => open.has(id))).toEqual(state.meetings.map((m) => m.id));
  });

  it('renaming works while people are in the room, and they stay there', async () => {
    const w = await world();
    await ok(200, 'PATCH', cmPath(w.meetingId), {
      key: owner.key,
      body: { meetings: [{ id: w.r1, title: '  Group A  ' }] },
    });
    const room = (await getState(owner.key, w.meetingId)).meetings.find((m) => m.id === w.r1);
    expect(room?.title).toBe('Group A');
    expect(room?.participants.map((p) => p.id)).toEqual([w.ids.cat]);
    await expectInvariants(w.meetingId, w.title);
  });

  it('deleting a room returns its people to the main meeting first, then closes it', async () => {
    const w = await world();
    await hostMove(owner.key, w.meetingId, w.meetingId, w.r1, [w.ids.ana]);
    const res = await ok<{ meetings: Array<{ id: string }> }>(200, 'DELETE', cmPath(w.meetingId), {
      key: owner.key,
      body: { meeting_ids: [w.r1] },
    });
    expect(res.meetings).toEqual([{ id: w.r1 }]);
    const state = await getState(owner.key, w.meetingId);
    expect(state.meetings.map((m) => m.id)).toEqual([w.r2]);
    expect(state.parent_meeting.participants.map((p) => p.id).sort()).toEqual(Object.values(w.ids).sort());
    const types = (await eventRows(w.meetingId)).slice(-2).map((e) => e.type);
    expect(types).toEqual(['participants_moved', 'meetings_deleted']);
    await expectInvariants(w.meetingId, w.title);
  });

  it('close-all returns everyone to the main meeting and leaves no room open', async () => {
    const w = await world();
    await hostMove(owner.key, w.meetingId, w.meetingId, w.r2, [w.ids.ana, w.ids.ben]);
    const res = await ok<{ meetings: Array<{ id: string }> }>(
      200,
      'POST',
      cmPath(w.meetingId, '/close-all'),
      {
        key: owner.key,
      },
    );
    expect(res.meetings.map((m) => m.id).sort()).toEqual([w.r1, w.r2].sort());
    const state = await getState(owner.key, w.meetingId);
    expect(state.meetings).toEqual([]);
    expect(state.parent_meeting.participants).toHaveLength(3);
    await expectInvariants(w.meetingId, w.title);
  });

  it('close-all with no room open succeeds and changes nothing but the version', async () => {
    const w = await world();
    await ok(200, 'POST', cmPath(w.meetingId, '/close-all'), { key: owner.key });
    const state = await getState(owner.key, w.meetingId);
    const again = await ok<{ meetings: unknown[] }>(200, 'POST', cmPath(w.meetingId, '/close-all'), {
      key: owner.key,
    });
    expect(again.meetings).toEqual([]);
    expect(await getState(owner.key, w.meetingId)).toMatchObject({
      parent_meeting: state.parent_meeting,
      meetings: [],
    });
    await expectInvariants(w.meetingId, w.title);
  });

  it('a move with a custom preset changes the rights in the destination; a later plain move clears it', async () => {
    const w = await world();
    const ana = w.seats.ana!;
    const tryCreate = () =>
      call(asSeat(ana), 'POST', cmPath(w.meetingId), { meetings: [{ title: 'By Ana' }] });
    expectBreakoutRefusal(await tryCreate(), { status: 403, code: 'forbidden:can_alter_connected_meetings' });

    await ok(200, 'POST', cmPath(w.meetingId, '/move'), {
      key: owner.key,
      body: {
        source_meeting_id: w.meetingId,
        destination_meeting_id: w.r2,
        participants: [{ id: ana.id, preset_id: hostPresetId }],
      },
    });
    const inRoom = (await getState(owner.key, w.meetingId)).meetings.find((m) => m.id === w.r2)!;
    expect(inRoom.participants).toEqual([expect.objectContaining({ id: ana.id, preset_name: 'host' })]);
    expect((await tryCreate()).status).toBe(201);
    // With host rights in the room, Ana may move someone else.
    const moveCat = await call(asSeat(ana), 'POST', cmPath(w.meetingId, '/move'), {
      source_meeting_id: w.r1,
      destination_meeting_id: w.r2,
      participant_ids: [w.ids.cat],
    });
    expect(moveCat.status).toBe(200);

    await hostMove(owner.key, w.meetingId, w.r2, w.meetingId, [ana.id]);
    const back = (await getState(owner.key, w.meetingId)).parent_meeting.participants.find(
      (p) => p.id === ana.id,
    );
    expect(back?.preset_name).toBe('switch-both');
    const before = await everything();
    expectBreakoutRefusal(await tryCreate(), { status: 403, code: 'forbidden:can_alter_connected_meetings' });
    expect(await everything()).toBe(before);
    await expectInvariants(w.meetingId, w.title);
  });

  it('deleting a room clears the custom preset of the people it sends back', async () => {
    const w = await world();
    await ok(200, 'POST', cmPath(w.meetingId, '/move'), {
      key: owner.key,
      body: {
        source_meeting_id: w.meetingId,
        destination_meeting_id: w.r2,
        participants: [{ id: w.ids.ana, preset_id: hostPresetId }],
      },
    });
    await ok(200, 'DELETE', cmPath(w.meetingId), { key: owner.key, body: { meeting_ids: [w.r2] } });
    const ana = (await getState(owner.key, w.meetingId)).parent_meeting.participants.find(
      (p) => p.id === w.ids.ana,
    );
    expect(ana?.preset_name).toBe('switch-both');
    const res = await call(asSeat(w.seats.ana!), 'POST', cmPath(w.meetingId), {
      meetings: [{ title: 'No' }],
    });
    expect(res.status).toBe(403);
  });
});

describe('the shared draft', () => {
  const aDraft = (w: World) => ({
    rooms: [
      { key: 'a', title: 'Readers' },
      { key: 'b', title: 'Writers' },
    ],
    assignments: { [w.ids.ana]: 'a', [w.ids.ben]: 'b', [w.ids.cat]: 'b' },
  });

  it('a draft saved with the API key is seen by another caller with host rights', async () => {
    const w = await world();
    const unrelated = (await family(owner, {}, 0)).meetingId; // drafts are per meeting
    await ok(200, 'PUT', cmPath(w.meetingId, '/draft'), { key: owner.key, body: aDraft(w) });
    await ok(200, 'POST', cmPath(w.meetingId, '/move'), {
      key: owner.key,
      body: {
        source_meeting_id: w.meetingId,
        destination_meeting_id: w.r2,
        participants: [{ id: w.ids.ben, preset_id: hostPresetId }],
      },
    });
    const seen = await ok<{ draft: unknown; version: number }>(200, 'GET', cmPath(w.meetingId, '/draft'), {
      ...asSeat(w.seats.ben!),
    });
    expect(seen.draft).toEqual(aDraft(w));
    const elsewhere = await ok<{ draft: unknown }>(200, 'GET', cmPath(unrelated, '/draft'), {
      key: owner.key,
    });
    expect(elsewhere.draft).toEqual({ rooms: [], assignments: {} });
  });

  it('the draft is kept in the database, not in memory', async () => {
    const w = await world();
    await ok(200, 'PUT', cmPath(w.meetingId, '/draft'), { key: owner.key, body: aDraft(w) });
    const d = await db();
    const [row] = await d.select().from(breakoutStates).where(eq(breakoutStates.mainMeetingId, w.meetingId));
    expect(row?.draft).toEqual(aDraft(w));
  });

  it('starting the draft creates its rooms and moves everyone assigned in one transaction, then clears it', async () => {
    const w = await world();
    await ok(200, 'PUT', cmPath(w.meetingId, '/draft'), { key: owner.key, body: aDraft(w) });
    const { version } = await getState(owner.key, w.meetingId);
    const started = await ok<{ meetings: Array<{ id: string; title: string }>; moved: number }>(
      200,
      'POST',
      cmPath(w.meetingId, '/draft/start'),
      { key: owner.key },
    );
    expect(started.meetings.map((m) => m.title)).toEqual(['Readers', 'Writers']);
    expect(started.moved).toBe(3);
    const state = await getState(owner.key, w.meetingId);
    const [readers, writers] = started.meetings.map((m) => state.meetings.find((x) => x.id === m.id)!);
    expect(readers!.participants.map((p) => p.id)).toEqual([w.ids.ana]);
    expect(writers!.participants.map((p) => p.id).sort()).toEqual([w.ids.ben, w.ids.cat].sort());
    // One transaction: one version for every event it wrote.
    expect(state.version).toBe(version + 1);
    const written = (await eventRows(w.meetingId))
      .filter((e) => e.version === state.version)
      .map((e) => e.type);
    expect(written[0]).toBe('meetings_created');
    expect(written.at(-1)).toBe('draft_updated');
    expect(written.filter((t) => t === 'participants_moved').length).toBeGreaterThanOrEqual(2);
    const after = await ok<{ draft: unknown }>(200, 'GET', cmPath(w.meetingId, '/draft'), { key: owner.key });
    expect(after.draft).toEqual({ rooms: [], assignments: {} });
    await expectInvariants(w.meetingId, w.title);
  });

  it('a refused start (too many rooms) creates nothing, moves nobody and keeps the draft', async () => {
    const w = await world();
    await createRooms(owner.key, w.meetingId, 97, 'Bulk');
    await ok(200, 'PUT', cmPath(w.meetingId, '/draft'), { key: owner.key, body: aDraft(w) });
    const before = await everything();
    const res = await api('POST', cmPath(w.meetingId, '/draft/start'), { key: owner.key });
    expectBreakoutRefusal(res, { status: 400, code: 'invalid:too_many_rooms', field: 'meetings' });
    expect(await everything()).toBe(before);
  });

  it('someone removed after being assigned is skipped when the draft starts', async () => {
    const w = await world();
    await ok(200, 'PUT', cmPath(w.meetingId, '/draft'), { key: owner.key, body: aDraft(w) });
    await ok(200, 'DELETE', `/meetings/${w.meetingId}/participants/${w.ids.ben}`, { key: owner.key });
    const started = await ok<{ moved: number }>(200, 'POST', cmPath(w.meetingId, '/draft/start'), {
      key: owner.key,
    });
    expect(started.moved).toBe(2);
    await expectInvariants(w.meetingId, w.title);
  });
});
