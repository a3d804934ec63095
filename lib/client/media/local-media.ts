import {
  ConnectionState,
  createLocalAudioTrack,
  createLocalVideoTrack,
  Track,
  TrackEvent,
  type LocalAudioTrack,
  type LocalTrack,
  type LocalVideoTrack,
  type Room,
} from 'livekit-client';
import { describeDeviceProblem, type DeviceProblem } from './device-problems';
import { PublishRefusedError, serverRefusal, sourceRefusal } from './refusal';
import { loadDeviceId, loadVideoQuality, saveDeviceId, saveVideoQuality, type DeviceKind } from './prefs';
import { simulcastFor, videoPreset, type VideoQuality } from './quality';

// The person's own camera and microphone, kept apart from any one LiveKit Room: the same LocalTrack
// objects are published into the main meeting, and later into breakout rooms, without asking the browser
// again, and mic/camera on/off carries over. React reads it through `subscribe`/`getSnapshot`.

export interface LocalMediaState {
  audioTrack?: LocalAudioTrack;
  videoTrack?: LocalVideoTrack;
  micEnabled: boolean;
  cameraEnabled: boolean;
  audioProblem?: DeviceProblem;
  videoProblem?: DeviceProblem;
  /** Which kinds are being asked of the browser right now. */
  acquiring: { audio: boolean; video: boolean };
  quality: VideoQuality;
  /** Said in the call's live region when a device that stopped was brought back (or could not be). */
  recoveryNotice?: string;
}

const initial: LocalMediaState = {
  micEnabled: false,
  cameraEnabled: false,
  acquiring: { audio: false, video: false },
  quality: 'standard',
};

let state = initial;
let room: Room | undefined;
let qualityLoaded = false;
let pendingQuality = false; // chosen while the camera was off: applied when it is turned on
const inFlight: { audio?: Promise<void>; video?: Promise<void> } = {};
const listeners = new Set<() => void>();

function update(patch: Partial<LocalMediaState>) {
  state = { ...state, ...patch };
  listeners.forEach((l) => l());
}

export function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export const getSnapshot = () => state;
export const getServerSnapshot = () => initial;

function ensureQualityLoaded() {
  if (qualityLoaded) return;
  qualityLoaded = true;
  update({ quality: loadVideoQuality() });
}

const videoOptions = (deviceId?: string) => {
  const { resolution } = videoPreset(state.quality);
  return { resolution, deviceId: deviceId ? { ideal: deviceId } : undefined };
};

async function createTrack(kind: 'audio' | 'video') {
  const device = kind === 'audio' ? 'microphone' : 'camera';
  if (!window.isSecureContext || !navigator.mediaDevices) {
    return update({ [`${kind}Problem`]: describeDeviceProblem(device, undefined, false) });
  }
  update({ acquiring: { ...state.acquiring, [kind]: true } });
  let track: LocalTrack | undefined;
  try {
    if (kind === 'audio') {
      const id = loadDeviceId('audioinput');
      const audioTrack = await createLocalAudioTrack({
        deviceId: id ? { ideal: id } : undefined,
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
      });
      watchMute(audioTrack, 'micEnabled');
      update({ audioTrack, micEnabled: true, audioProblem: undefined });
      track = audioTrack;
    } else {
      const videoTrack = await createLocalVideoTrack(videoOptions(loadDeviceId('videoinput')));
      watchMute(videoTrack, 'cameraEnabled');
      update({ videoTrack, cameraEnabled: true, videoProblem: undefined });
      track = videoTrack;
    }
  } catch (err) {
    update({ [`${kind}Problem`]: describeDeviceProblem(device, err) });
  } finally {
    update({ acquiring: { ...state.acquiring, [kind]: false } });
  }
  // Granted while already in a room (a late permission prompt, or "Try again" mid-call): send it now.
  if (track && room) await publishTrack(room, track);
}

/**
 * One truth for on/off: the track's own mute state. A host muting this person (the media server asks
 * livekit-client to mute the track) or LiveKit muting it after a reconnect updates the buttons too.
 */
function watchMute(track: LocalTrack, key: 'micEnabled' | 'cameraEnabled') {
  const held = () => (key === 'micEnabled' ? state.audioTrack : state.videoTrack) === track;
  track.on(TrackEvent.Muted, () => {
    if (held() && state[key]) update({ [key]: false });
  });
  track.on(TrackEvent.Unmuted, () => {
    if (held() && !state[key]) update({ [key]: true });
  });
}

/** Asks the browser for the kinds allowed and not yet held; a failure of one never blocks the other. */
export async function acquire(kinds: { audio: boolean; video: boolean }): Promise<void> {
  ensureQualityLoaded();
  const wanted = (['audio', 'video'] as const).filter(
    (k) => kinds[k] && !state[k === 'audio' ? 'audioTrack' : 'videoTrack'],
  );
  await Promise.all(wanted.map((k) => (inFlight[k] ??= createTrack(k).finally(() => delete inFlight[k]))));
}

export async function setMicEnabled(on: boolean): Promise<void> {
  const track = state.audioTrack;
  if (!track) return;
  update({ micEnabled: on });
  if (on) await track.unmute();
  else await track.mute();
  if (on && room) await publishTrack(room, track); // held since joining, or granted just now
}

/** Turning the camera off releases it (its light goes out); turning it on acquires it again. */
export async function setCameraEnabled(on: boolean): Promise<void> {
  const track = state.videoTrack;
  if (!track) return;
  update({ cameraEnabled: on });
  if (!on) return void (await track.mute());
  await track.unmute();
  if (pendingQuality) {
    pendingQuality = false;
    await track.restartTrack(videoOptions(track.mediaStreamTrack.getSettings().deviceId));
  }
  if (room) await publishTrack(room, track); // the first time it is turned on in this room
}

/** Switches to another camera or microphone, in the preview and in the call alike; remembered. */
export async function switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
  const track = kind === 'audioinput' ? state.audioTrack : state.videoTrack;
  saveDeviceId(kind, deviceId);
  if (!track) return;
  await track.setDeviceId({ exact: deviceId });
  update({}); // the track's device changed: let readers re-render
}

export async function setQuality(quality: VideoQuality): Promise<void> {
  saveVideoQuality(quality);
  update({ quality });
  const track = state.videoTrack;
  if (!track) return;
  if (track.isMuted) pendingQuality = true;
  else await track.restartTrack(videoOptions(track.mediaStreamTrack.getSettings().deviceId));
}

async function publishTrack(target: Room, track: LocalTrack) {
  if (target.localParticipant.getTrackPublications().some((pub) => pub.track === track)) return;
  const source = track.kind === Track.Kind.Video ? Track.Source.Camera : Track.Source.Microphone;
  // A source the grant refuses is not even asked for: the page says why at once.
  const held = target.localParticipant.permissions;
  const refusal = sourceRefusal(
    held && {
      canPublish: held.canPublish,
      canPublishSources: held.canPublishSources.map(Track.sourceFromProto),
    },
    source,
  );
  if (refusal) throw new PublishRefusedError(refusal);
  // If the server refuses anyway (its rights changed a moment ago), its answer ends the wait at once.
  const server = serverRefusal(target, track);
  const publishing =
    track.kind === Track.Kind.Video
      ? target.localParticipant.publishTrack(track, {
          source,
          simulcast: simulcastFor(state.quality),
          videoEncoding: videoPreset(state.quality).encoding,
        })
      : target.localParticipant.publishTrack(track, { source });
  inFlightIn.set(target, (inFlightIn.get(target) ?? 0) + 1);
  const settled = () => {
    const left = (inFlightIn.get(target) ?? 1) - 1;
    if (left > 0) inFlightIn.set(target, left);
    else inFlightIn.delete(target);
  };
  publishing.then(settled, settled);
  try {
    await Promise.race([publishing, server.refused]);
  } finally {
    server.stop();
  }
}

// Publications of the held tracks still under way, per room (until livekit-client has settled them).
const inFlightIn = new WeakMap<Room, number>();

/**
 * Takes the held tracks out of `target` at once, as it is being left: livekit-client frees each track's
 * sender there before anything is sent, so another room can publish the same tracks while `target`'s
 * disconnect is still under way (under load it takes seconds). False when that cannot be done at once (a
 * publication there is still under way, or the room is reconnecting and republishing): the caller waits
 * for the disconnect, which frees them too.
 */
export function releaseFrom(target: Room): boolean {
  detachFrom(target);
  if (target.state !== ConnectionState.Connected || inFlightIn.has(target)) {
    return target.state === ConnectionState.Disconnected;
  }
  const local = target.localParticipant;
  const held: Array<LocalTrack | undefined> = [state.audioTrack, state.videoTrack];
  for (const pub of local.trackPublications.values()) {
    // The renegotiation this starts is the old room's, which is being left: nobody waits for it. A track
    // this module does not hold (a screen share) belongs to that room alone and ends with it.
    const track = pub.track;
    if (track) void local.unpublishTrack(track, !held.includes(track)).catch(() => undefined);
  }
  return held.every((t) => !t?.sender);
}

/**
 * Publishes the held tracks into a connected room: the microphone even when muted (so others see it muted
 * at once), the camera only while on. Later toggles publish what is still missing.
 */
export async function publishTo(target: Room): Promise<void> {
  room = target;
  startWatchdog();
  const { audioTrack, videoTrack, cameraEnabled } = state;
  const jobs: Promise<void>[] = [];
  if (audioTrack) jobs.push(publishTrack(target, audioTrack));
  if (videoTrack && cameraEnabled) jobs.push(publishTrack(target, videoTrack));
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Forgets the room (after it disconnected); the tracks stay alive for the next one. */
export function detachFrom(target: Room) {
  if (room === target) room = undefined;
}

/** Stops the camera and microphone for good (leaving, or removed). */
export function release() {
  stopWatchdog();
  state.audioTrack?.stop();
  state.videoTrack?.stop();
  room = undefined;
  pendingQuality = false;
  update({ ...initial, quality: state.quality });
}

/** Asks again for a device that failed, after the person fixed the cause. */
export function retry(kind: 'audio' | 'video') {
  update({ [`${kind}Problem`]: undefined });
  return acquire({ audio: kind === 'audio', video: kind === 'video' });
}

// ---- Track recovery ----
//
// A device can stop behind the page's back (unplugged, taken by another app, the browser ending the
// MediaStreamTrack, which fires no event when stopped by script) and a publish can be lost in a reconnect
// or a negotiation time-out. While in a room, every WATCH_MS this checks each device that is on: its
// track must be live and published in the room. If not, it restarts the track (the same LocalTrack, so
// its sender gets the new MediaStreamTrack) and publishes it again. When that fails twice in a row, the
// device is let go, its button says off, and the page says why with "Try again".

const WATCH_MS = 2000;
// TrackSource.MICROPHONE and CAMERA in LiveKit's protocol.
const MICROPHONE_SOURCE = 2;
const CAMERA_SOURCE = 1;
const GIVE_UP_AFTER = 2;
let watchdog: ReturnType<typeof setInterval> | undefined;
let healing = false;
const failures = { audio: 0, video: 0 };
const missing = { audio: false, video: false };

function startWatchdog() {
  watchdog ??= setInterval(() => void heal(), WATCH_MS);
}

function stopWatchdog() {
  if (watchdog) clearInterval(watchdog);
  watchdog = undefined;
  failures.audio = failures.video = 0;
}

/** Checks both devices once; exported for the recovery test hook. */
export async function heal(): Promise<void> {
  if (healing) return;
  healing = true;
  try {
    await healOne('audio');
    await healOne('video');
  } finally {
    healing = false;
  }
}

async function healOne(kind: 'audio' | 'video') {
  const track = kind === 'audio' ? state.audioTrack : state.videoTrack;
  const on = kind === 'audio' ? state.micEnabled : state.cameraEnabled;
  const target = room;
  if (!track || !on || !target || target.state !== ConnectionState.Connected) return;
  // Not allowed here now (a host muted everyone without unmute): nothing to recover.
  const rights = target.localParticipant.permissions;
  const source = kind === 'audio' ? MICROPHONE_SOURCE : CAMERA_SOURCE;
  if (
    rights &&
    (!rights.canPublish ||
      (rights.canPublishSources.length > 0 && !rights.canPublishSources.includes(source)))
  )
    return;
  const ended = track.mediaStreamTrack.readyState === 'ended';
  const published = target.localParticipant.getTrackPublications().some((p) => p.track === track);
  if (!ended && published) return void (missing[kind] = false);
  // LiveKit republishes by itself after a reconnect; a track missing at one check only may be on its
  // way back, and publishing it too would make a second publication.
  if (!ended && !missing[kind]) return void (missing[kind] = true);
  missing[kind] = false;
  const device = kind === 'audio' ? 'microphone' : 'camera';
  try {
    if (ended) await track.restartTrack();
    if (!published) await publishTrack(target, track);
    failures[kind] = 0;
    update({ recoveryNotice: `Your ${device} stopped; it is back on.` });
  } catch (err) {
    failures[kind] += 1;
    if (failures[kind] < GIVE_UP_AFTER) return;
    failures[kind] = 0;
    await giveUp(kind, track, target, err);
  }
}

async function giveUp(kind: 'audio' | 'video', track: LocalTrack, target: Room, err: unknown) {
  const device = kind === 'audio' ? 'microphone' : 'camera';
  const others = kind === 'audio' ? 'hear' : 'see';
  await target.localParticipant.unpublishTrack(track, false).catch(() => undefined);
  track.stop();
  const cause = describeDeviceProblem(device, err);
  const problem: DeviceProblem = {
    reason: cause.reason,
    message: `Your ${device} stopped and could not be restarted, so others cannot ${others} you. ${cause.message}`,
  };
  if (kind === 'audio') update({ audioTrack: undefined, micEnabled: false, audioProblem: problem });
  else update({ videoTrack: undefined, cameraEnabled: false, videoProblem: problem });
  update({ recoveryNotice: undefined });
}
