import { ConnectionState, DataPacket_Kind, RoomEvent, type Room } from 'livekit-client';
import { MeetingConnection } from './meeting-connection';
import { exposeWarmForTests } from './test-handle';

/** What POST /api/v1/livekit/warm-token answers: no token when no room is likely. */
interface WarmToken {
  url: string;
  token: string | null;
  room: string | null;
  expires_in: number;
  /** Seconds until a host's pick (the room) lapses, when to ask again; null otherwise. */
  ask_again_in?: number | null;
}

async function fetchWarmToken(meetingId: string, roomId?: string): Promise<WarmToken | undefined> {
  try {
    const res = await fetch('/api/v1/livekit/warm-token', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ meeting_id: meetingId, ...(roomId ? { room_id: roomId } : {}) }),
    });
    if (!res.ok) return undefined;
    return ((await res.json()) as { data?: WarmToken }).data;
  } catch {
    return undefined; // a warm connection is only ever a head start
  }
}

/**
 * The one warm connection a page may hold beside its call (MEDIA_WARM_SWITCH=on): connected under the
 * seat's identity, without any right and hidden, to the room the server says a move will likely take
 * this person to next (the main meeting while they are in a breakout room, the planned room of their
 * draft assignment), or to the room they point at in a list they may pick from (`refresh(roomId)`).
 * Nothing of that room reaches it until a move takes the person there: the server then gives it the
 * seat's rights (lib/livekit/promote.ts) and the call takes it over (`take`,
 * lib/client/media/room-switch.ts). The server removes it as soon as its room is no longer likely.
 */
export class WarmSpare {
  private spare?: MeetingConnection;
  /** The room `spare` is connected or connecting to. */
  private target?: string;
  private refreshing?: Promise<void>;
  // Bumped as each switch begins (`voidPending`): a token fetched before must not open a connection after.
  private epoch = 0;
  private closed = false;
  // Asks again when a host's pick lapses, or soon after the server removed the spare (its room is no
  // longer likely: choosing closed, a pick put back in another instance's view).
  private again?: ReturnType<typeof setTimeout>;
  private lostAt = 0;

  constructor(readonly meetingId: string) {}

  /** The room the spare is connected or still connecting to, if any. */
  get heading(): string | undefined {
    return this.spare ? this.target : undefined;
  }

  /**
   * Asks the server where this person will likely go next, or for `roomId` (a room they point at and may
   * pick themselves), and holds a connection there (or none).
   */
  refresh(roomId?: string): Promise<void> {
    this.refreshing = (this.refreshing ?? Promise.resolve()).then(() => this.refreshOnce(roomId));
    return this.refreshing;
  }

  private async refreshOnce(roomId?: string) {
    if (this.closed || (roomId && this.heading === roomId)) return;
    const epoch = this.epoch;
    const warm = await fetchWarmToken(this.meetingId, roomId);
    if (this.closed || epoch !== this.epoch) return;
    // A room asked for that is no choice (any more) leaves the spare where it is.
    if (roomId && !warm?.token) return;
    if (!warm?.token || !warm.room) return this.drop();
    this.askAgainIn(warm.ask_again_in);
    if (this.heading === warm.room) return; // already waiting there
    this.drop();
    const c = new MeetingConnection(this.meetingId);
    this.hold(c, warm.room);
    c.room.once(RoomEvent.Disconnected, () => {
      if (this.spare !== c) return; // dropped or taken here
      this.hold(undefined);
      // Removed by the server (or lost): ask where to wait now, at most every 10 s.
      if (Date.now() - this.lostAt > 10_000) {
        this.lostAt = Date.now();
        this.askAgainIn(1);
      }
    });
    try {
      await c.connectWith({ ...warm, token: warm.token, room: warm.room });
      warmTransport(c.room);
    } catch {
      if (this.spare === c) this.hold(undefined);
      void c.room.disconnect(false);
    }
    if (this.closed) this.drop();
  }

  private askAgainIn(seconds: number | null | undefined) {
    clearTimeout(this.again);
    this.again = undefined;
    if (!seconds || this.closed) return;
    this.again = setTimeout(() => void this.refresh(), seconds * 1000 + 250);
  }

  private hold(c: MeetingConnection | undefined, target?: string) {
    this.spare = c;
    this.target = c ? target : undefined;
    exposeWarmForTests(c?.room);
  }

  /**
   * Hands the spare over to the call once the server has promoted it in `room` (it may subscribe), or
   * undefined when it is not there or not promoted within `waitMs`. A spare still connecting to `room`
   * is waited for (the server promotes it as it arrives). One given up on is closed: the call connects as
   * usual, and would push it out anyway, having the same identity. Either way no spare opened before this
   * call will join `room` afterwards.
   */
  async take(room: string, waitMs: number): Promise<MeetingConnection | undefined> {
    this.voidPending();
    const c = this.spare;
    if (!c || this.heading !== room) return undefined;
    // It is the switch's from now on: a refresh meanwhile (the next likely room) must not close it.
    this.hold(undefined);
    const until = Date.now() + waitMs;
    if (
      (await connected(c.room, waitMs)) &&
      (await promoted(c.room, Math.max(0, until - Date.now()))) &&
      c.room.state === ConnectionState.Connected
    )
      return c;
    void c.room.disconnect(false);
    return undefined;
  }

  /**
   * A switch has begun: a warm token still being fetched opens nothing (it could be for the very room
   * the call is connecting to, and push the call out). The next refresh asks again.
   */
  voidPending(): void {
    this.epoch++;
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
    clearTimeout(this.again);
    this.drop();
  }
}

/** Resolves true once the connection is connected, false when it fails or after `ms`. */
const connected = (room: Room, ms: number) =>
  until(room, RoomEvent.Connected, () => room.state === ConnectionState.Connected, ms);

/** Resolves true once the connection may subscribe (the server gave it the seat's rights), false after `ms`. */
const promoted = (room: Room, ms: number) =>
  until(
    room,
    RoomEvent.ParticipantPermissionsChanged,
    () => !!room.localParticipant.permissions?.canSubscribe,
    ms,
  );

/** Resolves true once `ok()` holds (checked on each `event`), false when the room disconnects or after `ms`. */
function until(room: Room, event: RoomEvent, ok: () => boolean, ms: number): Promise<boolean> {
  if (ok()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      room.off(event, check);
      room.off(RoomEvent.Disconnected, gone);
      resolve(value);
    };
    const check = () => {
      if (ok()) done(true);
    };
    const gone = () => done(false);
    const timer = setTimeout(() => done(ok()), ms);
    room.on(event, check);
    room.on(RoomEvent.Disconnected, gone);
  });
}

/**
 * Negotiates the connection's peer connection now. A connection that may neither subscribe nor publish
 * has none until it needs one, so without this the promotion would still pay ICE and DTLS before its
 * first subscription arrives. It carries nothing until then: the server forwards no track to a
 * connection without the subscribe right and drops data from one without the data right.
 */
function warmTransport(room: Room) {
  const engine = room.engine as unknown as {
    ensurePublisherConnected?: (kind: DataPacket_Kind) => Promise<void>;
  };
  engine.ensurePublisherConnected?.(DataPacket_Kind.RELIABLE).catch(() => undefined);
}
