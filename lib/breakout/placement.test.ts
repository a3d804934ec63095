import { describe, expect, it } from 'vitest';
import { smallestRoomPlan } from './placement';

const at = (s: number) => new Date(Date.UTC(2026, 11, 4, 10, 0, s));
const rooms = [
  { id: 'b', createdAt: at(1) },
  { id: 'a', createdAt: at(1) },
  { id: 'c', createdAt: at(0) },
];

describe('placing late joiners', () => {
  it('fills the smallest room first, one person at a time, ties to the earlier room (then its id)', () => {
    const plan = smallestRoomPlan(
      rooms,
      new Map([
        ['a', 1],
        ['b', 0],
        ['c', 2],
      ]),
      ['p1', 'p2', 'p3', 'p4'],
    );
    expect([...plan]).toEqual([
      ['p1', 'b'],
      ['p2', 'a'],
      ['p3', 'b'],
      ['p4', 'c'],
    ]);
  });

  it('counts a room it has no size for as empty, and places nobody without rooms', () => {
    expect([...smallestRoomPlan(rooms, new Map(), ['p1', 'p2'])]).toEqual([
      ['p1', 'c'],
      ['p2', 'a'],
    ]);
    expect(smallestRoomPlan([], new Map(), ['p1']).size).toBe(0);
  });
});
