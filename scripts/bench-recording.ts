// Recording benchmark: the embedded recorder (lib/recording/embedded) recording one room of a real LiveKit
// server on loopback, with 2 and then 4 @livekit/rtc-node people each publishing a synthetic camera at
// 320x240 and 15 fps (first ffmpeg's detailed testsrc2 picture, then a flat colour with a moving bar) and a
// tone. Prints the CPU (share of one core) and memory (RSS) of the recorder process with its ffmpeg, per
// recorded room, and the time from Stop to the finished file for a 1-minute recording, each beside the
// machine's idle CPU over the same span (the publishers and the media server run on the same cores, so a
// busy machine shows in the figures).
//
//   npx tsx scripts/bench-recording.ts [--minute-seconds 60] [--sample-seconds 20]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchEmbeddedRecorder, type RecorderEvent } from '../lib/recording/embedded/launch';
import { MediaServer, probe, SyntheticPublisher } from '../tests/support/media-stack';
import { idleShare, machineCpu as machine, procStat, procStatNamed } from './machine-cpu';

const { values } = parseArgs({
  options: {
    'minute-seconds': { type: 'string', default: '60' },
    'sample-seconds': { type: 'string', default: '20' },
  },
});
const MINUTE = Number(values['minute-seconds']);
const SAMPLE = Number(values['sample-seconds']);
const PORT = Number(process.env.BENCH_RECORDING_LIVEKIT_PORT ?? 7982);
const TICK = 100; // USER_HZ on Linux
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const colours: Array<[number, number, number]> = [
  [220, 30, 30],
  [30, 30, 220],
  [30, 200, 30],
  [220, 220, 30],
];

/** Jiffies used so far by a process and every descendant still alive (the recorder and its ffmpeg). */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(procStat(Number(entry))[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!) ?? []));
  return out;
}

function usage(pid: number): { jiffies: number; rssMb: number; names: string[] } {
  let jiffies = 0;
  let rssKb = 0;
  const names: string[] = [];
  for (const p of tree(pid)) {
    try {
      const { name, fields: f } = procStatNamed(p);
      names.push(name);
      jiffies += Number(f[11]) + Number(f[12]); // utime + stime
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      rssKb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return { jiffies, rssMb: rssKb / 1024, names };
}

async function recordRoom(
  server: MediaServer,
  people: number,
  seconds: number,
  dir: string,
  pattern: 'bar' | 'testsrc2',
) {
  const room = `bench-rec-${people}-${Date.now()}`;
  const publishers: SyntheticPublisher[] = [];
  // In small batches: rtc-node 1.1.0 fails joins under a burst.
  for (let i = 0; i < people; i++) {
    publishers.push(
      await SyntheticPublisher.join(server.url, await server.personToken(room, `person-${i}`), {
        rgb: colours[i % colours.length]!,
        toneHz: 330 + 110 * i,
        pattern,
      }),
    );
  }
  const out = path.join(dir, `${people}-people-${pattern}.mp4`);
  const handle = launchEmbeddedRecorder({
    livekitUrl: server.url,
    token: await server.recorderToken(room, `bench-${people}`),
    outputPath: out,
  });
  const events: RecorderEvent[] = [];
  const done = (async () => {
    for await (const e of handle.events) events.push(e);
  })();
  while (!events.some((e) => e.type === 'started')) {
    if (events.some((e) => e.type === 'failed')) throw new Error(JSON.stringify(events));
    await sleep(50);
  }
  const startedAt = Date.now();
  // Past the start (joins, first keyframes), sample a steady span.
  const warm = Math.min(8, Math.max(1, seconds - SAMPLE - 2));
  await sleep(warm * 1000);
  const u0 = usage(handle.pid);
  const m0 = machine();
  const t0 = performance.now();
  const rss: number[] = [];
  const sampleEnd = Date.now() + Math.min(SAMPLE, seconds - warm - 1) * 1000;
  while (Date.now() < sampleEnd) {
    await sleep(1000);
    rss.push(usage(handle.pid).rssMb);
  }
  const u1 = usage(handle.pid);
  const m1 = machine();
  const cpu = (100 * (u1.jiffies - u0.jiffies)) / TICK / ((performance.now() - t0) / 1000);
  const idleDuring = idleShare(m0, m1);
  const left = startedAt + seconds * 1000 - Date.now();
  if (left > 0) await sleep(left);

  const m2 = machine();
  const stopAt = performance.now();
  handle.stop();
  await done;
  const readyMs = performance.now() - stopAt;
  const idleAtStop = idleShare(m2, machine());
  const finished = events.find((e) => e.type === 'finished');
  await Promise.all(publishers.map((p) => p.leave()));
  if (!finished || finished.type !== 'finished')
    throw new Error(`the recorder did not finish: ${JSON.stringify(events)}`);
  const probed = probe(out);
  return {
    people,
    cpu,
    rssMax: Math.max(...rss),
    rssAvg: rss.reduce((s, x) => s + x, 0) / rss.length,
    processes: u1.names.join(' + '),
    idleDuring,
    readyMs,
    idleAtStop,
    seconds: probed.durationSeconds,
    mb: finished.bytes / 1e6,
  };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-recording-'));
  const server = new MediaServer(PORT);
  await server.start();
  const machine0 = machine();
  await sleep(2000);
  const idleBefore = idleShare(machine0, machine());
  try {
    console.log(
      `Machine: ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, idle CPU before the runs ${idleBefore.toFixed(0)} %.`,
    );
    console.log('Recorder output: 640x360 at 15 fps, x264 veryfast crf 23, AAC 96 kb/s (see worker.ts).');
    console.log('People: @livekit/rtc-node publishers, 320x240 at 15 fps camera + a tone each.\n');
    for (const pattern of ['testsrc2', 'bar'] as const) {
      console.log(
        pattern === 'testsrc2'
          ? "Camera: ffmpeg's testsrc2 (detailed, moving), like a camera for the encoder:"
          : 'Camera: a flat colour with a moving bar (cheap to encode):',
      );
      for (const [people, seconds] of [
        [2, MINUTE],
        [4, Math.max(SAMPLE + 12, 30)],
      ] as const) {
        const r = await recordRoom(server, people, seconds, dir, pattern);
        console.log(
          `  ${people} people, ${r.seconds.toFixed(1)} s recorded (${r.mb.toFixed(2)} MB): recorder ${r.cpu.toFixed(1)} % of one core ` +
            `(${r.processes}), RSS ${r.rssAvg.toFixed(0)} MB avg / ${r.rssMax.toFixed(0)} MB max; machine idle ${r.idleDuring.toFixed(0)} % meanwhile.`,
        );
        console.log(
          `    Stop → finished file: ${(r.readyMs / 1000).toFixed(2)} s for a ${r.seconds.toFixed(0)} s recording (machine idle ${r.idleAtStop.toFixed(0)} % meanwhile).`,
        );
      }
    }
    console.log(
      '\nTargets (issue 10): at most 50 % of a core per recorded room; file ready within 3 s of Stop.',
    );
  } finally {
    server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
