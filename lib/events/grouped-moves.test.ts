import { describe, expect, it } from 'vitest';
import {
  bitsMove,
  bitsPayOff,
  BITS_FROM,
  compactMove,
  expandMove,
  fromSourceBits,
  groupMove,
  movesPerson,
  sourceBits,
  type FullMove,
} from './grouped-moves';

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

  it('bits: one per person of the roster in the order of their ids, high bit first, whatever order given', () => {
    const roster = [uuid(9), uuid(3), uuid(0), uuid(5), uuid(1), uuid(7), uuid(2), uuid(4), uuid(8), uuid(6)];
    const bits = sourceBits(roster, new Set([uuid(0), uuid(2), uuid(8)]));
    // Sorted: 0..9; bits 0, 2 and 8 set: 1010 0000, 1000 0000.
    expect([...atob(bits)].map((c) => c.charCodeAt(0))).toEqual([0b1010_0000, 0b1000_0000]);
    expect(fromSourceBits([...roster].reverse(), bits)).toEqual([uuid(0), uuid(2), uuid(8)]);
    // A roster of another length, or a bit set past its end, does not fit.
    expect(fromSourceBits(roster.slice(0, 8), bits)).toBeUndefined();
    expect(fromSourceBits(roster.slice(0, 9), sourceBits(roster, new Set([uuid(9)])))).toBeUndefined();
    expect(fromSourceBits(roster, 'not base64!')).toBeUndefined();
    // Nine people where the bits were over ten: the same two bytes, but not the same people.
    expect(fromSourceBits(roster.slice(1), bits, 10)).toBeUndefined();
  });

  it('half of a large meeting as bits: a few hundred characters, expanding to the same people', () => {
    // 2,000 people in the source; 1,000 of them move with one preset and 3 with another.
    const roster = Array.from({ length: 2000 }, (_, i) => uuid((i * 7919) % 2000));
    const full: FullMove = {
      source_meeting_id: uuid(900_001),
      destination_meeting_id: uuid(900_002),
      participants: [
        ...Array.from({ length: 1000 }, (_, i) => ({ id: uuid(2 * i), ...preset(1) })),
        ...[1, 3, 5].map((i) => ({ id: uuid(i), ...preset(2) })),
      ],
    };
    const grouped = groupMove(full);
    const bits = sourceBits(roster, new Set(full.participants.slice(0, 1000).map((p) => p.id)));
    const sent = bitsMove(grouped, bits, 2000);
    expect(sent.groups).toEqual([
      { ...preset(1), others_in_source: 1000, source_bits: bits, source_size: 2000 },
      { ...preset(2), participant_ids: [uuid(1), uuid(3), uuid(5)] },
    ]);
    expect(JSON.stringify(sent).length).toBeLessThan(1000);
    expect(JSON.stringify(grouped).length).toBeGreaterThan(1000 * 38);
    const inSource = (id: string) => (id === uuid(900_001) ? roster : undefined);
    const back = expandMove(sent, inSource)!;
    const byId = (m: FullMove) => [...m.participants].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(back)).toEqual(byId(full));
    // Whether it takes someone needs the roster: without it, nobody can tell.
    expect(movesPerson(sent, uuid(2), uuid(900_001), inSource)).toBe(true);
    expect(movesPerson(sent, uuid(7), uuid(900_001), inSource)).toBe(false);
    expect(movesPerson(sent, uuid(3), 'elsewhere', inSource)).toBe(true); // named
    expect(movesPerson(sent, uuid(2), uuid(900_002), inSource)).toBe(false); // not in the source
    expect(movesPerson(sent, uuid(2), uuid(900_001))).toBeUndefined();
    // A roster that has drifted (someone missing, or one more) does not expand.
    expect(expandMove(sent, () => roster.slice(1))).toBeUndefined();
    expect(expandMove(sent, () => [...roster, uuid(5000)])).toBeUndefined();
    expect(expandMove(sent)).toBeUndefined();
  });

  it('bits are sent only for a large group, and only when shorter than the ids named otherwise', () => {
    expect(bitsPayOff(2000, 1000, 1000)).toBe(true); // half: a thousand ids either way
    expect(bitsPayOff(2000, 1999, 1)).toBe(false); // everyone but one: one id staying
    expect(bitsPayOff(2000, 1000, 0)).toBe(false); // nobody left: no id at all
    expect(bitsPayOff(200, BITS_FROM - 1, BITS_FROM - 1)).toBe(false); // a small group keeps its ids
    expect(bitsPayOff(200, BITS_FROM, BITS_FROM)).toBe(true);
    expect(bitsPayOff(100_000, 100, 100)).toBe(false); // 16.7 KB of bits against 3.9 KB of ids
  });
});
