import { describe, expect, it } from 'vitest';
import {
  addRooms,
  assign,
  deleteRoom,
  emptyDraft,
  fillEvenly,
  groupByRoom,
  remember,
  spreadPlan,
  undoStep,
  nextRoomTitles,
  renameRoom,
  withoutGone,
} from './draft';

let n = 0;
const key = () => `k${++n}`;

describe('draft changes', () => {
  it('numbers new rooms after the highest "Room N", ignoring renamed rooms', () => {
    expect(nextRoomTitles([], 2)).toEqual(['Room 1', 'Room 2']);
    expect(nextRoomTitles(['Room 1', 'Design', 'Room 4'], 1)).toEqual(['Room 5']);
  });

  it('adds rooms with unique keys', () => {
    const d = addRooms(addRooms(emptyDraft(), 2, key), 1, key);
    expect(d.rooms.map((r) => r.title)).toEqual(['Room 1', 'Room 2', 'Room 3']);
    expect(new Set(d.rooms.map((r) => r.key)).size).toBe(3);
  });

  it('renames one room only', () => {
    const d = addRooms(emptyDraft(), 2, key);
    const renamed = renameRoom(d, d.rooms[1]!.key, 'Design');
    expect(renamed.rooms.map((r) => r.title)).toEqual(['Room 1', 'Design']);
  });

  it('deleting a room unassigns the people in it and nobody else', () => {
    const d0 = addRooms(emptyDraft(), 2, key);
    const [a, b] = d0.rooms.map((r) => r.key);
    const d = assign(assign(d0, ['p1', 'p2'], a), ['p3'], b);
    const after = deleteRoom(d, a!);
    expect(after.rooms.map((r) => r.key)).toEqual([b]);
    expect(after.assignments).toEqual({ p3: b });
  });

  it('assigning to an unknown room changes nothing; undefined unassigns', () => {
    const d0 = addRooms(emptyDraft(), 1, key);
    const d = assign(d0, ['p1'], d0.rooms[0]!.key);
    expect(assign(d, ['p2'], 'nope')).toBe(d);
    expect(assign(d, ['p1'], undefined).assignments).toEqual({});
  });

  it('assigning evenly spreads everyone over every room, sizes differing by at most one', () => {
    const d0 = addRooms(emptyDraft(), 4, key);
    const people = ['a', 'b', 'c', 'd', 'e'];
    const d = fillEvenly(
      d0,
      people.map((id) => ({ id, present: true })),
    );
    const { byRoom, unassigned } = groupByRoom(d, people);
    expect(unassigned).toEqual([]);
    expect([...byRoom.values()].map((l) => l.length).sort()).toEqual([1, 1, 1, 2]);
  });

  it('forgets assignments of people who left the meeting', () => {
    const d0 = addRooms(emptyDraft(), 1, key);
    const d = assign(d0, ['stay', 'gone'], d0.rooms[0]!.key);
    expect(Object.keys(withoutGone(d, new Set(['stay'])).assignments)).toEqual(['stay']);
    expect(withoutGone(d, new Set(['stay', 'gone']))).toBe(d);
  });
});

describe('assign evenly at random', () => {
  const people = (present: string[], absent: string[] = []) => [
    ...present.map((id) => ({ id, present: true })),
    ...absent.map((id) => ({ id, present: false })),
  ];
  const sizes = (d: ReturnType<typeof emptyDraft>, ids: string[]) =>
    [...groupByRoom(d, ids).byRoom.values()].map((l) => l.length);

  it('fills only the people without a room and keeps every manual assignment', () => {
    const d0 = addRooms(emptyDraft(), 2, key);
    const [a, b] = d0.rooms.map((r) => r.key);
    const manual = assign(d0, ['p1'], b);
    const d = fillEvenly(manual, people(['p1', 'p2', 'p3', 'p4']));
    expect(d.assignments.p1).toBe(b);
    expect(Object.keys(d.assignments).sort()).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(sizes(d, ['p1', 'p2', 'p3', 'p4']).sort()).toEqual([2, 2]);
    expect(a).toBeDefined();
  });

  it('evens the rooms out around the assignments already made', () => {
    const d0 = addRooms(emptyDraft(), 2, key);
    const [a, b] = d0.rooms.map((r) => r.key);
    const manual = assign(d0, ['p1', 'p2'], a);
    const d = fillEvenly(manual, people(['p1', 'p2', 'p3', 'p4']));
    expect([d.assignments.p3, d.assignments.p4]).toEqual([b, b]);
  });

  it('places only people who are connected unless absent ones are included', () => {
    const d0 = addRooms(emptyDraft(), 2, key);
    const who = people(['p1', 'p2', 'p3'], ['gone', 'never']);
    const d = fillEvenly(d0, who);
    expect(Object.keys(d.assignments).sort()).toEqual(['p1', 'p2', 'p3']);
    const all = fillEvenly(d0, who, { includeAbsent: true });
    expect(Object.keys(all.assignments).sort()).toEqual(['gone', 'never', 'p1', 'p2', 'p3']);
  });

  it('leaves no room without a present person when there are at least as many present people as rooms', () => {
    for (let seed = 0; seed < 200; seed++) {
      const d0 = addRooms(emptyDraft(), 3, key);
      const who = people(['p1', 'p2', 'p3'], ['gone']);
      const random = mulberry(seed);
      const d = fillEvenly(d0, who, {}, random);
      for (const r of d.rooms) {
        expect(who.some((p) => p.present && d.assignments[p.id] === r.key)).toBe(true);
      }
    }
  });

  it('redo all replaces the earlier assignments (the plan counts them) and unassigns absent people', () => {
    const d0 = addRooms(emptyDraft(), 2, key);
    const [a] = d0.rooms.map((r) => r.key);
    const manual = assign(d0, ['p1', 'p2', 'gone'], a);
    const who = people(['p1', 'p2', 'p3', 'p4'], ['gone']);
    expect(spreadPlan(manual, who)).toEqual({ toPlace: ['p3', 'p4'], overwrites: 0, absent: 1 });
    expect(spreadPlan(manual, who, { redoAll: true }).overwrites).toBe(3);
    const d = fillEvenly(manual, who, { redoAll: true });
    expect(d.assignments.gone).toBeUndefined();
    expect(sizes(d, ['p1', 'p2', 'p3', 'p4']).sort()).toEqual([2, 2]);
  });

  it('undo goes back one step at a time to the draft before each change', () => {
    const d0 = addRooms(emptyDraft(), 2, key);
    const d1 = fillEvenly(d0, people(['p1', 'p2']));
    const d2 = assign(d1, ['p1'], undefined);
    let past = remember(remember([], d0), d1);
    const back = undoStep(past)!;
    expect(back.draft).toBe(d1);
    past = back.past;
    expect(undoStep(past)!.draft).toBe(d0);
    expect(undoStep([])).toBeUndefined();
    expect(d2.assignments.p1).toBeUndefined();
  });
});

/** A small seeded random number generator, so a failing case can be replayed. */
function mulberry(seed: number) {
  let a = seed + 0x6d2b79f5;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
