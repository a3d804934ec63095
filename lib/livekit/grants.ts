import { TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { Permissions } from '@/lib/presets/permissions';

/**
 * The LiveKit grant for a participant with these permissions in exactly one room. Pure, so it is tested
 * as a table. The server enforces it: a browser cannot publish a source its grant leaves out.
 */
export function grantsFor(
  permissions: Permissions,
  room: string,
  /** The room's state: `audioLocked` after "mute all" without allow_unmute. */
  roomState: { audioLocked?: boolean } = {},
): VideoGrant {
  const sources: TrackSource[] = [];
  const { audio, video, screenshare } = permissions.media;
  // A locked room takes the microphone from everyone but those who may mute others (the moderators).
  const micLocked = !!roomState.audioLocked && !permissions.disable_participant_audio;
  if (audio.can_produce === 'ALLOWED' && !micLocked) sources.push(TrackSource.MICROPHONE);
  if (video.can_produce === 'ALLOWED') sources.push(TrackSource.CAMERA);
  if (screenshare.can_produce === 'ALLOWED')
    sources.push(TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO);
  return {
    room,
    roomJoin: true,
    roomCreate: false,
    roomAdmin: false,
    roomList: false,
    canPublish: sources.length > 0,
    canPublishSources: sources,
    // The page sends nothing over LiveKit data (chat goes through the REST API), so data publishing is
    // only a way around `chat.public.can_send` for a custom client: grant it only where chatting is allowed.
    canPublishData: permissions.chat.public.can_send,
    canSubscribe: true,
    canUpdateOwnMetadata: false,
    hidden: permissions.hidden_participant,
  };
}

/**
 * The grant of a connection that is nobody in the room: hidden, sending nothing (no tracks, no data, no
 * metadata), and receiving only when `canSubscribe` (a listener or observer does; a warm connection not).
 */
export function sendNothingGrant(room: string, { canSubscribe }: { canSubscribe: boolean }): VideoGrant {
  return {
    room,
    roomJoin: true,
    roomCreate: false,
    roomAdmin: false,
    roomList: false,
    canPublish: false,
    canPublishSources: [],
    canPublishData: false,
    canSubscribe,
    canUpdateOwnMetadata: false,
    hidden: true,
  };
}
