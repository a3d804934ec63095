import { EventEmitter } from 'node:events';
import { ConnectionState, EngineEvent, Room, RoomEvent } from 'livekit-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepLayersInSync, RESYNC_EVERY_MS, RESYNC_FIRST_MS } from './layer-sync';

// A real Room (not connected): the engine is what LiveKit makes as it connects, here an emitter the test
// drives that records the mute messages it is asked to send; a publication is what LiveKit emits once the
// negotiation is done.
function setUp() {
  const room = new Room();
  const sent: Array<[string, boolean]> = [];
  const engine = Object.assign(new EventEmitter(), {
    updateMuteStatus: (sid: string, muted: boolean) => void sent.push([sid, muted]),
  });
  Object.assign(room, { engine, state: ConnectionState.Connected });
  keepLayersInSync(room);
  const applied: unknown[] = [];
  const publish = (trackSid: string, kind = 'video') => {
    const pub = {
      trackSid,
      kind,
      isMuted: false,
      videoTrack: { setPublishingCodecs: (c: unknown) => Promise.resolve(void applied.push(c)) },
    };
    room.localParticipant.videoTrackPublications.set(trackSid, pub as never);
    room.emit(RoomEvent.LocalTrackPublished, pub as never, room.localParticipant);
    return pub;
  };
  const unpublish = (pub: { trackSid: string }) => {
    room.localParticipant.videoTrackPublications.delete(pub.trackSid);
    room.emit(RoomEvent.LocalTrackUnpublished, pub as never, room.localParticipant);
  };
  return { room, engine, applied, publish, unpublish, sent };
}

const off = [{ codec: 'vp8', qualities: [{ quality: 0, enabled: false }] }];
const on = [{ codec: 'vp8', qualities: [{ quality: 0, enabled: true }] }];

describe('keepLayersInSync: a request that came before the publication', () => {
  it('applies the last one once the publication is registered, once', async () => {
    const { room, engine, applied, publish } = setUp();
    room.emit(RoomEvent.SignalConnected);
    engine.emit(EngineEvent.SubscribedQualityUpdate, { trackSid: 'TR_V1', subscribedCodecs: off });
    engine.emit(EngineEvent.SubscribedQualityUpdate, { trackSid: 'TR_V1', subscribedCodecs: on });
    publish('TR_V1');
    await Promise.resolve();
    expect(applied).toEqual([on]);
    publish('TR_V1');
    expect(applied).toHaveLength(1);
  });

  it('keeps nothing for a publication LiveKit already knows (it applied the request itself)', async () => {
    const { engine, applied, publish } = setUp();
    publish('TR_V2');
    engine.emit(EngineEvent.SubscribedQualityUpdate, { trackSid: 'TR_V2', subscribedCodecs: on });
    publish('TR_V2');
    await Promise.resolve();
    expect(applied).toEqual([]);
  });

  it('applies nothing to another track, and forgets what it kept when the room disconnects', async () => {
    const { room, engine, applied, publish } = setUp();
    engine.emit(EngineEvent.SubscribedQualityUpdate, { trackSid: 'TR_V3', subscribedCodecs: on });
    publish('TR_V4');
    room.emit(RoomEvent.Disconnected);
    publish('TR_V3');
    await Promise.resolve();
    expect(applied).toEqual([]);
  });
});

describe('keepLayersInSync: asking the server to repeat its request', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('says "not muted" 2 s after a camera is published and every 15 s after, while it is published', () => {
    const { publish, unpublish, sent } = setUp();
    const pub = publish('TR_V5');
    publish('TR_A1', 'audio');
    vi.advanceTimersByTime(RESYNC_FIRST_MS - 1);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([['TR_V5', false]]);
    vi.advanceTimersByTime(RESYNC_EVERY_MS * 2);
    expect(sent).toHaveLength(3);
    unpublish(pub);
    vi.advanceTimersByTime(RESYNC_EVERY_MS * 2);
    expect(sent).toHaveLength(3);
  });

  it('sends nothing for a muted camera or while the room is not connected, and stops on disconnect', () => {
    const { room, publish, sent } = setUp();
    const pub = publish('TR_V6');
    pub.isMuted = true;
    vi.advanceTimersByTime(RESYNC_FIRST_MS);
    expect(sent).toEqual([]);
    pub.isMuted = false;
    Object.assign(room, { state: ConnectionState.Reconnecting });
    vi.advanceTimersByTime(RESYNC_EVERY_MS);
    expect(sent).toEqual([]);
    Object.assign(room, { state: ConnectionState.Connected });
    room.emit(RoomEvent.Disconnected);
    vi.advanceTimersByTime(RESYNC_EVERY_MS * 3);
    expect(sent).toEqual([]);
  });
});
