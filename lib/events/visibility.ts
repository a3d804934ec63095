// What a participant's stream may carry, decided row by row as the log goes by. Pure: the viewer
// (viewer.ts) feeds it rows and does the reading and signing around it.
import type { EventRow } from '@/db/schema';
import type { ParticipantInfo } from '@/lib/breakout/events';
import type { FullMove } from './grouped-moves';
import type { Permissions } from '@/lib/presets/permissions';
import { POLL_EVENT_TYPES } from './room-events';
import type { Sight } from './sse-format';

/** A preset as the viewer knows it. */
export interface PresetView {
  id: string;
  name: string;
  permissions: Permissions;
}

/**
 * One participant's view of the family at one point of the log: where they are, the preset that applies
 * there, and the host's presets. Rows name the preset of everyone they are about, so a view holds nothing
 * per other participant (ten thousand streams of a thousand-person meeting would otherwise hold ten
 * million entries); `presetOf` (everyone's preset) is read only for older rows that do not say it.
 */
export interface ParticipantView {
  selfId: string;
  roomId: string;
  presetId: string;
  presets: Map<string, PresetView>;
  presetOf?: Map<string, string>;
}

/** What to send for one row: the row's own frame, a narrower payload under the same id, or nothing. */
export type Decision = { send: 'row' } | { send: 'payload'; payload: unknown } | { send: 'none' };

/** Events only hosts receive whatever their scope: the hosts' draft of rooms and assignments, and plans. */
export const HOSTS_ONLY_TYPES: ReadonlySet<string> = new Set(['draft_updated', 'plans_updated']);

export const rightsOf = (v: ParticipantView): Permissions | undefined =>
  v.presets.get(v.presetId)?.permissions;

/** Host powers (`can_alter_connected_meetings`): everything on the stream, as the owner gets. */
export const hasHostPowers = (v: ParticipantView) =>
  rightsOf(v)?.connected_meetings.can_alter_connected_meetings ?? false;

const isHidden = (v: ParticipantView, presetId: string | undefined) =>
  presetId !== undefined && (v.presets.get(presetId)?.permissions.hidden_participant ?? false);

/**
 * Whom of those a move leaves behind the viewer's stream accounts for (a move that left none of them is
 * sent compact, lib/events/sse-format.ts): everyone with host powers, those not hidden for a participant
 * who sees the list. A hidden viewer is left out: they know of themselves, whom no count of the visible
 * includes.
 */
export function sightOf(v: ParticipantView): Sight | undefined {
  if (hasHostPowers(v)) return 'everyone';
  return rightsOf(v)?.show_participant_list && !isHidden(v, v.presetId) ? 'visible' : undefined;
}

/** Whether the viewer may see another participant with this preset at all. */
const maySee = (v: ParticipantView, presetId: string | undefined) =>
  (rightsOf(v)?.show_participant_list ?? false) && !isHidden(v, presetId);

/**
 * A move's people indexed once per row object: every stream of a meeting is handed the same rows, so ten
 * thousand streams deciding on a thousand-person move look up themselves and the few presets named
 * instead of each walking the thousand people several times.
 */
interface MoveIndex {
  /** Each moved person's preset, by id. */
  presetOf: Map<string, string>;
  /** The distinct presets the move names. */
  presetIds: string[];
}

const moveIndexes = new WeakMap<object, MoveIndex>();

function moveIndex(row: EventRow): MoveIndex {
  const payload = row.payload as FullMove;
  let index = moveIndexes.get(payload);
  if (!index) {
    const presetOf = new Map(payload.participants.map((p) => [p.id, p.preset_id]));
    index = { presetOf, presetIds: [...new Set(presetOf.values())] };
    moveIndexes.set(payload, index);
  }
  return index;
}

/** The ids of presets a row names (a preset the viewer does not know yet must be read first). */
export function presetsNamed(row: EventRow): readonly string[] {
  if (row.type === 'participant_added' || row.type === 'participant_updated') {
    return [(row.payload as { participant: ParticipantInfo }).participant.preset_id];
  }
  if (row.type === 'participants_moved') return moveIndex(row).presetIds;
  return [];
}

/**
 * Applies one row to the view (a move or change of the viewer or of anyone else) and decides what the
 * viewer receives of it. A move of the viewer takes effect before the decision on that very row, so the
 * filter changes rooms at exactly that point of the log.
 */
export function step(v: ParticipantView, row: EventRow): Decision {
  // The preset of the participant a removal or presence change names, as it was before this row.
  const named = namedId(row);
  const presetBefore = named === undefined ? undefined : (namedPreset(row) ?? v.presetOf?.get(named));
  track(v, row);
  if (hasHostPowers(v)) return { send: 'row' };
  if (HOSTS_ONLY_TYPES.has(row.type) || row.audience === 'hosts') return { send: 'none' };
  if (row.roomId && row.roomId !== v.roomId) return { send: 'none' };
  if (POLL_EVENT_TYPES.has(row.type) && !rightsOf(v)?.polls.can_view) return { send: 'none' };
  switch (row.type) {
    case 'participant_added':
    case 'participant_updated': {
      const p = (row.payload as { participant: ParticipantInfo }).participant;
      if (p.id === v.selfId) return { send: 'row' };
      if (!maySee(v, p.preset_id)) return { send: 'none' };
      const payload = row.payload as { participant: ParticipantInfo };
      return { send: 'payload', payload: { ...payload, participant: redactParticipant(p) } };
    }
    case 'participant_removed':
    case 'presence_changed': {
      const id = named!;
      if (id === v.selfId) return { send: 'row' };
      return maySee(v, presetBefore) ? { send: 'row' } : { send: 'none' };
    }
    case 'participants_moved': {
      const moved = row.payload as FullMove;
      // Usually everyone or nobody named may be seen: decided per preset named, not per person.
      if (moved.participants.length && moveIndex(row).presetIds.every((id) => maySee(v, id))) {
        return { send: 'row' };
      }
      const seen = moved.participants.filter((p) => p.id === v.selfId || maySee(v, p.preset_id));
      if (seen.length === 0) return { send: 'none' };
      if (seen.length === moved.participants.length) return { send: 'row' };
      return { send: 'payload', payload: { ...moved, participants: seen } };
    }
    default:
      return { send: 'row' };
  }
}

/** The participant a removal or presence change is about. */
function namedId(row: EventRow): string | undefined {
  if (row.type !== 'participant_removed' && row.type !== 'presence_changed') return undefined;
  const p = row.payload as { id?: string; participant_id?: string };
  return p.id ?? p.participant_id;
}

/** The preset a removal or presence change says applied to the participant it names (newer rows do). */
const namedPreset = (row: EventRow) => (row.payload as { preset_id?: string }).preset_id;

/**
 * True when the row names a participant without their preset (a row written before rows said it) and the
 * view does not know everyone's preset yet: the viewer reads it first.
 */
export const needsPresetOf = (v: ParticipantView, row: EventRow) =>
  !v.presetOf && namedId(row) !== undefined && namedPreset(row) === undefined;

/** Keeps the view current: where the viewer is, their preset, and everyone's preset when it is kept. */
function track(v: ParticipantView, row: EventRow) {
  switch (row.type) {
    case 'participant_added':
    case 'participant_updated': {
      const p = (row.payload as { participant: ParticipantInfo }).participant;
      v.presetOf?.set(p.id, p.preset_id);
      if (p.id === v.selfId) v.presetId = p.preset_id;
      break;
    }
    case 'participant_removed':
      v.presetOf?.delete((row.payload as { id: string }).id);
      break;
    case 'participants_moved': {
      const moved = row.payload as FullMove;
      const index = moveIndex(row);
      if (v.presetOf) for (const [id, presetId] of index.presetOf) v.presetOf.set(id, presetId);
      const own = index.presetOf.get(v.selfId);
      if (own !== undefined) {
        v.roomId = moved.destination_meeting_id;
        v.presetId = own;
      }
      break;
    }
  }
}

/** Another participant as a participant may see them: without the integrator's custom id or the hosts' tags. */
const redactParticipant = <T extends { custom_participant_id: string | null; tags?: string[] }>(p: T): T => ({
  ...p,
  custom_participant_id: null,
  ...(p.tags ? { tags: [] } : {}),
});

/** True when the row moves the viewer. */
export const movesSelf = (v: ParticipantView, row: EventRow) =>
  row.type === 'participants_moved' && moveIndex(row).presetOf.has(v.selfId);

/** True when the row removes the viewer. */
export const removesSelf = (v: ParticipantView, row: EventRow) =>
  row.type === 'participant_removed' && (row.payload as { id: string }).id === v.selfId;

interface StateLike<P> {
  parent_meeting: { participants: P[] };
  meetings: Array<{ participants: P[] }>;
}

/**
 * A connected-meetings state as a participant may see it: with host powers, all of it; otherwise without
 * hidden participants and without others' custom ids, and with nobody but themselves when their preset
 * does not show the participant list. Room titles stay: they pick rooms by them.
 */
export function visibleState<
  P extends { id: string; preset_id: string; custom_participant_id: string | null },
  S extends StateLike<P>,
>(state: S, v: Pick<ParticipantView, 'selfId' | 'presetId' | 'presets'>): S {
  const view = { ...v, roomId: '', presetOf: new Map<string, string>() };
  if (hasHostPowers(view)) return state;
  const people = (list: P[]) =>
    list.flatMap((p) => (p.id === v.selfId ? [p] : maySee(view, p.preset_id) ? [redactParticipant(p)] : []));
  return {
    ...state,
    parent_meeting: { ...state.parent_meeting, participants: people(state.parent_meeting.participants) },
    meetings: state.meetings.map((m) => ({ ...m, participants: people(m.participants) })),
  };
}
