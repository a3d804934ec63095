/** What POST /api/v1/livekit/token answers: a token for exactly the room the participant is in now. */
export interface MediaToken {
  url: string;
  token: string;
  room: string;
  expires_in: number;
}

export class MediaTokenError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'MediaTokenError';
  }
}

interface Envelope {
  success?: boolean;
  data?: MediaToken;
  error?: { message?: string };
}

/** Asks the server for a media token with this meeting's participant cookie; the server picks the room. */
export async function fetchMediaToken(meetingId: string): Promise<MediaToken> {
  let res: Response;
  try {
    res = await fetch('/api/v1/livekit/token', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ meeting_id: meetingId }),
    });
  } catch {
    throw new MediaTokenError('Could not reach the server. Check your connection and try again.', 0);
  }
  const body = (await res.json().catch(() => ({}))) as Envelope;
  if (!res.ok || !body.data) {
    throw new MediaTokenError(
      body.error?.message ?? `The server did not let you join (HTTP ${res.status}).`,
      res.status,
    );
  }
  return body.data;
}

// Tokens the server pushed on the event stream with a move (see lib/events/viewer.ts), by main meeting.
// A room switch takes one instead of asking, which saves a round trip on every move.
const offered = new Map<string, { token: MediaToken; until: number }>();
const OFFER_TTL_MS = 60_000;

/** Keeps a token the server sent with a move for the next connection of this meeting. */
export function offerMediaToken(meetingId: string, token: MediaToken): void {
  offered.set(meetingId, { token, until: Date.now() + Math.min(OFFER_TTL_MS, token.expires_in * 500) });
}

/** The newest pushed token of this meeting, once; undefined when none is waiting or it is too old. */
export function takeOfferedMediaToken(meetingId: string): MediaToken | undefined {
  const o = offered.get(meetingId);
  offered.delete(meetingId);
  return o && o.until > Date.now() ? o.token : undefined;
}
