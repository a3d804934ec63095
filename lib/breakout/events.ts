// The events of a meeting family's breakout state. Each carries what a client (or a replay) needs to
// apply it without asking the server again.

export interface RoomRef {
  id: string;
  title: string;
}

export interface MovedParticipant {
  id: string;
  /** Set when moved with a custom preset: the preset that applies in the destination room. */
  preset_id?: string;
}

export type BreakoutEvent =
  | { type: 'participant_added'; payload: { id: string; meeting_id: string; name: string } }
  | { type: 'participant_updated'; payload: { id: string; name: string; preset_id: string } }
  | { type: 'participant_removed'; payload: { id: string } }
  | { type: 'meetings_created'; payload: { meetings: RoomRef[] } }
  | { type: 'meetings_updated'; payload: { meetings: RoomRef[] } }
  | { type: 'meetings_deleted'; payload: { meeting_ids: string[] } }
  | {
      type: 'participants_moved';
      payload: {
        source_meeting_id: string;
        destination_meeting_id: string;
        participants: MovedParticipant[];
      };
    }
  | { type: 'draft_updated'; payload: { draft: unknown } };

export type BreakoutEventType = BreakoutEvent['type'];
