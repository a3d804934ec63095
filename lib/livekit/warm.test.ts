import { describe, expect, it } from 'vitest';
import { hasRights, likelyDestination, seatOfWarmIdentity, warmGrant, warmIdentity } from './warm';

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

  it('names warm connections apart from the seat, and finds the seat back', () => {
    const seat = '0b7e3c52-2f0a-4c43-9a55-0d4c8a1b2c3d';
    const a = warmIdentity(seat);
    expect(a).toMatch(/^warm-0b7e3c52-2f0a-4c43-9a55-0d4c8a1b2c3d-[0-9a-f]{12}$/);
    expect(warmIdentity(seat)).not.toBe(a);
    expect(seatOfWarmIdentity(a)).toBe(seat);
    for (const other of [
      seat,
      `warm-${seat}`,
      `warm-${seat}-`,
      `warm-${seat}-x!`,
      `rec-${seat}`,
      'warm-x-123456789',
    ])
      expect(seatOfWarmIdentity(other)).toBeUndefined();
  });
});
