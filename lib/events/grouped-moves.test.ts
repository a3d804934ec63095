import { describe, expect, it } from 'vitest';
import { expandMove, groupMove, type FullMove } from './grouped-moves';

const preset = (n: number) => ({
  preset_id: `00000000-0000-4000-8000-00000000000${n}`,
  preset_name: n === 1 ? 'participant' : `preset ${n}`,
  custom_preset: n !== 1,
});
const uuid = (i: number) => `6f1c2d3e-4a5b-4c6d-8e7f-${String(i).padStart(12, '0')}`;
const move = (presets: number[]): FullMove => ({
  source_meeting_id: uuid(900_001),
  destination_meeting_id: uuid(900_002),
  participants: presets.map((n, i) => ({ id: uuid(i), ...preset(n) })),
});

describe('grouped moves', () => {
  it('names each preset once, its people in the move order, groups in the order they first appear', () => {
    const grouped = groupMove(move([2, 1, 2, 1, 1]));
    expect(grouped).toEqual({
      source_meeting_id: uuid(900_001),
      destination_meeting_id: uuid(900_002),
      groups: [
        { ...preset(2), participant_ids: [uuid(0), uuid(2)] },
        { ...preset(1), participant_ids: [uuid(1), uuid(3), uuid(4)] },
      ],
    });
  });

  it('expands to the same people with the same presets (in group order), and a one-preset move exactly', () => {
    const mixed = move([2, 1, 2, 1, 1]);
    const back = expandMove(groupMove(mixed));
    expect(back.participants).toHaveLength(5);
    expect([...back.participants].sort((a, b) => a.id.localeCompare(b.id))).toEqual(mixed.participants);
    const one = move([1, 1, 1]);
    expect(expandMove(groupMove(one))).toEqual(one);
    expect(expandMove(one)).toBe(one);
  });

  it('an empty move stays empty', () => {
    expect(groupMove(move([]))).toMatchObject({ groups: [] });
    expect(expandMove(groupMove(move([]))).participants).toEqual([]);
  });

  it('a thousand people with one preset take about a third of the bytes', () => {
    const full = move(Array.from({ length: 1000 }, () => 1));
    const fullBytes = JSON.stringify(full).length;
    const groupedBytes = JSON.stringify(groupMove(full)).length;
    expect(groupedBytes / fullBytes).toBeLessThan(0.4);
    expect(groupedBytes).toBeGreaterThan(1000 * 38); // every id is still there, quoted
  });
});
