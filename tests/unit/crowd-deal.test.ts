// How the move benchmark's synthetic crowd is spread over worker processes (scripts/crowd.ts).
import { describe, expect, it } from 'vitest';
import { dealSeats } from '../../scripts/crowd';

const seats = (n: number, apart = 0) =>
  Array.from({ length: n }, (_, i) => ({ id: `s${i}`, ...(i < apart ? { apart: true } : {}) }));
const ids = (shares: Array<Array<{ id: string }>>) => shares.map((share) => share.map((s) => s.id));

describe('dealSeats', () => {
  it('deals everyone out in turn over as few processes as hold at most `per` each', () => {
    expect(ids(dealSeats(seats(5), 2))).toEqual([['s0', 's3'], ['s1', 's4'], ['s2']]);
    expect(ids(dealSeats(seats(48), 20)).map((share) => share.length)).toEqual([16, 16, 16]);
  });

  it("puts the pages' partners (apart) in a process of their own, the others dealt as before", () => {
    const shares = ids(dealSeats(seats(50, 2), 20));
    expect(shares[0]).toEqual(['s0', 's1']);
    expect(shares.slice(1).map((share) => share.length)).toEqual([16, 16, 16]);
    expect(shares.flat().sort()).toEqual(
      seats(50)
        .map((s) => s.id)
        .sort(),
    );
  });

  it('keeps to `per` among those apart too', () => {
    expect(ids(dealSeats(seats(3, 3), 2))).toEqual([['s0', 's2'], ['s1']]);
    expect(dealSeats([], 20)).toEqual([]);
  });
});
