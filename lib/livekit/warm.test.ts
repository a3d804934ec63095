import { describe, expect, it } from 'vitest';
import { hasRights, likelyDestination, mayWaitWarmIn, selfChoices, warmGrant } from './warm';

const RIGHTLESS = {
  canSubscribe: false,
  canPublish: false,
  canPublishData: false,
  hidden: true,
};

describe('the warm room switch', () => {
  it('names the main meeting as likely only from a breakout room', () => {
    expect(likelyDestination({ currentMeetingId: 'room', mainMeetingId: 'main' })).toBe('main');
    expect(likelyDestination({ currentMeetingId: 'main', mainMeetingId: 'main' })).toBeUndefined();
  });

  it('names the planned room of a draft assignment from the main meeting, and only from there', () => {
    const planned = { mainMeetingId: 'main', plannedRoomId: 'planned' };
    expect(likelyDestination({ currentMeetingId: 'main', ...planned })).toBe('planned');
    expect(likelyDestination({ currentMeetingId: 'room', ...planned })).toBe('main');
  });

  it("names a late joiner's placement from the main meeting, after a draft's assignment and a host's pick", () => {
    const late = { mainMeetingId: 'main', placementRoomId: 'smallest' };
    expect(likelyDestination({ currentMeetingId: 'main', ...late })).toBe('smallest');
    expect(mayWaitWarmIn({ currentMeetingId: 'main', ...late }, 'smallest')).toBe(true);
    expect(mayWaitWarmIn({ currentMeetingId: 'main', ...late }, 'other')).toBe(false);
    expect(likelyDestination({ currentMeetingId: 'main', ...late, plannedRoomId: 'planned' })).toBe(
      'planned',
    );
    expect(likelyDestination({ currentMeetingId: 'main', ...late, pendingRoomId: 'picked' })).toBe('picked');
    expect(likelyDestination({ currentMeetingId: 'room', ...late })).toBe('main');
  });

  it('puts a room a host has picked for them (not moved yet) first, unless they are in it already', () => {
    const pending = { mainMeetingId: 'main', plannedRoomId: 'planned', pendingRoomId: 'r2' };
    expect(likelyDestination({ currentMeetingId: 'main', ...pending })).toBe('r2');
    expect(likelyDestination({ currentMeetingId: 'r1', ...pending })).toBe('r2');
    expect(likelyDestination({ currentMeetingId: 'r2', ...pending })).toBe('main');
    expect(likelyDestination({ currentMeetingId: 'r1', mainMeetingId: 'main', pendingRoomId: 'main' })).toBe(
      'main',
    );
    expect(mayWaitWarmIn({ currentMeetingId: 'r1', ...pending }, 'r2')).toBe(true);
    // One warm connection: the pick replaces the main meeting as the likely room.
    expect(mayWaitWarmIn({ currentMeetingId: 'r1', ...pending }, 'main')).toBe(false);
  });

  it.each([
    ['nothing while the hosts do not let participants choose', false, {}, []],
    ['every open room but their own while the hosts let participants choose', true, {}, ['r2', 'r3']],
    [
      'every open room but their own when the preset may switch rooms',
      false,
      { can_switch_connected_meetings: true },
      ['r2', 'r3'],
    ],
    [
      'every open room but their own when the preset may alter rooms',
      false,
      { can_alter_connected_meetings: true },
      ['r2', 'r3'],
    ],
  ] as const)('lets a participant pick %s', (_name, choosing, permissions, expected) => {
    expect(
      selfChoices({ currentMeetingId: 'r1', openRooms: ['r1', 'r2', 'r3'], choosing, permissions }),
    ).toEqual(expected);
  });

  it('lets a warm connection wait in the likely room or a room the participant may pick, never in their own', () => {
    const inMain = { currentMeetingId: 'main', mainMeetingId: 'main', choices: ['r1', 'r2'] };
    expect(mayWaitWarmIn(inMain, 'r1')).toBe(true);
    expect(mayWaitWarmIn(inMain, 'r3')).toBe(false);
    expect(mayWaitWarmIn(inMain, 'main')).toBe(false);
    expect(mayWaitWarmIn({ ...inMain, plannedRoomId: 'r3' }, 'r3')).toBe(true);
    const inRoom = { currentMeetingId: 'r1', mainMeetingId: 'main', choices: ['r2'] };
    expect(mayWaitWarmIn(inRoom, 'main')).toBe(true);
    expect(mayWaitWarmIn(inRoom, 'r2')).toBe(true);
    expect(mayWaitWarmIn(inRoom, 'r1')).toBe(false);
    expect(mayWaitWarmIn({ ...inRoom, choices: undefined }, 'r2')).toBe(false);
  });

  it('grants a warm connection nothing but joining, hidden', () => {
    expect(warmGrant('main')).toMatchObject({
      room: 'main',
      roomJoin: true,
      canSubscribe: false,
      canPublish: false,
      canPublishData: false,
      canPublishSources: [],
      hidden: true,
    });
    expect(hasRights(RIGHTLESS)).toBe(false);
  });

  it('counts any right, and visibility, as rights', () => {
    expect(hasRights({ ...RIGHTLESS, canSubscribe: true })).toBe(true);
    expect(hasRights({ ...RIGHTLESS, canPublishData: true })).toBe(true);
    expect(hasRights({ ...RIGHTLESS, hidden: false })).toBe(true);
    expect(hasRights(undefined)).toBe(true);
  });
});
