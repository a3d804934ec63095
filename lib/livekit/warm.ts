import type { ParticipantPermission, VideoGrant } from 'livekit-server-sdk';

// The warm room switch (MEDIA_WARM_SWITCH=on): a page keeps one connection, without any rights and
// hidden, to the room a move will most likely take it to, so a move only has to grant the rights there.
// Pure, so the rules are tested as tables; lib/livekit/enforce.ts and service.ts apply them.

/** Where the seat is and which main meeting it belongs to. */
export interface SeatPlace {
  currentMeetingId: string;
  mainMeetingId: string;
}

/**
 * The one room a move will most likely take this participant to next, or undefined. In a breakout room
 * it is the main meeting ("return" and "close all" lead there). In the main meeting nothing is likely
 * enough: a draft's rooms do not exist until the start that moves everyone, and a self-select list has
 * no single likely choice.
 */
export function likelyDestination(seat: SeatPlace): string | undefined {
  return seat.currentMeetingId !== seat.mainMeetingId ? seat.mainMeetingId : undefined;
}

/** The grant of a warm connection: it may join the room and nothing else, and nobody sees it. */
export function warmGrant(room: string): VideoGrant {
  return {
    room,
    roomJoin: true,
    roomCreate: false,
    roomAdmin: false,
    roomList: false,
    canPublish: false,
    canPublishSources: [],
    canPublishData: false,
    canSubscribe: false,
    canUpdateOwnMetadata: false,
    hidden: true,
  };
}

/** The permission that takes every right away again (UpdateParticipant replaces the set whole). */
export const WARM_PERMISSION: Partial<ParticipantPermission> = {
  canSubscribe: false,
  canPublish: false,
  canPublishSources: [],
  canPublishData: false,
  canUpdateMetadata: false,
  hidden: true,
};

/** The permission a grant gives, for UpdateParticipant. */
export function permissionOf(grant: VideoGrant): Partial<ParticipantPermission> {
  return {
    canSubscribe: grant.canSubscribe ?? false,
    canPublish: grant.canPublish ?? false,
    canPublishSources: grant.canPublishSources ?? [],
    canPublishData: grant.canPublishData ?? false,
    canUpdateMetadata: false,
    hidden: grant.hidden ?? false,
  };
}

/** Whether a connection's permission, as the media server reports it, carries any right at all. */
export function hasRights(p: Partial<ParticipantPermission> | undefined): boolean {
  if (!p) return true; // unknown: judge it as a full connection
  return !!(p.canSubscribe || p.canPublish || p.canPublishData || !p.hidden);
}
