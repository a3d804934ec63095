// The embedded recorder process (spawned by launch.ts, one per recorded room). It joins the room's media
// as a hidden, subscribe-only participant with @livekit/rtc-node, keeps each person's latest decoded video
// frame and a short queue of their audio, and on a wall clock lays everyone out as a grid (I420) and mixes
// their audio (s16le, 48 kHz, mono) into Debian's ffmpeg, which encodes H.264 + AAC into a fragmented
// MP4 at `${outputPath}.part`. On finishing it remuxes that into `outputPath` with the index at the front.
//
// Protocol: options in RECORDER_OPTIONS (JSON); commands on stdin as JSON lines `{"command":
// "stop"|"pause"|"resume"}`; stdin closing means the app died. Events on stdout as JSON lines (launch.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Writable } from 'node:stream';
import type * as Rtc from '@livekit/rtc-node';
import type { EmbeddedRecorderOptions } from './launch';
import { remuxFaststart } from './launch';

// 640x360 at 15 fps with x264's veryfast preset: a few people's small camera tiles stay legible, and the
// encoder needs a small share of one core (see docs/architecture.md and scripts/bench-recording.ts).
/** A whole number from the environment within [min, max] (rounded down to even when asked), else `fallback`. */
function setting(name: string, fallback: number, min: number, max: number, evenOnly = false): number {
  const n = Math.floor(Number(process.env[name]));
  if (!process.env[name] || !Number.isFinite(n) || n < min || n > max) return fallback;
  return evenOnly ? n - (n % 2) : n;
}
const WIDTH = setting('RECORDER_WIDTH', 640, 160, 3840, true);
const HEIGHT = setting('RECORDER_HEIGHT', 360, 90, 2160, true);
const FPS = setting('RECORDER_FPS', 15, 1, 60);
const PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'];
const PRESET = PRESETS.includes(process.env.RECORDER_PRESET ?? '')
  ? process.env.RECORDER_PRESET!
  : 'veryfast';
const RATE = 48_000;
const GAP = 4; // pixels between tiles (even, so chroma planes stay aligned)
const AUDIO_PRIME = RATE / 10; // 100 ms buffered per person before their audio is mixed (absorbs jitter)
const AUDIO_MAX = RATE / 2; // more than 500 ms queued: drop the oldest (a burst after a stall)
const RECORDER_PREFIX = 'recorder-';

type Reason = 'stopped' | 'all_peers_left' | 'max_duration' | 'parent_gone';

const opts = JSON.parse(process.env.RECORDER_OPTIONS ?? '{}') as EmbeddedRecorderOptions;
const graceMs = (opts.emptyGraceSeconds ?? 20) * 1000;
const part = `${opts.outputPath}.part`;

process.stdout.on('error', () => undefined); // the app is gone; the file still gets finished
function emit(event: Record<string, unknown>) {
  try {
    process.stdout.write(`${JSON.stringify(event)}\n`);
  } catch {
    // nobody is listening any more
  }
}

/** A sentence ending with a full stop, from an error of any kind. */
function sentence(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).trim().replace(/[.\s]+$/, '');
  return text || 'no reason given';
}

// ---- people and their media ----------------------------------------------------------------------

interface Person {
  identity: string;
  video?: { frame: Rtc.VideoFrame; version: number };
  /** The scaled tile of the latest frame, reused until a new frame or a new layout. */
  tile?: { version: number; w: number; h: number; y: Uint8Array; u: Uint8Array; v: Uint8Array };
  audio: Int16Array[];
  audioQueued: number;
  audioPrimed: boolean;
  readers: Array<ReadableStreamDefaultReader<unknown>>;
}

const people = new Map<string, Person>();

function person(identity: string): Person {
  let p = people.get(identity);
  if (!p) {
    p = { identity, audio: [], audioQueued: 0, audioPrimed: false, readers: [] };
    people.set(identity, p);
  }
  return p;
}

// ---- the grid ------------------------------------------------------------------------------------

const ySize = WIDTH * HEIGHT;
const cSize = (WIDTH / 2) * (HEIGHT / 2);
const canvas = new Uint8Array(ySize + 2 * cSize);
const BACKGROUND = 16; // black in limited-range luma
const DARK_TILE = 40; // a person without video

const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);

/** Cells for n tiles: the column count that gives the largest 16:9-ish tiles. */
function layout(n: number): Array<{ x: number; y: number; w: number; h: number }> {
  if (n === 0) return [];
  let best = { cols: 1, rows: n, area: 0 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const cw = WIDTH / cols;
    const ch = HEIGHT / rows;
    // The area of a 16:9 tile fitted in the cell.
    const w = Math.min(cw, (ch * 16) / 9);
    const area = w * ((w * 9) / 16);
    if (area > best.area) best = { cols, rows, area };
  }
  const cw = even(WIDTH / best.cols);
  const ch = even(HEIGHT / best.rows);
  const cells: Array<{ x: number; y: number; w: number; h: number }> = [];
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / best.cols);
    const inRow = row === best.rows - 1 ? n - row * best.cols : best.cols;
    const col = i % best.cols;
    // The last row, when not full, is centred.
    const x0 = even((WIDTH - inRow * cw) / 2) * (inRow < best.cols ? 1 : 0);
    const yOffset = even((HEIGHT - best.rows * ch) / 2);
    cells.push({
      x: x0 + col * cw + GAP / 2,
      y: yOffset + row * ch + GAP / 2,
      w: cw - GAP,
      h: ch - GAP,
    });
  }
  return cells;
}

function fillRect(x: number, y: number, w: number, h: number, luma: number) {
  for (let r = 0; r < h; r++) canvas.fill(luma, (y + r) * WIDTH + x, (y + r) * WIDTH + x + w);
  const cw = WIDTH / 2;
  for (let r = 0; r < h / 2; r++) {
    const o = (y / 2 + r) * cw + x / 2;
    canvas.fill(128, ySize + o, ySize + o + w / 2);
    canvas.fill(128, ySize + cSize + o, ySize + cSize + o + w / 2);
  }
}

/** Nearest-neighbour scale of one plane. */
function scalePlane(
  src: Uint8Array,
  srcOffset: number,
  sw: number,
  sh: number,
  dst: Uint8Array,
  dw: number,
  dh: number,
) {
  const xmap = new Int32Array(dw);
  for (let x = 0; x < dw; x++) xmap[x] = Math.min(sw - 1, Math.floor((x * sw) / dw));
  for (let y = 0; y < dh; y++) {
    const row = srcOffset + Math.min(sh - 1, Math.floor((y * sh) / dh)) * sw;
    const out = y * dw;
    for (let x = 0; x < dw; x++) dst[out + x] = src[row + xmap[x]!]!;
  }
}

let lib: typeof Rtc;

function scaledTile(p: Person, cellW: number, cellH: number): Person['tile'] {
  const v = p.video!;
  if (p.tile && p.tile.version === v.version && p.tile.w <= cellW && p.tile.h <= cellH) {
    // Same frame; still fits (the layout may have changed to a same-size cell).
    const fits = even(Math.min(cellW, (v.frame.width * cellH) / v.frame.height)) === p.tile.w;
    if (fits) return p.tile;
  }
  let frame = v.frame;
  if (frame.type !== lib.VideoBufferType.I420) frame = frame.convert(lib.VideoBufferType.I420);
  const sw = frame.width;
  const sh = frame.height;
  const scale = Math.min(cellW / sw, cellH / sh);
  const w = Math.min(cellW, even(sw * scale));
  const h = Math.min(cellH, even(sh * scale));
  const csw = Math.trunc((sw + 1) / 2);
  const csh = Math.trunc((sh + 1) / 2);
  const tile = {
    version: v.version,
    w,
    h,
    y: new Uint8Array(w * h),
    u: new Uint8Array((w / 2) * (h / 2)),
    v: new Uint8Array((w / 2) * (h / 2)),
  };
  scalePlane(frame.data, 0, sw, sh, tile.y, w, h);
  scalePlane(frame.data, sw * sh, csw, csh, tile.u, w / 2, h / 2);
  scalePlane(frame.data, sw * sh + csw * csh, csw, csh, tile.v, w / 2, h / 2);
  p.tile = tile;
  return tile;
}

function compose() {
  canvas.fill(BACKGROUND, 0, ySize);
  canvas.fill(128, ySize);
  const everyone = [...people.values()];
  const cells = layout(everyone.length);
  everyone.forEach((p, i) => {
    const c = cells[i]!;
    if (!p.video) {
      fillRect(c.x, c.y, c.w, c.h, DARK_TILE);
      return;
    }
    const t = scaledTile(p, c.w, c.h)!;
    // Centred in its cell, keeping its aspect.
    const x = c.x + even((c.w - t.w) / 2) * ((c.w - t.w) / 2 >= 2 ? 1 : 0);
    const y = c.y + even((c.h - t.h) / 2) * ((c.h - t.h) / 2 >= 2 ? 1 : 0);
    for (let r = 0; r < t.h; r++) canvas.set(t.y.subarray(r * t.w, (r + 1) * t.w), (y + r) * WIDTH + x);
    const cw = WIDTH / 2;
    const tw = t.w / 2;
    for (let r = 0; r < t.h / 2; r++) {
      const o = (y / 2 + r) * cw + x / 2;
      canvas.set(t.u.subarray(r * tw, (r + 1) * tw), ySize + o);
      canvas.set(t.v.subarray(r * tw, (r + 1) * tw), ySize + cSize + o);
    }
  });
  return canvas;
}

// ---- audio mix -----------------------------------------------------------------------------------

const mixBuffer = new Int32Array(RATE);

/** Takes n samples of everyone's queued audio, summed with clipping (silence where someone is short). */
function mix(n: number): Buffer {
  const acc = n <= mixBuffer.length ? mixBuffer.subarray(0, n) : new Int32Array(n);
  acc.fill(0);
  for (const p of people.values()) {
    if (!p.audioPrimed) {
      if (p.audioQueued < AUDIO_PRIME) continue;
      p.audioPrimed = true;
    }
    let filled = 0;
    while (filled < n && p.audio.length) {
      const chunk = p.audio[0]!;
      const take = Math.min(chunk.length, n - filled);
      for (let i = 0; i < take; i++) acc[filled + i]! += chunk[i]!;
      filled += take;
      p.audioQueued -= take;
      if (take === chunk.length) p.audio.shift();
      else p.audio[0] = chunk.subarray(take);
    }
    if (filled < n) p.audioPrimed = false; // ran dry: buffer again before mixing them
  }
  const out = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) out.writeInt16LE(Math.max(-32768, Math.min(32767, acc[i]!)), i * 2);
  return out;
}

// ---- recording state -----------------------------------------------------------------------------

let ffmpeg: ChildProcess | undefined;
let videoIn: Writable | undefined;
let audioIn: Writable | undefined;
let ffmpegError = '';
let startedAt = 0; // wall clock at start
let pausedMs = 0; // total paused time
let pausedSince: number | undefined;
let framesWritten = 0;
let samplesWritten = 0;
let emptySince: number | undefined;
let finishing = false;
/** Milliseconds of recording the file keeps, when a stop names the instant it was decided. */
let keepMs: number | undefined;
let ticker: NodeJS.Timeout | undefined;
let room: Rtc.Room | undefined;

const recordedMs = (now = Date.now()) => (pausedSince ?? now) - startedAt - pausedMs;

/** Writes frames and audio up to the wall clock. */
function catchUp() {
  if (!videoIn || pausedSince !== undefined) return;
  const ms = recordedMs();
  const frames = Math.floor((ms * FPS) / 1000);
  if (frames > framesWritten) {
    const image = Buffer.from(compose());
    while (framesWritten < frames) {
      videoIn.write(image);
      framesWritten += 1;
    }
  }
  const samples = Math.floor((ms * RATE) / 1000);
  if (samples > samplesWritten) {
    audioIn!.write(mix(samples - samplesWritten));
    samplesWritten = samples;
  }
}

function tick() {
  if (finishing) return;
  catchUp();
  const others = room ? [...room.remoteParticipants.values()].filter((p) => !isRecorder(p.identity)) : [];
  if (others.length === 0) {
    emptySince ??= Date.now();
    if (Date.now() - emptySince >= graceMs) return void finish('all_peers_left');
  } else emptySince = undefined;
  if (opts.maxSeconds && recordedMs() >= opts.maxSeconds * 1000) return void finish('max_duration');
}

const isRecorder = (identity: string) => identity.startsWith(RECORDER_PREFIX);

function startFfmpeg() {
  fs.mkdirSync(path.dirname(opts.outputPath), { recursive: true });
  fs.rmSync(part, { force: true });
  const args = [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    // Raw inputs whose format is given: no probing, or ffmpeg would first read 5 s of input (its default
    // analyzeduration) and write nothing meanwhile.
    ...['-probesize', '32', '-analyzeduration', '0'],
    ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${WIDTH}x${HEIGHT}`, '-r', String(FPS)],
    ...['-thread_queue_size', '64', '-i', 'pipe:0'],
    ...['-probesize', '32', '-analyzeduration', '0'],
    ...['-f', 's16le', '-ar', String(RATE), '-ac', '1', '-thread_queue_size', '256', '-i', 'pipe:3'],
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', PRESET, '-crf', '23'],
    ...['-pix_fmt', 'yuv420p', '-g', String(FPS), '-threads', '2'],
    ...['-c:a', 'aac', '-b:a', '96k'],
    // Fragmented while recording: a killed recorder leaves every fragment written so far readable.
    // Each fragment goes to the file as soon as it is complete (not held in ffmpeg's write buffer).
    ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-flush_packets', '1'],
    ...['-f', 'mp4', part],
  ];
  // Its own process group: a Ctrl-C meant for the app reaches the recorder, which then ends ffmpeg's input.
  const child = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe', 'pipe'], detached: true });
  child.stderr!.on('data', (d: Buffer) => (ffmpegError = (ffmpegError + d.toString()).slice(-2000)));
  videoIn = child.stdin!;
  audioIn = child.stdio[3] as Writable;
  videoIn.on('error', () => undefined);
  audioIn.on('error', () => undefined);
  child.on('exit', (code, signal) => {
    if (!finishing) {
      const last = ffmpegError.trim().split('\n').at(-1);
      void fail(
        `The video encoder (ffmpeg) stopped while recording (${signal ?? `exit ${code}`}${last ? `: ${last}` : ''}).`,
        true,
      );
    }
  });
  ffmpeg = child;
}

function waitForExit(child: ChildProcess, ms: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}

/** Ends ffmpeg's input and waits for it to write the last fragment. */
async function closeEncoder(): Promise<number | null> {
  if (!ffmpeg) return null;
  clearInterval(ticker);
  const exit = waitForExit(ffmpeg, 30_000);
  videoIn!.end();
  audioIn!.end();
  return exit;
}

async function leaveRoom() {
  for (const p of people.values()) for (const r of p.readers) void r.cancel().catch(() => undefined);
  await Promise.race([room?.disconnect().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
}

/** RECORDER_DEBUG=1: how long each step of finishing took, on stderr. */
const debug = (what: string, since: number) => {
  if (process.env.RECORDER_DEBUG) process.stderr.write(`recorder: ${what} ${Date.now() - since} ms\n`);
};

async function finish(reason: Reason) {
  if (finishing) return;
  catchUp();
  finishing = true;
  clearInterval(ticker);
  const t0 = Date.now();
  if (process.env.RECORDER_DEBUG)
    process.stderr.write(`recorder: ${videoIn?.writableLength ?? 0} bytes of video waiting for ffmpeg\n`);
  // Leaving the room runs beside finishing the file; the file is reported as soon as it is ready.
  const leaving = leaveRoom().finally(() => debug('room left', t0));
  const code = await closeEncoder().finally(() => debug('encoder closed', t0));
  if (framesWritten === 0) {
    fs.rmSync(part, { force: true });
    return exit(1, leaving, {
      type: 'failed',
      message: 'The recording was stopped before anything was recorded.',
    });
  }
  if (code !== 0) {
    const last = ffmpegError.trim().split('\n').at(-1);
    return exit(1, leaving, {
      type: 'failed',
      message: `The video encoder (ffmpeg) could not finish the file (${last ?? `exit ${code}`}).`,
    });
  }
  const written = framesWritten / FPS;
  const seconds = keepMs !== undefined && keepMs / 1000 < written - 1 / FPS ? keepMs / 1000 : undefined;
  const remuxed = await remuxFaststart(part, opts.outputPath, { seconds });
  if (!remuxed.ok) {
    return exit(1, leaving, {
      type: 'failed',
      message: `The recording could not be made into a playable file (${remuxed.error}).`,
    });
  }
  debug('remuxed', t0);
  fs.rmSync(part, { force: true });
  // The video's length by construction: frames written at a fixed rate (or where it was cut).
  const durationSeconds = seconds ?? written;
  void exit(0, leaving, {
    type: 'finished',
    reason,
    durationSeconds: Math.round(durationSeconds * 1000) / 1000,
    path: opts.outputPath,
    bytes: fs.statSync(opts.outputPath).size,
  });
}

/** A failure: the encoder is closed (so the .part stays readable when kept), the reason reported. */
async function fail(message: string, keepPart: boolean) {
  if (finishing) return;
  finishing = true;
  clearInterval(ticker);
  const leaving = leaveRoom();
  await closeEncoder();
  if (!keepPart || framesWritten === 0) fs.rmSync(part, { force: true });
  void exit(1, leaving, { type: 'failed', message });
}

/** Reports the outcome, then leaves once the room is left (at most 2 s more) and stdout has drained. */
async function exit(code: number, leaving: Promise<unknown>, event: Record<string, unknown>) {
  emit(event);
  await leaving;
  // Let stdout drain before leaving.
  process.stdout.write('', () => process.exit(code));
  setTimeout(() => process.exit(code), 1000).unref();
}

// ---- commands ------------------------------------------------------------------------------------

function listen() {
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    let message: { command?: unknown; at?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    const command = message.command;
    if (finishing) return;
    if (command === 'stop') {
      // The stop was decided at `at` (the server's stopped_time); the command may arrive later under
      // load, and the frames written meanwhile are cut off, so the file is as long as the server says.
      const at = typeof message.at === 'string' ? Date.parse(message.at) : NaN;
      if (Number.isFinite(at) && startedAt && pausedSince === undefined)
        keepMs = Math.max(0, Math.min(recordedMs(), at - startedAt - pausedMs));
      void finish('stopped');
    } else if (command === 'pause' && pausedSince === undefined && startedAt) {
      catchUp();
      pausedSince = Date.now();
      for (const p of people.values()) {
        p.audio = [];
        p.audioQueued = 0;
        p.audioPrimed = false;
      }
      emit({ type: 'paused' });
    } else if (command === 'resume' && pausedSince !== undefined) {
      pausedMs += Date.now() - pausedSince;
      pausedSince = undefined;
      emit({ type: 'resumed' });
    }
  });
  // The app died (or closed our stdin): finish with what we have.
  rl.on('close', () => void finish('parent_gone'));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void finish('parent_gone'));
}

// ---- media ---------------------------------------------------------------------------------------

async function readVideo(p: Person, track: Rtc.RemoteTrack, publication: Rtc.RemoteTrackPublication) {
  const reader = new lib.VideoStream(track).getReader();
  p.readers.push(reader);
  let version = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || finishing) break;
      if (!publication.muted) p.video = { frame: value.frame, version: ++version };
    }
  } catch {
    // the track ended
  }
}

async function readAudio(p: Person, track: Rtc.RemoteTrack) {
  const reader = new lib.AudioStream(track, { sampleRate: RATE, numChannels: 1 }).getReader();
  p.readers.push(reader);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || finishing) break;
      if (pausedSince !== undefined || !startedAt) continue;
      p.audio.push(Int16Array.from(value.data));
      p.audioQueued += value.data.length;
      while (p.audioQueued > AUDIO_MAX && p.audio.length > 1) p.audioQueued -= p.audio.shift()!.length;
    }
  } catch {
    // the track ended
  }
}

function watchRoom(r: Rtc.Room) {
  const { RoomEvent, TrackKind } = lib;
  r.on(RoomEvent.ParticipantConnected, (p) => {
    if (!isRecorder(p.identity)) person(p.identity);
  });
  r.on(RoomEvent.ParticipantDisconnected, (p) => {
    const gone = people.get(p.identity);
    if (!gone) return;
    for (const reader of gone.readers) void reader.cancel().catch(() => undefined);
    people.delete(p.identity);
  });
  r.on(RoomEvent.TrackSubscribed, (track, publication, participant) => {
    if (isRecorder(participant.identity)) return;
    const p = person(participant.identity);
    if (track.kind === TrackKind.KIND_VIDEO) void readVideo(p, track, publication);
    else if (track.kind === TrackKind.KIND_AUDIO) void readAudio(p, track);
  });
  r.on(RoomEvent.TrackUnsubscribed, (track, publication, participant) => {
    const p = people.get(participant.identity);
    if (p && track.kind === TrackKind.KIND_VIDEO) {
      p.video = undefined;
      p.tile = undefined;
    }
  });
  // A camera turned off shows as a dark tile, not as its last frame frozen; frames resume on unmute.
  r.on(RoomEvent.TrackMuted, (publication, participant) => {
    const p = people.get(participant.identity);
    if (p && publication.kind === TrackKind.KIND_VIDEO) {
      p.video = undefined;
      p.tile = undefined;
    }
  });
  r.on(RoomEvent.Disconnected, (reason) => {
    if (finishing) return;
    // The room was closed under us: the recording simply ends there, file and all.
    if (reason === lib.DisconnectReason.ROOM_DELETED) return void finish('stopped');
    void fail(
      `The recorder lost its connection to the room's media server (${lib.DisconnectReason[reason] ?? reason}).`,
      true,
    );
  });
}

async function main() {
  if (!opts.livekitUrl || !opts.token || !opts.outputPath) {
    return exit(1, Promise.resolve(), {
      type: 'failed',
      message: 'The recorder was started without its room, token or output path.',
    });
  }
  if (spawnSync('ffmpeg', ['-version']).status !== 0) {
    return exit(1, Promise.resolve(), {
      type: 'failed',
      message:
        'The recorder needs ffmpeg, which is not installed on this server (on Debian: apt-get install ffmpeg).',
    });
  }
  listen();
  lib = await import('@livekit/rtc-node');
  room = new lib.Room();
  watchRoom(room);
  try {
    await Promise.race([
      room.connect(opts.livekitUrl, opts.token, { autoSubscribe: true, dynacast: false }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 20 s')), 20_000)),
    ]);
  } catch (err) {
    return exit(1, Promise.resolve(), {
      type: 'failed',
      message: `The recorder could not join the room's media server at ${opts.livekitUrl} (${sentence(err)}).`,
    });
  }
  if (finishing) return;
  for (const p of room.remoteParticipants.values()) if (!isRecorder(p.identity)) person(p.identity);
  try {
    startFfmpeg();
  } catch (err) {
    return void fail(`The recorder could not start ffmpeg (${sentence(err)}).`, false);
  }
  startedAt = Date.now();
  emit({ type: 'started', at: new Date(startedAt).toISOString() });
  catchUp();
  ticker = setInterval(tick, Math.round(1000 / FPS));
}

process.on(
  'uncaughtException',
  (err) => void fail(`The recorder stopped on an error (${sentence(err)}).`, true),
);
void main();
