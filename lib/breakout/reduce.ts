// Applies breakout events to a connected-meetings state. Pure and shared: the browser client keeps its
// state current with it, and tests replay the whole log with it to prove the log matches the database.
import type { BreakoutEvent, ParticipantInfo, SelfSelect } from './events';
import type { BreakoutTimer } from './timer-clock';

export interface StateParticipant extends ParticipantInfo {
  connected: boolean;
}

export interface StateMeeting {
  id: string;
  title: string;
  participants: StateParticipant[];
}

export interface BreakoutState {
  parent_meeting: StateMeeting;
  meetings: Array<StateMeeting & { status: 'open' }>;
  /** When every open room closes by itself (ISO time), or null. */
  closes_at: string | null;
  /** "Let participants choose": open or closed, and seats per room. */
  self_select: SelfSelect;
  /** Whether late joiners are placed in the room with the fewest people by the server. */
  late_joiners: { auto_place: boolean };
  version: number;
  /** The breakout timer, or null. */
  timer: BreakoutTimer | null;
  last_event_id: number;
}

/** A state with no rooms and nobody in the main meeting, as before the first event. */
export const initialState = (id: string, title: string): BreakoutState => ({
  parent_meeting: { id, title, participants: [] },
  meetings: [],
  closes_at: null,
  self_select: { enabled: false, capacity: null },
  late_joiners: { auto_place: false },
  version: 0,
  timer: null,
  last_event_id: 0,
});

/** The state after one event (a new object; the input is not changed). */
export function applyEvent(
  state: BreakoutState,
  event: BreakoutEvent,
  meta?: { id: number; version: number },
): BreakoutState {
  const next = structuredClone(state);
  if (meta) {
    next.last_event_id = meta.id;
    next.version = meta.version;
  }
  const all = () => [next.parent_meeting, ...next.meetings];
  const find = (id: string) => all().find((m) => m.id === id);
  const take = (pid: string) => {
    for (const m of all()) {
      const i = m.participants.findIndex((p) => p.id === pid);
      if (i >= 0) return m.participants.splice(i, 1)[0];
    }
    return undefined;
  };
  switch (event.type) {
    case 'participant_added':
      find(event.payload.meeting_id)?.participants.push({ ...event.payload.participant, connected: false });
      break;
    case 'participant_updated':
      for (const m of all()) {
        const p = m.participants.find((x) => x.id === event.payload.participant.id);
        if (p) Object.assign(p, event.payload.participant);
      }
      break;
    case 'participant_removed':
      take(event.payload.id);
      break;
    case 'presence_changed': {
      const p = find(event.payload.meeting_id)?.participants.find(
        (x) => x.id === event.payload.participant_id,
      );
      if (p) p.connected = event.payload.connected;
      break;
    }
    case 'meetings_created':
      for (const r of event.payload.meetings) next.meetings.push({ ...r, status: 'open', participants: [] });
      break;
    case 'meetings_updated':
      for (const r of event.payload.meetings) {
        const m = next.meetings.find((x) => x.id === r.id);
        if (m) m.title = r.title;
      }
      break;
    case 'meetings_deleted':
      next.meetings = next.meetings.filter((m) => !event.payload.meeting_ids.includes(m.id));
      // Once no room is open there is nothing left to close: a pending deadline ends with the last room.
      if (next.meetings.length === 0) {
        next.closes_at = null;
        next.timer = null;
        // Choosing ends with the last room too: the next rooms open with it closed.
        next.self_select = { enabled: false, capacity: null };
      }
      break;
    case 'participants_moved': {
      const destination = find(event.payload.destination_meeting_id);
      for (const moved of event.payload.participants) {
        const p = take(moved.id);
        if (p && destination) {
          destination.participants.push({
            ...p,
            preset_id: moved.preset_id,
            preset_name: moved.preset_name,
            connected: false,
          });
        }
      }
      break;
    }
    case 'draft_updated':
    case 'plans_updated':
      break;
    case 'rooms_closing':
      next.closes_at = event.payload.ends_at;
      break;
    case 'rooms_closing_cancelled':
      next.closes_at = null;
      break;
    case 'self_select_updated':
      next.self_select = { ...event.payload.self_select };
      break;
    case 'late_joiners_updated':
      next.late_joiners = { auto_place: event.payload.auto_place };
      break;
    case 'timer_updated':
      next.timer = event.payload.timer;
      break;
  }
  return next;
}

/** The ids of the people in a meeting of the state; undefined when it has no such meeting. */
export function peopleIn(state: BreakoutState | undefined, meetingId: string): string[] | undefined {
  const m = [state?.parent_meeting, ...(state?.meetings ?? [])].find((x) => x?.id === meetingId);
  return m?.participants.map((p) => p.id);
}

/** Where each participant is, by id: the part of the state every invariant speaks about. */
export function locations(state: BreakoutState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of [state.parent_meeting, ...state.meetings]) for (const p of m.participants) out[p.id] = m.id;
  return out;
}
