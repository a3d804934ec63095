import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { HOST_PERMISSIONS, PARTICIPANT_PERMISSIONS, permissionsSchema } from '@/lib/presets/permissions';
import { authorizeBreakout, breakoutAbilities, type BreakoutActor, type BreakoutCommand } from './rules';

// The reference's rules (realtimekit-facts §3.2): can_alter_connected_meetings may do everything; without
// it a participant may only move themselves, into a room with can_switch_connected_meetings and to the
// main meeting with can_switch_to_parent_meeting. Every refusal is a 403 naming the missing permission.

const SELF = 'self-participant';
const OTHER = 'other-participant';

const ALTER = 'can_alter_connected_meetings';
const SWITCH = 'can_switch_connected_meetings';
const PARENT = 'can_switch_to_parent_meeting';
/** The code when the preset has no connected-meetings permission at all. */
const NONE = 'connected_meetings';

const participant = (cm: Partial<Record<typeof ALTER | typeof SWITCH | typeof PARENT, boolean>>) =>
  ({
    kind: 'participant',
    participantId: SELF,
    permissions: permissionsSchema.parse({ connected_meetings: cm }),
  }) satisfies BreakoutActor;

const actors = {
  host: { kind: 'host', hostId: 'host-1' } satisfies BreakoutActor,
  'participant with can_alter': participant({ [ALTER]: true }),
  'participant with both switch permissions': participant({ [SWITCH]: true, [PARENT]: true }),
  'participant with only can_switch_connected_meetings': participant({ [SWITCH]: true }),
  'participant with only can_switch_to_parent_meeting': participant({ [PARENT]: true }),
  'participant with no connected-meetings permission': participant({}),
} as const;
type ActorName = keyof typeof actors;

const move = (ids: string[], toParent: boolean, customPreset = false): BreakoutCommand => ({
  kind: 'move',
  participantIds: ids,
  toParent,
  customPreset,
});

const commands = {
  'read the state': { kind: 'read' },
  'create rooms': { kind: 'create' },
  'rename rooms': { kind: 'update' },
  'delete rooms': { kind: 'delete' },
  'close all rooms': { kind: 'close_all' },
  'edit or start the draft': { kind: 'draft' },
  'move self to a room': move([SELF], false),
  'move self to the main meeting': move([SELF], true),
  'move another person to a room': move([OTHER], false),
  'move another person to the main meeting': move([OTHER], true),
  'move self and another person': move([SELF, OTHER], false),
  'move self to a room with a custom preset': move([SELF], false, true),
  'move self to the main meeting with a custom preset': move([SELF], true, true),
  'move another person with a custom preset': move([OTHER], false, true),
} satisfies Record<string, BreakoutCommand>;
type CommandName = keyof typeof commands;

/** `null` = allowed; otherwise the permission the 403 must name. */
type Expected = null | typeof ALTER | typeof SWITCH | typeof PARENT | typeof NONE;

const manage: CommandName[] = [
  'create rooms',
  'rename rooms',
  'delete rooms',
  'close all rooms',
  'edit or start the draft',
];
const custom: CommandName[] = [
  'move self to a room with a custom preset',
  'move self to the main meeting with a custom preset',
  'move another person with a custom preset',
];
const others: CommandName[] = [
  'move another person to a room',
  'move another person to the main meeting',
  'move self and another person',
];

/** The expected outcome of every command for a participant whose self-moves follow `toRoom`/`toMain`. */
function switcher(toRoom: Expected, toMain: Expected): Record<CommandName, Expected> {
  const out = { 'read the state': null } as Record<CommandName, Expected>;
  for (const c of [...manage, ...custom, ...others]) out[c] = ALTER;
  out['move self to a room'] = toRoom;
  out['move self to the main meeting'] = toMain;
  return out;
}

const allowedAll = Object.fromEntries(Object.keys(commands).map((c) => [c, null])) as Record<
  CommandName,
  Expected
>;

const expected: Record<ActorName, Record<CommandName, Expected>> = {
  host: allowedAll,
  'participant with can_alter': allowedAll,
  'participant with both switch permissions': switcher(null, null),
  'participant with only can_switch_connected_meetings': switcher(null, PARENT),
  'participant with only can_switch_to_parent_meeting': switcher(SWITCH, null),
  // As the reference: with no connected-meetings permission at all, every move is refused with that
  // message before looking at who is moved.
  'participant with no connected-meetings permission': {
    ...switcher(NONE, NONE),
    ...Object.fromEntries(others.map((c) => [c, NONE])),
  },
};

const table = (Object.keys(actors) as ActorName[]).flatMap((a) =>
  (Object.keys(commands) as CommandName[]).map((c) => [a, c, expected[a][c]] as const),
);

function outcome(actor: BreakoutActor, command: BreakoutCommand): AppError | null {
  try {
    authorizeBreakout(actor, command);
    return null;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

describe('authorizeBreakout: every command × every kind of caller', () => {
  it('covers every actor and command pair', () => {
    expect(table).toHaveLength(Object.keys(actors).length * Object.keys(commands).length);
  });

  it.each(table.filter(([, , e]) => e === null))('the %s may %s', (a, c) => {
    expect(outcome(actors[a], commands[c])).toBeNull();
  });

  it.each(table.filter(([, , e]) => e !== null))('the %s may not %s: 403 naming %s', (a, c, missing) => {
    const err = outcome(actors[a], commands[c]);
    expect(err).toBeInstanceOf(AppError);
    expect(err?.status).toBe(403);
    expect(err?.code).toBe(`forbidden:${missing}`);
    if (missing === NONE) {
      // No single permission is missing: the message names both that would allow a switch.
      expect(err?.message).toContain(SWITCH);
      expect(err?.message).toContain(PARENT);
    } else {
      expect(err?.message).toContain(missing);
    }
  });
});

describe('authorizeBreakout: the rules in words', () => {
  it('a participant without can_switch_connected_meetings cannot move themselves into a room', () => {
    expect(
      outcome(actors['participant with only can_switch_to_parent_meeting'], move([SELF], false))?.code,
    ).toBe(`forbidden:${SWITCH}`);
  });

  it('a participant without can_switch_to_parent_meeting cannot return to the main meeting', () => {
    expect(
      outcome(actors['participant with only can_switch_connected_meetings'], move([SELF], true))?.code,
    ).toBe(`forbidden:${PARENT}`);
  });

  it('without can_alter_connected_meetings a participant may move only themselves, even with both switches', () => {
    const a = actors['participant with both switch permissions'];
    expect(outcome(a, move([OTHER], false))?.code).toBe(`forbidden:${ALTER}`);
    expect(outcome(a, move([SELF, OTHER], true))?.code).toBe(`forbidden:${ALTER}`);
    expect(outcome(a, move([SELF], false))).toBeNull();
  });

  it('moving yourself with a custom preset needs can_alter_connected_meetings (it would raise your own rights)', () => {
    const a = actors['participant with both switch permissions'];
    expect(outcome(a, move([SELF], false, true))?.code).toBe(`forbidden:${ALTER}`);
  });

  it('reading the state needs no permission at all', () => {
    expect(outcome(actors['participant with no connected-meetings permission'], { kind: 'read' })).toBeNull();
  });

  it('the default presets: host manages everything; a participant stays where a host puts them', () => {
    const host = { kind: 'participant', participantId: SELF, permissions: HOST_PERMISSIONS } as const;
    const plain = { kind: 'participant', participantId: SELF, permissions: PARTICIPANT_PERMISSIONS } as const;
    expect(outcome(host, { kind: 'create' })).toBeNull();
    expect(outcome(host, move([OTHER], false, true))).toBeNull();
    expect(outcome(plain, { kind: 'create' })?.code).toBe(`forbidden:${ALTER}`);
    expect(outcome(plain, move([SELF], false))?.code).toBe('forbidden:connected_meetings');
    expect(outcome(plain, move([SELF], true))?.code).toBe('forbidden:connected_meetings');
  });
});

describe('breakoutAbilities (what the UI offers)', () => {
  it.each([
    ['participant with can_alter', { manage: true, switchRooms: true, returnToMain: true }],
    ['participant with both switch permissions', { manage: false, switchRooms: true, returnToMain: true }],
    [
      'participant with only can_switch_connected_meetings',
      { manage: false, switchRooms: true, returnToMain: false },
    ],
    [
      'participant with only can_switch_to_parent_meeting',
      { manage: false, switchRooms: false, returnToMain: true },
    ],
    [
      'participant with no connected-meetings permission',
      { manage: false, switchRooms: false, returnToMain: false },
    ],
  ] as const)('the %s is offered exactly what the server would allow', (name, abilities) => {
    const actor = actors[name];
    expect(breakoutAbilities(actor.permissions)).toEqual(abilities);
    expect(outcome(actor, { kind: 'create' }) === null).toBe(abilities.manage);
    expect(outcome(actor, move([SELF], false)) === null).toBe(abilities.switchRooms);
    expect(outcome(actor, move([SELF], true)) === null).toBe(abilities.returnToMain);
  });
});

describe('while participants choose (self-select open, destination an open room)', () => {
  const pick = (
    ids: string[],
    toParent = false,
    customPreset = false,
  ): Extract<BreakoutCommand, { kind: 'move' }> => ({
    kind: 'move',
    participantIds: ids,
    toParent,
    customPreset,
    selfSelect: true,
  });
  const none = actors['participant with no connected-meetings permission'];

  it('a participant without any switch permission may move themselves into a room', () => {
    expect(() => authorizeBreakout(none, pick([SELF]))).not.toThrow();
  });

  it('a participant without can_alter still cannot move someone else', () => {
    expect(() => authorizeBreakout(none, pick([OTHER]))).toThrow(AppError);
    expect(() => authorizeBreakout(none, pick([SELF, OTHER]))).toThrow(AppError);
  });

  it('choosing does not open the way back to the main meeting or a custom preset', () => {
    expect(() => authorizeBreakout(none, pick([SELF], true))).toThrow(AppError);
    expect(() => authorizeBreakout(none, pick([SELF], false, true))).toThrow(AppError);
  });

  it('with self-select closed the same move is refused naming can_switch_connected_meetings', () => {
    try {
      authorizeBreakout(none, { ...pick([SELF]), selfSelect: false });
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).code).toBe(`forbidden:${NONE}`);
    }
  });
});
