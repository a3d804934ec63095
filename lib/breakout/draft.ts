// Changes to the hosts' shared draft (rooms and assignments prepared before starting). Pure: the manager
// applies one to the newest draft it knows and saves the result; every host re-renders from the server's
// draft_updated event.
import { assignEvenly } from './assign';

export interface DraftRoom {
  key: string;
  title: string;
}

export interface Draft {
  rooms: DraftRoom[];
  /** participant id → room key */
  assignments: Record<string, string>;
}

export const emptyDraft = (): Draft => ({ rooms: [], assignments: {} });

const newKey = () => Math.random().toString(36).slice(2, 10);

/** "Room N" titles for `count` new rooms, numbered after the highest "Room N" already there. */
export function nextRoomTitles(existing: readonly string[], count: number): string[] {
  const used = existing.map((t) => /^Room (\d+)$/.exec(t.trim())?.[1]).filter(Boolean);
  const start = Math.max(0, ...used.map(Number)) + 1;
  return Array.from({ length: count }, (_, i) => `Room ${start + i}`);
}

/** Appends `count` rooms with the next free "Room N" titles. */
export function addRooms(draft: Draft, count: number, key: () => string = newKey): Draft {
  const titles = nextRoomTitles(
    draft.rooms.map((r) => r.title),
    count,
  );
  return { ...draft, rooms: [...draft.rooms, ...titles.map((title) => ({ key: key(), title }))] };
}

export function renameRoom(draft: Draft, key: string, title: string): Draft {
  return { ...draft, rooms: draft.rooms.map((r) => (r.key === key ? { ...r, title } : r)) };
}

/** Removes a room; the people assigned to it become unassigned. */
export function deleteRoom(draft: Draft, key: string): Draft {
  const assignments = Object.fromEntries(Object.entries(draft.assignments).filter(([, k]) => k !== key));
  return { rooms: draft.rooms.filter((r) => r.key !== key), assignments };
}

/** Assigns people to a room, or unassigns them when `key` is undefined. Unknown room keys change nothing. */
export function assign(draft: Draft, participantIds: readonly string[], key: string | undefined): Draft {
  if (key !== undefined && !draft.rooms.some((r) => r.key === key)) return draft;
  const assignments = { ...draft.assignments };
  for (const id of participantIds) {
    if (key === undefined) delete assignments[id];
    else assignments[id] = key;
  }
  return { ...draft, assignments };
}

/** Spreads these people over every room of the draft, evenly and at random (sizes differ by at most one). */
export function assignAllEvenly(
  draft: Draft,
  participantIds: readonly string[],
  random: () => number = Math.random,
): Draft {
  const spread = assignEvenly(
    participantIds,
    draft.rooms.map((r) => r.key),
    random,
  );
  const assignments = { ...draft.assignments };
  for (const [key, ids] of spread) for (const id of ids) assignments[id] = key;
  return { ...draft, assignments };
}

/** Drops assignments of people who are no longer in the meeting (the server refuses unknown ids). */
export function withoutGone(draft: Draft, present: ReadonlySet<string>): Draft {
  const entries = Object.entries(draft.assignments);
  if (entries.every(([id]) => present.has(id))) return draft;
  return { ...draft, assignments: Object.fromEntries(entries.filter(([id]) => present.has(id))) };
}

/** The people of `participantIds` assigned to each room key, and those assigned to none. */
export function groupByRoom(draft: Draft, participantIds: readonly string[]) {
  const byRoom = new Map<string, string[]>(draft.rooms.map((r) => [r.key, []]));
  const unassigned: string[] = [];
  for (const id of participantIds) {
    const list = byRoom.get(draft.assignments[id] ?? '');
    if (list) list.push(id);
    else unassigned.push(id);
  }
  return { byRoom, unassigned };
}
