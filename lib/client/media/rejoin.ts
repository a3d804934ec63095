import { MeetingConnection } from './meeting-connection';

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 2_000;
/** How long a page keeps trying before it says the connection is lost (and offers Rejoin). */
export const REJOIN_FOR_MS = 90_000;

/**
 * Gets the call back into its media room after the connection was lost for good (the media server
 * restarted and forgot the room, or stayed away longer than LiveKit's own reconnection waits): each try
 * asks the server for a fresh token, which names the room the participant is in NOW (a move may have
 * happened meanwhile), connects and publishes the same local tracks. Tries again every few seconds until
 * `wanted()` turns false or the time is up; resolves with the joined connection, or undefined.
 */
export async function rejoinMediaRoom(
  meetingId: string,
  wanted: () => boolean,
  knownUrl?: string,
): Promise<{ connection: MeetingConnection; publishError?: unknown } | undefined> {
  const until = Date.now() + REJOIN_FOR_MS;
  for (let attempt = 0; wanted() && Date.now() < until; attempt++) {
    const connection = new MeetingConnection(meetingId);
    try {
      await connection.connect(knownUrl);
      if (!wanted()) {
        await connection.leave();
        return undefined;
      }
      return { connection, ...(await connection.publish()) };
    } catch {
      await connection.leave().catch(() => undefined);
      await new Promise((r) => setTimeout(r, Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt)));
    }
  }
  return undefined;
}
