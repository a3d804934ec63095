// The embedded recorder on real parts: a LiveKit server of the test's own, two @livekit/rtc-node people
// publishing a moving coloured pattern and a tone each, the recorder process joining with a hidden
// subscribe-only token, and the file it writes checked by decoding it with Debian's ffprobe/ffmpeg.
// No database: this is the `media` project (vitest.config.ts), run by `npm test` with the integration stage.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchEmbeddedRecorder,
  recorderHandle,
  recoverPartial,
  spawnRecorderProcess,
  type RecorderEvent,
  type RecorderHandle,
} from '@/lib/recording/embedded/launch';
import {
  frameAt,
  frameDifference,
  lumaSpread,
  MediaServer,
  meanVolume,
  probe,
  shareOfColour,
  SyntheticPublisher,
} from '../support/media-stack';
import { procStat } from '../../scripts/machine-cpu';

const PORT = Number(process.env.RECORDER_TEST_LIVEKIT_PORT ?? 7980);
const RED: [number, number, number] = [220, 30, 30];
const BLUE: [number, number, number] = [30, 30, 220];

const server = new MediaServer(PORT);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recorder-test-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let roomNo = 0;

beforeAll(() => server.start(), 60_000);
afterAll(() => {
  server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Collects a recorder's events as they come, so a test can wait for one of them. */
function follow(handle: RecorderHandle) {
  const seen: RecorderEvent[] = [];
  const done = (async () => {
    for await (const e of handle.events) seen.push(e);
  })();
  const waitFor = async <T extends RecorderEvent['type']>(type: T, ms = 60_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const e = seen.find((x) => x.type === type);
      if (e) return e as Extract<RecorderEvent, { type: T }>;
      const end = seen.find((x) => x.type === 'failed' || x.type === 'finished');
      if (end && end.type !== type) throw new Error(`the recorder ended with ${JSON.stringify(end)}`);
      if (Date.now() > deadline)
        throw new Error(`no '${type}' within ${ms / 1000} s: ${JSON.stringify(seen)}`);
      await sleep(50);
    }
  };
  return { seen, done, waitFor };
}

/** A new media room with the given people in it (red + 440 Hz, blue + 660 Hz, …). */
async function roomWith(count: number) {
  const room = `rec-room-${process.pid}-${++roomNo}`;
  const looks = [
    { rgb: RED, toneHz: 440 },
    { rgb: BLUE, toneHz: 660 },
  ];
  const people: SyntheticPublisher[] = [];
  for (let i = 0; i < count; i++) {
    people.push(
      await SyntheticPublisher.join(server.url, await server.personToken(room, `person-${i}`), looks[i % 2]!),
    );
  }
  return { room, people, leave: () => Promise.all(people.map((p) => p.leave())) };
}

const output = (name: string) => path.join(dir, `${name}.mp4`);

/** Process ids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return Number(procStat(Number(e))[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function expectPlayable(file: string) {
  const probed = probe(file);
  expect(probed.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual([
    'audio:aac',
    'video:h264',
  ]);
  return probed;
}

describe('embedded recorder', () => {
  it('records two people as a grid with both voices, and the file is finished on stop', async () => {
    const { room, people, leave } = await roomWith(2);
    const out = output('two-people');
    try {
      const handle = launchEmbeddedRecorder({
        livekitUrl: server.url,
        token: await server.recorderToken(room, 'two'),
        outputPath: out,
      });
      expect(handle.pid).toBeGreaterThan(0);
      const ev = follow(handle);
      const started = await ev.waitFor('started');
      expect(started.at).toBeInstanceOf(Date);
      const from = Date.now();
      await sleep(5_000);
      handle.stop();
      const stoppedAt = Date.now();
      const recordedSeconds = (stoppedAt - from) / 1000;
      const finished = await ev.waitFor('finished');
      console.log(`two people: file ready ${((Date.now() - stoppedAt) / 1000).toFixed(2)} s after stop`);
      await ev.done;

      expect(finished.reason).toBe('stopped');
      expect(finished.path).toBe(out);
      expect(finished.bytes).toBe(fs.statSync(out).size);
      expect(fs.existsSync(`${out}.part`)).toBe(false);
      const probed = expectPlayable(out);
      expect(Math.abs(probed.durationSeconds - recordedSeconds)).toBeLessThan(1);
      expect(Math.abs(finished.durationSeconds - probed.durationSeconds)).toBeLessThan(1);
      // Sound and picture run the same length (both are written to the same wall clock).
      const [audio, video] = ['audio', 'video'].map((k) =>
        Number(probed.streams.find((st) => st.codec_type === k)!.duration),
      );
      expect(Math.abs(audio! - video!)).toBeLessThan(0.25);

      expect(meanVolume(out)).toBeGreaterThan(-50);
      expect(lumaSpread(out)).toBeGreaterThan(60);
      const a = frameAt(out, 2);
      const b = frameAt(out, 4);
      expect(frameDifference(a, b)).toBeGreaterThan(1);
      // Both people are on screen, side by side: each colour covers a good part of the frame.
      expect(shareOfColour(b, RED)).toBeGreaterThan(0.1);
      expect(shareOfColour(b, BLUE)).toBeGreaterThan(0.1);
    } finally {
      await leave();
    }
    void people;
  }, 120_000);

  it('a stop that reaches the recorder late ends the file at the instant the stop was decided', async () => {
    const { room, leave } = await roomWith(1);
    const out = output('late-stop');
    try {
      const handle = launchEmbeddedRecorder({
        livekitUrl: server.url,
        token: await server.recorderToken(room, 'late-stop'),
        outputPath: out,
      });
      const ev = follow(handle);
      const started = await ev.waitFor('started');
      await sleep(4_000);
      // The server decides to stop now; the command arrives 2.5 s later, as it can on a busy machine.
      const decided = new Date();
      await sleep(2_500);
      handle.stop(decided);
      const finished = await ev.waitFor('finished');
      await ev.done;
      const decidedSeconds = (decided.getTime() - started.at.getTime()) / 1000;
      const probed = expectPlayable(out);
      console.log(`late stop: decided at ${decidedSeconds} s, file ${probed.durationSeconds} s`);
      expect(Math.abs(probed.durationSeconds - decidedSeconds)).toBeLessThan(0.5);
      expect(Math.abs(finished.durationSeconds - decidedSeconds)).toBeLessThan(0.1);
      const [audio, video] = ['audio', 'video'].map((k) =>
        Number(probed.streams.find((st) => st.codec_type === k)!.duration),
      );
      expect(Math.abs(audio! - video!)).toBeLessThan(0.25);
    } finally {
      await leave();
    }
  }, 60_000);

  it('lays out people as they come: a person without video is a dark tile, a late arrival gets a tile', async () => {
    const room = `rec-room-${process.pid}-${++roomNo}`;
    const join = async (identity: string, look: Parameters<typeof SyntheticPublisher.join>[2]) =>
      SyntheticPublisher.join(server.url, await server.personToken(room, identity), look);
    const people = [
      await join('red', { rgb: RED, toneHz: 440 }),
      await join('voice-only', { rgb: BLUE, toneHz: 660, video: false }),
    ];
    const out = output('comings');
    try {
      const handle = launchEmbeddedRecorder({
        livekitUrl: server.url,
        token: await server.recorderToken(room, 'comings'),
        outputPath: out,
      });
      const ev = follow(handle);
      await ev.waitFor('started');
      await sleep(3_000);
      people.push(await join('blue', { rgb: BLUE, toneHz: 550 }));
      await sleep(3_000);
      handle.stop();
      await ev.waitFor('finished');
      await ev.done;
      const duration = expectPlayable(out).durationSeconds;
      const early = frameAt(out, 1.5);
      const late = frameAt(out, duration - 0.5);
      expect(shareOfColour(early, RED)).toBeGreaterThan(0.1);
      expect(shareOfColour(early, BLUE)).toBe(0);
      // The person without video: a dark grey tile (luma 40), not the black background.
      expect(shareOfColour(early, [27, 27, 27], 8)).toBeGreaterThan(0.1);
      expect(shareOfColour(late, RED)).toBeGreaterThan(0.05);
      expect(shareOfColour(late, BLUE)).toBeGreaterThan(0.05);
      expect(shareOfColour(late, [27, 27, 27], 8)).toBeGreaterThan(0.05);
    } finally {
      await Promise.all(people.map((p) => p.leave()));
    }
  }, 120_000);

  it('leaves a paused span out of the file', async () => {
    const { room, leave } = await roomWith(1);
    const out = output('paused');
    try {
      const handle = launchEmbeddedRecorder({
        livekitUrl: server.url,
        token: await server.recorderToken(room, 'paused'),
        outputPath: out,
      });
      const ev = follow(handle);
      await ev.waitFor('started');
      const t0 = Date.now();
      await sleep(2_000);
      handle.pause();
      await ev.waitFor('paused');
      const p0 = Date.now();
      await sleep(4_000);
      handle.resume();
      await ev.waitFor('resumed');
      const p1 = Date.now();
      await sleep(2_000);
      handle.stop();
      const t1 = Date.now();
      const finished = await ev.waitFor('finished');
      await ev.done;
      const recorded = (t1 - t0 - (p1 - p0)) / 1000;
      const probed = expectPlayable(out);
      expect(finished.reason).toBe('stopped');
      expect(Math.abs(probed.durationSeconds - recorded)).toBeLessThan(1);
      expect(probed.durationSeconds).toBeLessThan((t1 - t0) / 1000 - 2.5);
    } finally {
      await leave();
    }
  }, 120_000);

  it('a recorder killed mid-recording leaves a .part that recoverPartial turns into a playable file', async () => {
    const { room, leave } = await roomWith(1);
    const out = output('killed');
    try {
      const handle = launchEmbeddedRecorder({
        livekitUrl: server.url,
        token: await server.recorderToken(room, 'killed'),
        outputPath: out,
      });
      const ev = follow(handle);
      await ev.waitFor('started');
      await sleep(6_000);
      // The whole recorder dies at once, its ffmpeg too (as on a crash of the machine's memory killer):
      // whatever ffmpeg had not written yet is lost, and its last fragment may be torn.
      for (const child of childrenOf(handle.pid)) process.kill(child, 'SIGKILL');
      process.kill(handle.pid, 'SIGKILL');
      const failed = await ev.waitFor('failed');
      await ev.done;
      expect(failed.message).toMatch(/recorder/i);
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.statSync(`${out}.part`).size).toBeGreaterThan(0);

      const recovered = await recoverPartial(out);
      expect(recovered).not.toBeNull();
      expect(fs.existsSync(`${out}.part`)).toBe(false);
      expect(recovered!.bytes).toBe(fs.statSync(out).size);
      const probed = expectPlayable(out);
      expect(probed.durationSeconds).toBeGreaterThan(2);
      expect(Math.abs(recovered!.durationSeconds - probed.durationSeconds)).toBeLessThan(1);
      // The moov atom is at the front (faststart): players can start before the end has arrived.
      const head = fs.readFileSync(out).subarray(0, 4096).toString('latin1');
      expect(head.indexOf('moov')).toBeGreaterThan(-1);
      expect(head.indexOf('moov')).toBeLessThan(
        head.indexOf('mdat') === -1 ? Infinity : head.indexOf('mdat'),
      );
    } finally {
      await leave();
    }
  }, 120_000);

  it('recoverPartial gives null when nothing usable was left', async () => {
    expect(await recoverPartial(output('never-recorded'))).toBeNull();
    const junk = output('junk');
    fs.writeFileSync(`${junk}.part`, 'not a video');
    expect(await recoverPartial(junk)).toBeNull();
  });

  it('finishes the file with parent_gone when its stdin closes (the app died)', async () => {
    const { room, leave } = await roomWith(1);
    const out = output('orphan');
    try {
      const child = spawnRecorderProcess({
        livekitUrl: server.url,
        token: await server.recorderToken(room, 'orphan'),
        outputPath: out,
      });
      const ev = follow(recorderHandle(child));
      await ev.waitFor('started');
      await sleep(3_000);
      child.stdin!.end();
      const finished = await ev.waitFor('finished');
      await ev.done;
      expect(finished.reason).toBe('parent_gone');
      expect(fs.existsSync(`${out}.part`)).toBe(false);
      expect(expectPlayable(out).durationSeconds).toBeGreaterThan(2);
    } finally {
      await leave();
    }
  }, 120_000);

  it('a recorder whose app process is killed finishes the file by itself', async () => {
    const { room, leave } = await roomWith(1);
    const out = output('orphan-of-killed-app');
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/media/support/recorder-parent.ts',
        JSON.stringify({
          livekitUrl: server.url,
          token: await server.recorderToken(room, 'orphan-app'),
          outputPath: out,
        }),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const lines: Array<{ type: string; pid?: number }> = [];
      readline.createInterface({ input: parent.stdout }).on('line', (l) => lines.push(JSON.parse(l)));
      await expect.poll(() => lines.some((l) => l.type === 'started'), { timeout: 60_000 }).toBe(true);
      const recorderPid = lines.find((l) => l.type === 'pid')!.pid!;
      await sleep(3_000);
      parent.kill('SIGKILL');
      await expect
        .poll(() => fs.existsSync(out) && !fs.existsSync(`${out}.part`), { timeout: 60_000, interval: 250 })
        .toBe(true);
      expect(expectPlayable(out).durationSeconds).toBeGreaterThan(2);
      // And the recorder is gone, not left running.
      await expect
        .poll(
          () => {
            try {
              process.kill(recorderPid, 0);
              return true;
            } catch {
              return false;
            }
          },
          { timeout: 30_000 },
        )
        .toBe(false);
    } finally {
      parent.kill('SIGKILL');
      await leave();
    }
  }, 120_000);

  it('finishes with all_peers_left once the room has been empty for the grace period', async () => {
    const { room, leave } = await roomWith(1);
    const out = output('emptied');
    const handle = launchEmbeddedRecorder({
      livekitUrl: server.url,
      token: await server.recorderToken(room, 'emptied'),
      outputPath: out,
      emptyGraceSeconds: 2,
    });
    const ev = follow(handle);
    await ev.waitFor('started');
    await sleep(3_000);
    // Still here after longer than the grace period: people in the room keep it going.
    expect(ev.seen.some((e) => e.type === 'finished')).toBe(false);
    await leave();
    const left = Date.now();
    const finished = await ev.waitFor('finished', 30_000);
    await ev.done;
    expect(finished.reason).toBe('all_peers_left');
    expect(Date.now() - left).toBeGreaterThanOrEqual(1_500);
    expectPlayable(out);
  }, 120_000);

  it('stops by itself at maxSeconds with max_duration', async () => {
    const { room, leave } = await roomWith(1);
    const out = output('capped');
    try {
      const handle = launchEmbeddedRecorder({
        livekitUrl: server.url,
        token: await server.recorderToken(room, 'capped'),
        outputPath: out,
        maxSeconds: 3,
      });
      const ev = follow(handle);
      const finished = await ev.waitFor('finished');
      await ev.done;
      expect(finished.reason).toBe('max_duration');
      expect(Math.abs(expectPlayable(out).durationSeconds - 3)).toBeLessThan(1);
    } finally {
      await leave();
    }
  }, 120_000);

  it('a media server that cannot be reached is a failed event a person can read', async () => {
    const handle = launchEmbeddedRecorder({
      livekitUrl: 'ws://127.0.0.1:7989',
      token: await server.recorderToken('nowhere', 'unreachable'),
      outputPath: output('unreachable'),
    });
    const ev = follow(handle);
    const failed = await ev.waitFor('failed', 60_000);
    await ev.done;
    expect(failed.message).toMatch(/^The recorder could not join the room's media server/);
    expect(failed.message).toMatch(/\.$/);
    expect(fs.existsSync(output('unreachable'))).toBe(false);
  }, 90_000);
});

// ffmpeg and ffprobe come from Debian; a missing one is a set-up problem, said plainly.
for (const tool of ['ffmpeg', 'ffprobe']) {
  if (spawnSync(tool, ['-version']).status !== 0)
    throw new Error(`${tool} is not installed (apt-get install ffmpeg)`);
}
