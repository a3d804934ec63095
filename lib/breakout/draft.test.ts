import { describe, expect, it } from 'vitest';
import {
  addRooms,
  assign,
  assignAllEvenly,
  deleteRoom,
  emptyDraft,
  groupByRoom,
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
    const d = assignAllEvenly(d0, people);
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
