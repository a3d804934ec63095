// Changes to the hosts' shared draft (rooms and assignments prepared before starting). Pure: the manager
// applies one to the newest draft it knows and saves the result; every host re-renders from the server's
// draft_updated event.

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

/** Someone a random spread may place, and whether they are connected now (from presence). */
export interface Placeable {
  id: string;
  present: boolean;
}

export interface SpreadOptions {
  /** Clear everyone's room first and spread them all again (asks the host first: see overwrites). */
  redoAll?: boolean;
  /** Place people who are not connected too (by default they stay unassigned). */
  includeAbsent?: boolean;
}

/** What a spread would do: whom it places, and how many existing assignments it would replace. */
export function spreadPlan(draft: Draft, people: readonly Placeable[], options: SpreadOptions = {}) {
  const counted = people.filter((p) => options.includeAbsent || p.present);
  const assignedNow = people.filter((p) => draft.assignments[p.id] !== undefined);
  const toPlace = options.redoAll ? counted : counted.filter((p) => draft.assignments[p.id] === undefined);
  return {
    toPlace: toPlace.map((p) => p.id),
    overwrites: options.redoAll ? assignedNow.length : 0,
    absent: people.filter((p) => !p.present).length,
  };
}

/**
 * Places people over the draft's rooms at random, keeping the rooms as even as they can be: each goes to
 * a room with the fewest people counted (present ones, or everyone with includeAbsent), ties broken at
 * random. By default only people without a room are placed and every assignment stays; `redoAll` clears
 * the rooms of everyone in `people` first (absent people then stay unassigned unless included), so no
 * room is filled with people who are not there.
 */
export function fillEvenly(
  draft: Draft,
  people: readonly Placeable[],
  options: SpreadOptions = {},
  random: () => number = Math.random,
): Draft {
  if (draft.rooms.length === 0) return draft;
  const assignments = { ...draft.assignments };
  if (options.redoAll) for (const p of people) delete assignments[p.id];
  const counts = new Map(draft.rooms.map((r) => [r.key, 0]));
  for (const p of people) {
    const key = assignments[p.id];
    if (key !== undefined && (options.includeAbsent || p.present))
      counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const { toPlace } = spreadPlan({ ...draft, assignments }, people, { ...options, redoAll: false });
  for (const id of shuffle(toPlace, random)) {
    const least = Math.min(...counts.values());
    const keys = [...counts].filter(([, n]) => n === least).map(([k]) => k);
    const key = keys[Math.floor(random() * keys.length)]!;
    assignments[id] = key;
    counts.set(key, least + 1);
  }
  return { ...draft, assignments };
}

function shuffle<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** How many steps back Undo can go. */
export const UNDO_DEPTH = 20;

/** The drafts before this host's last changes, newest last, after one more change from `before`. */
export const remember = (past: readonly Draft[], before: Draft): Draft[] =>
  [...past, before].slice(-UNDO_DEPTH);

/** One step back: the draft before the last change, and what is left to undo (undefined: nothing). */
export function undoStep(past: readonly Draft[]): { draft: Draft; past: Draft[] } | undefined {
  if (past.length === 0) return undefined;
  return { draft: past.at(-1)!, past: past.slice(0, -1) };
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
