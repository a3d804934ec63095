// An independent media client for security tests: @livekit/rtc-node (LiveKit's Rust SDK), not our page's
// livekit-client, joins with tokens the app minted and behaves as a custom client would.
import type * as Rtc from '@livekit/rtc-node';

let loaded: Promise<typeof Rtc> | undefined;

/** rtc-node must run with NODE_ENV=production; loaded lazily so the setting is in place first. */
export function rtc(): Promise<typeof Rtc> {
  (process.env as Record<string, string>).NODE_ENV = 'production';
  return (loaded ??= import('@livekit/rtc-node'));
}

/** One connection to a media room, recording how it ended and the data it received. */
export class RtcClient {
  ended?: { reason: number; at: number };
  readonly data: Array<{ from?: string; text: string }> = [];
  private frameTimer?: NodeJS.Timeout;

  private constructor(
    readonly lib: typeof Rtc,
    readonly room: Rtc.Room,
  ) {
    room.on(lib.RoomEvent.Disconnected, (reason) => (this.ended ??= { reason, at: Date.now() }));
    room.on(lib.RoomEvent.DataReceived, (payload, participant) =>
      this.data.push({ from: participant?.identity, text: new TextDecoder().decode(payload) }),
    );
  }

  /** Connects with a token (subscribing to everything), as a custom client would. */
  static async join(url: string, token: string): Promise<RtcClient> {
    const lib = await rtc();
    const room = new lib.Room();
    const client = new RtcClient(lib, room);
    await room.connect(url, token, { autoSubscribe: true, dynacast: false });
    return client;
  }

  get removed() {
    return this.ended?.reason === this.lib.DisconnectReason.PARTICIPANT_REMOVED;
  }

  /** The tracks this client receives from `identity`, by kind and declared source. */
  tracksOf(identity: string) {
    const p = [...this.room.remoteParticipants.values()].find((r) => r.identity === identity);
    return [...(p?.trackPublications.values() ?? [])].map((t) => ({
      kind: t.kind,
      source: t.source,
      subscribed: !!t.track,
    }));
  }

  /** Publishes a small synthetic video track declared with the given source (a kind/source lie). */
  async publishVideoAs(source: Rtc.TrackSource) {
    const { VideoSource, VideoFrame, VideoBufferType, LocalVideoTrack, TrackPublishOptions } = this.lib;
    const [w, h] = [64, 48];
    const videoSource = new VideoSource(w, h);
    const frame = new VideoFrame(new Uint8Array(w * h * 4).fill(128), w, h, VideoBufferType.RGBA);
    this.frameTimer = setInterval(() => videoSource.captureFrame(frame), 100);
    const track = LocalVideoTrack.createVideoTrack('synthetic', videoSource);
    return this.room.localParticipant!.publishTrack(track, new TrackPublishOptions({ source }));
  }

  /** Sends a text over the media server's data channel (reliable); resolves even if the server drops it. */
  async sendData(text: string) {
    await this.room.localParticipant!.publishData(new TextEncoder().encode(text), { reliable: true });
  }

  get attributes(): Record<string, string> {
    return this.room.localParticipant?.attributes ?? {};
  }

  async leave() {
    clearInterval(this.frameTimer);
    if (!this.ended) await this.room.disconnect().catch(() => undefined);
  }
}
