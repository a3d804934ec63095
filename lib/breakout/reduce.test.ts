import { describe, expect, it } from 'vitest';
import type { BreakoutEvent, ParticipantInfo } from './events';
import { applyEvent, initialState, locations, type BreakoutState } from './reduce';

const MAIN = 'main';
const person = (id: string, preset = 'preset-participant'): ParticipantInfo => ({
  id,
  custom_participant_id: `c-${id}`,
  name: `Person ${id}`,
  picture: null,
  preset_id: preset,
  preset_name: preset.replace('preset-', ''),
  tags: [],
});

const added = (id: string): BreakoutEvent => ({
  type: 'participant_added',
  payload: { meeting_id: MAIN, participant: person(id) },
});
const created = (...ids: string[]): BreakoutEvent => ({
  type: 'meetings_created',
  payload: { meetings: ids.map((id) => ({ id, title: `Room ${id}` })) },
});
const moved = (
  source: string,
  destination: string,
  ids: string[],
  preset = { id: 'preset-participant', name: 'participant', custom: false },
): BreakoutEvent => ({
  type: 'participants_moved',
  payload: {
    source_meeting_id: source,
    destination_meeting_id: destination,
    participants: ids.map((id) => ({
      id,
      preset_id: preset.id,
      preset_name: preset.name,
      custom_preset: preset.custom,
    })),
  },
});

const replay = (events: BreakoutEvent[], from: BreakoutState = initialState(MAIN, 'Main')) =>
  events.reduce((state, event) => applyEvent(state, event), from);

/** Two people in the main meeting, rooms r1 and r2, and c in r1. */
const base = () =>
  replay([added('a'), added('b'), added('c'), created('r1', 'r2'), moved(MAIN, 'r1', ['c'])]);

describe('initialState', () => {
  it('has the main meeting with nobody in it, no rooms, version 0', () => {
    expect(initialState(MAIN, 'Main')).toEqual({
      parent_meeting: { id: MAIN, title: 'Main', participants: [] },
      meetings: [],
      closes_at: null,
      self_select: { enabled: false, capacity: null },
      late_joiners: { auto_place: false },
      version: 0,
      last_event_id: 0,
      timer: null,
    });
  });
});

describe('self-select and late joiners', () => {
  it('self_select_updated and late_joiners_updated set their fields', () => {
    const s = applyEvent(
      applyEvent(base(), {
        type: 'self_select_updated',
        payload: { self_select: { enabled: true, capacity: 4 } },
      }),
      { type: 'late_joiners_updated', payload: { auto_place: true } },
    );
    expect(s.self_select).toEqual({ enabled: true, capacity: 4 });
    expect(s.late_joiners).toEqual({ auto_place: true });
  });

  it('closing the last room closes choosing (auto-place stays as set)', () => {
    const open = replay(
      [
        { type: 'self_select_updated', payload: { self_select: { enabled: true, capacity: 4 } } },
        { type: 'late_joiners_updated', payload: { auto_place: true } },
        { type: 'meetings_deleted', payload: { meeting_ids: ['r1'] } },
      ],
      base(),
    );
    expect(open.self_select).toEqual({ enabled: true, capacity: 4 });
    const closed = applyEvent(open, { type: 'meetings_deleted', payload: { meeting_ids: ['r2'] } });
    expect(closed.self_select).toEqual({ enabled: false, capacity: null });
    expect(closed.late_joiners).toEqual({ auto_place: true });
  });
});

describe('applyEvent', () => {
  it('participant_added puts the participant in the named meeting, not connected', () => {
    const s = replay([added('a')]);
    expect(s.parent_meeting.participants).toEqual([{ ...person('a'), connected: false }]);
  });

  it('participant_updated changes their name and preset wherever they are', () => {
    const s = applyEvent(base(), {
      type: 'participant_updated',
      payload: { participant: { ...person('c', 'preset-host'), name: 'Cleo' } },
    });
    const c = s.meetings[0]!.participants[0]!;
    expect(c).toMatchObject({ id: 'c', name: 'Cleo', preset_id: 'preset-host', preset_name: 'host' });
    expect(locations(s).c).toBe('r1');
  });

  it('participant_removed takes them out of whichever meeting they are in', () => {
    const s = applyEvent(base(), { type: 'participant_removed', payload: { id: 'c' } });
    expect(locations(s)).toEqual({ a: MAIN, b: MAIN });
    expect(s.meetings[0]!.participants).toEqual([]);
  });

  it('presence_changed marks the participant connected in that meeting only', () => {
    const on = applyEvent(base(), {
      type: 'presence_changed',
      payload: { participant_id: 'c', meeting_id: 'r1', connected: true },
    });
    expect(on.meetings[0]!.participants[0]!.connected).toBe(true);
    const elsewhere = applyEvent(base(), {
      type: 'presence_changed',
      payload: { participant_id: 'c', meeting_id: MAIN, connected: true },
    });
    expect(elsewhere.meetings[0]!.participants[0]!.connected).toBe(false);
  });

  it('meetings_created adds open, empty rooms in the order given', () => {
    const s = replay([created('x', 'y')]);
    expect(s.meetings).toEqual([
      { id: 'x', title: 'Room x', status: 'open', participants: [] },
      { id: 'y', title: 'Room y', status: 'open', participants: [] },
    ]);
  });

  it('meetings_updated renames rooms and keeps who is in them', () => {
    const s = applyEvent(base(), {
      type: 'meetings_updated',
      payload: { meetings: [{ id: 'r1', title: 'Maths' }] },
    });
    expect(s.meetings.map((m) => m.title)).toEqual(['Maths', 'Room r2']);
    expect(locations(s).c).toBe('r1');
  });

  it('meetings_updated ignores a room it does not know', () => {
    const before = base();
    const s = applyEvent(before, {
      type: 'meetings_updated',
      payload: { meetings: [{ id: 'zz', title: 'Ghost' }] },
    });
    expect(s.meetings).toEqual(before.meetings);
  });

  it('meetings_deleted removes the rooms', () => {
    const s = applyEvent(base(), { type: 'meetings_deleted', payload: { meeting_ids: ['r2'] } });
    expect(s.meetings.map((m) => m.id)).toEqual(['r1']);
  });

  it('deleting a room after moving its people out (as the server does) keeps everyone', () => {
    const s = replay(
      [moved('r1', MAIN, ['c']), { type: 'meetings_deleted', payload: { meeting_ids: ['r1'] } }],
      base(),
    );
    expect(locations(s)).toEqual({ a: MAIN, b: MAIN, c: MAIN });
  });

  it('participants_moved takes each one out of where they are and into the destination', () => {
    const s = applyEvent(base(), moved(MAIN, 'r2', ['a', 'b']));
    expect(locations(s)).toEqual({ a: 'r2', b: 'r2', c: 'r1' });
    expect(s.parent_meeting.participants).toEqual([]);
  });

  it('participants_moved carries the preset that applies in the destination and resets connected', () => {
    const connected = applyEvent(base(), {
      type: 'presence_changed',
      payload: { participant_id: 'c', meeting_id: 'r1', connected: true },
    });
    const s = applyEvent(
      connected,
      moved('r1', 'r2', ['c'], { id: 'preset-host', name: 'host', custom: true }),
    );
    expect(s.meetings[1]!.participants[0]).toMatchObject({
      id: 'c',
      preset_id: 'preset-host',
      preset_name: 'host',
      connected: false,
    });
  });

  it('participants_moved into an unknown meeting does not duplicate anyone', () => {
    const s = applyEvent(base(), moved(MAIN, 'nowhere', ['a']));
    const all = [s.parent_meeting, ...s.meetings].flatMap((m) => m.participants.map((p) => p.id));
    expect(new Set(all).size).toBe(all.length);
  });

  it('draft_updated leaves rooms and people as they are', () => {
    const before = base();
    const s = applyEvent(before, {
      type: 'draft_updated',
      payload: { draft: { rooms: [], assignments: {} } },
    });
    expect(s).toEqual(before);
  });

  it('records the event id and version when given, and never changes the state it was given', () => {
    const before = base();
    const copy = structuredClone(before);
    const s = applyEvent(before, moved(MAIN, 'r1', ['a']), { id: 17, version: 9 });
    expect(s.last_event_id).toBe(17);
    expect(s.version).toBe(9);
    expect(before).toEqual(copy);
  });

  it('without meta the version and id stay as they were', () => {
    const s: BreakoutState = { ...base(), version: 4, last_event_id: 8 };
    const next = applyEvent(s, created('r3'));
    expect([next.version, next.last_event_id]).toEqual([4, 8]);
  });
});

describe('rooms closing at a deadline', () => {
  const closing = (ends_at: string): BreakoutEvent => ({
    type: 'rooms_closing',
    payload: { ends_at, seconds: 10 },
  });

  it('a countdown sets when the rooms close, and a cancel clears it', () => {
    const s = applyEvent(base(), closing('2026-01-01T10:00:10.000Z'));
    expect(s.closes_at).toBe('2026-01-01T10:00:10.000Z');
    expect(applyEvent(s, { type: 'rooms_closing_cancelled', payload: {} }).closes_at).toBeNull();
  });

  it('the deadline ends with the last open room, not before', () => {
    const s = applyEvent(base(), closing('2026-01-01T10:00:10.000Z'));
    const one = applyEvent(s, { type: 'meetings_deleted', payload: { meeting_ids: ['r1'] } });
    expect(one.closes_at).toBe('2026-01-01T10:00:10.000Z');
    const none = applyEvent(one, { type: 'meetings_deleted', payload: { meeting_ids: ['r2'] } });
    expect(none.closes_at).toBeNull();
  });
});

describe('the breakout timer', () => {
  const timer = { ends_at: '2026-01-01T10:30:00.000Z', warning_seconds: 60, auto_close: true };

  it('timer_updated sets, replaces and (with null) clears the timer', () => {
    const s = applyEvent(base(), { type: 'timer_updated', payload: { timer } });
    expect(s.timer).toEqual(timer);
    const later = { ...timer, ends_at: '2026-01-01T10:35:00.000Z' };
    expect(applyEvent(s, { type: 'timer_updated', payload: { timer: later } }).timer).toEqual(later);
    expect(applyEvent(s, { type: 'timer_updated', payload: { timer: null } }).timer).toBeNull();
  });

  it('the timer ends with the last open room', () => {
    const s = applyEvent(base(), { type: 'timer_updated', payload: { timer } });
    const one = applyEvent(s, { type: 'meetings_deleted', payload: { meeting_ids: ['r1'] } });
    expect(one.timer).toEqual(timer);
    const none = applyEvent(one, { type: 'meetings_deleted', payload: { meeting_ids: ['r2'] } });
    expect(none.timer).toBeNull();
  });
});

describe('locations', () => {
  it('maps each participant id to the meeting they are in', () => {
    expect(locations(base())).toEqual({ a: MAIN, b: MAIN, c: 'r1' });
  });

  it('is empty for a state with nobody', () => {
    expect(locations(initialState(MAIN, 'Main'))).toEqual({});
  });
});
