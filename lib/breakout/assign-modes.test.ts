import { describe, expect, it } from 'vitest';
import { seeded } from '@/tests/support/prng';
import { assignRooms, roomCountFor, type AssignPerson, type AssignRequest } from './assign-modes';

// Generous: these run thousands of cases, and the machine running them may be busy.
const SLOW = 60_000;

const person = (i: number, tags: string[] = []): AssignPerson => ({ id: `p${i}`, name: `P${i}`, tags });
const people = (n: number) => Array.from({ length: n }, (_, i) => person(i));

/** Every rule an answer must keep, checked from the outside. */
function check(req: AssignRequest, rooms: string[][]) {
  expect(rooms).toHaveLength(req.rooms);
  const placed = rooms.flat();
  expect([...placed].sort()).toEqual(req.people.map((p) => p.id).sort());
  const sizes = rooms.map((r) => r.length);
  if (sizes.length) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  expect(holds(req, rooms)).toBe(true);
}

/** Whether an assignment keeps every constraint (the brute force and the checks share this). */
function holds(req: AssignRequest, rooms: string[][]) {
  const roomOf = new Map(rooms.flatMap((r, i) => r.map((id) => [id, i] as const)));
  const sizes = rooms.map((r) => r.length);
  if (sizes.length && Math.max(...sizes) - Math.min(...sizes) > 1) return false;
  for (const g of req.keepApart ?? [])
    if (new Set(g.map((id) => roomOf.get(id))).size !== g.length) return false;
  for (const g of req.keepTogether ?? []) if (new Set(g.map((id) => roomOf.get(id))).size > 1) return false;
  if (req.spreadTag) {
    const tag = req.spreadTag.toLowerCase();
    const tagged = new Set(
      req.people.filter((p) => p.tags.some((t) => t.toLowerCase() === tag)).map((p) => p.id),
    );
    const counts = rooms.map((r) => r.filter((id) => tagged.has(id)).length);
    if (counts.length && Math.max(...counts) - Math.min(...counts) > 1) return false;
  }
  return true;
}

/** Tries every way to put the people into the rooms: whether any keeps every constraint. */
function bruteForce(req: AssignRequest) {
  const n = req.people.length;
  const r = req.rooms;
  const total = r ** n;
  for (let code = 0; code < total; code++) {
    const rooms: string[][] = Array.from({ length: r }, () => []);
    let c = code;
    for (const p of req.people) {
      rooms[c % r]!.push(p.id);
      c = Math.floor(c / r);
    }
    if (holds(req, rooms)) return true;
  }
  return false;
}

/** A random request: sizes, tags and constraint groups drawn from `random`. */
function randomRequest(random: () => number, maxPeople: number, maxRooms: number): AssignRequest {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const n = int(0, maxPeople);
  const ps = Array.from({ length: n }, (_, i) => person(i, random() < 0.3 ? ['mentor'] : []));
  const pick = (k: number) => {
    const ids = ps.map((p) => p.id).sort(() => random() - 0.5);
    return ids.slice(0, Math.min(k, ids.length));
  };
  const groups = (count: number, size: () => number) =>
    Array.from({ length: count }, () => pick(size())).filter((g) => g.length >= 2);
  return {
    people: ps,
    rooms: int(1, maxRooms),
    shuffle: random() < 0.5,
    keepApart: groups(int(0, 2), () => int(2, 4)),
    keepTogether: groups(int(0, 2), () => int(2, 3)),
    spreadTag: random() < 0.5 ? 'Mentor' : undefined,
    random,
  };
}

describe('assignRooms', () => {
  it(
    'without constraints, N people in R rooms: sizes differ by at most one, everyone placed once',
    () => {
      for (let n = 0; n <= 40; n++)
        for (let r = 1; r <= 12; r++)
          for (const shuffle of [true, false]) {
            const req = { people: people(n), rooms: r, shuffle, random: seeded(n * 31 + r) };
            const out = assignRooms(req);
            expect(out.ok, `${n} in ${r}`).toBe(true);
            if (out.ok) check(req, out.rooms);
          }
    },
    SLOW,
  );

  it('never leaves a room empty while another has two or more', () => {
    const out = assignRooms({ people: people(5), rooms: 4, shuffle: true, random: seeded(3) });
    expect(out.ok && out.rooms.map((r) => r.length).sort()).toEqual([1, 1, 1, 2]);
  });

  it('in order (shuffle false): a stable order by name then id, the first rooms filled first', () => {
    const ps = [
      { id: 'c', name: 'Cy', tags: [] },
      { id: 'a', name: 'Ada', tags: [] },
      { id: 'b2', name: 'Ben', tags: [] },
      { id: 'b1', name: 'Ben', tags: [] },
      { id: 'd', name: 'Dee', tags: [] },
    ];
    const out = assignRooms({ people: ps, rooms: 2, shuffle: false });
    expect(out).toEqual({
      ok: true,
      rooms: [
        ['a', 'b1', 'b2'],
        ['c', 'd'],
      ],
    });
    // The same input in another order gives the same rooms.
    expect(assignRooms({ people: [...ps].reverse(), rooms: 2, shuffle: false })).toEqual(out);
  });

  it('random (shuffle true): seeded, so reproducible, and different seeds give different rooms', () => {
    const req = (seed: number) => ({ people: people(20), rooms: 4, shuffle: true, random: seeded(seed) });
    expect(assignRooms(req(7))).toEqual(assignRooms(req(7)));
    const shapes = new Set([1, 2, 3, 4, 5].map((s) => JSON.stringify(assignRooms(req(s)))));
    expect(shapes.size).toBeGreaterThan(1);
  });

  it('one mentor per room: a spread tag (any case) puts one tagged person in each room', () => {
    const ps = Array.from({ length: 20 }, (_, i) => person(i, i < 4 ? ['Mentor'] : []));
    for (const shuffle of [true, false]) {
      const out = assignRooms({ people: ps, rooms: 4, shuffle, spreadTag: 'mentor', random: seeded(1) });
      expect(out.ok).toBe(true);
      if (out.ok)
        expect(out.rooms.map((r) => r.filter((id) => Number(id.slice(1)) < 4).length)).toEqual([1, 1, 1, 1]);
    }
  });

  it('refuses people who must be together and apart, naming both', () => {
    const out = assignRooms({
      people: [
        { id: 'a', name: 'Ada', tags: [] },
        { id: 'b', name: 'Ben', tags: [] },
        { id: 'c', name: 'Cy', tags: [] },
      ],
      rooms: 2,
      keepTogether: [
        ['a', 'c'],
        ['c', 'b'],
      ],
      keepApart: [['a', 'b']],
    });
    expect(out).toMatchObject({ ok: false, field: 'keep_apart' });
    expect(!out.ok && out.message).toMatch(/Ada and Ben must be together and apart/);
  });

  it('refuses a keep_apart group larger than the number of rooms', () => {
    const out = assignRooms({ people: people(10), rooms: 4, keepApart: [['p0', 'p1', 'p2', 'p3', 'p4']] });
    expect(out).toMatchObject({ ok: false, field: 'keep_apart' });
    expect(!out.ok && out.message).toMatch(/keep_apart group of 5 .*cannot fit in 4 rooms/);
  });

  it('refuses a together-group larger than the room size', () => {
    const out = assignRooms({
      people: people(12),
      rooms: 3,
      keepTogether: [['p0', 'p1', 'p2', 'p3', 'p4', 'p5']],
    });
    expect(out).toMatchObject({ ok: false, field: 'keep_together' });
    expect(!out.ok && out.message).toMatch(/together-group of 6 .*exceeds the room size 4/);
  });

  it('refuses together-groups that cannot make rooms of even sizes, saying so', () => {
    // 10 people in 3 rooms must be 4/3/3; five pairs can only make even rooms.
    const pairs = [0, 2, 4, 6, 8].map((i) => [`p${i}`, `p${i + 1}`]);
    const out = assignRooms({ people: people(10), rooms: 3, keepTogether: pairs });
    expect(out).toMatchObject({ ok: false, field: 'keep_together' });
    expect(!out.ok && out.message).toMatch(/4, 3 and 3/);
  });

  it('refuses a together-group with more tagged people than one room may hold', () => {
    const ps = Array.from({ length: 8 }, (_, i) => person(i, i < 4 ? ['mentor'] : []));
    const out = assignRooms({ people: ps, rooms: 4, spreadTag: 'mentor', keepTogether: [['p0', 'p1']] });
    expect(out).toMatchObject({ ok: false, field: 'keep_together' });
    expect(!out.ok && out.message).toMatch(/mentor/);
  });

  it('refuses unknown people in a constraint', () => {
    const out = assignRooms({ people: people(3), rooms: 2, keepApart: [['p0', 'zz']] });
    expect(out).toMatchObject({ ok: false, field: 'keep_apart' });
    expect(!out.ok && out.message).toMatch(/zz/);
  });

  it(
    'property: random sizes and constraints on 0..40 people: an answer keeps every rule',
    () => {
      const random = seeded(2026);
      let solved = 0;
      for (let i = 0; i < 600; i++) {
        const req = randomRequest(random, 40, 8);
        const out = assignRooms(req);
        if (out.ok) {
          check(req, out.rooms);
          solved++;
        } else expect(out.message).not.toMatch(/search limit/);
      }
      expect(solved).toBeGreaterThan(300);
    },
    SLOW,
  );

  it(
    'property: on tiny inputs it refuses exactly the sets no assignment can satisfy (brute force)',
    () => {
      const random = seeded(42);
      let refused = 0;
      for (let i = 0; i < 1500; i++) {
        const req = randomRequest(random, 7, 3);
        const out = assignRooms(req);
        expect(out.ok, JSON.stringify({ ...req, random: undefined })).toBe(bruteForce(req));
        if (out.ok) check(req, out.rooms);
        else refused++;
      }
      expect(refused).toBeGreaterThan(50);
    },
    SLOW,
  );

  it(
    '1,000 people in 100 rooms with constraints are placed',
    () => {
      const ps = Array.from({ length: 1000 }, (_, i) => person(i, i % 10 === 0 ? ['mentor'] : []));
      const req: AssignRequest = {
        people: ps,
        rooms: 100,
        shuffle: true,
        spreadTag: 'mentor',
        keepApart: Array.from({ length: 50 }, (_, g) => [1, 2, 3, 4].map((k) => `p${g * 9 + k}`)),
        keepTogether: Array.from({ length: 50 }, (_, g) => [
          `p${500 + g * 9}`,
          `p${501 + g * 9}`,
          `p${502 + g * 9}`,
        ]),
        random: seeded(9),
      };
      const out = assignRooms(req);
      expect(out.ok).toBe(true);
      if (out.ok) check(req, out.rooms);
    },
    SLOW,
  );
});

describe('roomCountFor', () => {
  it('even: the rooms asked for; per_room: as many rooms as N per room needs (at least one)', () => {
    expect(roomCountFor({ mode: 'even', rooms: 4 }, 10)).toBe(4);
    expect(roomCountFor({ mode: 'per_room', per_room: 4 }, 10)).toBe(3);
    expect(roomCountFor({ mode: 'per_room', per_room: 5 }, 10)).toBe(2);
    expect(roomCountFor({ mode: 'per_room', per_room: 4 }, 0)).toBe(1);
  });
});
