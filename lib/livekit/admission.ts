import { TrackSource, TrackType } from 'livekit-server-sdk';
import type { Permissions } from '@/lib/presets/permissions';
import { grantsFor } from './grants';
import { hasRights, mayWaitWarmIn } from './warm';

/** What the database says about the identity a media connection claims: its seat, if it still has one. */
export interface MediaSeat {
  /** The meeting (main meeting or breakout room) the participant is in now. */
  currentMeetingId: string;
  /** Whether their main meeting is ACTIVE. */
  meetingActive: boolean;
  /** The preset that applies where they are now. */
  permissions: Permissions;
  /** Their main meeting (where a warm connection may wait while they are in a breakout room). */
  mainMeetingId?: string;
  /** In the main meeting: the planned id of the draft room they are assigned to (a warm one may wait there). */
  plannedRoomId?: string;
  /** The open rooms they may move themselves into now (a warm one may wait in one of them). */
  choices?: readonly string[];
  /** The room a host picked for them in the manager, not moved yet (a warm one may wait there). */
  pendingRoomId?: string;
}

/** A track as the media server reports it: its kind and the source it was declared with. */
export interface ReportedTrack {
  sid: string;
  type: TrackType;
  source: TrackSource;
}

export type Refusal = 'no_seat' | 'meeting_inactive' | 'elsewhere';

export type MediaVerdict =
  | { admit: false; reason: Refusal }
  | { admit: true; refused: Array<{ track: ReportedTrack; reason: string }> };

// The kind each declared source carries. The media server checks only the declared source against the
// grant, so a video track labelled "microphone" passes it; this is what catches that.
const KIND_OF: Partial<Record<TrackSource, TrackType>> = {
  [TrackSource.MICROPHONE]: TrackType.AUDIO,
  [TrackSource.CAMERA]: TrackType.VIDEO,
  [TrackSource.SCREEN_SHARE]: TrackType.VIDEO,
  [TrackSource.SCREEN_SHARE_AUDIO]: TrackType.AUDIO,
};

const SOURCE_NAME: Partial<Record<TrackSource, string>> = {
  [TrackSource.MICROPHONE]: 'microphone',
  [TrackSource.CAMERA]: 'camera',
  [TrackSource.SCREEN_SHARE]: 'screen share',
  [TrackSource.SCREEN_SHARE_AUDIO]: 'screen share audio',
};
const kindName = (t: TrackType) =>
  t === TrackType.AUDIO ? 'audio' : t === TrackType.VIDEO ? 'video' : 'data';
const withArticle = (t: TrackType) => (t === TrackType.AUDIO ? 'An audio' : `A ${kindName(t)}`);

/**
 * Why a track may not stay published under these permissions, or undefined when it may: its declared
 * source must be one the preset grants, and its kind must be the one that source carries.
 */
export function trackRefusal(
  permissions: Permissions,
  track: Omit<ReportedTrack, 'sid'>,
): string | undefined {
  const allowed = grantsFor(permissions, '').canPublishSources ?? [];
  const source = SOURCE_NAME[track.source];
  if (!source || !allowed.includes(track.source))
    return `Your preset does not allow sending ${source ?? 'a track of unknown source'}.`;
  const kind = KIND_OF[track.source];
  if (kind !== track.type) {
    return `${withArticle(track.type)} track sent as "${source}" was removed: ${source} carries ${kindName(kind!)} only.`;
  }
  return undefined;
}

/** How a connection stands with the warm room switch (MEDIA_WARM_SWITCH=on). */
export interface WarmCheck {
  /** Whether the switch is on. */
  warmSwitch: boolean;
  /** The connection's rights as the media server reports them (undefined: not reported, a track event). */
  permission?: Parameters<typeof hasRights>[0];
}

/**
 * May this seat's connection be in this media room with these tracks? Pure, tested as a table. A
 * connection is refused when its seat is gone (removed), its meeting is inactive, or the seat is in
 * another room now (moved, or a token kept from before a move); an admitted one still loses each track its
 * preset refuses. With the warm switch on, one more connection is admitted outside the seat's room: a
 * warm one, waiting where a move will likely take the seat next (the main meeting while the seat is in a
 * breakout room, the planned room of its draft assignment while in the main meeting, or an open room the
 * seat may move itself into, which the page asks for while the person points at it), without any right,
 * hidden and publishing nothing. The server gives it the seat's rights
 * when the move commits (lib/livekit/promote.ts). A connection that ignored its move still has its
 * rights, so it is a straggler wherever it stays, even in the room a warm one may wait in.
 */
export function judgeMedia(
  seat: MediaSeat | undefined,
  room: string,
  tracks: ReportedTrack[] = [],
  warm: WarmCheck = { warmSwitch: false },
): MediaVerdict {
  if (!seat) return { admit: false, reason: 'no_seat' };
  if (!seat.meetingActive) return { admit: false, reason: 'meeting_inactive' };
  if (seat.currentMeetingId !== room) {
    return isWaitingWarm(seat, room, tracks, warm)
      ? { admit: true, refused: [] }
      : { admit: false, reason: 'elsewhere' };
  }
  const refused = tracks.flatMap((track) => {
    const reason = trackRefusal(seat.permissions, track);
    return reason ? [{ track, reason }] : [];
  });
  return { admit: true, refused };
}

/** A warm connection: switch on, in the seat's likely next room, no right, hidden, publishing nothing. */
export function isWaitingWarm(
  seat: MediaSeat,
  room: string,
  tracks: ReportedTrack[],
  { warmSwitch, permission }: WarmCheck,
): boolean {
  if (!warmSwitch || !seat.mainMeetingId || tracks.length > 0 || permission === undefined) return false;
  return mayWaitWarmIn({ ...seat, mainMeetingId: seat.mainMeetingId }, room) && !hasRights(permission);
}

/** What the database says about the recording a recorder's identity names. */
export interface RecorderSeat {
  /** The meeting or room being recorded. */
  meetingId: string;
  /** Whether its recorder still has work to do (recording, or finishing its file). */
  unfinished: boolean;
}

/**
 * May this recorder be in this media room? Only while its recording is unfinished and only in the room it
 * records: a recorder left over from a recording already resolved (say after a restart) is removed.
 */
export function judgeRecorder(recording: RecorderSeat | undefined, room: string): MediaVerdict {
  if (!recording || !recording.unfinished) return { admit: false, reason: 'no_seat' };
  if (recording.meetingId !== room) return { admit: false, reason: 'elsewhere' };
  return { admit: true, refused: [] };
}

/** What the database says about a listening connection's principal and the room it listens to. */
export interface ListenerSeat {
  /** The meeting's owner, or a participant of its family whose preset may alter the rooms. */
  hostPowers: boolean;
  meetingActive: boolean;
  /** The main meeting, or a breakout room that is open. */
  roomOpen: boolean;
}

/**
 * May this listening connection stay? Only while its principal has host powers over the room's family,
 * the meeting is active and the room open; and it may never send a track (its grant allows none).
 */
export function judgeListener(seat: ListenerSeat | undefined, tracks: ReportedTrack[] = []): MediaVerdict {
  if (!seat || !seat.hostPowers || tracks.length > 0) return { admit: false, reason: 'no_seat' };
  if (!seat.meetingActive) return { admit: false, reason: 'meeting_inactive' };
  if (!seat.roomOpen) return { admit: false, reason: 'elsewhere' };
  return { admit: true, refused: [] };
}
