import { DefaultReconnectPolicy, Room, type RoomOptions } from 'livekit-client';
import { keepLayersInSync } from './layer-sync';
import * as localMedia from './local-media';
import { fetchMediaToken, takeOfferedMediaToken, type MediaToken } from './media-token';
import { watchVideoStalls } from './stall-watch';
import { exposeForTests } from './test-handle';

export const roomOptions: RoomOptions = {
  // Subscribe to the video size each tile shows, and pause video nobody sees (other grid pages).
  adaptiveStream: true,
  // Publishers stop encoding layers no subscriber wants.
  dynacast: true,
  // The local tracks belong to lib/client/media/local-media.ts, not to one Room: leaving or being moved
  // must not stop the camera and microphone.
  stopLocalTrackOnUnpublish: false,
  publishDefaults: { dtx: true, red: true },
  // LiveKit's own reconnection resumes the session over a short drop. A media server that restarted has
  // forgotten the session ("could not restart participant") and LiveKit would keep trying for 40 s, so it
  // gives up after about 4 s and the page rejoins with a fresh token instead (rejoin.ts).
  reconnectPolicy: new DefaultReconnectPolicy([0, 300, 1200, 2700]),
};

// A token is reused while it has at least this long to live; LiveKit refreshes it once connected.
const TOKEN_MARGIN_MS = 60_000;

/**
 * One attempt at being in a meeting's media room: fetches a token early and warms the connection while the
 * person is still in pre-join, then connects and publishes the held local tracks.
 */
export class MeetingConnection {
  readonly room = new Room(roomOptions);
  private token?: { value: MediaToken; goodUntil: number };
  /** The meeting whose media room this connected to (the server's token names it). */
  mediaRoom?: string;
  private stopWatch?: () => void;

  constructor(readonly meetingId: string) {
    keepLayersInSync(this.room);
  }

  private async freshToken(): Promise<MediaToken> {
    if (this.token && this.token.goodUntil > Date.now()) return this.token.value;
    const value = takeOfferedMediaToken(this.meetingId) ?? (await fetchMediaToken(this.meetingId));
    this.token = { value, goodUntil: Date.now() + value.expires_in * 1000 - TOKEN_MARGIN_MS };
    return value;
  }

  /** The media room the server's token names: where connect() will go (a pushed token costs no request). */
  async destination(): Promise<string> {
    return (await this.freshToken()).room;
  }

  /** Token and signalling warm-up, so Join is fast. Failures surface again on join, so they are ignored. */
  async prepare(): Promise<void> {
    try {
      const { url, token } = await this.freshToken();
      await this.room.prepareConnection(url, token);
    } catch {
      // join() retries and reports
    }
  }

  /** Connects and publishes; resolves with the publish error, if any, once connected. */
  async join(): Promise<{ publishError?: unknown }> {
    await this.connect();
    return this.publish();
  }

  /** The media server's address, once a token named it (the same for every room of the deployment). */
  get url(): string | undefined {
    return this.token?.value.url;
  }

  /**
   * Connects without publishing; resolves with the meeting whose media room the server's token named.
   * With `knownUrl` (the media server this page already talks to), the connection is warmed up while the
   * token is fetched, instead of after.
   */
  async connect(knownUrl?: string): Promise<string> {
    if (knownUrl) void this.room.prepareConnection(knownUrl);
    const { url, token, room } = await this.freshToken();
    await this.room.connect(url, token);
    this.mediaRoom = room;
    this.watch();
    exposeForTests(this.room);
    return room;
  }

  /**
   * Connects with a token already in hand (a warm one, lib/client/media/warm-connection.ts) and publishes
   * nothing; the test handle keeps pointing at the call's room until this one becomes it.
   */
  async connectWith(value: MediaToken): Promise<void> {
    this.token = { value, goodUntil: Date.now() + value.expires_in * 1000 - TOKEN_MARGIN_MS };
    await this.room.connect(value.url, value.token);
    this.mediaRoom = value.room;
  }

  /**
   * A warm connection the server has promoted becomes the call's: the test handle points at it, and the
   * token the move sent for its room (if any) is kept as its own.
   */
  becomeCall(offered?: MediaToken): void {
    if (offered && offered.room === this.mediaRoom)
      this.token = { value: offered, goodUntil: Date.now() + offered.expires_in * 1000 - TOKEN_MARGIN_MS };
    this.watch();
    exposeForTests(this.room);
  }

  /** Publishes the held local tracks; resolves with the publish error, if any. */
  async publish(): Promise<{ publishError?: unknown }> {
    try {
      await localMedia.publishTo(this.room);
      return {};
    } catch (publishError) {
      return { publishError };
    }
  }

  /** The call's videos are watched for one that stops arriving (stall-watch.ts); warm ones are not. */
  private watch() {
    this.stopWatch ??= watchVideoStalls(this.room);
  }

  /** Leaves the room; the local tracks stay with local-media for the next room or until released. */
  async leave(): Promise<void> {
    this.stopWatch?.();
    await this.room.disconnect(false);
    localMedia.detachFrom(this.room);
  }
}
