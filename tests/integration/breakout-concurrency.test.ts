import { beforeAll, describe, expect, it } from 'vitest';
import type { BreakoutEvent } from '@/lib/breakout/events';
import { applyEvent, initialState, type BreakoutState } from '@/lib/breakout/reduce';
import {
  api,
  asSeat,
  cmPath,
  comparable,
  createSwitchPresets,
  eventRows,
  expectInvariants,
  family,
  getState,
  hostMove,
  newHost,
  type Host,
  type Seat,
} from '../support/breakout';
import { dice, seeded } from '../support/prng';
import type { ApiAnswer } from '../support/api';
import { ok, type RequestOptions } from '../support/rest';

// Two hosts — the owner's API key and a participant with the host preset — fire commands at one meeting
// all at once against real PostgreSQL (standard driver and Neon's). The main meeting's row lock must
// serialize them: some fail with a 4xx as the state changes under them, none fails with a 5xx, and
// afterwards every invariant holds and each committed command took exactly one new version.

const realPostgres = process.env.TEST_DB === 'pg' || process.env.TEST_DB === 'neon';
const SEED = Number(process.env.BREAKOUT_CONCURRENCY_SEED ?? 4242);

let owner: Host;

beforeAll(async () => {
  if (!realPostgres) return;
  owner = await newHost();
  await createSwitchPresets(owner.key);
});

interface Sent {
  label: string;
  res: ApiAnswer;
  /** Whether success means a new version (close-all with no room open changes nothing). */
  changes: (data: unknown) => boolean;
}

describe.runIf(realPostgres)('concurrent commands on real PostgreSQL', () => {
  it(
    '200 concurrent commands from two hosts leave every invariant true and one version per committed change',
    { timeout: 120_000 },
    async () => {
      const people = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`p${i}`, 'participant']));
      const f = await family(owner, { cohost: 'host', ...people }, 4, 'Busy meeting');
      const main = f.meetingId;
      const cohost = f.seats.cohost!;
      const seats = Object.values(f.seats).filter((s) => s !== cohost);
      const start = await getState(owner.key, main);
      const { int, pick, chance, some } = dice(seeded(SEED));
      const log = `seed ${SEED}`;

      const hosts: RequestOptions[] = [{ key: owner.key }, asSeat(cohost)];
      const meetingsKnown = [main, ...f.rooms];
      const requests = Array.from({ length: 200 }, (_, i) => {
        const as = hosts[i % 2]!;
        const version = chance(0.05) ? { expected_version: start.version + int(3) } : {};
        const kind = pick([
          'create',
          'rename',
          'move',
          'move',
          'move',
          'move',
          'delete',
          'close-all',
        ] as const);
        const send = (method: string, path: string, body: unknown, changes: Sent['changes'] = () => true) =>
          api(method, path, { ...as, body }).then((res): Sent => ({ label: `${i} ${kind}`, res, changes }));
        switch (kind) {
          case 'create':
            return send('POST', cmPath(main), {
              meetings: Array.from({ length: 1 + int(2) }, (_, k) => ({ title: `C${i}.${k}` })),
              ...version,
            });
          case 'rename':
            return send('PATCH', cmPath(main), {
              meetings: [{ id: pick(f.rooms), title: `R${i}` }],
              ...version,
            });
          case 'delete':
            return send('DELETE', cmPath(main), { meeting_ids: [pick(f.rooms)], ...version });
          case 'close-all':
            return send(
              'POST',
              cmPath(main, '/close-all'),
              { ...version },
              (data) => (data as { meetings: unknown[] }).meetings.length > 0,
            );
          case 'move': {
            const source = pick(meetingsKnown);
            const destination = pick(meetingsKnown.filter((m) => m !== source));
            const ids = some(seats, 0.2).map((s: Seat) => s.id);
            return send('POST', cmPath(main, '/move'), {
              source_meeting_id: source,
              destination_meeting_id: destination,
              participant_ids: ids.length ? ids : [pick(seats).id],
              ...version,
            });
          }
        }
      });
      const sent = await Promise.all(requests);

      const crashed = sent.filter((s) => s.res.status >= 500);
      expect(
        crashed.map((s) => `${s.label}: ${JSON.stringify(s.res.body)}`),
        log,
      ).toEqual([]);
      const succeeded = sent.filter((s) => s.res.status < 300);
      const refused = sent.filter((s) => s.res.status >= 400);
      expect(succeeded.length + refused.length).toBe(200);
      // Refusals are the ones a changing state explains, each in the error envelope.
      for (const s of refused) {
        expect(s.res.body.success, s.label).toBe(false);
        expect(s.res.body.error?.code, s.label).toMatch(
          /^(not_found:meeting|conflict:not_in_source|conflict:stale_version|invalid:too_many_rooms)$/,
        );
      }
      expect(succeeded.length, log).toBeGreaterThan(20);
      expect(refused.length, log).toBeGreaterThan(0);

      const end = await getState(owner.key, main);
      const committed = succeeded.filter((s) => s.changes(s.res.body.data)).length;
      expect(end.version - start.version, log).toBe(committed);

      const events = (await eventRows(main)).filter((e) => e.version > start.version);
      const versions = [...new Set(events.map((e) => e.version))];
      expect(versions).toEqual(Array.from({ length: committed }, (_, k) => start.version + 1 + k));
      // Ids in commit order: the events of one command are together, and versions never go back.
      for (let k = 1; k < events.length; k++) {
        expect(events[k]!.id).toBeGreaterThan(events[k - 1]!.id);
        expect(events[k]!.version).toBeGreaterThanOrEqual(events[k - 1]!.version);
      }
      // Each version is one caller's command: both hosts got work in.
      const actors = new Set(events.map((e) => JSON.stringify(e.actor)));
      expect(actors.size, log).toBe(2);

      await expectInvariants(main, f.title);
    },
  );

  it(
    'a state read while commands commit is one consistent snapshot: the log replayed up to its version',
    { timeout: 120_000 },
    async () => {
      const people = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, 'participant']));
      const f = await family(owner, people, 2, 'Readers');
      const [r1, r2] = f.rooms as [string, string];
      const ids = Object.values(f.seats).map((s) => s.id);
      // The owner moves everyone back and forth between the rooms while participants keep reading.
      let writing = true;
      const writer = (async () => {
        await hostMove(owner.key, f.meetingId, f.meetingId, r1, ids);
        for (let i = 0; i < 120; i++) {
          const [from, to] = i % 2 ? [r2, r1] : [r1, r2];
          await hostMove(owner.key, f.meetingId, from, to, ids);
        }
        writing = false;
      })();
      const reads: BreakoutState[] = [];
      const readers = Object.values(f.seats)
        .slice(0, 4)
        .map(async (seat) => {
          while (writing) reads.push(await ok<BreakoutState>(200, 'GET', cmPath(f.meetingId), asSeat(seat)));
        });
      await Promise.all([writer, ...readers]);

      // The state after each version, from the log.
      const atVersion = new Map<number, BreakoutState>();
      let state = initialState(f.meetingId, f.title);
      for (const row of await eventRows(f.meetingId)) {
        state = applyEvent(state, { type: row.type, payload: row.payload } as BreakoutEvent, row);
        atVersion.set(row.version, state);
      }
      expect(reads.length).toBeGreaterThan(0);
      const inconsistent = reads.filter(
        (read) =>
          read.last_event_id !== atVersion.get(read.version)?.last_event_id ||
          JSON.stringify(comparable(read)) !== JSON.stringify(comparable(atVersion.get(read.version)!)),
      );
      expect(
        inconsistent.map((r) => r.version),
        `${inconsistent.length} of ${reads.length} reads`,
      ).toEqual([]);
      await expectInvariants(f.meetingId, f.title);
    },
  );

  it('150 concurrent single-room creates stop exactly at 100 open rooms', { timeout: 120_000 }, async () => {
    const f = await family(owner, {}, 3, 'Room rush');
    const sent = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        api('POST', cmPath(f.meetingId), { key: owner.key, body: { meetings: [{ title: `Rush ${i}` }] } }),
      ),
    );
    expect(sent.filter((r) => r.status === 201)).toHaveLength(97);
    const refused = sent.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(53);
    for (const r of refused) expect(r.body.error?.code).toBe('invalid:too_many_rooms');
    const state = await getState(owner.key, f.meetingId);
    expect(state.meetings).toHaveLength(100);
    await expectInvariants(f.meetingId, f.title);
  });

  it(
    'participants switching themselves all at once while a host closes every room end up in one place each',
    { timeout: 120_000 },
    async () => {
      // People who may switch rooms and go back themselves (the default participant preset may not).
      const people = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, 'switch-both']));
      const f = await family(owner, people, 3, 'Switching');
      const seats = Object.values(f.seats);
      const { pick } = dice(seeded(SEED + 1));
      const sent = await Promise.all([
        ...seats.flatMap((s) =>
          [0, 1, 2].map(() =>
            api('POST', cmPath(f.meetingId, '/move'), {
              ...asSeat(s),
              body: {
                source_meeting_id: pick([f.meetingId, ...f.rooms]),
                destination_meeting_id: pick(f.rooms),
                participant_ids: [s.id],
              },
            }),
          ),
        ),
        api('POST', cmPath(f.meetingId, '/close-all'), { key: owner.key }),
      ]);
      expect(sent.at(-1)!.status).toBe(200);
      // Whether a switch lands before or after the close-all is up to the lock; each one succeeds or is
      // refused because its room closed, they were not where they said, or source and destination were one.
      for (const r of sent.slice(0, -1))
        expect([200, 400, 404, 409], JSON.stringify(r.body)).toContain(r.status);
      const state = await getState(owner.key, f.meetingId);
      expect(state.meetings).toEqual([]);
      expect(state.parent_meeting.participants).toHaveLength(30);
      await expectInvariants(f.meetingId, f.title);
    },
  );
});
