import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What decoding a recorded file tells: its streams, its length, how loud it is, how much the picture varies. */
export interface DecodedRecording {
  streams: Array<'audio' | 'video'>;
  durationSeconds: number;
  /** Mean loudness of the whole audio track in dB (about -91 for digital silence). */
  meanVolumeDb: number;
  /** Maximum loudness in dB (Chromium's fake microphone beeps well above -30). */
  maxVolumeDb: number;
  /** Standard deviation of the luma of frames taken at a few points: 0 for one flat colour. */
  frameSpread: number[];
}

/** Decodes a file with Debian's ffprobe and ffmpeg (independent of the app and of the recorder). */
export async function decodeRecording(file: string): Promise<DecodedRecording> {
  const probe = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_type:format=duration',
    '-of',
    'json',
    file,
  ]);
  const info = JSON.parse(probe.stdout) as {
    streams: Array<{ codec_type: string }>;
    format: { duration?: string };
  };
  const streams = info.streams
    .map((s) => s.codec_type)
    .filter((t): t is 'audio' | 'video' => t === 'audio' || t === 'video')
    .sort();
  const durationSeconds = Number(info.format.duration ?? NaN);

  // The whole audio track through volumedetect: a beeping microphone is far from silence.
  let meanVolumeDb = -Infinity;
  let maxVolumeDb = -Infinity;
  if (streams.includes('audio')) {
    const vol = await run('ffmpeg', [
      '-hide_banner',
      '-nostats',
      '-i',
      file,
      '-vn',
      '-af',
      'volumedetect',
      '-f',
      'null',
      '-',
    ]);
    const mean = /mean_volume:\s*(-?[\d.]+|-inf) dB/.exec(vol.stderr);
    const max = /max_volume:\s*(-?[\d.]+|-inf) dB/.exec(vol.stderr);
    meanVolumeDb = mean && mean[1] !== '-inf' ? Number(mean[1]) : -Infinity;
    maxVolumeDb = max && max[1] !== '-inf' ? Number(max[1]) : -Infinity;
  }

  // A few frames as 8-bit grey pictures: one flat colour has a spread of 0.
  const frameSpread: number[] = [];
  if (streams.includes('video') && Number.isFinite(durationSeconds)) {
    for (const at of [0.25, 0.5, 0.75].map((f) => f * durationSeconds)) {
      const frame = await run(
        'ffmpeg',
        [
          '-hide_banner',
          '-v',
          'error',
          '-ss',
          at.toFixed(2),
          '-i',
          file,
          '-frames:v',
          '1',
          '-vf',
          'scale=160:-2',
          '-f',
          'rawvideo',
          '-pix_fmt',
          'gray',
          '-',
        ],
        { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
      );
      frameSpread.push(spread(frame.stdout));
    }
  }
  return { streams, durationSeconds, meanVolumeDb, maxVolumeDb, frameSpread };
}

function spread(pixels: Buffer): number {
  if (pixels.length === 0) return 0;
  let sum = 0;
  for (const p of pixels) sum += p;
  const mean = sum / pixels.length;
  let sq = 0;
  for (const p of pixels) sq += (p - mean) ** 2;
  return Math.sqrt(sq / pixels.length);
}
