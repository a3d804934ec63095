import { RoomEvent, Track, type RemoteTrackPublication, type Room } from 'livekit-client';
import { noteVideoNudge } from './test-handle';

// How often the shown videos are checked, how long one may show no new frame while its sender is on
// before the page asks for it again, and how long between two asks for the same video.
const CHECK_MS = 2000;
const STALL_MS = 6000;
const NUDGE_GAP_MS = 20_000;
// Between "off" and "on": long enough for the media server to act on the first before the second.
const OFF_MS = 1000;

interface Seen {
  frames: number;
  since: number;
  nudged: number;
}

/**
 * Notices a video that stopped arriving while the page shows it and its sender has it on, and asks the
 * media server for it again.
 *
 * With dynacast the media server tells each publisher which layers someone watches, and tells it only
 * when that changes. When a publisher misses such a message (it can arrive while the publisher's media
 * connection is still being set up, and livekit-client drops it; layer-sync.ts keeps those in step),
 * or the server's view of who watches goes stale, the publisher's encoder stays paused and the viewers'
 * tiles freeze on the last frame with nothing to say why. Turning the subscription's video off and on
 * again makes the server work out the layers anew and, when they differ from what it last sent, tell
 * the publisher again (at the latest when its pause delay runs out, 5 s).
 *
 * Cheap: it reads the frame count of the tiles' video elements (no getStats) every 2 s. Returns a stop
 * function; it also stops when the room disconnects.
 */
export function watchVideoStalls(room: Room): () => void {
  const seen = new Map<string, Seen>();
  const check = () => {
    const now = Date.now();
    const present = new Set<string>();
    for (const p of room.remoteParticipants.values()) {
      for (const pub of p.videoTrackPublications.values()) {
        present.add(pub.trackSid);
        const frames = shownFrames(pub);
        const s = seen.get(pub.trackSid);
        // Not shown, or new frames: the clock starts again (what it last asked for is kept).
        if (frames === undefined || !s || frames !== s.frames) {
          seen.set(pub.trackSid, { frames: frames ?? -1, since: now, nudged: s?.nudged ?? 0 });
          continue;
        }
        if (now - s.since < STALL_MS || now - s.nudged < NUDGE_GAP_MS) continue;
        s.nudged = now;
        console.info(
          `Video from ${p.name || p.identity} stopped arriving ${Math.round((now - s.since) / 1000)} s ago; asking the media server for it again.`,
        );
        nudge(pub);
      }
    }
    for (const sid of seen.keys()) if (!present.has(sid)) seen.delete(sid);
  };
  const timer = setInterval(check, CHECK_MS);
  const stop = () => {
    clearInterval(timer);
    room.off(RoomEvent.Disconnected, stop);
  };
  room.on(RoomEvent.Disconnected, stop);
  return stop;
}

/**
 * The frames shown so far by this video's tile, when the page shows it and should be receiving it:
 * subscribed, its sender's camera (or screen) on, on screen as far as LiveKit's adaptive stream knows,
 * and the page itself visible. Undefined otherwise, so nothing is counted as stalled that should be still.
 */
function shownFrames(pub: RemoteTrackPublication): number | undefined {
  const track = pub.videoTrack;
  if (!track || !pub.isSubscribed || pub.isMuted || !pub.isEnabled) return undefined;
  if (pub.source !== Track.Source.Camera && pub.source !== Track.Source.ScreenShare) return undefined;
  if (typeof document !== 'undefined' && document.visibilityState !== 'visible') return undefined;
  let frames: number | undefined;
  for (const el of track.attachedElements) {
    if (!(el instanceof HTMLVideoElement) || !el.isConnected) continue;
    frames = Math.max(frames ?? 0, el.getVideoPlaybackQuality().totalVideoFrames);
  }
  return frames;
}

/** Off, then back to what the page's adaptive stream decides (setEnabled alone would pin it on). */
function nudge(pub: RemoteTrackPublication) {
  noteVideoNudge();
  pub.setEnabled(false);
  setTimeout(() => {
    (pub as unknown as { requestedDisabled?: boolean }).requestedDisabled = undefined;
    pub.emitTrackUpdate();
  }, OFF_MS);
}
