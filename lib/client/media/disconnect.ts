import { DisconnectReason } from 'livekit-client';

/** How a call ended, as the page tells it. */
export interface CallEnding {
  kind: 'left' | 'removed' | 'kicked' | 'ended' | 'elsewhere' | 'lost';
  title: string;
  message: string;
  /** Whether offering "Rejoin" makes sense. */
  canRejoin: boolean;
}

/** Explains a LiveKit disconnect reason; pure, so each case is tested. */
export function describeDisconnect(reason: DisconnectReason | undefined): CallEnding {
  switch (reason) {
    case DisconnectReason.CLIENT_INITIATED:
      return {
        kind: 'left',
        title: 'You left the meeting',
        message: 'You can rejoin while it lasts.',
        canRejoin: true,
      };
    case DisconnectReason.PARTICIPANT_REMOVED:
      return {
        kind: 'removed',
        title: 'You were removed from this meeting',
        message:
          'The host removed you, or gave you a new join link. Ask the host if you think this is a mistake.',
        canRejoin: false,
      };
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return {
        kind: 'ended',
        title: 'The meeting has ended',
        message: 'The host ended it for everyone.',
        canRejoin: false,
      };
    case DisconnectReason.DUPLICATE_IDENTITY:
      return {
        kind: 'elsewhere',
        title: 'You joined from somewhere else',
        message: 'This seat is now in use in another tab or on another device.',
        canRejoin: true,
      };
    default:
      return {
        kind: 'lost',
        title: 'Connection lost',
        message: 'The connection to the meeting dropped and could not be restored.',
        canRejoin: true,
      };
  }
}

/** A host removed this person from the call (and, if chosen, from the meeting: their link is gone). */
export function kickedEnding(removedFromMeeting: boolean): CallEnding {
  return removedFromMeeting
    ? {
        kind: 'kicked',
        title: 'You were removed from this meeting',
        message: 'A host removed you from the meeting. Your join link no longer works.',
        canRejoin: false,
      }
    : {
        kind: 'kicked',
        title: 'You were removed from the call',
        message: 'A host removed you from this call. Your link still works if they ask you to come back.',
        canRejoin: false,
      };
}

/** A host ended the meeting for everyone (in every room). */
export const meetingEndedEnding = (): CallEnding => describeDisconnect(DisconnectReason.ROOM_DELETED);
