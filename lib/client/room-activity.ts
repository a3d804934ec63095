import { RoomEvent, Track, type Participant, type RemoteTrackPublication, type Room } from 'livekit-client';
import { Emitter } from './emitter';
import { connectHidden } from './room-listen';

/** What a host sees of one room at a glance. */
export interface RoomActivity {
  /** Names of who is speaking now (the media server's active speakers, sent on signalling). */
  speaking: string[];
  microphones: string[];
  cameras: string[];
  /** Epoch ms of the last moment anyone spoke, or of when watching began if nobody has since. */
  lastSpokeAt: number;
  /** False until someone has spoken while this page watched: "silent for" counts from the start then. */
  heardAnyone: boolean;
}

type Events = { change: () => void };

const nameOf = (p: Participant) => p.name || p.identity;
const RETRY_MS = 3000;

/**
 * Watches the rooms a host runs, each through a hidden connection whose audio subscriptions are all
 * paused: speaker changes and who has camera or microphone on arrive on LiveKit's signalling, and no
 * audio or video is received or decoded for them. Rooms come and go with `watch`.
 */
export class RoomActivityWatcher extends Emitter<Events> {
  private readonly rooms = new Map<string, { room?: Room; activity: RoomActivity; closed: boolean }>();
  private snapshot: Record<string, RoomActivity> = {};

  get = () => this.snapshot;

  subscribe = (listener: () => void) => this.on('change', listener);

  /** Watches exactly these rooms: connects the new ones, disconnects the ones no longer named. */
  watch(meetingIds: string[]): void {
    const wanted = new Set(meetingIds);
    for (const [id, entry] of this.rooms) {
      if (wanted.has(id)) continue;
      entry.closed = true;
      void entry.room?.disconnect();
      this.rooms.delete(id);
    }
    for (const id of wanted) if (!this.rooms.has(id)) this.open(id);
    this.publish();
  }

  stop(): void {
    this.watch([]);
  }

  private open(meetingId: string) {
    const entry = {
      room: undefined as Room | undefined,
      closed: false,
      activity: { speaking: [], microphones: [], cameras: [], lastSpokeAt: Date.now(), heardAnyone: false },
    };
    this.rooms.set(meetingId, entry);
    const connect = async () => {
      if (entry.closed) return;
      try {
        const room = await connectHidden(meetingId, 'observe');
        if (entry.closed) return void room.disconnect();
        entry.room = room;
        const update = () => {
          this.read(entry, room);
          this.publish();
        };
        // The media server names only speakers one is subscribed to: subscribe to audio, paused at
        // once (the server then forwards nothing), so speaker updates come and no sound is received.
        const take = (pub: RemoteTrackPublication) => {
          if (pub.kind !== Track.Kind.Audio) return;
          pub.setSubscribed(true);
          pub.setEnabled(false);
        };
        room.on(RoomEvent.TrackPublished, take);
        room.on(RoomEvent.TrackSubscribed, (_track, pub) => take(pub));
        room.remoteParticipants.forEach((p) => p.trackPublications.forEach(take));
        for (const e of [
          RoomEvent.ActiveSpeakersChanged,
          RoomEvent.ParticipantConnected,
          RoomEvent.ParticipantDisconnected,
          RoomEvent.TrackPublished,
          RoomEvent.TrackUnpublished,
          RoomEvent.TrackMuted,
          RoomEvent.TrackUnmuted,
        ])
          room.on(e, update);
        room.on(RoomEvent.Disconnected, () => {
          entry.room = undefined;
          setTimeout(() => void connect(), RETRY_MS);
        });
        update();
      } catch {
        // Refused (rights gone, room closed) or the media server away: try again a little later.
        setTimeout(() => void connect(), RETRY_MS);
      }
    };
    void connect();
  }

  private read(entry: { activity: RoomActivity }, room: Room) {
    const people = [...room.remoteParticipants.values()];
    const speaking = people.filter((p) => p.isSpeaking).map(nameOf);
    const now = Date.now();
    entry.activity = {
      speaking,
      microphones: people.filter((p) => p.isMicrophoneEnabled).map(nameOf),
      cameras: people.filter((p) => p.isCameraEnabled).map(nameOf),
      lastSpokeAt:
        speaking.length > 0 || entry.activity.speaking.length > 0 ? now : entry.activity.lastSpokeAt,
      heardAnyone: entry.activity.heardAnyone || speaking.length > 0,
    };
  }

  private publish() {
    this.snapshot = Object.fromEntries([...this.rooms].map(([id, e]) => [id, e.activity]));
    this.emit('change');
  }
}
