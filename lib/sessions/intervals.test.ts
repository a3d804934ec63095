import { describe, expect, it } from 'vitest';
import { coveredMs, maxConcurrent, mergeSpans, toMinutes } from './intervals';

describe('session spans', () => {
  it('merges overlapping and touching spans of one person and counts their time once', () => {
    expect(
      mergeSpans([
        { from: 5, to: 8 },
        { from: 0, to: 3 },
        { from: 3, to: 4 },
        { from: 7, to: 10 },
      ]),
    ).toEqual([
      { from: 0, to: 4 },
      { from: 5, to: 10 },
    ]);
    expect(
      coveredMs([
        { from: 0, to: 10 },
        { from: 2, to: 4 },
      ]),
    ).toBe(10);
  });

  it('counts people at once, not connections: two tabs of one person are one, back-to-back stays are not at once', () => {
    const span = (participantId: string, from: number, to: number) => ({
      participantId,
      room: 'r',
      from,
      to,
    });
    expect(maxConcurrent([span('a', 0, 10), span('a', 2, 5), span('b', 10, 20)])).toBe(1);
    expect(maxConcurrent([span('a', 0, 10), span('b', 5, 20), span('c', 9, 11)])).toBe(3);
    expect(maxConcurrent([])).toBe(0);
  });

  it('reports minutes with two decimals', () => {
    expect(toMinutes(1497_000)).toBe(24.95);
    expect(toMinutes(59_000)).toBe(0.98);
  });
});
