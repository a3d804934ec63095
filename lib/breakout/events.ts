import type { EventHints } from '@/db/schema';
// The events of a meeting family's breakout state. Each carries what a client (or a replay of the log)
// needs to apply it to the state without asking the server again: see reduce.ts.

import type { BreakoutTimer } from './timer-clock';

export interface RoomRef {
  id: string;
  title: string;
}

export interface ParticipantInfo {
  id: string;
  custom_participant_id: string | null;
  name: string;
  picture: string | null;
  preset_id: string;
  preset_name: string;
  /** The hosts' labels for this person (lib/breakout/tags.ts); only hosts see others' tags. */
  tags: string[];
}

export interface MovedParticipant {
  id: string;
  /** Set when moved with a custom preset: the preset that applies in the destination room. */
  preset_id?: string;
}

/** A moved participant as the event reports it: with the preset that applies in the destination. */
export interface MovedParticipantInfo {
  id: string;
  preset_id: string;
  preset_name: string;
  custom_preset: boolean;
}

/** A saved room plan as lists show it. `automatic`: the "Last rooms" plan kept when rooms close. */
export interface PlanSummary {
  id: string;
  name: string;
  rooms: number;
  assigned: number;
  automatic: boolean;
  created_at: string;
}

/** Whether participants may pick their own room now, and how many seats each room has (null: no cap). */
export interface SelfSelect {
  enabled: boolean;
  capacity: number | null;
}

export type BreakoutEvent =
  | { type: 'participant_added'; payload: { meeting_id: string; participant: ParticipantInfo } }
  | { type: 'participant_updated'; payload: { participant: ParticipantInfo } }
  /** `preset_id`: the preset that applied to them (absent in rows written before it was recorded). */
  | { type: 'participant_removed'; payload: { id: string; preset_id?: string } }
  | {
      type: 'presence_changed';
      payload: { participant_id: string; meeting_id: string; connected: boolean; preset_id?: string };
    }
  | { type: 'meetings_created'; payload: { meetings: RoomRef[] } }
  | { type: 'meetings_updated'; payload: { meetings: RoomRef[] } }
  | { type: 'meetings_deleted'; payload: { meeting_ids: string[] } }
  | {
      type: 'participants_moved';
      payload: {
        source_meeting_id: string;
        destination_meeting_id: string;
        participants: MovedParticipantInfo[];
      };
    }
  | { type: 'draft_updated'; payload: { draft: unknown } }
  /** Every open room closes at `ends_at` (ISO time) unless cancelled; the server closes them then. */
  | { type: 'rooms_closing'; payload: { ends_at: string; seconds: number } }
  | { type: 'rooms_closing_cancelled'; payload: Record<string, never> }
  /** The meeting's saved room plans changed (saved, deleted, or "Last rooms" kept when rooms closed). */
  | { type: 'plans_updated'; payload: { plans: PlanSummary[] } }
  /** "Let participants choose" opened or closed; `capacity` is seats per room (null: no cap). */
  | { type: 'self_select_updated'; payload: { self_select: SelfSelect } }
  /** Whether late joiners go straight to the room with the fewest people. */
  | { type: 'late_joiners_updated'; payload: { auto_place: boolean } }
  /** The breakout timer was set, changed or cancelled (null), or ended with the rooms. */
  | { type: 'timer_updated'; payload: { timer: BreakoutTimer | null } };

export type BreakoutEventType = BreakoutEvent['type'];

/** An event as it is appended to the log: a move also records what it left behind (`EventHints`). */
export type LoggedEvent = BreakoutEvent & { hints?: EventHints };
