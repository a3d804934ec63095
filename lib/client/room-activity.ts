import { UpdateTrackSettings } from '@livekit/protocol';
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
 * Makes a connected hidden connection an observer of its room: it subscribes to every audio track,
 * paused, and never subscribes to video. LiveKit sends a participant speaker updates only about people
 * it is subscribed to; a paused subscription counts, so speakers, microphones and cameras arrive on
 * signalling while no media flows (nothing is attached or played). `onChange` runs on every such update.
 */
export function observeRoom(room: Room, onChange: () => void): void {
  const take = (pub: RemoteTrackPublication) => {
    if (pub.kind !== Track.Kind.Audio) return;
    // The pause goes out before the subscription. The media server keeps a track's settings even before
    // it is subscribed and applies them when the subscription is made, so no packet flows at all. Paused
    // only after subscribing (all livekit-client's own `setEnabled` allows), the pause raced the
    // subscription: when the server made it first, audio flowed until the pause's 100 ms debounce ran,
    // up to a few KB.
    room.engine.client.sendUpdateTrackSettings(
      new UpdateTrackSettings({ trackSids: [pub.trackSid], disabled: true }),
    );
    pub.setSubscribed(true);
    // The client's own record of the pause (it sends the same settings again: nothing changes).
    pub.setEnabled(false);
  };
  room.on(RoomEvent.TrackPublished, take);
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
    room.on(e, onChange);
}

/** A room's activity now, from its observer connection; `previous` carries the silence clock on. */
export function readActivity(room: Room, previous?: RoomActivity, now = Date.now()): RoomActivity {
  const people = [...room.remoteParticipants.values()];
  const speaking = people.filter((p) => p.isSpeaking).map(nameOf);
  return {
    speaking,
    microphones: people.filter((p) => p.isMicrophoneEnabled).map(nameOf),
    cameras: people.filter((p) => p.isCameraEnabled).map(nameOf),
    lastSpokeAt:
      speaking.length > 0 || (previous?.speaking.length ?? 0) > 0 ? now : (previous?.lastSpokeAt ?? now),
    heardAnyone: !!previous?.heardAnyone || speaking.length > 0,
  };
}

/**
 * Watches the rooms a host runs, each through a hidden observer connection (see `observeRoom`). Rooms
 * come and go with `watch`.
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
      activity: {
        speaking: [],
        microphones: [],
        cameras: [],
        lastSpokeAt: Date.now(),
        heardAnyone: false,
      } as RoomActivity,
    };
    this.rooms.set(meetingId, entry);
    const connect = async () => {
      if (entry.closed) return;
      try {
        const room = await connectHidden(meetingId, 'observe');
        if (entry.closed) return void room.disconnect();
        entry.room = room;
        observeRoom(room, () => {
          entry.activity = readActivity(room, entry.activity);
          this.publish();
        });
        room.on(RoomEvent.Disconnected, () => {
          entry.room = undefined;
          setTimeout(() => void connect(), RETRY_MS);
        });
        entry.activity = readActivity(room, entry.activity);
        this.publish();
      } catch {
        // Refused (rights gone, room closed) or the media server away: try again a little later.
        setTimeout(() => void connect(), RETRY_MS);
      }
    };
    void connect();
  }

  private publish() {
    this.snapshot = Object.fromEntries([...this.rooms].map(([id, e]) => [id, e.activity]));
    this.emit('change');
  }
}
