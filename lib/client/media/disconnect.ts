import { DisconnectReason } from 'livekit-client';

/** How a call ended, as the page tells it. */
export interface CallEnding {
  kind: 'left' | 'removed' | 'ended' | 'elsewhere' | 'lost';
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
