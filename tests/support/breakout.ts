// Fixtures and checks for the breakout integration tests: presets for each kind of caller, a meeting
// family set up through the REST API, a dump of everything a command may change, and the invariants.
import { asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { db } from '@/db';
import { breakoutStates, events, meetings, participants } from '@/db/schema';
import type { BreakoutEvent } from '@/lib/breakout/events';
import { applyEvent, initialState, locations, type BreakoutState } from '@/lib/breakout/reduce';
import { loadConnectedMeetings } from '@/lib/breakout/state';
import { api, newHost, type ApiAnswer } from './api';
import { addParticipant, createMeeting, createPreset, dbState, ok, type RequestOptions } from './rest';

export type Host = Awaited<ReturnType<typeof newHost>>;

/**
 * Presets a host needs besides the defaults `host` (full access) and `participant` (no switching: people
 * stay where a host puts them).
 */
export const SWITCH_PRESETS = {
  'switch-both': {
    connected_meetings: { can_switch_connected_meetings: true, can_switch_to_parent_meeting: true },
  },
  'switch-rooms-only': { connected_meetings: { can_switch_connected_meetings: true } },
  'switch-parent-only': { connected_meetings: { can_switch_to_parent_meeting: true } },
  'no-switch': { connected_meetings: {} },
} as const;

/** Creates the presets of SWITCH_PRESETS for a host; returns id by name. */
export async function createSwitchPresets(key: string): Promise<Record<keyof typeof SWITCH_PRESETS, string>> {
  const out = {} as Record<keyof typeof SWITCH_PRESETS, string>;
  for (const [name, permissions] of Object.entries(SWITCH_PRESETS)) {
    out[name as keyof typeof SWITCH_PRESETS] = (await createPreset(key, { name, permissions })).id;
  }
  return out;
}

export interface Seat {
  id: string;
  token: string;
  name: string;
}

export const cmPath = (meetingId: string, rest = '') => `/meetings/${meetingId}/connected-meetings${rest}`;

/** Request options for a participant calling with their token. */
export const asSeat = (seat: Seat): RequestOptions => ({ key: seat.token });
/** Request options for a participant calling with their meeting cookie, as the browser does (from our origin). */
export const asCookie = (meetingId: string, seat: Seat): RequestOptions => ({
  headers: { cookie: `bp_${meetingId.replace(/-/g, '')}=${seat.token}`, origin: 'http://localhost:3000' },
});

/** A main meeting of `host` with participants (name → preset name) and `rooms` open rooms. */
export async function family(host: Host, people: Record<string, string>, rooms = 0, title = 'Breakout') {
  const meeting = await createMeeting(host.key, { title });
  const seats: Record<string, Seat> = {};
  for (const [name, preset] of Object.entries(people)) {
    const p = await addParticipant(host.key, meeting.id, { name, preset_name: preset });
    seats[name] = { id: p.id, token: p.token, name };
  }
  const roomIds = rooms ? await createRooms(host.key, meeting.id, rooms) : [];
  return { meetingId: meeting.id, title, seats, rooms: roomIds };
}

/** Creates `count` rooms through the API as the owner; returns their ids in order. */
export async function createRooms(key: string, meetingId: string, count: number, prefix = 'Room') {
  const body = { meetings: Array.from({ length: count }, (_, i) => ({ title: `${prefix} ${i + 1}` })) };
  const data = await ok<{ meetings: Array<{ id: string }> }>(201, 'POST', cmPath(meetingId), { key, body });
  return data.meetings.map((m) => m.id);
}

/** Moves participants as the owner (set-up); fails the test unless it succeeds. */
export const hostMove = (key: string, meetingId: string, from: string, to: string, ids: string[]) =>
  ok(200, 'POST', cmPath(meetingId, '/move'), {
    key,
    body: { source_meeting_id: from, destination_meeting_id: to, participant_ids: ids },
  });

/** The state as the owner sees it through the API. */
export const getState = (key: string, meetingId: string) =>
  ok<BreakoutState>(200, 'GET', cmPath(meetingId), { key });

/** Every event row of a main meeting, oldest first. */
export async function eventRows(mainMeetingId: string) {
  const d = await db();
  return d.select().from(events).where(eq(events.mainMeetingId, mainMeetingId)).orderBy(asc(events.id));
}

/**
 * Everything a breakout command may change, across the whole database: the tables of `snapshot()`,
 * every breakout state row (version and draft) and every event.
 */
export async function everything(): Promise<string> {
  const d = await db();
  const [states, log] = await Promise.all([
    d.select().from(breakoutStates).orderBy(asc(breakoutStates.mainMeetingId)),
    d.select().from(events).orderBy(asc(events.id)),
  ]);
  return JSON.stringify({ tables: await dbState(), states, events: log });
}

/** The log replayed from the start with the shared reducer. */
export async function replayLog(mainMeetingId: string, title: string): Promise<BreakoutState> {
  let state = initialState(mainMeetingId, title);
  for (const row of await eventRows(mainMeetingId)) {
    state = applyEvent(state, { type: row.type, payload: row.payload } as BreakoutEvent, {
      id: row.id,
      version: row.version,
    });
  }
  return state;
}

/** A state reduced to what the invariants compare: rooms, and each participant where they are with their preset. */
export function comparable(
  s: Pick<BreakoutState, 'parent_meeting' | 'meetings'> &
    Partial<Pick<BreakoutState, 'closes_at' | 'self_select' | 'late_joiners'>> & {
      timer?: BreakoutState['timer'];
    },
) {
  const people = (m: BreakoutState['parent_meeting']) =>
    m.participants
      .map((p) => ({ id: p.id, name: p.name, preset_id: p.preset_id, preset_name: p.preset_name }))
      .sort((a, b) => a.id.localeCompare(b.id));
  return {
    parent: {
      id: s.parent_meeting.id,
      title: s.parent_meeting.title,
      participants: people(s.parent_meeting),
    },
    rooms: s.meetings
      .map((m) => ({ id: m.id, title: m.title, participants: people(m) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    closes_at: s.closes_at ?? null,
    self_select: s.self_select ?? { enabled: false, capacity: null },
    late_joiners: s.late_joiners ?? { auto_place: false },
    // jsonb keeps its own key order: compare the fields, not the text.
    timer: s.timer
      ? { ends_at: s.timer.ends_at, warning_seconds: s.timer.warning_seconds, auto_close: s.timer.auto_close }
      : null,
  };
}

/**
 * Checks every invariant of a meeting family against the database and returns a description of each
 * one broken (empty when all hold): each participant is in exactly one meeting of the family; nobody is
 * in a closed room or outside the family; the versions of the log run 1..N with no gap, in id order; the
 * log replayed from the start gives the rooms, locations and presets of the stored state.
 */
export async function brokenInvariants(mainMeetingId: string, title: string): Promise<string[]> {
  const d = await db();
  const broken: string[] = [];
  const [people, rooms, [stateRow]] = await Promise.all([
    d
      .select({ id: participants.id, current: participants.currentMeetingId })
      .from(participants)
      .where(eq(participants.meetingId, mainMeetingId)),
    d.select().from(meetings).where(eq(meetings.parentMeetingId, mainMeetingId)),
    d.select().from(breakoutStates).where(eq(breakoutStates.mainMeetingId, mainMeetingId)),
  ]);
  const open = new Set(rooms.filter((r) => r.roomStatus === 'open').map((r) => r.id));
  for (const p of people) {
    if (p.current !== mainMeetingId && !open.has(p.current)) {
      const room = rooms.find((r) => r.id === p.current);
      broken.push(
        `participant ${p.id} is in ${p.current} (${room ? `a ${room.roomStatus} room` : 'not in this family'})`,
      );
    }
  }
  const state = await loadConnectedMeetings(d, mainMeetingId);
  const listed = [state.parent_meeting, ...state.meetings].flatMap((m) => m.participants.map((p) => p.id));
  if (listed.length !== new Set(listed).size) broken.push('a participant is listed in two meetings');
  if (listed.length !== people.length)
    broken.push(`${people.length} participants but ${listed.length} listed`);
  const statedRooms = state.meetings.map((m) => m.id).sort();
  if (JSON.stringify(statedRooms) !== JSON.stringify([...open].sort()))
    broken.push('state rooms ≠ open rooms');

  const log = await eventRows(mainMeetingId);
  const versions = [...new Set(log.map((e) => e.version))];
  const ordered = log.every((e, i) => i === 0 || (e.id > log[i - 1]!.id && e.version >= log[i - 1]!.version));
  if (!ordered) broken.push('event versions go down as ids go up');
  if (versions.some((v, i) => v !== i + 1)) broken.push(`versions have a gap: ${versions.join(',')}`);
  if ((stateRow?.version ?? 0) !== versions.length) {
    broken.push(`version ${stateRow?.version} but the log has ${versions.length} versions`);
  }
  const replayed = await replayLog(mainMeetingId, title);
  const sorted = (l: Record<string, string>) => Object.entries(l).sort(([a], [b]) => a.localeCompare(b));
  if (JSON.stringify(sorted(locations(replayed))) !== JSON.stringify(sorted(locations(state)))) {
    broken.push('the replayed log puts people elsewhere than the database');
  }
  if (JSON.stringify(comparable(replayed)) !== JSON.stringify(comparable(state))) {
    broken.push(
      `the replayed log differs from the state:\n${JSON.stringify(comparable(replayed))}\n${JSON.stringify(comparable(state))}`,
    );
  }
  if (replayed.version !== state.version || replayed.last_event_id !== state.last_event_id) {
    broken.push(
      `replayed version/id ${replayed.version}/${replayed.last_event_id} ≠ ${state.version}/${state.last_event_id}`,
    );
  }
  return broken;
}

/** Fails the test unless every invariant holds. */
export async function expectInvariants(mainMeetingId: string, title: string) {
  expect(await brokenInvariants(mainMeetingId, title)).toEqual([]);
}

/** Asserts a refusal: status, code, a message naming `mentions`, and the field when one is at fault. */
export function expectBreakoutRefusal(
  res: ApiAnswer,
  expected: { status: number; code: string; mentions?: string; field?: string },
) {
  expect(res.status, JSON.stringify(res.body)).toBe(expected.status);
  expect(res.body.success).toBe(false);
  expect(res.body.error?.code).toBe(expected.code);
  expect(res.body.error?.message.trim()).not.toBe('');
  if (expected.mentions) expect(res.body.error?.message).toContain(expected.mentions);
  if (expected.field !== undefined) expect(res.body.error?.field).toBe(expected.field);
}

export { api, newHost };

/**
 * The cases a table-driven test runs on this file's database: all of them on PGlite, every `every`-th on
 * PostgreSQL and the Neon driver. Rights and validation are decided in the same code whatever the driver;
 * the server drivers still run a spread of allowed and refused cases (the rollback, the unchanged log), so
 * a difference between drivers shows without running the whole table three times.
 */
export const casesForDriver = <T>(all: readonly T[], every = 4): T[] =>
  (process.env.TEST_DB ?? 'pglite') === 'pglite'
    ? [...all]
    : all.filter((c) => stableHash(JSON.stringify(c)) % every === 0);

/** FNV-1a of a string: the same sample on every run, spread over the table whatever its order. */
function stableHash(text: string) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
