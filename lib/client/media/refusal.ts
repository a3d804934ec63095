import { EngineEvent, ParticipantEvent, Track, type LocalTrack, type Room } from 'livekit-client';

/** The participant attribute the server sets when it takes a track away (see lib/livekit/enforce.ts). */
export const MEDIA_REFUSED_ATTRIBUTE = 'breakout.media_refused';

const SOURCE_WORDS: Partial<Record<Track.Source, string>> = {
  [Track.Source.Microphone]: 'your microphone',
  [Track.Source.Camera]: 'your camera',
  [Track.Source.ScreenShare]: 'your screen',
  [Track.Source.ScreenShareAudio]: "your screen's sound",
};

/** Refused by this page or by the media server: the message says which and why, in plain words. */
export class PublishRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishRefusedError';
  }
}

/**
 * Why the media server would refuse this source under these permissions, or undefined when it allows it.
 * Pure; the same rule as the server's (an empty source list with canPublish means every source).
 */
export function sourceRefusal(
  permissions: { canPublish: boolean; canPublishSources: Track.Source[] } | undefined,
  source: Track.Source,
): string | undefined {
  if (!permissions) return undefined; // not joined yet: the server decides
  const { canPublish, canPublishSources } = permissions;
  if (canPublish && (canPublishSources.length === 0 || canPublishSources.includes(source))) return undefined;
  return `Your preset here does not allow sending ${SOURCE_WORDS[source] ?? 'this track'}.`;
}

/**
 * Settles once the media server answers this track's publish request with a refusal. livekit-client
 * ignores that answer and waits 10 s for a "published" that never comes; racing the publish with this
 * makes the page know at once. Call `stop` when the publish settled.
 */
export function serverRefusal(room: Room, track: LocalTrack): { refused: Promise<never>; stop: () => void } {
  let stop = () => {};
  const refused = new Promise<never>((_, reject) => {
    const cid = track.mediaStreamTrack.id;
    const onResponse = (response: {
      reason: number;
      message: string;
      request: { case?: string; value?: unknown };
    }) => {
      const { request } = response;
      if (request.case !== 'addTrack' || (request.value as { cid?: string } | undefined)?.cid !== cid) return;
      if (response.reason === 0) return; // OK
      reject(
        new PublishRefusedError(
          `The media server refused ${SOURCE_WORDS[track.source] ?? 'this track'}${response.message ? `: ${response.message}` : '.'}`,
        ),
      );
    };
    room.engine.on(EngineEvent.SignalRequestResponse, onResponse);
    stop = () => room.engine.off(EngineEvent.SignalRequestResponse, onResponse);
  });
  refused.catch(() => undefined); // only read when raced
  return { refused, stop: () => stop() };
}

/** Calls `show` with the server's reason each time it takes one of this page's tracks away. */
export function onMediaRefused(room: Room, show: (reason: string) => void): () => void {
  const me = room.localParticipant;
  const changed = (attributes: Record<string, string>) => {
    const reason = attributes[MEDIA_REFUSED_ATTRIBUTE];
    if (reason) show(reason);
  };
  me.on(ParticipantEvent.AttributesChanged, changed);
  return () => void me.off(ParticipantEvent.AttributesChanged, changed);
}
