import type { Permissions } from '@/lib/presets/permissions';

/** What a person may do to others in the call; the server checks the same rights again. */
export interface ModerationRights {
  mute: boolean;
  muteVideo: boolean;
  kick: boolean;
  spotlight: boolean;
}

export const moderationRightsOf = (p: Permissions): ModerationRights => ({
  mute: p.disable_participant_audio,
  muteVideo: p.disable_participant_video,
  kick: p.kick_participant,
  spotlight: p.can_spotlight,
});
