import {
  ConnectionState,
  EngineEvent,
  RoomEvent,
  Track,
  type LocalTrackPublication,
  type LocalVideoTrack,
  type Room,
} from 'livekit-client';

type SubscribedCodecs = Parameters<LocalVideoTrack['setPublishingCodecs']>[0];
interface QualityUpdate {
  trackSid: string;
  subscribedCodecs: SubscribedCodecs;
}
type EngineLike = Pick<Room['engine'], 'on' | 'updateMuteStatus'>;

// How long after a camera is published, and then how often while it is, the page asks the media server
// to repeat which of its layers anyone watches.
export const RESYNC_FIRST_MS = 2000;
export const RESYNC_EVERY_MS = 15_000;

/**
 * Keeps a published camera's encoder in step with what the media server wants from it.
 *
 * With dynacast the server tells a publisher which layers anyone watches, and tells it once: it sends a
 * change only when the layers wanted change. Two ways a page could miss one, and then send nothing (or
 * everything) until the next change, which may never come:
 * - The page publishes into a new room while that room's media connection is still being set up
 *   (room-switch.ts), and LiveKit registers a publication only after the negotiation; a request arriving
 *   in between is dropped by livekit-client ("subscribed quality update for unknown track"). The last
 *   such request is kept here and applied as the publication appears.
 * - Anything else lost on the way. Two seconds after the camera is published, and every 15 s after, the
 *   page tells the server the camera is on (LiveKit's mute message, "not muted"). The server answers that
 *   message by sending its current layer request again, and nothing else changes: it is what LiveKit
 *   does on a real unmute. One small message per camera per 15 s.
 */
export function keepLayersInSync(room: Room): void {
  const early = new Map<string, SubscribedCodecs>();
  const engines = new WeakSet<EngineLike>();
  const resync = new Map<string, ReturnType<typeof setTimeout>>();
  const listen = () => {
    const engine = room.engine as EngineLike | undefined;
    if (!engine || engines.has(engine)) return;
    engines.add(engine);
    // Registered after LiveKit's own listener (the engine is set up with it), so this sees what it saw.
    engine.on(EngineEvent.SubscribedQualityUpdate, (update: QualityUpdate) => {
      if (room.localParticipant.videoTrackPublications.has(update.trackSid)) early.delete(update.trackSid);
      else early.set(update.trackSid, update.subscribedCodecs);
    });
  };
  const ask = (pub: LocalTrackPublication, next: number) => {
    resync.set(
      pub.trackSid,
      setTimeout(() => {
        if (room.localParticipant.videoTrackPublications.get(pub.trackSid) !== pub) {
          resync.delete(pub.trackSid);
          return;
        }
        if (room.state === ConnectionState.Connected && !pub.isMuted)
          room.engine.updateMuteStatus(pub.trackSid, false);
        ask(pub, RESYNC_EVERY_MS);
      }, next),
    );
  };
  const stopAll = () => {
    for (const timer of resync.values()) clearTimeout(timer);
    resync.clear();
    early.clear();
  };
  listen();
  // LiveKit makes its engine as it connects, and a new one after a full reconnect.
  room
    .on(RoomEvent.SignalConnected, listen)
    .on(RoomEvent.Reconnecting, listen)
    .on(RoomEvent.Reconnected, listen);
  room.on(RoomEvent.LocalTrackPublished, (pub: LocalTrackPublication) => {
    if (pub.kind !== Track.Kind.Video) return;
    const codecs = early.get(pub.trackSid);
    early.delete(pub.trackSid);
    if (codecs) void pub.videoTrack?.setPublishingCodecs(codecs).catch(() => undefined);
    clearTimeout(resync.get(pub.trackSid));
    ask(pub, RESYNC_FIRST_MS);
  });
  room.on(RoomEvent.LocalTrackUnpublished, (pub: LocalTrackPublication) => {
    clearTimeout(resync.get(pub.trackSid));
    resync.delete(pub.trackSid);
  });
  room.on(RoomEvent.Disconnected, stopAll);
}
