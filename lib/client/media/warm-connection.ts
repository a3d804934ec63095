import { ConnectionState, RoomEvent } from 'livekit-client';
import { MeetingConnection } from './meeting-connection';
import { exposeWarmForTests } from './test-handle';

/** What POST /api/v1/livekit/warm-token answers: no token when no room is likely. */
interface WarmToken {
  url: string;
  token: string | null;
  room: string | null;
  expires_in: number;
}

async function fetchWarmToken(meetingId: string): Promise<WarmToken | undefined> {
  try {
    const res = await fetch('/api/v1/livekit/warm-token', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ meeting_id: meetingId }),
    });
    if (!res.ok) return undefined;
    return ((await res.json()) as { data?: WarmToken }).data;
  } catch {
    return undefined; // a warm connection is only ever a head start
  }
}

/**
 * The one warm connection a page may hold beside its call (MEDIA_WARM_SWITCH=on): connected, without any
 * right, hidden and under an identity of its own (`warm-<seat id>-<nonce>`), to the room the server says
 * a move will likely take this person to next (the main meeting while they are in a breakout room).
 * Nothing of that room ever reaches it: a move there still connects the call as the seat (with the token
 * sent with the move) and then closes this one (lib/client/media/room-switch.ts). The server removes it
 * as soon as its room is no longer likely.
 */
export class WarmSpare {
  private spare?: MeetingConnection;
  private refreshing?: Promise<void>;
  private closed = false;

  constructor(readonly meetingId: string) {}

  /** The room the spare is connected to now, if any. */
  get room(): string | undefined {
    return this.spare?.room.state === ConnectionState.Connected ? this.spare.mediaRoom : undefined;
  }

  /** Asks the server where this person will likely go next and holds a connection there (or none). */
  refresh(): Promise<void> {
    this.refreshing = (this.refreshing ?? Promise.resolve()).then(() => this.refreshOnce());
    return this.refreshing;
  }

  private async refreshOnce() {
    if (this.closed) return;
    const warm = await fetchWarmToken(this.meetingId);
    if (this.closed) return;
    if (!warm?.token || !warm.room) return this.drop();
    if (this.room === warm.room) return; // already waiting there
    this.drop();
    const c = new MeetingConnection(this.meetingId);
    this.hold(c);
    c.room.once(RoomEvent.Disconnected, () => {
      if (this.spare === c) this.hold(undefined);
    });
    try {
      await c.connectWith({ ...warm, token: warm.token, room: warm.room });
    } catch {
      if (this.spare === c) this.hold(undefined);
      void c.room.disconnect(false);
    }
    if (this.closed) this.drop();
  }

  private hold(c: MeetingConnection | undefined) {
    this.spare = c;
    exposeWarmForTests(c?.room);
  }

  /** Closes the spare, if any. */
  drop(): void {
    const c = this.spare;
    this.hold(undefined);
    if (c) void c.room.disconnect(false);
  }

  /** The call ended: no spare any longer. */
  close(): void {
    this.closed = true;
    this.drop();
  }
}
