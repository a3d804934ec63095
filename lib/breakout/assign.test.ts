import { describe, expect, it } from 'vitest';
import { seeded } from '@/tests/support/prng';
import { assignEvenly, perRoomHint } from './assign';

const people = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`);
const rooms = (n: number) => Array.from({ length: n }, (_, i) => `r${i + 1}`);
const sizes = (m: Map<string, string[]>) => [...m.values()].map((l) => l.length);
/** A stable text form of an assignment, to compare two of them. */
const shape = (m: Map<string, string[]>) => JSON.stringify([...m].map(([r, ps]) => [r, [...ps].sort()]));

const combos = Array.from({ length: 31 }, (_, n) => n).flatMap((n) =>
  Array.from({ length: 12 }, (_, r) => [n, r + 1] as const),
);

describe('assignEvenly', () => {
  it.each(combos)('%i people in %i rooms: room sizes differ by at most one', (n, r) => {
    const out = assignEvenly(people(n), rooms(r), seeded(n * 100 + r));
    const s = sizes(out);
    expect(s).toHaveLength(r);
    expect(Math.max(...s) - Math.min(...s)).toBeLessThanOrEqual(1);
  });

  it.each(combos)('%i people in %i rooms: everyone is assigned exactly once', (n, r) => {
    const out = assignEvenly(people(n), rooms(r), seeded(n * 7 + r));
    const assigned = [...out.values()].flat();
    expect([...assigned].sort()).toEqual([...people(n)].sort());
    expect([...out.keys()]).toEqual(rooms(r));
  });

  it('5 people in 4 rooms is 2/1/1/1, never 2/2/1/0, for every seed tried', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const s = sizes(assignEvenly(people(5), rooms(4), seeded(seed)));
      expect(
        [...s].sort((a, b) => b - a),
        `seed ${seed}`,
      ).toEqual([2, 1, 1, 1]);
    }
  });

  it('different seeds give different assignments (a real shuffle, not a fixed order)', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 50; seed++) seen.add(shape(assignEvenly(people(10), rooms(3), seeded(seed))));
    expect(seen.size).toBeGreaterThan(40);
  });

  it('the same seed gives the same assignment', () => {
    const a = assignEvenly(people(12), rooms(5), seeded(42));
    const b = assignEvenly(people(12), rooms(5), seeded(42));
    expect(shape(a)).toBe(shape(b));
  });

  it('the larger rooms are not always the first ones', () => {
    const bigFirst = new Set<string>();
    for (let seed = 1; seed <= 50; seed++) {
      const out = assignEvenly(people(5), rooms(4), seeded(seed));
      bigFirst.add([...out].find(([, ps]) => ps.length === 2)![0]);
    }
    expect(bigFirst.size).toBe(4);
  });

  it('zero rooms assigns nobody and returns an empty map', () => {
    const out = assignEvenly(people(5), [], seeded(1));
    expect(out.size).toBe(0);
  });

  it('zero people leaves every room empty', () => {
    const out = assignEvenly([], rooms(3), seeded(1));
    expect(sizes(out)).toEqual([0, 0, 0]);
  });

  it('does not change the list it is given', () => {
    const list = people(8);
    const copy = [...list];
    assignEvenly(list, rooms(3), seeded(9));
    expect(list).toEqual(copy);
  });

  it('works with Math.random by default', () => {
    const out = assignEvenly(people(7), rooms(2));
    expect([...sizes(out)].sort()).toEqual([3, 4]);
  });
});

describe('perRoomHint ("about K per room")', () => {
  it.each([
    [10, 3, 3],
    [12, 4, 3],
    [5, 4, 1],
    [7, 2, 4],
    [1, 3, 1],
    [30, 7, 4],
    [100, 100, 1],
  ])('%i people in %i rooms is about %i per room', (n, r, k) => {
    expect(perRoomHint(n, r)).toBe(k);
  });

  it('zero rooms gives no hint (0)', () => {
    expect(perRoomHint(10, 0)).toBe(0);
  });

  it('with at least one person and one room the hint is never 0', () => {
    for (let n = 1; n <= 40; n++) for (let r = 1; r <= 40; r++) expect(perRoomHint(n, r)).toBeGreaterThan(0);
  });

  it('nobody to assign is about 0 per room, not 1', () => {
    expect(perRoomHint(0, 3)).toBe(0);
  });
});
