import { RoomEvent } from 'livekit-client';
import * as localMedia from './local-media';
import { MeetingConnection } from './meeting-connection';
import { exposeForTests } from './test-handle';

export interface SwitchResult {
  /** The connection the call is in now (the same one when no switch was needed). */
  connection: MeetingConnection;
  /** Set when the local tracks could not be published in the new room (its preset may forbid them). */
  publishError?: unknown;
}

const ATTEMPTS = 3;

/**
 * Moves the call to the media room the server has this participant in now: a new token (the server
 * issues one only for that room; the connection to the media server is warmed up meanwhile), a new Room, the SAME local tracks published
 * there with their mic and camera state (no new permission prompt), then the old room is left. The
 * tracks stop sending to the old room while the new one connects, which keeps that off the critical path.
 * `adopt` runs once the new room is up and before the old one is left, so the page can make it the
 * call's room (the old room's disconnect is then no longer the end of the call). When the token names
 * the room `from` is already in (moved away and back before this ran), nothing changes.
 */
export async function switchRoom(
  from: MeetingConnection,
  adopt: (next: MeetingConnection) => void,
): Promise<SwitchResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await switchOnce(from, adopt);
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
): Promise<SwitchResult> {
  const next = new MeetingConnection(from.meetingId);
  mark('start');
  // The old room stops sending while the new one connects: a track sends through one sender at a time.
  const unpublished = localMedia.unpublishFrom(from.room);
  // Publishing starts as soon as the signalling has joined, while the media connection is still being set
  // up, so the others in the new room get this person's media sooner.
  const signalled = new Promise<void>((resolve) =>
    next.room.once(RoomEvent.SignalConnected, () => resolve()),
  );
  const connected = next.connect(from.url);
  let publishing: Promise<{ publishError?: unknown }> | undefined;
  try {
    await Promise.race([signalled, connected]);
    mark('signalled');
    await unpublished;
    if (next.room.name !== from.room.name) publishing = next.publish();
    await connected;
    mark('connected');
  } catch (err) {
    await next.leave().catch(() => undefined);
    await unpublished.catch(() => undefined);
    await from.publish(); // still in the old room: send there again
    exposeForTests(from.room);
    throw err;
  }
  if (!publishing) {
    // Moved away and back before this ran: stay where we are.
    await next.leave();
    await from.publish();
    exposeForTests(from.room);
    return { connection: from };
  }
  const { publishError } = await publishing;
  mark('published');
  adopt(next);
  // Leaving is not awaited: the call is already in the new room, and the server removes a straggler.
  void from.leave().catch(() => undefined);
  return { connection: next, publishError };
}

// Marks on the page's performance timeline (cheap, always on): the move benchmark reads how long each
// step of a switch took.
const mark = (step: string) => performance.mark(`breakout-switch:${step}`);
