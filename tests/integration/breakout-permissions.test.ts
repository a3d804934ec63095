import { beforeAll, describe, expect, it } from 'vitest';
import type { BreakoutState } from '@/lib/breakout/reduce';
import {
  api,
  asCookie,
  asSeat,
  casesForDriver,
  cmPath,
  createSwitchPresets,
  everything,
  expectBreakoutRefusal,
  expectInvariants,
  family,
  getState,
  hostMove,
  newHost,
  type Host,
  type Seat,
} from '../support/breakout';
import { ok, presetByName, type RequestOptions } from '../support/rest';

// Every breakout command × every kind of caller, through the real router. Allowed calls succeed and do
// what they say; refused ones answer 403 naming the missing permission (401 without credentials, 404 for
// another host's key) and change nothing at all: no row, no version, no event.

const ALTER = 'can_alter_connected_meetings';
const SWITCH = 'can_switch_connected_meetings';
const PARENT = 'can_switch_to_parent_meeting';

let owner: Host;
let otherHost: Host;
let hostPresetId: string;
let stranger: Seat;

beforeAll(async () => {
  owner = await newHost();
  otherHost = await newHost();
  await createSwitchPresets(owner.key);
  hostPresetId = (await presetByName(owner.key, 'host')).id;
  // The same host's other meeting, with a participant who even has the host preset there.
  stranger = (await family(owner, { stranger: 'host' }, 1, 'Another meeting')).seats.stranger!;
});

const PEOPLE = {
  hostPreset: 'host',
  both: 'switch-both',
  onlySwitch: 'switch-rooms-only',
  onlyParent: 'switch-parent-only',
  none: 'no-switch',
  target: 'participant',
  bystander: 'participant',
  roomie: 'participant',
};
type World = Awaited<ReturnType<typeof family>> & { r1: string; r2: string };

/** A fresh family: everyone in the main meeting except `roomie` in room 2, and a draft for `target`. */
async function world(): Promise<World> {
  const w = await family(owner, PEOPLE, 2);
  const [r1, r2] = w.rooms as [string, string];
  await hostMove(owner.key, w.meetingId, w.meetingId, r2, [w.seats.roomie!.id]);
  await ok(200, 'PUT', cmPath(w.meetingId, '/draft'), {
    key: owner.key,
    body: { rooms: [{ key: 'k1', title: 'Draft room' }], assignments: { [w.seats.target!.id]: 'k1' } },
  });
  return { ...w, r1, r2 };
}

interface Actor {
  opts: (w: World) => RequestOptions;
  /** Whom "themselves" means: their own seat, or `target` for callers without one in this meeting. */
  self: (w: World) => string;
  /** The expected refusal of every command not in `allowed`. */
  refusal: (command: CommandName) => { status: number; code: string; mentions?: string };
  allowed: CommandName[];
}

const seat = (name: keyof typeof PEOPLE) => ({
  opts: (w: World) => asSeat(w.seats[name]!),
  self: (w: World) => w.seats[name]!.id,
});
const missing = (perm: string) => ({ status: 403, code: `forbidden:${perm}`, mentions: perm });

interface Rooms {
  meetings: Array<{ id: string; title: string }>;
}
interface DraftAnswer {
  draft: { rooms: Array<{ key: string; title: string }>; assignments: Record<string, string> };
  version: number;
}

interface Command {
  /** Set-up done by the owner before the "nothing changed" snapshot. */
  prepare?: (w: World, self: string) => Promise<unknown>;
  request: (w: World, self: string) => { method: string; path: string; body?: unknown };
  status: number;
  /** What an allowed call must have done, checked through the owner's view. */
  check: (w: World, self: string, data: unknown, state: BreakoutState) => void | Promise<void>;
}

const move = (w: World, from: string, to: string, ids: string[]) => ({
  method: 'POST',
  path: cmPath(w.meetingId, '/move'),
  body: { source_meeting_id: from, destination_meeting_id: to, participant_ids: ids },
});
const where = (state: BreakoutState, id: string) =>
  [state.parent_meeting, ...state.meetings].find((m) => m.participants.some((p) => p.id === id))?.id;
const everyoneInMain = (w: World, state: BreakoutState) =>
  expect(state.parent_meeting.participants).toHaveLength(Object.keys(PEOPLE).length);

const commands = {
  'read the state': {
    request: (w) => ({ method: 'GET', path: cmPath(w.meetingId) }),
    status: 200,
    check: (w, _s, data) => {
      const read = data as BreakoutState;
      expect(read.parent_meeting.id).toBe(w.meetingId);
      expect(read.meetings.map((m) => m.id)).toEqual([w.r1, w.r2]);
      expect(read.version).toBeGreaterThan(0);
    },
  },
  'create rooms': {
    request: (w) => ({ method: 'POST', path: cmPath(w.meetingId), body: { meetings: [{ title: 'Extra' }] } }),
    status: 201,
    check: (_w, _s, data, state) => {
      expect(state.meetings.map((m) => m.title)).toContain('Extra');
      expect(state.meetings.map((m) => m.id)).toContain((data as Rooms).meetings[0]!.id);
    },
  },
  'rename a room': {
    request: (w) => ({
      method: 'PATCH',
      path: cmPath(w.meetingId),
      body: { meetings: [{ id: w.r1, title: 'Renamed' }] },
    }),
    status: 200,
    check: (w, _s, _d, state) => expect(state.meetings.find((m) => m.id === w.r1)?.title).toBe('Renamed'),
  },
  'delete a room': {
    request: (w) => ({ method: 'DELETE', path: cmPath(w.meetingId), body: { meeting_ids: [w.r2] } }),
    status: 200,
    check: (w, _s, _d, state) => {
      expect(state.meetings.map((m) => m.id)).toEqual([w.r1]);
      expect(where(state, w.seats.roomie!.id)).toBe(w.meetingId);
    },
  },
  'move themselves into a room': {
    request: (w, self) => move(w, w.meetingId, w.r1, [self]),
    status: 200,
    check: (w, self, _d, state) => expect(where(state, self)).toBe(w.r1),
  },
  'move themselves back to the main meeting': {
    prepare: async (w, self) => {
      if (self !== stranger.id) await hostMove(owner.key, w.meetingId, w.meetingId, w.r1, [self]);
    },
    request: (w, self) => move(w, w.r1, w.meetingId, [self]),
    status: 200,
    check: (w, self, _d, state) => expect(where(state, self)).toBe(w.meetingId),
  },
  'move another participant': {
    request: (w) => move(w, w.meetingId, w.r1, [w.seats.bystander!.id]),
    status: 200,
    check: (w, _s, _d, state) => expect(where(state, w.seats.bystander!.id)).toBe(w.r1),
  },
  'move themselves with a custom preset (participants[].preset_id)': {
    request: (w, self) => ({
      method: 'POST',
      path: cmPath(w.meetingId, '/move'),
      body: {
        source_meeting_id: w.meetingId,
        destination_meeting_id: w.r1,
        participants: [{ id: self, preset_id: hostPresetId }],
      },
    }),
    status: 200,
    check: (w, self, _d, state) => {
      const p = state.meetings.find((m) => m.id === w.r1)?.participants.find((x) => x.id === self);
      expect(p?.preset_id).toBe(hostPresetId);
      expect(p?.preset_name).toBe('host');
    },
  },
  'close all rooms': {
    request: (w) => ({ method: 'POST', path: cmPath(w.meetingId, '/close-all'), body: {} }),
    status: 200,
    check: (w, _s, _d, state) => {
      expect(state.meetings).toEqual([]);
      everyoneInMain(w, state);
    },
  },
  'read the draft': {
    request: (w) => ({ method: 'GET', path: cmPath(w.meetingId, '/draft') }),
    status: 200,
    check: (w, _s, data) =>
      expect((data as DraftAnswer).draft).toEqual({
        rooms: [{ key: 'k1', title: 'Draft room' }],
        assignments: { [w.seats.target!.id]: 'k1' },
      }),
  },
  'replace the draft': {
    request: (w) => ({
      method: 'PUT',
      path: cmPath(w.meetingId, '/draft'),
      body: { rooms: [{ key: 'k2', title: 'Replaced' }], assignments: {} },
    }),
    status: 200,
    check: async (w) => {
      const d = await ok<DraftAnswer>(200, 'GET', cmPath(w.meetingId, '/draft'), { key: owner.key });
      expect(d.draft.rooms).toEqual([{ key: 'k2', title: 'Replaced' }]);
    },
  },
  'start the draft': {
    request: (w) => ({ method: 'POST', path: cmPath(w.meetingId, '/draft/start'), body: {} }),
    status: 200,
    check: (w, _s, _d, state) => {
      const room = state.meetings.find((m) => m.title === 'Draft room');
      expect(room?.participants.map((p) => p.id)).toEqual([w.seats.target!.id]);
    },
  },
} satisfies Record<string, Command>;
type CommandName = keyof typeof commands;
const ALL = Object.keys(commands) as CommandName[];

/** For callers allowed everything: never used. */
const manageRefusal = () => missing(ALTER);

const actors: Record<string, Actor> = {
  "the owner's API key": {
    opts: () => ({ key: owner.key }),
    self: (w) => w.seats.target!.id,
    allowed: ALL,
    refusal: manageRefusal,
  },
  'a participant with the host preset': { ...seat('hostPreset'), allowed: ALL, refusal: manageRefusal },
  'a participant with both switch permissions': {
    ...seat('both'),
    allowed: ['read the state', 'move themselves into a room', 'move themselves back to the main meeting'],
    refusal: () => missing(ALTER),
  },
  'a participant with only can_switch_connected_meetings': {
    ...seat('onlySwitch'),
    allowed: ['read the state', 'move themselves into a room'],
    refusal: (c) => missing(c === 'move themselves back to the main meeting' ? PARENT : ALTER),
  },
  'a participant with only can_switch_to_parent_meeting': {
    ...seat('onlyParent'),
    allowed: ['read the state', 'move themselves back to the main meeting'],
    refusal: (c) => missing(c === 'move themselves into a room' ? SWITCH : ALTER),
  },
  'a participant with no switch permission': {
    ...seat('none'),
    allowed: ['read the state'],
    // As the reference: any plain move is refused for having no connected-meetings permission at all.
    refusal: (c) =>
      c.startsWith('move') && !c.includes('custom')
        ? { status: 403, code: 'forbidden:connected_meetings', mentions: SWITCH }
        : missing(ALTER),
  },
  'a participant of another meeting': {
    opts: () => asSeat(stranger),
    self: () => stranger.id,
    allowed: [],
    // Exactly as for a meeting that does not exist.
    refusal: () => ({ status: 404, code: 'not_found:meeting' }),
  },
  'an anonymous caller': {
    opts: () => ({}),
    self: (w) => w.seats.target!.id,
    allowed: [],
    refusal: () => ({ status: 401, code: 'unauthorized' }),
  },
  "another host's API key": {
    opts: () => ({ key: otherHost.key }),
    self: (w) => w.seats.target!.id,
    allowed: [],
    refusal: () => ({ status: 404, code: 'not_found:meeting' }),
  },
};

const cases = Object.entries(actors).flatMap(([actorName, actor]) =>
  ALL.map((c) => [actorName, actor.allowed.includes(c) ? 'may' : 'may not', c] as const),
);

describe('breakout permission matrix', () => {
  it('covers every command for every kind of caller', () => {
    expect(cases).toHaveLength(Object.keys(actors).length * ALL.length);
    expect(cases.filter(([, verdict]) => verdict === 'may')).toHaveLength(2 * ALL.length + 3 + 2 + 2 + 1);
  });

  it.each(casesForDriver(cases))('%s %s %s', async (actorName, verdict, commandName) => {
    const actor = actors[actorName]!;
    const command: Command = commands[commandName];
    const w = await world();
    const self = actor.self(w);
    await command.prepare?.(w, self);
    const { method, path, body } = command.request(w, self);
    const before = await everything();
    const res = await api(method, path, { ...actor.opts(w), ...(body === undefined ? {} : { body }) });

    if (verdict === 'may') {
      expect(res.body.error, JSON.stringify(res.body.error)).toBeUndefined();
      expect(res.status).toBe(command.status);
      expect(res.body.success).toBe(true);
      await command.check(w, self, res.body.data, await getState(owner.key, w.meetingId));
    } else {
      expectBreakoutRefusal(res, actor.refusal(commandName));
      expect(await everything()).toBe(before);
    }
    await expectInvariants(w.meetingId, w.title);
  });
});

describe('the participant cookie gives the same rights as the token', () => {
  it('a participant with both switch permissions moves themselves with their cookie', async () => {
    const w = await world();
    const me = w.seats.both!;
    const res = await api('POST', cmPath(w.meetingId, '/move'), {
      ...asCookie(w.meetingId, me),
      body: { source_meeting_id: w.meetingId, destination_meeting_id: w.r1, participant_ids: [me.id] },
    });
    expect(res.status).toBe(200);
    expect(where(await getState(owner.key, w.meetingId), me.id)).toBe(w.r1);
  });

  it('a participant without can_alter_connected_meetings cannot create rooms with their cookie either', async () => {
    const w = await world();
    const before = await everything();
    const res = await api('POST', cmPath(w.meetingId), {
      ...asCookie(w.meetingId, w.seats.both!),
      body: { meetings: [{ title: 'Nope' }] },
    });
    expectBreakoutRefusal(res, missing(ALTER));
    expect(await everything()).toBe(before);
  });

  it("a cookie carrying another meeting's participant token is refused with 401 and changes nothing", async () => {
    const w = await world();
    const before = await everything();
    const res = await api('POST', cmPath(w.meetingId, '/close-all'), {
      ...asCookie(w.meetingId, stranger),
      body: {},
    });
    expectBreakoutRefusal(res, { status: 401, code: 'unauthorized' });
    expect(await everything()).toBe(before);
  });
});

describe('rights follow the preset that applies where the participant is now', () => {
  it('a participant with no switch permission moved into a room with the host preset can then manage rooms', async () => {
    const w = await world();
    const me = w.seats.none!;
    await ok(200, 'POST', cmPath(w.meetingId, '/move'), {
      key: owner.key,
      body: {
        source_meeting_id: w.meetingId,
        destination_meeting_id: w.r1,
        participants: [{ id: me.id, preset_id: hostPresetId }],
      },
    });
    await ok(201, 'POST', cmPath(w.meetingId), { ...asSeat(me), body: { meetings: [{ title: 'Mine' }] } });
    // A plain move back clears the room preset: their own preset (no switching) applies again.
    await hostMove(owner.key, w.meetingId, w.r1, w.meetingId, [me.id]);
    const before = await everything();
    const res = await api('POST', cmPath(w.meetingId), {
      ...asSeat(me),
      body: { meetings: [{ title: 'Again' }] },
    });
    expectBreakoutRefusal(res, missing(ALTER));
    expect(await everything()).toBe(before);
    await expectInvariants(w.meetingId, w.title);
  });
});
