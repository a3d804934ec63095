// A real LiveKit server of the test's own (no app, no database) and synthetic @livekit/rtc-node
// publishers: each sends a moving pattern over a solid colour and a sine tone of its own, so a recording
// of the room can be checked for both people's colours and for sound. Used by the recorder's tests and
// its benchmark.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { AccessToken } from 'livekit-server-sdk';
import type * as Rtc from '@livekit/rtc-node';
import { findOrBuildLivekit, LOCAL_LIVEKIT, startLivekit, type LivekitOptions } from '../../scripts/livekit';

let loaded: Promise<typeof Rtc> | undefined;

/** rtc-node must run with NODE_ENV=production; loaded lazily so the setting is in place first. */
export function rtc(): Promise<typeof Rtc> {
  (process.env as Record<string, string>).NODE_ENV = 'production';
  return (loaded ??= import('@livekit/rtc-node'));
}

/** A LiveKit server on loopback at `port` (UDP on port + 1), killed with its process group by stop(). */
export class MediaServer {
  private child?: ChildProcess;
  /** `webhookUrl`: where the server posts its webhooks (by default nowhere). */
  /** `options`: more of the server's settings (scripts/livekit.ts), e.g. for the delay proxy. */
  constructor(
    readonly port: number,
    readonly webhookUrl = 'http://127.0.0.1:9/webhook',
    readonly options: Partial<LivekitOptions> = {},
  ) {}

  get url() {
    return `ws://127.0.0.1:${this.port}`;
  }

  async start() {
    const { bin, reason } = findOrBuildLivekit();
    if (!bin) throw new Error(reason);
    // By default webhooks go nowhere: nothing listens on port 9 (discard).
    this.child = await startLivekit(bin, {
      port: this.port,
      udpPort: this.port + 1,
      webhookUrl: this.webhookUrl,
      ...this.options,
    });
  }

  stop() {
    const pid = this.child?.pid;
    this.child = undefined;
    if (!pid) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** A token for a person who publishes and subscribes. */
  async personToken(room: string, identity: string) {
    const at = new AccessToken(LOCAL_LIVEKIT.apiKey, LOCAL_LIVEKIT.apiSecret, { identity, ttl: 3600 });
    at.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true });
    return at.toJwt();
  }

  /** A subscribe-only, hidden token, as the app mints for its recorder (identity `recorder-…`). */
  async recorderToken(room: string, recordingId: string) {
    const at = new AccessToken(LOCAL_LIVEKIT.apiKey, LOCAL_LIVEKIT.apiSecret, {
      identity: `recorder-${recordingId}`,
      ttl: 3600,
    });
    at.addGrant({
      roomJoin: true,
      room,
      canPublish: false,
      canPublishData: false,
      canSubscribe: true,
      hidden: true,
    });
    return at.toJwt();
  }
}

export interface PublisherLook {
  /** Background colour, RGB. */
  rgb: [number, number, number];
  /** Tone frequency in Hz. */
  toneHz: number;
  width?: number;
  height?: number;
  fps?: number;
  /** false: a microphone only (the recorder shows a dark tile). */
  video?: boolean;
  /**
   * 'testsrc2': a detailed moving picture from ffmpeg's testsrc2 (gradients, text, motion; costlier to
   * encode, closer to a camera) instead of the colour with a moving bar. The colour is then unused.
   */
  pattern?: 'bar' | 'testsrc2';
}

/** A person in the room publishing a synthetic camera (colour + moving white bar) and microphone (a tone). */
export class SyntheticPublisher {
  private timer?: NodeJS.Timeout;
  private generator?: ChildProcess;
  private running = true;

  private constructor(
    readonly lib: typeof Rtc,
    readonly room: Rtc.Room,
  ) {}

  static async join(url: string, token: string, look: PublisherLook): Promise<SyntheticPublisher> {
    const lib = await rtc();
    const room = new lib.Room();
    await room.connect(url, token, { autoSubscribe: false, dynacast: false });
    const p = new SyntheticPublisher(lib, room);
    await p.publish(look);
    return p;
  }

  private async publish(look: PublisherLook) {
    const { VideoSource, VideoFrame, VideoBufferType, LocalVideoTrack, LocalAudioTrack, AudioSource } =
      this.lib;
    const { TrackPublishOptions, TrackSource, AudioFrame } = this.lib;
    const w = look.width ?? 320;
    const h = look.height ?? 240;
    const fps = look.fps ?? 15;
    const video = new VideoSource(w, h);
    const rgba = new Uint8Array(w * h * 4);
    let tick = 0;
    const draw = () => {
      const [r, g, b] = look.rgb;
      const barX = Math.floor(((tick * 8) % w) / 1);
      const barW = Math.max(8, Math.floor(w / 10));
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const i = (y * w + x) * 4;
          const inBar = x >= barX && x < barX + barW;
          rgba[i] = inBar ? 255 : r;
          rgba[i + 1] = inBar ? 255 : g;
          rgba[i + 2] = inBar ? 255 : b;
          rgba[i + 3] = 255;
        }
      }
      tick += 1;
      video.captureFrame(new VideoFrame(rgba, w, h, VideoBufferType.RGBA));
    };
    if (look.video !== false && look.pattern === 'testsrc2') {
      // ffmpeg paces the frames (-re); each complete RGBA frame is captured as it arrives.
      const gen = spawn(
        'ffmpeg',
        [
          ...['-v', 'error', '-re', '-f', 'lavfi', '-i', `testsrc2=s=${w}x${h}:r=${fps}`],
          ...['-f', 'rawvideo', '-pix_fmt', 'rgba', '-'],
        ],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      this.generator = gen;
      const size = w * h * 4;
      let pending: Buffer = Buffer.alloc(0);
      gen.stdout.on('data', (d: Buffer) => {
        pending = pending.length ? Buffer.concat([pending, d]) : d;
        while (pending.length >= size) {
          const frame = new Uint8Array(pending.subarray(0, size));
          pending = pending.subarray(size);
          video.captureFrame(new VideoFrame(frame, w, h, VideoBufferType.RGBA));
        }
      });
      await this.room.localParticipant!.publishTrack(
        LocalVideoTrack.createVideoTrack('camera', video),
        new TrackPublishOptions({ source: TrackSource.SOURCE_CAMERA }),
      );
    } else if (look.video !== false) {
      draw();
      this.timer = setInterval(draw, 1000 / fps);
      await this.room.localParticipant!.publishTrack(
        LocalVideoTrack.createVideoTrack('camera', video),
        new TrackPublishOptions({ source: TrackSource.SOURCE_CAMERA }),
      );
    }

    const rate = 48_000;
    const audio = new AudioSource(rate, 1);
    await this.room.localParticipant!.publishTrack(
      LocalAudioTrack.createAudioTrack('microphone', audio),
      new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
    );
    // 10 ms frames of a sine at a quarter of full scale; captureFrame paces the loop in real time.
    const perFrame = rate / 100;
    let n = 0;
    void (async () => {
      while (this.running) {
        const data = new Int16Array(perFrame);
        for (let i = 0; i < perFrame; i++, n++) {
          data[i] = Math.round(8000 * Math.sin((2 * Math.PI * look.toneHz * n) / rate));
        }
        try {
          await audio.captureFrame(new AudioFrame(data, rate, 1, perFrame));
        } catch {
          return;
        }
      }
    })();
  }

  async leave() {
    this.running = false;
    clearInterval(this.timer);
    this.generator?.kill('SIGKILL');
    await this.room.disconnect().catch(() => undefined);
  }
}

export interface ProbedFile {
  streams: Array<{ codec_type: string; codec_name: string; duration?: string }>;
  durationSeconds: number;
}

/** Streams and duration of a media file, by Debian's ffprobe. */
export function probe(file: string): ProbedFile {
  const r = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_type,codec_name,duration:format=duration',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`ffprobe could not read ${file}: ${r.stderr}`);
  const j = JSON.parse(r.stdout) as {
    streams: ProbedFile['streams'];
    format: { duration: string };
  };
  return { streams: j.streams, durationSeconds: Number(j.format.duration) };
}

/** Mean volume of the audio in dB, by ffmpeg's volumedetect (-91 dB is digital silence). */
export function meanVolume(file: string): number {
  const r = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-i', file, '-vn', '-af', 'volumedetect', '-f', 'null', '-'],
    {
      encoding: 'utf8',
    },
  );
  const m = /mean_volume:\s*(-?[\d.]+) dB/.exec(r.stderr);
  if (!m) throw new Error(`volumedetect found no audio in ${file}: ${r.stderr.slice(-500)}`);
  return Number(m[1]);
}

/** One decoded video frame at `seconds`, scaled to w×h, as RGB bytes. */
export function frameAt(file: string, seconds: number, w = 64, h = 36): Buffer {
  const r = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-ss',
      String(seconds),
      '-i',
      file,
      '-frames:v',
      '1',
      '-vf',
      `scale=${w}:${h}`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  if (r.status !== 0 || r.stdout.length !== w * h * 3)
    throw new Error(`could not decode a frame at ${seconds} s of ${file}: ${r.stderr.toString()}`);
  return r.stdout;
}

/** Share of a frame's pixels close to an RGB colour (each channel within `tolerance`). */
export function shareOfColour(rgb: Buffer, colour: [number, number, number], tolerance = 60): number {
  let hits = 0;
  const pixels = rgb.length / 3;
  for (let i = 0; i < rgb.length; i += 3) {
    if (
      Math.abs(rgb[i]! - colour[0]) <= tolerance &&
      Math.abs(rgb[i + 1]! - colour[1]) <= tolerance &&
      Math.abs(rgb[i + 2]! - colour[2]) <= tolerance
    )
      hits += 1;
  }
  return hits / pixels;
}

/** Mean absolute difference of two frames' bytes (0 = identical). */
export function frameDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Luma spread of the video (YMAX − YMIN averaged over frames) by ffmpeg's signalstats. */
export function lumaSpread(file: string): number {
  const r = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-i', file, '-an', '-vf', 'signalstats,metadata=mode=print', '-f', 'null', '-'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const mins = [...r.stderr.matchAll(/YMIN=(\d+)/g)].map((m) => Number(m[1]));
  const maxs = [...r.stderr.matchAll(/YMAX=(\d+)/g)].map((m) => Number(m[1]));
  if (!mins.length || mins.length !== maxs.length) throw new Error(`signalstats gave nothing for ${file}`);
  const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return avg(maxs) - avg(mins);
}
