import type { Permissions } from '@/lib/presets/permissions';

/** What a person's preset lets them send; the server enforces the same through their media token. */
export interface MediaRights {
  audio: boolean;
  video: boolean;
  screenshare: boolean;
}

export function mediaRightsOf(media: Permissions['media']): MediaRights {
  return {
    audio: media.audio.can_produce === 'ALLOWED',
    video: media.video.can_produce === 'ALLOWED',
    screenshare: media.screenshare.can_produce === 'ALLOWED',
  };
}
