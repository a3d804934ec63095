import type { Permissions } from '@/lib/presets/permissions';

/** What a preset lets someone do with a meeting's chat, polls and help (the server checks again). */
export interface RoomRights {
  canSend: boolean;
  canCreatePolls: boolean;
  canVote: boolean;
  canViewPolls: boolean;
  /** Reads every room, sees help requests, broadcasts. */
  hostPowers: boolean;
}

export const roomRightsOf = (p: Permissions): RoomRights => ({
  canSend: p.chat.public.can_send,
  canCreatePolls: p.polls.can_create,
  canVote: p.polls.can_vote,
  canViewPolls: p.polls.can_view,
  hostPowers: p.connected_meetings.can_alter_connected_meetings,
});
