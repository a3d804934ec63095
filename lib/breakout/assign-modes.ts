// Automatic assignment of people to rooms under constraints. Pure: the service loads who is placed and
// writes the draft. Every answer keeps all rules at once: each person in exactly one room, room sizes
// differing by at most one, keep-apart groups in different rooms, keep-together groups in one room, and
// the people carrying the spread tag spread so their counts per room differ by at most one. When no
// placement can keep them all, the answer says which constraint is in the way, in words.
//
// How: together-groups (merged when they share someone) become units placed whole. Units with a
// constraint (a together-group, a keep-apart member, a tagged person) are placed first by a backtracking
// search with the room-size and tag-count bounds as pruning; rooms in the same state are tried once
// (symmetry), and a step budget bounds the worst case. Everyone without a constraint is placed after, in
// one greedy pass that can never fail (see fillFree). "Sizes differ by at most one" is never relaxed, so a
// together-group bigger than the largest even room size is refused rather than making rooms uneven.

export interface AssignPerson {
  id: string;
  name: string;
  tags: readonly string[];
}

export interface AssignRequest {
  people: readonly AssignPerson[];
  rooms: number;
  /** True: a random spread (from `random`). False or absent: a stable order, by name then id. */
  shuffle?: boolean;
  keepApart?: readonly (readonly string[])[];
  keepTogether?: readonly (readonly string[])[];
  /** People carrying this tag (compared without case) are spread evenly over the rooms. */
  spreadTag?: string;
  random?: () => number;
  /** How many placements the search may try before it gives up (a refusal saying so). */
  maxSteps?: number;
}

export type AssignResult =
  | { ok: true; rooms: string[][] }
  | { ok: false; field: 'keep_apart' | 'keep_together' | 'spread_tag' | 'rooms'; message: string };

export type AssignMode = { mode: 'even'; rooms: number } | { mode: 'per_room'; per_room: number };

/** How many rooms a mode makes for `people`: N rooms, or as few as hold at most N per room (at least one). */
export const roomCountFor = (m: AssignMode, people: number) =>
  m.mode === 'even' ? m.rooms : Math.max(1, Math.ceil(people / m.per_room));

interface Unit {
  ids: string[];
  tagged: number;
  apart: number[];
  order: number;
}

interface Bounds {
  /** The largest size, and how many rooms may reach it (0: every room is exactly `max`). */
  max: number;
  atMax: number;
}

const bounds = (total: number, rooms: number): Bounds => ({
  max: Math.ceil(total / rooms),
  atMax: total % rooms,
});

/** Places people into `rooms` rooms keeping every constraint, or says which constraint cannot hold. */
export function assignRooms(req: AssignRequest): AssignResult {
  const random = req.random ?? Math.random;
  const R = req.rooms;
  if (!Number.isInteger(R) || R < 1)
    return { ok: false, field: 'rooms', message: 'rooms must be at least 1' };
  const people = ordered(req.people, !!req.shuffle, random);
  const byId = new Map(people.map((p) => [p.id, p]));
  const name = (id: string) => byId.get(id)?.name ?? id;
  const names = (ids: readonly string[]) =>
    ids.slice(0, 3).map(name).join(', ') + (ids.length > 3 ? `, … (${ids.length - 3} more)` : '');
  const apart = (req.keepApart ?? []).map((g) => [...new Set(g)]).filter((g) => g.length > 1);
  const together = (req.keepTogether ?? []).map((g) => [...new Set(g)]);
  for (const [field, groups] of [
    ['keep_apart', apart],
    ['keep_together', together],
  ] as const) {
    const unknown = groups.flat().find((id) => !byId.has(id));
    if (unknown !== undefined)
      return { ok: false, field, message: `${field} names ${unknown}, who is not among the people placed` };
  }
  const sizes = bounds(people.length, R);
  const tag = req.spreadTag?.trim().toLowerCase();
  const isTagged = (p: AssignPerson) => !!tag && p.tags.some((t) => t.toLowerCase() === tag);
  const tags = bounds(people.filter(isTagged).length, R);

  const big = apart.find((g) => g.length > R);
  if (big)
    return {
      ok: false,
      field: 'keep_apart',
      message: `A keep_apart group of ${big.length} (${names(big)}) cannot fit in ${R} ${R === 1 ? 'room' : 'rooms'}`,
    };
  const units = buildUnits(people, together, apart, isTagged);
  for (const u of units) {
    const clash = apart.find((g) => g.filter((id) => u.ids.includes(id)).length > 1);
    if (clash) {
      const [a, b] = clash.filter((id) => u.ids.includes(id));
      return {
        ok: false,
        field: 'keep_apart',
        message: `${name(a!)} and ${name(b!)} must be together and apart`,
      };
    }
    if (u.ids.length > sizes.max)
      return {
        ok: false,
        field: 'keep_together',
        message: `A together-group of ${u.ids.length} (${names(u.ids)}) exceeds the room size ${sizes.max} (${people.length} people in ${R} rooms); rooms stay even, so use fewer rooms or a smaller group`,
      };
    if (u.tagged > tags.max)
      return {
        ok: false,
        field: 'keep_together',
        message: `A together-group (${names(u.ids)}) holds ${u.tagged} people tagged ${req.spreadTag}, but spreading them over ${R} rooms allows at most ${tags.max} in a room`,
      };
  }

  const constrained = units.filter((u) => u.ids.length > 1 || u.apart.length > 0 || u.tagged > 0);
  const free = units.filter((u) => !constrained.includes(u)).map((u) => u.ids[0]!);
  const ties = Array.from({ length: R }, () => random());
  const ctx = { R, sizes, tags, random, shuffle: !!req.shuffle, maxSteps: req.maxSteps ?? 5_000, ties };
  const placed = search(constrained, ctx);
  if (placed === 'fail' || placed === 'limit') return refusal(placed, constrained, ctx, people.length, tag);
  return { ok: true, rooms: fillFree(placed, free, ctx) };
}

/** The people in a random order, or by name then id (so the same people give the same rooms). */
function ordered(people: readonly AssignPerson[], shuffle: boolean, random: () => number) {
  const out = [...people];
  if (!shuffle) {
    const key = (p: AssignPerson) => p.name.toLowerCase();
    return out.sort((a, b) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
  }
  return shuffled(out, random);
}

/** Together-groups merged when they share someone (union-find), each with its tag count and apart groups. */
function buildUnits(
  people: readonly AssignPerson[],
  together: readonly string[][],
  apart: readonly string[][],
  isTagged: (p: AssignPerson) => boolean,
): Unit[] {
  const parent = new Map(people.map((p) => [p.id, p.id]));
  const root = (id: string): string => {
    const up = parent.get(id)!;
    if (up === id) return id;
    const r = root(up);
    parent.set(id, r);
    return r;
  };
  for (const g of together) for (const id of g.slice(1)) parent.set(root(id), root(g[0]!));
  const apartOf = new Map<string, number[]>();
  apart.forEach((g, i) => g.forEach((id) => apartOf.set(id, [...(apartOf.get(id) ?? []), i])));
  const units = new Map<string, Unit>();
  people.forEach((p, order) => {
    const r = root(p.id);
    const u = units.get(r) ?? { ids: [], tagged: 0, apart: [], order };
    u.ids.push(p.id);
    if (isTagged(p)) u.tagged++;
    u.apart.push(...(apartOf.get(p.id) ?? []));
    units.set(r, u);
  });
  return [...units.values()];
}

interface Room {
  ids: string[];
  tagged: number;
  apart: Set<number>;
}
interface Ctx {
  R: number;
  sizes: Bounds;
  tags: Bounds;
  random: () => number;
  shuffle: boolean;
  maxSteps: number;
  /** A random rank per room, breaking ties between rooms alike (drawn once: cheaper than per step). */
  ties: number[];
}

/** Whether one more value of `add` keeps a room within bounds, given how many rooms are at the maximum. */
const fits = (now: number, add: number, b: Bounds, atMaxNow: number) =>
  add === 0 || (now + add <= b.max && (now + add < b.max || b.atMax === 0 || atMaxNow < b.atMax));

/** Backtracking over the constrained units, biggest and most constrained first. */
function search(units: readonly Unit[], ctx: Ctx): Room[] | 'fail' | 'limit' {
  const rooms: Room[] = Array.from({ length: ctx.R }, () => ({ ids: [], tagged: 0, apart: new Set() }));
  const todo = [...units].sort(
    (a, b) =>
      b.ids.length - a.ids.length ||
      b.apart.length - a.apart.length ||
      b.tagged - a.tagged ||
      a.order - b.order,
  );
  let full = 0;
  let tagFull = 0;
  let steps = 0;
  const place = (i: number): boolean | 'limit' => {
    if (i === todo.length) return true;
    const u = todo[i]!;
    const size = u.ids.length;
    const tried = new Set<number>();
    for (const k of roomOrder(rooms, ctx, u.tagged > 0)) {
      const room = rooms[k]!;
      if (!fits(room.ids.length, size, ctx.sizes, full) || !fits(room.tagged, u.tagged, ctx.tags, tagFull))
        continue;
      if (u.apart.some((g) => room.apart.has(g))) continue;
      // Rooms alike in everything that matters lead to the same outcome: try one of them.
      const state = room.apart.size === 0 ? room.ids.length * 100_000 + room.tagged : -1 - k;
      if (tried.has(state)) continue;
      tried.add(state);
      if (++steps > ctx.maxSteps) return 'limit';
      const wasFull = room.ids.length + size === ctx.sizes.max && ctx.sizes.atMax > 0;
      const wasTagFull = u.tagged > 0 && room.tagged + u.tagged === ctx.tags.max && ctx.tags.atMax > 0;
      room.ids.push(...u.ids);
      room.tagged += u.tagged;
      const added = u.apart.filter((g) => !room.apart.has(g));
      added.forEach((g) => room.apart.add(g));
      full += wasFull ? 1 : 0;
      tagFull += wasTagFull ? 1 : 0;
      const out = place(i + 1);
      if (out !== false) return out;
      room.ids.length -= size;
      room.tagged -= u.tagged;
      added.forEach((g) => room.apart.delete(g));
      full -= wasFull ? 1 : 0;
      tagFull -= wasTagFull ? 1 : 0;
    }
    return false;
  };
  const out = place(0);
  return out === true ? rooms : out === false ? 'fail' : 'limit';
}

/** Rooms to try: in order (stable), or emptiest first with ties at random (and fewest tagged for the tagged). */
function roomOrder(rooms: readonly Room[], ctx: Ctx, tagged: boolean): number[] {
  const idx = rooms.map((_, k) => k);
  if (!ctx.shuffle) return idx;
  const tie = ctx.ties;
  return idx.sort(
    (a, b) =>
      (tagged ? rooms[a]!.tagged - rooms[b]!.tagged : 0) ||
      rooms[a]!.ids.length - rooms[b]!.ids.length ||
      tie[a]! - tie[b]!,
  );
}

/**
 * Places the people without a constraint, in one pass that cannot fail: every room is at most `max` and
 * no more than `atMax` rooms are at it, so each room's final size (max for the rooms chosen to be the big
 * ones, max − 1 for the rest) is at least what it holds, and those sizes add up to everyone. The big rooms
 * are the first ones in order, or chosen at random; the free people (already in order, or shuffled) then
 * fill the rooms' free seats one room after another.
 */
function fillFree(rooms: Room[], free: readonly string[], ctx: Ctx): string[][] {
  const { max, atMax } = ctx.sizes;
  const big = new Set(rooms.flatMap((r, k) => (atMax > 0 && r.ids.length === max ? [k] : [])));
  const others = rooms.map((_, k) => k).filter((k) => !big.has(k));
  const candidates = ctx.shuffle ? shuffled(others, ctx.random) : others;
  for (const k of candidates.slice(0, Math.max(0, atMax - big.size))) big.add(k);
  let next = 0;
  rooms.forEach((room, k) => {
    const target = atMax === 0 || big.has(k) ? max : max - 1;
    while (room.ids.length < target) room.ids.push(free[next++]!);
  });
  return rooms.map((r) => r.ids);
}

function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Which kind of constraint makes the search fail: tried again without the others, in words. */
function refusal(
  why: 'fail' | 'limit',
  units: readonly Unit[],
  ctx: Ctx,
  total: number,
  tag: string | undefined,
): AssignResult {
  const layout = describeSizes(total, ctx.R);
  // Past the budget the kind at fault is unknown: name the first kind present (together-groups make most
  // searches hard, as they must fill rooms of exact sizes).
  const likely = units.some((u) => u.ids.length > 1)
    ? 'keep_together'
    : units.some((u) => u.apart.length > 0)
      ? 'keep_apart'
      : 'spread_tag';
  if (why === 'limit')
    return {
      ok: false,
      field: likely,
      message: `No placement keeping every constraint was found within the search limit (${total} people in ${layout}); loosen a constraint`,
    };
  const bare = (u: Unit) => ({ ...u, apart: [], tagged: 0 });
  const noTags = (u: Unit) => ({ ...u, tagged: 0 });
  const quick = { ...ctx, maxSteps: 2_000 };
  if (search(units.map(bare), quick) === 'fail')
    return {
      ok: false,
      field: 'keep_together',
      message: `The together-groups cannot make ${layout}`,
    };
  if (search(units.map(noTags), quick) === 'fail')
    return {
      ok: false,
      field: 'keep_apart',
      message: `The keep_apart groups cannot all be kept apart in ${layout}${units.some((u) => u.ids.length > 1) ? ' with these together-groups' : ''}`,
    };
  return {
    ok: false,
    field: 'spread_tag',
    message: `People tagged ${tag} cannot be spread evenly over ${layout} while keeping the other constraints`,
  };
}

/** "rooms of 4, 3 and 3 people" for 10 people in 3 rooms; "90 rooms of 10 people and 10 of 9" for many. */
function describeSizes(total: number, rooms: number) {
  const b = bounds(total, rooms);
  const list = Array.from({ length: rooms }, (_, i) => (b.atMax === 0 || i < b.atMax ? b.max : b.max - 1));
  if (rooms <= 4)
    return `${rooms === 1 ? 'a room' : 'rooms'} of ${list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`} people`;
  if (b.atMax === 0) return `${rooms} rooms of ${b.max} people`;
  return `${b.atMax} ${b.atMax === 1 ? 'room' : 'rooms'} of ${b.max} people and ${rooms - b.atMax} of ${b.max - 1}`;
}
