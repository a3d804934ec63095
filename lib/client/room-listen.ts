import {
  Room,
  RoomEvent,
  Track,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
} from 'livekit-client';
import { apiCall } from './api';

/** What the server answers for a listening token (POST /meetings/{id}/listen-token). */
interface ListenToken {
  url: string;
  token: string;
  room: string;
  identity: string;
}

/** Asks the server for a hidden, receive-only token for one room (`listen`) or a subscribe-nothing one (`observe`). */
export const listenToken = (meetingId: string, mode: 'listen' | 'observe') =>
  apiCall<ListenToken>('POST', `/meetings/${meetingId}/listen-token`, { mode });

/**
 * Connects a hidden connection to one room. Tokens live 90 s; a connection outlives its token (the
 * media server refreshes it), and a full reconnect asks the app again, which checks the rights again.
 */
export async function connectHidden(meetingId: string, mode: 'listen' | 'observe'): Promise<Room> {
  const { url, token } = await listenToken(meetingId, mode);
  const room = new Room({ adaptiveStream: false, dynacast: false });
  await room.connect(url, token, { autoSubscribe: false });
  return room;
}

/**
 * A host's ear in one room: subscribes to the room's audio tracks only (never video, so nothing is
 * decoded but sound) and plays them. One room at a time: the caller stops one before starting another.
 */
export class RoomListener {
  private room: Room | undefined;
  private readonly audio = new Map<string, HTMLMediaElement>();
  private stopped = false;

  constructor(readonly meetingId: string) {}

  async start(): Promise<Room> {
    const room = await connectHidden(this.meetingId, 'listen');
    if (this.stopped) {
      void room.disconnect();
      return room;
    }
    this.room = room;
    const take = (pub: RemoteTrackPublication) => {
      if (pub.kind === Track.Kind.Audio) pub.setSubscribed(true);
    };
    room.on(RoomEvent.TrackPublished, take);
    room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, pub: RemoteTrackPublication) => {
      if (track.kind !== Track.Kind.Audio) return void pub.setSubscribed(false);
      const el = track.attach();
      el.hidden = true;
      document.body.appendChild(el);
      this.audio.set(pub.trackSid, el);
    });
    room.on(RoomEvent.TrackUnsubscribed, (track: RemoteTrack, pub: RemoteTrackPublication) => {
      track.detach().forEach((el) => el.remove());
      this.audio.delete(pub.trackSid);
    });
    room.remoteParticipants.forEach((p: RemoteParticipant) => p.trackPublications.forEach(take));
    return room;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.audio.forEach((el) => el.remove());
    this.audio.clear();
    await this.room?.disconnect();
    this.room = undefined;
  }
}
