import { describe, expect, it } from 'vitest';
import { compactMove, expandMove, groupMove, movesPerson, type FullMove } from './grouped-moves';

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
    const back = expandMove(groupMove(mixed))!;
    expect(back.participants).toHaveLength(5);
    expect([...back.participants].sort((a, b) => a.id.localeCompare(b.id))).toEqual(mixed.participants);
    const one = move([1, 1, 1]);
    expect(expandMove(groupMove(one))).toEqual(one);
    expect(expandMove(one)).toBe(one);
  });

  it('an empty move stays empty', () => {
    expect(groupMove(move([]))).toMatchObject({ groups: [] });
    expect(expandMove(groupMove(move([])))!.participants).toEqual([]);
  });

  it('a thousand people with one preset take about a third of the bytes', () => {
    const full = move(Array.from({ length: 1000 }, () => 1));
    const fullBytes = JSON.stringify(full).length;
    const groupedBytes = JSON.stringify(groupMove(full)).length;
    expect(groupedBytes / fullBytes).toBeLessThan(0.4);
    expect(groupedBytes).toBeGreaterThan(1000 * 38); // every id is still there, quoted
  });

  it('compact: the largest group counts its people; the others named are kept as they were', () => {
    const mixed = move([2, 1, 2, 1, 1]);
    expect(compactMove(groupMove(mixed))).toEqual({
      source_meeting_id: uuid(900_001),
      destination_meeting_id: uuid(900_002),
      groups: [
        { ...preset(2), participant_ids: [uuid(0), uuid(2)] },
        { ...preset(1), others_in_source: 3 },
      ],
    });
    // Of equal groups, the first.
    expect(compactMove(groupMove(move([1, 2]))).groups).toEqual([
      { ...preset(1), others_in_source: 1 },
      { ...preset(2), participant_ids: [uuid(1)] },
    ]);
  });

  it('a compact move expands to who was in the source meeting, as the subscriber knows it', () => {
    const mixed = move([2, 1, 2, 1, 1]);
    const compact = compactMove(groupMove(mixed));
    // The subscriber's roster of the source, in its own order, names the listed people too.
    const roster = [uuid(4), uuid(0), uuid(3), uuid(2), uuid(1)];
    const inSource = (id: string) => (id === uuid(900_001) ? roster : []);
    const back = expandMove(compact, inSource)!;
    expect(back.participants.map((p) => p.id)).toEqual([uuid(0), uuid(2), uuid(4), uuid(3), uuid(1)]);
    const byId = (m: FullMove) => [...m.participants].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(back)).toEqual(mixed.participants);
  });

  it('a compact move whose count differs from the subscriber’s roster, or without one, does not expand', () => {
    const compact = compactMove(groupMove(move([1, 1, 1])));
    expect(expandMove(compact)).toBeUndefined();
    expect(expandMove(compact, () => undefined)).toBeUndefined();
    // Someone the subscriber thinks is still there (one too many), or someone missing.
    expect(expandMove(compact, () => [uuid(0), uuid(1), uuid(2), uuid(3)])).toBeUndefined();
    expect(expandMove(compact, () => [uuid(0), uuid(1)])).toBeUndefined();
    expect(expandMove(compact, () => [uuid(2), uuid(1), uuid(0)])!.participants).toHaveLength(3);
  });

  it('a subscriber who knows only where they are tells whether a move takes them', () => {
    const grouped = groupMove(move([2, 1, 1]));
    const compact = compactMove(grouped);
    expect(movesPerson(grouped, uuid(1))).toBe(true);
    expect(movesPerson(grouped, uuid(7), uuid(900_001))).toBe(false);
    expect(movesPerson(compact, uuid(0), 'elsewhere')).toBe(true); // named in a group
    expect(movesPerson(compact, uuid(1), uuid(900_001))).toBe(true); // one of the others
    expect(movesPerson(compact, uuid(1), uuid(900_002))).toBe(false); // not in the source
    expect(movesPerson(move([1]), uuid(0))).toBe(true);
  });

  it('everyone but a few: compact, naming who stays; expands to the rest of the roster', () => {
    const mixed = move([1, 1, 2, 1]);
    // The subscriber's roster of the source: the four moved and two who stay.
    const roster = [uuid(50), uuid(3), uuid(2), uuid(1), uuid(0), uuid(51)];
    const compact = compactMove(groupMove(mixed), [uuid(50), uuid(51)]);
    expect(compact.groups).toEqual([
      { ...preset(1), others_in_source: 3, staying_ids: [uuid(50), uuid(51)] },
      { ...preset(2), participant_ids: [uuid(2)] },
    ]);
    const back = expandMove(compact, (id) => (id === uuid(900_001) ? roster : []))!;
    const byId = (m: FullMove) => [...m.participants].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(back)).toEqual(mixed.participants);
    // A roster with someone more than the move counts, or one missing: start over.
    expect(expandMove(compact, () => [...roster, uuid(52)])).toBeUndefined();
    expect(expandMove(compact, () => roster.filter((id) => id !== uuid(3)))).toBeUndefined();
    // Those who stay are not moved; the others are.
    expect(movesPerson(compact, uuid(50), uuid(900_001))).toBe(false);
    expect(movesPerson(compact, uuid(3), uuid(900_001))).toBe(true);
    expect(movesPerson(compact, uuid(2), 'elsewhere')).toBe(true);
  });

  it('stays named when those who stay are no fewer than its largest group', () => {
    const grouped = groupMove(move([1, 1]));
    expect(compactMove(grouped, [uuid(50), uuid(51)])).toEqual(grouped);
    expect(compactMove(grouped, [uuid(50)]).groups).toEqual([
      { ...preset(1), others_in_source: 2, staying_ids: [uuid(50)] },
    ]);
  });

  it('a thousand people leaving a room, compact, is a few hundred bytes', () => {
    const full = move(Array.from({ length: 1000 }, () => 1));
    expect(JSON.stringify(compactMove(groupMove(full))).length).toBeLessThan(300);
  });
});
