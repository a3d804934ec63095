// Moderation events: what a host did to people in the call. They travel on the main meeting's event
// stream like the room events (without bumping the breakout version), so every page reacts at once.

export type ModerationEvent =
  /** Disconnected from the call; `removed_from_meeting`: their seat and link were deleted too. */
  | { type: 'participants_kicked'; payload: { participant_ids: string[]; removed_from_meeting: boolean } }
  /** The session ended for everyone: the main meeting and all its rooms are inactive. */
  | { type: 'meeting_ended'; payload: { meeting_id: string } }
  /** A host turned these people's microphone (`audio`) or camera (`video`) off. */
  | { type: 'participants_muted'; payload: { participant_ids: string[]; kind: 'audio' | 'video' } }
  /** Everyone in `meeting_id` but `by` was muted; with `allow_unmute: false` only moderators may talk. */
  | {
      type: 'all_muted';
      payload: { meeting_id: string; allow_unmute: boolean; by: string | null };
    }
  /** Everyone's page in `meeting_id` shows `participant_id` large (null: nobody). */
  | { type: 'spotlight_changed'; payload: { meeting_id: string; participant_id: string | null } };

export type ModerationEventType = ModerationEvent['type'];

export const MODERATION_EVENT_TYPES: ModerationEventType[] = [
  'participants_kicked',
  'meeting_ended',
  'participants_muted',
  'all_muted',
  'spotlight_changed',
];
