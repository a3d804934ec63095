import { ConnectionState, RoomEvent } from 'livekit-client';
import { MeetingConnection } from './meeting-connection';
import { takeOfferedMediaToken } from './media-token';
import { exposeForTests, noteSwitch } from './test-handle';
import { rightsGranted, type WarmSpare } from './warm-connection';

export interface SwitchResult {
  /** The connection the call is in now (the same one when no switch was needed). */
  connection: MeetingConnection;
  /** Set when the local tracks could not be published in the new room (its preset may forbid them). */
  publishError?: unknown;
}

const ATTEMPTS = 3;

/**
 * Moves the call to the media room the server has this participant in now: the token for it (sent with
 * the move, or asked for), then the old room is left at once while the new one connects, and the SAME
 * local tracks are published there with their mic and camera state (no new permission prompt).
 *
 * Leaving first is deliberate. The server has already moved this person, so nothing of the old room
 * should reach them any longer (the server would remove a straggler anyway), and leaving closes its
 * connection outright: no renegotiation to take the tracks out of it, and no more decoding of its
 * people's video while the new room connects. In a large main meeting that decoding is most of what a
 * browser does. `adopt` runs once the new room is connected, so the page makes it the call's room (the
 * old room's disconnect is expected meanwhile). When the token names the room `from` is already in
 * (moved away and back before this ran), nothing changes.
 */
export async function switchRoom(
  from: MeetingConnection,
  adopt: (next: MeetingConnection) => void,
  warm?: { spare: WarmSpare; to: string },
): Promise<SwitchResult> {
  if (warm) {
    const done = await switchWarm(from, adopt, warm.spare, warm.to).catch(() => undefined);
    if (done) return done;
  }
  noteSwitch('cold');
  for (let attempt = 1; ; attempt++) {
    try {
      return await switchOnce(from, adopt, warm?.spare);
    } catch (err) {
      // A token or signalling hiccup: the server keeps the move, so trying again is always right.
      if (attempt >= ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 300 * attempt));
    }
  }
}

async function switchOnce(
  from: MeetingConnection,
  adopt: (next: MeetingConnection) => void,
  spare?: WarmSpare,
): Promise<SwitchResult> {
  const next = new MeetingConnection(from.meetingId);
  mark('start');
  if ((await next.destination()) === from.mediaRoom && from.room.state !== ConnectionState.Disconnected) {
    return { connection: from }; // moved away and back before this ran: stay where we are
  }
  // Leaving clears the tracks' senders there, so the new room's publish must wait for it; it is under
  // way long before the new room's signalling has answered.
  // With the warm switch, the main meeting stays connected (the server took its rights) as the way back.
  const keep = !!spare && isWayBack(from) && from.room.state === ConnectionState.Connected;
  const left = (keep ? from.unpublish() : from.leave()).catch(() => undefined);
  const signalled = new Promise<void>((resolve) =>
    next.room.once(RoomEvent.SignalConnected, () => resolve()),
  );
  const connected = next.connect(from.url);
  try {
    // Publishing starts as soon as the signalling has joined, while the media connection is still being
    // set up, so the others in the new room get this person's media sooner.
    await Promise.race([signalled, connected]);
    mark('signalled');
    await left;
    const publishing = next.publish();
    await connected;
    mark('connected');
    adopt(next);
    if (keep) spare.keep(from);
    const { publishError } = await publishing;
    mark('published');
    return { connection: next, publishError };
  } catch (err) {
    await next.leave().catch(() => undefined);
    if (keep) await from.leave().catch(() => undefined);
    throw err;
  }
}

// How long a warm switch waits for the server's grant before it connects anew instead. The grant is sent
// as the move commits, before the page even hears of the move, so it is normally there already.
const GRANT_WAIT_MS = 2500;

/**
 * The warm switch (MEDIA_WARM_SWITCH=on): when the spare already waits in the destination, the server
 * grants the rights on it with the move, so the page only publishes its tracks there and makes it the
 * call's room. The room left stays as the new spare when it is the likely way back (the server took its
 * rights), else it is left. Undefined when there is no usable spare: the move then connects anew.
 */
async function switchWarm(
  from: MeetingConnection,
  adopt: (next: MeetingConnection) => void,
  spare: WarmSpare,
  to: string,
): Promise<SwitchResult | undefined> {
  const next = spare.take(to);
  if (!next) return undefined;
  mark('start');
  if (!(await rightsGranted(next.room, GRANT_WAIT_MS))) {
    await next.leave().catch(() => undefined);
    return undefined;
  }
  mark('signalled');
  takeOfferedMediaToken(from.meetingId); // the token sent with the move is not needed
  // The same local tracks cannot be in two rooms at once: out of the old one first.
  const wayBack = isWayBack(from);
  if (wayBack) await from.unpublish().catch(() => undefined);
  else await from.leave().catch(() => undefined);
  const publishing = next.publish();
  exposeForTests(next.room);
  mark('connected');
  adopt(next);
  if (wayBack && from.room.state === ConnectionState.Connected) spare.keep(from);
  else if (wayBack) void from.leave();
  const { publishError } = await publishing;
  mark('published');
  noteSwitch('warm');
  return { connection: next, publishError };
}

/** Leaving the main meeting: it is where "return" and "close all" lead back to. */
const isWayBack = (c: MeetingConnection) => c.mediaRoom !== undefined && c.mediaRoom === c.meetingId;

// Marks on the page's performance timeline (cheap, always on): the move benchmark reads how long each
// step of a switch took.
const mark = (step: string) => performance.mark(`breakout-switch:${step}`);
