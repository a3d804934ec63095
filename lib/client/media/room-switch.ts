import {
  ConnectionState,
  RoomEvent,
  Track,
  TrackEvent,
  type RemoteTrack,
  type RemoteTrackPublication,
} from 'livekit-client';
import * as localMedia from './local-media';
import { MeetingConnection } from './meeting-connection';
import { takeOfferedMediaToken } from './media-token';
import { noteSwitch } from './test-handle';
import type { WarmSpare } from './warm-connection';

export interface SwitchResult {
  /** The connection the call is in now (the same one when no switch was needed). */
  connection: MeetingConnection;
  /** Set when the local tracks could not be published in the new room (its preset may forbid them). */
  publishError?: unknown;
}

const ATTEMPTS = 3;

// How long a move waits for the server to promote the warm connection waiting in its destination. The
// promotion starts as the move commits, before the event stream tells the page, so it is usually there
// first; past this the page connects as it would without one.
const PROMOTION_WAIT_MS = 2000;

/**
 * Moves the call to the media room the server has this participant in now: the token for it (sent with
 * the move, or asked for), then the old room is left at once while the new one connects, and the SAME
 * local tracks are published there with their mic and camera state (no new permission prompt). They are
 * taken out of the old room as the leave begins, so their publication never waits for the leave to end.
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
  // With the warm switch, a warm connection (the seat's identity, no right) may wait in the destination;
  // the server promotes it as the move commits, and the call takes it over: no new connection at all.
  // When one waits there, the old room is left at once, while the promotion is on its way: the server has
  // moved this person already (nothing of the old room may reach them any longer).
  // A spare still connecting there (the person pointed at the room a moment before picking it) is waited
  // for as well: what it has done is a head start on the connection the call would otherwise open.
  if (warm && warm.spare.heading === warm.to) {
    const freed = leave(from);
    const promoted = await warm.spare.take(warm.to, PROMOTION_WAIT_MS);
    if (promoted) {
      noteSwitch('warm');
      return takeOver(from, promoted, adopt, freed);
    }
  } else {
    // None there: no token fetched for a spare before now may open one after the call.
    warm?.spare.voidPending();
  }
  noteSwitch('cold');
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
  markFirstVideo(next);
  if ((await next.destination()) === from.mediaRoom && from.room.state !== ConnectionState.Disconnected) {
    return { connection: from }; // moved away and back before this ran: stay where we are
  }
  const freed = leave(from);
  const signalled = new Promise<void>((resolve) =>
    next.room.once(RoomEvent.SignalConnected, () => resolve()),
  );
  const connected = next.connect(from.url);
  try {
    // Publishing starts as soon as the signalling has joined, while the media connection is still being
    // set up, so the others in the new room get this person's media sooner.
    await Promise.race([signalled, connected]);
    mark('signalled');
    await freed;
    const publishing = next.publish();
    await connected;
    mark('connected');
    adopt(next);
    const { publishError } = await publishing;
    mark('published');
    return { connection: next, publishError };
  } catch (err) {
    await next.leave().catch(() => undefined);
    throw err;
  }
}

/**
 * The warm path: the promoted connection is already in the destination with the seat's rights and
 * subscribed to its people. It becomes the call's at once, and the same local tracks are published on it
 * (taken out of the old room as its leave began).
 */
async function takeOver(
  from: MeetingConnection,
  next: MeetingConnection,
  adopt: (next: MeetingConnection) => void,
  freed: Promise<void>,
): Promise<SwitchResult> {
  mark('start');
  markFirstVideo(next);
  next.becomeCall(takeOfferedMediaToken(from.meetingId));
  // The call is the promoted connection at once (its tiles attach the people it already receives).
  mark('signalled');
  mark('connected');
  adopt(next);
  await freed;
  const { publishError } = await next.publish();
  mark('published');
  return { connection: next, publishError };
}

/**
 * Leaves `from` (never failing: the server removes a straggler anyway), marking when it is done. Resolves
 * once the local tracks are free to be published elsewhere: at once when they could be taken out of `from`
 * as the leave began (its disconnect, seconds under load, is then off the path), else when it is left.
 */
function leave(from: MeetingConnection): Promise<void> {
  const released = localMedia.releaseFrom(from.room);
  const left = from
    .leave()
    .catch(() => undefined)
    .then(() => void mark('left'));
  return released ? Promise.resolve() : left;
}

// Marks on the page's performance timeline (cheap, always on): the move benchmark reads how long each
// step of a switch took.
const mark = (step: string) => performance.mark(`breakout-switch:${step}`);

/**
 * Marks when the media server first announces a remote video in the new room (it does once the video's
 * first packets reach it), when the first one is subscribed, and when it first plays.
 */
function markFirstVideo(next: MeetingConnection) {
  const isVideo = (t: RemoteTrack) => t.kind === Track.Kind.Video;
  const announced = (pub: RemoteTrackPublication) => {
    if (pub.kind !== Track.Kind.Video) return;
    next.room.off(RoomEvent.TrackPublished, announced);
    mark('video-announced');
  };
  const subscribed = (t: RemoteTrack) => {
    if (!isVideo(t)) return;
    next.room.off(RoomEvent.TrackSubscribed, subscribed);
    mark('video-subscribed');
    t.once(TrackEvent.VideoPlaybackStarted, () => mark('video-playing'));
  };
  const videos = [...next.room.remoteParticipants.values()]
    .flatMap((p) => [...p.trackPublications.values()])
    .filter((pub) => pub.kind === Track.Kind.Video);
  if (videos.length > 0) mark('video-announced');
  else next.room.on(RoomEvent.TrackPublished, announced);
  if (videos.some((pub) => pub.track)) mark('video-subscribed');
  else next.room.on(RoomEvent.TrackSubscribed, subscribed);
}
