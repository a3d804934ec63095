import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRESETS,
  describePermissions,
  HOST_PERMISSIONS,
  mergePermissions,
  PARTICIPANT_PERMISSIONS,
  permissionsSchema,
  type Permissions,
} from '@/lib/presets/permissions';

/** What an ordinary participant may do when a preset says nothing: talk, show video, chat, vote. */
const ORDINARY: Permissions = {
  connected_meetings: {
    can_alter_connected_meetings: false,
    can_switch_connected_meetings: false,
    can_switch_to_parent_meeting: false,
  },
  media: {
    audio: { can_produce: 'ALLOWED' },
    video: { can_produce: 'ALLOWED' },
    screenshare: { can_produce: 'NOT_ALLOWED' },
  },
  chat: { public: { can_send: true } },
  polls: { can_create: false, can_vote: true, can_view: true },
  can_record: false,
  kick_participant: false,
  disable_participant_audio: false,
  disable_participant_video: false,
  can_spotlight: false,
  show_participant_list: true,
  hidden_participant: false,
};

describe('the permissions document', () => {
  it('an empty document gets every default of an ordinary participant', () => {
    expect(permissionsSchema.parse({})).toEqual(ORDINARY);
  });

  it('a partial group keeps the defaults of the fields it leaves out', () => {
    const parsed = permissionsSchema.parse({ media: { video: { can_produce: 'NOT_ALLOWED' } }, polls: {} });
    expect(parsed.media).toEqual({ ...ORDINARY.media, video: { can_produce: 'NOT_ALLOWED' } });
    expect(parsed.polls).toEqual(ORDINARY.polls);
  });

  it('the values given are kept as given', () => {
    const input = structuredClone(ORDINARY);
    input.can_record = true;
    input.media.screenshare.can_produce = 'ALLOWED';
    expect(permissionsSchema.parse(input)).toEqual(input);
  });

  it.each([
    ['top level', { can_fly: true }, []],
    ['connected_meetings', { connected_meetings: { can_teleport: true } }, ['connected_meetings']],
    ['media', { media: { hologram: {} } }, ['media']],
    ['media.audio', { media: { audio: { volume: 11 } } }, ['media', 'audio']],
    [
      'media.screenshare',
      { media: { screenshare: { can_produce: 'ALLOWED', fps: 60 } } },
      ['media', 'screenshare'],
    ],
    ['chat', { chat: { secret: { can_send: true } } }, ['chat']],
    ['chat.public', { chat: { public: { can_send: true, can_edit: true } } }, ['chat', 'public']],
    ['polls', { polls: { can_delete: true } }, ['polls']],
  ])('an unknown key at %s is refused', (_where, input, path) => {
    const result = permissionsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', path });
  });

  it.each([
    ['can_produce MAYBE', { media: { audio: { can_produce: 'MAYBE' } } }, ['media', 'audio', 'can_produce']],
    ['can_produce true', { media: { video: { can_produce: true } } }, ['media', 'video', 'can_produce']],
    [
      'can_produce in lower case',
      { media: { video: { can_produce: 'allowed' } } },
      ['media', 'video', 'can_produce'],
    ],
    ['a boolean as "yes"', { can_record: 'yes' }, ['can_record']],
    ['a boolean as "true"', { kick_participant: 'true' }, ['kick_participant']],
    ['a boolean as 1', { polls: { can_vote: 1 } }, ['polls', 'can_vote']],
    ['a boolean as null', { hidden_participant: null }, ['hidden_participant']],
    ['a group as an array', { media: [] }, ['media']],
    ['a group as null', { chat: null }, ['chat']],
    ['a group as a string', { connected_meetings: 'all' }, ['connected_meetings']],
  ])('a wrong type is refused: %s', (_label, input, path) => {
    const result = permissionsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });

  it.each([null, [], 'ALLOWED', 5])('a document that is not an object is refused: %j', (input) => {
    expect(permissionsSchema.safeParse(input).success).toBe(false);
  });
});

describe('default presets', () => {
  it('there are two, host and participant', () => {
    expect(DEFAULT_PRESETS.map((p) => p.name)).toEqual(['host', 'participant']);
    expect(DEFAULT_PRESETS[0]!.permissions).toEqual(HOST_PERMISSIONS);
    expect(DEFAULT_PRESETS[1]!.permissions).toEqual(PARTICIPANT_PERMISSIONS);
  });

  it('host has full access: manage rooms, move between them, share the screen, create polls, record, remove, mute and spotlight people', () => {
    expect(HOST_PERMISSIONS).toEqual({
      ...ORDINARY,
      connected_meetings: {
        can_alter_connected_meetings: true,
        can_switch_connected_meetings: true,
        can_switch_to_parent_meeting: true,
      },
      media: { ...ORDINARY.media, screenshare: { can_produce: 'ALLOWED' } },
      polls: { ...ORDINARY.polls, can_create: true },
      can_record: true,
      kick_participant: true,
      disable_participant_audio: true,
      disable_participant_video: true,
      can_spotlight: true,
    });
  });

  it('participant stays in the room a host puts them in (no switching on their own), and cannot manage rooms, share the screen, record or remove', () => {
    expect(PARTICIPANT_PERMISSIONS).toEqual({
      ...ORDINARY,
      connected_meetings: {
        can_alter_connected_meetings: false,
        can_switch_connected_meetings: false,
        can_switch_to_parent_meeting: false,
      },
    });
  });

  it('both defaults are valid documents that parse to themselves', () => {
    expect(permissionsSchema.parse(HOST_PERMISSIONS)).toEqual(HOST_PERMISSIONS);
    expect(permissionsSchema.parse(PARTICIPANT_PERMISSIONS)).toEqual(PARTICIPANT_PERMISSIONS);
  });
});

describe('mergePermissions', () => {
  it('changes only the fields the patch names and keeps their siblings', () => {
    const merged = mergePermissions(PARTICIPANT_PERMISSIONS, {
      media: { audio: { can_produce: 'NOT_ALLOWED' } },
      polls: { can_create: true },
    });
    const expected = structuredClone(PARTICIPANT_PERMISSIONS);
    expected.media.audio.can_produce = 'NOT_ALLOWED';
    expected.polls.can_create = true;
    expect(merged).toEqual(expected);
  });

  it('does not change the document it starts from', () => {
    const base = structuredClone(HOST_PERMISSIONS);
    mergePermissions(base, { can_record: false, media: { video: { can_produce: 'NOT_ALLOWED' } } });
    expect(base).toEqual(HOST_PERMISSIONS);
  });

  it('an empty patch gives back the same document', () => {
    expect(mergePermissions(HOST_PERMISSIONS, {})).toEqual(HOST_PERMISSIONS);
  });

  it('keeps unknown keys and wrong types so that validating the result refuses them', () => {
    const unknownKey = mergePermissions(PARTICIPANT_PERMISSIONS, { media: { hologram: true } });
    expect(permissionsSchema.safeParse(unknownKey).success).toBe(false);
    const wrongType = mergePermissions(PARTICIPANT_PERMISSIONS, { polls: { can_vote: 'yes' } });
    expect(permissionsSchema.safeParse(wrongType).error?.issues[0]?.path).toEqual(['polls', 'can_vote']);
  });

  it('a patch that puts a value where a group was replaces the group, and validation refuses it', () => {
    const merged = mergePermissions(PARTICIPANT_PERMISSIONS, { chat: null }) as Record<string, unknown>;
    expect(merged.chat).toBeNull();
    expect(permissionsSchema.safeParse(merged).success).toBe(false);
  });
});

describe('describePermissions', () => {
  it('someone who may produce no media is told they listen and watch only', () => {
    const muted = permissionsSchema.parse({
      media: { audio: { can_produce: 'NOT_ALLOWED' }, video: { can_produce: 'NOT_ALLOWED' } },
    });
    expect(describePermissions(muted)).toContain('Listen and watch only');
    expect(describePermissions(PARTICIPANT_PERMISSIONS)).toContain('Use microphone, camera');
  });

  it('only the host preset mentions managing rooms', () => {
    expect(describePermissions(HOST_PERMISSIONS)).toContain('Manage breakout rooms and move anyone');
    expect(describePermissions(PARTICIPANT_PERMISSIONS)).not.toContain(
      'Manage breakout rooms and move anyone',
    );
  });
});
