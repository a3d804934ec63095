import { describe, expect, it } from 'vitest';
import { hasRights, likelyDestination, warmGrant } from './warm';

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
