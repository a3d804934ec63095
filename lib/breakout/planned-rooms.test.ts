import { describe, expect, it } from 'vitest';
import { plannedRoomId, plannedRoomOf } from './planned-rooms';

const MAIN = '0b7e3c52-2f0a-4c43-9a55-0d4c8a1b2c3d';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('planned room ids', () => {
  it('are UUIDs fixed by main meeting, draft key and generation', () => {
    const id = plannedRoomId(MAIN, 'r1', 0);
    expect(id).toMatch(UUID);
    expect(plannedRoomId(MAIN, 'r1', 0)).toBe(id);
    expect(plannedRoomId(MAIN, 'r2', 0)).not.toBe(id);
    // A room created since (the generation moved on) plans new ids: a started draft's key reused later
    // never names a room that exists.
    expect(plannedRoomId(MAIN, 'r1', 1)).not.toBe(id);
    expect(plannedRoomId('1b7e3c52-2f0a-4c43-9a55-0d4c8a1b2c3d', 'r1', 0)).not.toBe(id);
  });

  it("names a participant's room only when the draft assigns them to one of its rooms", () => {
    const draft = { rooms: [{ key: 'r1', title: 'Room 1' }], assignments: { ada: 'r1', bo: 'gone' } };
    expect(plannedRoomOf(draft, MAIN, 3, 'ada')).toBe(plannedRoomId(MAIN, 'r1', 3));
    expect(plannedRoomOf(draft, MAIN, 3, 'bo')).toBeUndefined();
    expect(plannedRoomOf(draft, MAIN, 3, 'cy')).toBeUndefined();
    expect(plannedRoomOf(null, MAIN, 3, 'ada')).toBeUndefined();
  });
});
