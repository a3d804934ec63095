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
