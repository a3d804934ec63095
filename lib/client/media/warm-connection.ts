import { ConnectionState, RoomEvent, type Room } from 'livekit-client';
import { MeetingConnection } from './meeting-connection';

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
 * right and hidden, to the room the server says a move will likely take this person to next (the main
 * meeting while they are in a breakout room). Nothing of that room reaches it until the server moves the
 * person there and grants the rights on it; the page then only publishes its tracks on it
 * (lib/client/media/room-switch.ts). Anything wrong with it just means the move connects anew.
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
    this.spare = c;
    c.room.once(RoomEvent.Disconnected, () => {
      if (this.spare === c) this.spare = undefined;
    });
    try {
      await c.connectWith({ ...warm, token: warm.token, room: warm.room });
    } catch {
      if (this.spare === c) this.spare = undefined;
      void c.room.disconnect(false);
    }
    if (this.closed) this.drop();
  }

  /** The spare when it waits in `room`, handed over (it is no longer this page's spare). */
  take(room: string): MeetingConnection | undefined {
    const c = this.spare;
    if (!c || this.room !== room) return undefined;
    this.spare = undefined;
    return c;
  }

  /** Keeps a connection the call just left as the spare (the server took its rights there). */
  keep(c: MeetingConnection): void {
    this.drop();
    if (this.closed) return void c.leave();
    this.spare = c;
    c.room.once(RoomEvent.Disconnected, () => {
      if (this.spare === c) this.spare = undefined;
    });
  }

  /** Closes the spare, if any. */
  drop(): void {
    const c = this.spare;
    this.spare = undefined;
    if (c) void c.room.disconnect(false);
  }

  /** The call ended: no spare any longer. */
  close(): void {
    this.closed = true;
    this.drop();
  }
}

/**
 * Resolves once the server has granted this connection the right to subscribe (the move's
 * UpdateParticipant), or false after `ms`.
 */
export function rightsGranted(room: Room, ms: number): Promise<boolean> {
  if (room.localParticipant.permissions?.canSubscribe) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      room.off(RoomEvent.ParticipantPermissionsChanged, changed);
      room.off(RoomEvent.Disconnected, gone);
      resolve(ok);
    };
    const changed = () => {
      if (room.localParticipant.permissions?.canSubscribe) done(true);
    };
    const gone = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    room.on(RoomEvent.ParticipantPermissionsChanged, changed);
    room.on(RoomEvent.Disconnected, gone);
  });
}
