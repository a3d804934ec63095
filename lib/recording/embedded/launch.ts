// The embedded recorder's launcher: one separate Node process per recorded room (worker.ts, run with
// tsx's loader), so a crash in rtc-node's native code or in ffmpeg never takes the app down. Commands go
// to the worker's stdin as JSON lines; its events come back on stdout as JSON lines. When the app dies,
// the worker's stdin closes and it finishes the file by itself (reason `parent_gone`).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

export interface EmbeddedRecorderOptions {
  livekitUrl: string; // ws(s):// URL of the media server
  token: string; // subscribe-only, hidden, identity `recorder-<recordingId>`
  outputPath: string; // absolute path of the finished .mp4 (written as `${outputPath}.part` first)
  maxSeconds?: number; // stop by itself with reason 'max_duration'
  emptyGraceSeconds?: number; // stop by itself with 'all_peers_left' after the room is empty this long (default 20)
}

export type RecorderEvent =
  | { type: 'started'; at: Date }
  | { type: 'paused' }
  | { type: 'resumed' }
  | {
      type: 'finished';
      reason: 'stopped' | 'all_peers_left' | 'max_duration' | 'parent_gone';
      durationSeconds: number;
      path: string;
      bytes: number;
    }
  | { type: 'failed'; message: string }; // a sentence a person can read; no file, or see recoverPartial

export interface RecorderHandle {
  pid: number;
  events: AsyncIterable<RecorderEvent>; // ends after 'finished' or 'failed'
  /**
   * Stops recording. `at` is the instant the stop was decided (the recording's stopped_time): the file
   * ends there even when the command reaches the recorder later, so its length is what the server says.
   */
  stop(at?: Date): void;
  pause(): void;
  resume(): void;
}

/** The project folder: where package.json and node_modules are (Next runs the server from there). */
function projectRoot(): string {
  return process.env.RECORDER_PROJECT_ROOT ?? process.cwd();
}

/** Starts the recorder process; its events are read by recorderHandle(child). */
export function spawnRecorderProcess(opts: EmbeddedRecorderOptions): ChildProcess {
  if (!path.isAbsolute(opts.outputPath)) throw new Error('outputPath must be an absolute path.');
  const root = projectRoot();
  const worker = path.join(root, 'lib/recording/embedded/worker.ts');
  // `--import tsx` resolves from the child's working directory, the project's.
  return spawn(process.execPath, ['--import', 'tsx', worker], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // @livekit/rtc-node must run in production mode.
      NODE_ENV: 'production',
      RECORDER_OPTIONS: JSON.stringify(opts),
    },
  });
}

/** The contract's handle over a spawned recorder process. */
export function recorderHandle(child: ChildProcess): RecorderHandle {
  const queue: RecorderEvent[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const stderrTail: string[] = [];
  const push = (e: RecorderEvent) => {
    if (ended) return;
    queue.push(e);
    if (e.type === 'finished' || e.type === 'failed') ended = true;
    wake?.();
  };

  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not an event (a library printing to stdout)
    }
    if (raw.type === 'started') push({ type: 'started', at: new Date(String(raw.at)) });
    else if (raw.type === 'paused' || raw.type === 'resumed') push({ type: raw.type });
    else if (raw.type === 'finished' || raw.type === 'failed') push(raw as unknown as RecorderEvent);
  });
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    if (process.env.RECORDER_DEBUG) console.error(`[recorder ${child.pid}] ${line}`);
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
  });

  let exited = false;
  const onGone = (why: string) => {
    exited = true;
    if (ended) return;
    // Events already written to stdout are read before 'close', so this only reports a silent death.
    push({
      type: 'failed',
      message: `The recorder process ${why} before finishing the file.`,
    });
    if (stderrTail.length) console.error(`[recorder ${child.pid}] ${stderrTail.join('\n')}`);
  };
  child.on('close', (code, signal) => onGone(signal ? `was killed (${signal})` : `exited with code ${code}`));
  child.on('error', (err) => {
    if (!exited) onGone(`could not run (${err.message})`);
  });
  child.stdin!.on('error', () => undefined); // the process is gone; 'close' reports it

  const send = (command: 'stop' | 'pause' | 'resume', at?: Date) => {
    if (child.stdin?.writable) child.stdin.write(`${JSON.stringify({ command, at: at?.toISOString() })}\n`);
  };

  return {
    pid: child.pid ?? -1,
    events: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          const next = queue.shift();
          if (next) {
            yield next;
            if (next.type === 'finished' || next.type === 'failed') return;
            continue;
          }
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
        }
      },
    },
    stop: (at) => send('stop', at),
    pause: () => send('pause'),
    resume: () => send('resume'),
  };
}

/** Launches a recorder for one room; see RecorderHandle. */
export function launchEmbeddedRecorder(opts: EmbeddedRecorderOptions): RecorderHandle {
  return recorderHandle(spawnRecorderProcess(opts));
}

/** Runs a tool to its end without blocking the event loop (the app keeps serving meanwhile). */
function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr: stderr || (err && code === null ? err.message : '') });
    });
  });
}

/** Duration in seconds of a media file by ffprobe, or null when it is not a playable file. */
export async function probeDuration(file: string): Promise<number | null> {
  const r = await run('ffprobe', [
    ...['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', file],
  ]);
  if (r.code !== 0) return null;
  try {
    const j = JSON.parse(r.stdout) as { format?: { duration?: string }; streams?: unknown[] };
    const d = Number(j.format?.duration);
    return j.streams?.length && Number.isFinite(d) && d > 0 ? d : null;
  } catch {
    return null;
  }
}

/**
 * Remuxes `input` (fragmented MP4) into a normal MP4 with its index at the front, written beside the
 * target and renamed into place, so `output` only ever holds a complete file.
 */
export async function remuxFaststart(
  input: string,
  output: string,
  { tolerant = false, seconds }: { tolerant?: boolean; seconds?: number } = {},
): Promise<{ ok: true } | { ok: false; error: string }> {
  const tmp = `${output}.remux.mp4`;
  const r = await run('ffmpeg', [
    ...['-v', 'error', '-y'],
    // Recovering: a torn last fragment is dropped rather than failing the whole file.
    ...(tolerant ? ['-err_detect', 'ignore_err', '-fflags', '+discardcorrupt'] : []),
    ...['-i', input],
    // Cut at a given length: what was written after the recording was stopped is not part of it.
    ...(seconds === undefined ? [] : ['-t', seconds.toFixed(3)]),
    ...['-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', tmp],
  ]);
  // Recovering, what ffmpeg did write counts when it plays, even if it complained about the torn end.
  const usable = r.code === 0 || (tolerant && fs.existsSync(tmp) && (await probeDuration(tmp)) !== null);
  if (!usable) {
    fs.rmSync(tmp, { force: true });
    return { ok: false, error: r.stderr.trim().split('\n').at(-1) || `ffmpeg exited with ${r.code}` };
  }
  fs.renameSync(tmp, output);
  return { ok: true };
}

/** Makes a playable file out of what a recorder that died left at `${outputPath}.part`; null if nothing usable. */
export async function recoverPartial(
  outputPath: string,
): Promise<{ durationSeconds: number; bytes: number } | null> {
  const part = `${outputPath}.part`;
  if (fs.existsSync(part)) {
    // The dead recorder's ffmpeg may still be writing its last fragment: wait until the file stops growing.
    for (let last = -1, i = 0; i < 40; i++) {
      const size = fs.statSync(part).size;
      if (size === last) break;
      last = size;
      await new Promise((r) => setTimeout(r, 250));
    }
    // A killed ffmpeg leaves complete fragments followed perhaps by a torn one; ffmpeg reads up to it.
    if ((await remuxFaststart(part, outputPath, { tolerant: true })).ok) {
      const durationSeconds = await probeDuration(outputPath);
      if (durationSeconds !== null) {
        fs.rmSync(part, { force: true });
        return { durationSeconds, bytes: fs.statSync(outputPath).size };
      }
      fs.rmSync(outputPath, { force: true });
    }
    return null;
  }
  // The recorder finished the file but died before reporting it.
  if (fs.existsSync(outputPath)) {
    const durationSeconds = await probeDuration(outputPath);
    if (durationSeconds !== null) return { durationSeconds, bytes: fs.statSync(outputPath).size };
  }
  return null;
}
