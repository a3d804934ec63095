import { describe, expect, it } from 'vitest';
import { hasRights, likelyDestination, permissionOf, WARM_PERMISSION, warmGrant } from './warm';

describe('the warm room switch', () => {
  it('names the main meeting as likely only from a breakout room', () => {
    expect(likelyDestination({ currentMeetingId: 'room', mainMeetingId: 'main' })).toBe('main');
    expect(likelyDestination({ currentMeetingId: 'main', mainMeetingId: 'main' })).toBeUndefined();
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
    expect(hasRights(permissionOf(warmGrant('main')))).toBe(false);
    expect(hasRights(WARM_PERMISSION)).toBe(false);
  });

  it('counts any right, and visibility, as rights', () => {
    expect(hasRights({ ...WARM_PERMISSION, canSubscribe: true })).toBe(true);
    expect(hasRights({ ...WARM_PERMISSION, canPublishData: true })).toBe(true);
    expect(hasRights({ ...WARM_PERMISSION, hidden: false })).toBe(true);
    expect(hasRights(undefined)).toBe(true);
  });
});
