import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { db } from '@/db';
import { breakoutStates, events, meetings, participants, type EventRow } from '@/db/schema';
import {
  closeAll,
  createMeetings,
  deleteMeetings,
  getConnectedMeetings,
  getDraft,
  moveParticipants,
  saveDraft,
  startDraft,
  updateMeetings,
} from '@/lib/breakout/commands';
import {
  closeAllSchema,
  createMeetingsSchema,
  deleteMeetingsSchema,
  draftSchema,
  moveSchema,
  startDraftSchema,
  updateMeetingsSchema,
} from '@/lib/breakout/schemas';
import type { BreakoutEvent } from '@/lib/breakout/events';
import { applyEvent, initialState, locations, type BreakoutState } from '@/lib/breakout/reduce';
import type { BreakoutCaller } from '@/lib/breakout/service';
import { loadConnectedMeetings } from '@/lib/breakout/state';
import { AppError } from '@/lib/errors';
import { permissionsSchema, type Permissions } from '@/lib/presets/permissions';
import {
  brokenInvariants,
  comparable,
  createSwitchPresets,
  family,
  newHost,
  type Host,
  type Seat,
} from '../support/breakout';
import { presetByName, type PresetDto } from '../support/rest';
import { dice, seeded } from '../support/prng';

// Thousands of random commands from several actors (the owner, participants with every kind of preset,
// a participant of another meeting, another host), many of them invalid or refused, straight into the
// command functions. After every command: each participant is in exactly one meeting of the family,
// nobody is in a closed room, a refused command changed nothing, a participant without full access did
// only what their preset allows, and the log replayed from the start gives the stored state.
//
// Reproduce a failure with BREAKOUT_PROPERTY_SEED=<seed printed> (and BREAKOUT_PROPERTY_RUNS=1).

const BASE_SEED = Number(process.env.BREAKOUT_PROPERTY_SEED ?? 20_260_101);
const RUNS = Number(process.env.BREAKOUT_PROPERTY_RUNS ?? 100);
const STEPS = 30;
const PRESET_NAMES = [
  'host',
  'participant',
  'switch-both',
  'switch-rooms-only',
  'switch-parent-only',
  'no-switch',
] as const;

let owner: Host;
let otherHost: Host;
let presetIds: Record<string, string>;
/** Permissions by preset id, to state the rules independently of the code under test. */
let permissionsOf: Map<string, Permissions>;
let outsider: { meetingId: string; room: string; seat: Seat };

beforeAll(async () => {
  if (process.env.TEST_DB !== 'pglite') return;
  owner = await newHost();
  otherHost = await newHost();
  await createSwitchPresets(owner.key);
  presetIds = {};
  permissionsOf = new Map();
  for (const name of PRESET_NAMES) {
    const preset: PresetDto = await presetByName(owner.key, name);
    presetIds[name] = preset.id;
    permissionsOf.set(preset.id, permissionsSchema.parse(preset.permissions));
  }
  const other = await family(owner, { outsider: 'host' }, 1, 'Another meeting');
  outsider = { meetingId: other.meetingId, room: other.rooms[0]!, seat: other.seats.outsider! };
});

interface Step {
  describe: string;
  actor: BreakoutCaller;
  /** Runs the command; a schema refusal throws like the API would answer 400. */
  run: () => Promise<unknown>;
  kind: 'read' | 'manage' | 'move';
  move?: { source: string; destination: string; ids: string[]; custom: boolean };
}

/** Parses like the router does: bad input never reaches the command. */
function parsed<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw new AppError('invalid', `schema: ${r.error.issues[0]?.message}`);
  return r.data;
}

/**
 * Everything of one family a command may change, in one round trip: its participants, its rooms (open
 * and closed), its version and draft, its events; and global counts, as nothing outside it may change.
 */
async function familyDump(mainId: string) {
  const d = await db();
  const res = await d.execute<{ dump: string }>(sql`select json_build_object(
    'people', (select json_agg(p order by p.id) from ${participants} p where p.meeting_id = ${mainId}),
    'rooms', (select json_agg(m order by m.id) from ${meetings} m where m.parent_meeting_id = ${mainId}),
    'state', (select row_to_json(b) from ${breakoutStates} b where b.main_meeting_id = ${mainId}),
    'events', (select json_build_array(count(*), max(e.id)) from ${events} e where e.main_meeting_id = ${mainId}),
    'totals', json_build_array(
      (select count(*) from ${meetings}), (select count(*) from ${participants}), (select count(*) from ${events}))
  )::text as dump`);
  const rows = (Array.isArray(res) ? res : (res as { rows: Array<{ dump: string }> }).rows) as Array<{
    dump: string;
  }>;
  return rows[0]!.dump;
}

interface Dumped {
  people: Array<{ id: string; current_meeting_id: string }> | null;
  rooms: Array<{ id: string; room_status: string }> | null;
  state: { version: number } | null;
}

/**
 * The invariants after a change, from one dump and the stored state: each participant is in exactly one
 * meeting of the family, never a closed room; the versions of the new events follow on with no gap; the
 * log replayed (carried on from the previous step's replay) gives the stored rooms, locations and presets.
 */
async function checkAfterChange(
  main: string,
  replay: { state: BreakoutState; lastId: number; lastVersion: number },
  context: string,
) {
  const d = await db();
  const dump = JSON.parse(await familyDump(main)) as Dumped;
  const stored = await loadConnectedMeetings(d, main);
  const open = new Set((dump.rooms ?? []).filter((r) => r.room_status === 'open').map((r) => r.id));
  for (const p of dump.people ?? []) {
    expect(
      p.current_meeting_id === main || open.has(p.current_meeting_id),
      `${context}: ${p.id} is not in main or an open room`,
    ).toBe(true);
  }
  const listed = [stored.parent_meeting, ...stored.meetings].flatMap((m) => m.participants.map((p) => p.id));
  expect(listed.length, `${context}: someone is listed twice or missing`).toBe(new Set(listed).size);
  expect(listed.length, `${context}: someone is listed twice or missing`).toBe((dump.people ?? []).length);
  const fresh: EventRow[] = await d
    .select()
    .from(events)
    .where(sql`${events.mainMeetingId} = ${main} and ${events.id} > ${replay.lastId}`)
    .orderBy(events.id);
  for (const row of fresh) {
    expect(
      row.version === replay.lastVersion || row.version === replay.lastVersion + 1,
      `${context}: version gap`,
    ).toBe(true);
    replay.state = applyEvent(replay.state, { type: row.type, payload: row.payload } as BreakoutEvent, row);
    replay.lastId = row.id;
    replay.lastVersion = row.version;
  }
  expect(replay.lastVersion, `${context}: stored version`).toBe(dump.state?.version ?? 0);
  expect(comparable(replay.state), `${context}: the replayed log differs from the state`).toEqual(
    comparable(stored),
  );
  expect(locations(replay.state), context).toEqual(locations(stored));
  expect([replay.state.version, replay.state.last_event_id], context).toEqual([
    stored.version,
    stored.last_event_id,
  ]);
  return stored;
}

async function runSequence(seed: number) {
  const random = seeded(seed);
  const { int, pick, chance, some } = dice(random);
  const people = Object.fromEntries(
    Array.from({ length: 3 + int(5) }, (_, i) => [`p${i}`, pick(PRESET_NAMES)]),
  );
  const f = await family(owner, people, int(3), `Property ${seed}`);
  const main = f.meetingId;
  const seats = Object.values(f.seats);
  const closed: string[] = [];
  const hostCaller: BreakoutCaller = { kind: 'host', hostId: owner.id };
  const stats = { ok: 0, refused: 0 };

  // The log so far (the participants being added), replayed from the start; each step carries it on.
  const replay = { state: initialState(main, f.title), lastId: 0, lastVersion: 0 };
  let state = await checkAfterChange(main, replay, `seed ${seed}, set-up`);

  for (let step = 0; step < STEPS; step++) {
    const open = state.meetings.map((m) => m.id);
    const where = (id: string) =>
      [state.parent_meeting, ...state.meetings].find((m) => m.participants.some((p) => p.id === id))?.id ??
      main;
    const anyMeeting = () =>
      pick([
        main,
        main,
        ...open,
        ...open,
        ...(closed.length ? [pick(closed)] : []),
        outsider.room,
        outsider.meetingId,
        '3f0c5b8e-8a43-4c1e-9a55-2f7d1c3e9b10',
      ]);
    const anyRoom = () => (open.length && chance(0.8) ? pick(open) : anyMeeting());
    const title = () => pick(['Maths', 'Art', '  Padded  ', 'x'.repeat(1 + int(120)), '', 'Room ✨']);

    // Who acts: mostly the owner and the family's participants; now and then an outsider.
    const r = random();
    const seat = pick(seats);
    const actor: BreakoutCaller =
      r < 0.35
        ? hostCaller
        : r < 0.93
          ? { kind: 'participant', participantId: seat.id }
          : r < 0.97
            ? { kind: 'participant', participantId: outsider.seat.id }
            : { kind: 'host', hostId: otherHost.id };
    const self = actor.kind === 'participant' ? actor.participantId : seat.id;
    const version = chance(0.15)
      ? { expected_version: chance(0.5) ? state.version : Math.max(0, state.version - 1 - int(3)) }
      : {};

    const choice = pick([
      'read',
      'draft_read',
      'create',
      'create',
      'rename',
      'delete',
      'move',
      'move',
      'move',
      'move',
      'move',
      'custom',
      'close_all',
      'draft',
      'start',
    ] as const);
    let s: Step;
    switch (choice) {
      case 'read':
        s = { describe: 'read', actor, kind: 'read', run: () => getConnectedMeetings(actor, main) };
        break;
      case 'draft_read':
        s = { describe: 'get draft', actor, kind: 'manage', run: () => getDraft(actor, main) };
        break;
      case 'create': {
        const raw = {
          meetings: Array.from({ length: chance(0.05) ? 0 : 1 + int(3) }, () => ({ title: title() })),
          ...version,
        };
        s = {
          describe: `create ${JSON.stringify(raw)}`,
          actor,
          kind: 'manage',
          run: () => createMeetings(actor, main, parsed(createMeetingsSchema, raw)),
        };
        break;
      }
      case 'rename': {
        const raw = { meetings: [{ id: anyRoom(), title: title() }], ...version };
        s = {
          describe: `rename ${JSON.stringify(raw)}`,
          actor,
          kind: 'manage',
          run: () => updateMeetings(actor, main, parsed(updateMeetingsSchema, raw)),
        };
        break;
      }
      case 'delete': {
        const ids = [...new Set(Array.from({ length: 1 + int(2) }, anyRoom))];
        const raw = { meeting_ids: ids, ...version };
        s = {
          describe: `delete ${JSON.stringify(raw)}`,
          actor,
          kind: 'manage',
          run: () => deleteMeetings(actor, main, parsed(deleteMeetingsSchema, raw)),
        };
        break;
      }
      case 'move':
      case 'custom': {
        // Mostly moves that could succeed (themselves, or a group who are together); some that cannot.
        const mode = random();
        const together = (id: string) => seats.map((x) => x.id).filter((x) => where(x) === where(id));
        const group = together(pick(seats).id);
        const ids =
          mode < 0.5
            ? [self]
            : mode < 0.85
              ? [group[0]!, ...some(group.slice(1), 0.5)]
              : some(
                  seats.map((x) => x.id),
                  0.4,
                ).concat(chance(0.2) ? [outsider.seat.id] : []);
        const source = chance(0.9) && ids.length ? where(ids[0]!) : anyMeeting();
        const targets = [main, ...open].filter((m) => m !== source);
        const destination = chance(0.85) && targets.length ? pick(targets) : anyMeeting();
        const custom = choice === 'custom';
        const preset = () =>
          chance(0.9) ? presetIds[pick(PRESET_NAMES)]! : '3f0c5b8e-8a43-4c1e-9a55-2f7d1c3e9b10';
        const raw = {
          source_meeting_id: source,
          destination_meeting_id: destination,
          ...(custom
            ? { participants: ids.map((id) => ({ id, preset_id: preset() })) }
            : { participant_ids: ids }),
          ...version,
        };
        s = {
          describe: `move ${JSON.stringify(raw)}`,
          actor,
          kind: 'move',
          move: { source, destination, ids, custom },
          run: () => moveParticipants(actor, main, parsed(moveSchema, raw)),
        };
        break;
      }
      case 'close_all':
        s = {
          describe: 'close all',
          actor,
          kind: 'manage',
          run: () => closeAll(actor, main, parsed(closeAllSchema, version)),
        };
        break;
      case 'draft': {
        const keys = Array.from({ length: int(4) }, (_, i) => `k${i}`);
        const raw = {
          rooms: keys.map((key) => ({ key, title: title() })),
          assignments: Object.fromEntries(keys.length ? some(seats, 0.6).map((x) => [x.id, pick(keys)]) : []),
          ...version,
        };
        s = {
          describe: `save draft ${JSON.stringify(raw)}`,
          actor,
          kind: 'manage',
          run: () => saveDraft(actor, main, parsed(draftSchema, raw)),
        };
        break;
      }
      case 'start':
        s = {
          describe: 'start draft',
          actor,
          kind: 'manage',
          run: () => startDraft(actor, main, parsed(startDraftSchema, version)),
        };
        break;
    }

    const context = `seed ${seed}, step ${step}: ${JSON.stringify(s.actor)} ${s.describe}`;
    // The preset that applies to the actor now, as the state shows it.
    const actorSeat = [state.parent_meeting, ...state.meetings]
      .flatMap((m) => m.participants)
      .find((p) => actor.kind === 'participant' && p.id === actor.participantId);
    const rights = actorSeat ? permissionsOf.get(actorSeat.preset_id) : undefined;
    const before = await familyDump(main);
    let failure: unknown;
    try {
      await s.run();
    } catch (err) {
      failure = err;
    }

    if (failure) {
      stats.refused += 1;
      // Every refusal is a domain error with a 4xx, never a crash.
      expect(failure, context).toBeInstanceOf(AppError);
      const status = (failure as AppError).status;
      expect(status >= 400 && status < 500, `${context} → ${status}`).toBe(true);
      // The family is exactly as before, so every invariant checked after the last change still holds.
      expect(await familyDump(main), `${context}: a refused command changed something`).toBe(before);
    } else {
      stats.ok += 1;
      const after = await checkAfterChange(main, replay, context);
      // Reads change nothing; so does closing all when no room is open (no event, same version).
      const changes =
        s.kind !== 'read' && choice !== 'draft_read' && !(choice === 'close_all' && open.length === 0);
      expect(after.version, context).toBe(changes ? state.version + 1 : state.version);
      if (actor.kind === 'participant') {
        // An independent statement of the reference's rules, checked against what actually happened.
        expect(rights, context).toBeDefined();
        const cm = rights!.connected_meetings;
        if (!cm.can_alter_connected_meetings) {
          expect(s.kind, `${context}: a participant without full access did more than read or move`).not.toBe(
            'manage',
          );
          if (s.move) {
            expect(s.move.ids, context).toEqual([actor.participantId]);
            expect(s.move.custom, context).toBe(false);
            expect(
              s.move.destination === main
                ? cm.can_switch_to_parent_meeting
                : cm.can_switch_connected_meetings,
              context,
            ).toBe(true);
          }
        }
      }
      if (s.move) {
        const now = Object.fromEntries(
          [after.parent_meeting, ...after.meetings].flatMap((m) => m.participants.map((p) => [p.id, m.id])),
        );
        for (const id of s.move.ids)
          expect(now[id], `${context}: ${id} not in the destination`).toBe(s.move.destination);
      }
      for (const id of open) if (!after.meetings.some((m) => m.id === id)) closed.push(id);
      state = after;
    }
  }
  // And once more the whole way: the log replayed from an empty state, with the shared checks.
  expect(await brokenInvariants(main, f.title), `seed ${seed}, at the end`).toEqual([]);
  return stats;
}

describe.runIf(process.env.TEST_DB === 'pglite')('random command sequences against PGlite', () => {
  const seeds = Array.from({ length: RUNS }, (_, i) => BASE_SEED + i);
  const totals = { ok: 0, refused: 0 };

  it.each(seeds)('sequence %i: every invariant holds after each of its commands', async (seed) => {
    const stats = await runSequence(seed);
    totals.ok += stats.ok;
    totals.refused += stats.refused;
    expect(stats.ok + stats.refused).toBe(STEPS);
  });

  it('the sequences exercised both successful and refused commands', () => {
    expect(totals.ok + totals.refused).toBe(RUNS * STEPS);
    expect(totals.ok).toBeGreaterThan(RUNS * STEPS * 0.2);
    expect(totals.refused).toBeGreaterThan(RUNS * STEPS * 0.2);
  });
});
