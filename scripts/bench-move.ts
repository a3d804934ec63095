// Move benchmark: ten participants in headless Chromium (one browser context each, fake camera, Low
// video), on the real stack (LiveKit on loopback, a production build of the app). Each round the host
// starts a draft that moves all ten from the main meeting into five rooms of two in one command, then
// closes all rooms (everyone back to the main meeting). For every participant and move it measures, on
// one clock (the machine's), from the host's command to the page's `changingMeeting` event (the test hook
// of components/breakout/test-hook.ts) and to the first remote video frame decoded in the new room
// (RTCPeerConnection.getStats() of the new room's connections, polled every 50 ms). Ten browsers share
// the machine's cores with the app and the media server, so the figures also measure that contention.
//
// Each page's fake camera plays a small generated clip (160×120 at 10 fps) instead of Chromium's default
// 640×480 at 30 fps, so ten pages encoding one video and decoding nine fit on two cores and the figures
// measure the move rather than a saturated machine; `--camera default` keeps Chromium's own.
//
//   npx tsx scripts/bench-move.ts [--rounds 3] [--people 10] [--camera small|default]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright';
import { findOrBuildLivekit, livekitEnv, startLivekit } from './livekit';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    people: { type: 'string', default: '10' },
    camera: { type: 'string', default: 'small' },
  },
});
const ROUNDS = Number(values.rounds);
const PEOPLE = Number(values.people);
const APP_PORT = Number(process.env.BENCH_PORT ?? 3420);
const LIVEKIT_PORT = Number(process.env.BENCH_LIVEKIT_PORT ?? 7950);

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
];

/**
 * A looping Y4M clip for Chromium's fake camera: a bar sweeping across a grey field (moving content, so
 * the encoder keeps sending frames), WIDTH×HEIGHT at FPS.
 */
function writeFakeCamera(dir: string, width = 160, height = 120, fps = 10, frames = 20): string {
  const file = path.join(dir, 'camera.y4m');
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  for (let f = 0; f < frames; f++) {
    const luma = Buffer.alloc(width * height, 90);
    const x0 = Math.floor((f / frames) * width);
    for (let y = 0; y < height; y++)
      for (let x = x0; x < Math.min(width, x0 + 16); x++) luma[y * width + x] = 235;
    parts.push(Buffer.from('FRAME\n'), luma, chroma);
  }
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}

const stops: Array<() => void> = [];
const stopAll = () =>
  stops
    .splice(0)
    .reverse()
    .forEach((s) => s());
process.on('SIGINT', () => (stopAll(), process.exit(130)));
// A `timeout` around the benchmark sends SIGTERM: the app and media server it started go with it.
process.on('SIGTERM', () => (stopAll(), process.exit(143)));
process.on('exit', stopAll);

const groupKiller = (child: ChildProcess) => () => {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${ms / 1000} s`);
}

/** LiveKit and a production build of the app, the way playwright.config.ts starts them. */
async function startStack(): Promise<string> {
  const baseUrl = `http://localhost:${APP_PORT}`;
  for (const url of [`http://127.0.0.1:${LIVEKIT_PORT}/`, `${baseUrl}/api/health`]) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      throw new Error(`${url} is already taken: stop that server or set BENCH_PORT / BENCH_LIVEKIT_PORT.`);
  }
  const { bin, reason } = findOrBuildLivekit();
  if (!bin) throw new Error(reason);
  const livekit = await startLivekit(bin, {
    port: LIVEKIT_PORT,
    udpPort: LIVEKIT_PORT + 2,
    webhookUrl: `http://127.0.0.1:${APP_PORT}/api/livekit/webhook`,
  });
  stops.push(groupKiller(livekit));
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-bench-move-'));
  stops.push(() => fs.rmSync(data, { recursive: true, force: true }));
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: '.next-bench',
    PGLITE_DIR: path.join(data, 'pglite'),
    AUTH_SECRET: 'bench-secret-not-for-production-0123456789',
    APP_URL: baseUrl,
    PORT: String(APP_PORT),
    ...livekitEnv(LIVEKIT_PORT),
  };
  console.log('Building the app (next build)…');
  const next = path.join(root, 'node_modules/.bin/next');
  // BENCH_REUSE_BUILD=1 starts the last build again (say the same code with another setting).
  const reuse = process.env.BENCH_REUSE_BUILD === '1' && fs.existsSync(path.join(root, '.next-bench'));
  const build = reuse ? { status: 0 } : spawnSync(next, ['build'], { cwd: root, env, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('next build failed: run `npx next build` to see why');
  const app = spawn(next, ['start', '-p', String(APP_PORT)], {
    cwd: root,
    env,
    stdio: 'ignore',
    detached: true,
  });
  stops.push(groupKiller(app));
  await waitFor('the app', 60_000, async () =>
    (await fetch(`${baseUrl}/api/health`)).ok ? true : undefined,
  );
  return baseUrl;
}

// In-page code is source text: tsx's esbuild wraps named functions in a `__name` helper the page lacks.

/** Before the app: the breakout test hook on, every RTCPeerConnection kept with its creation time, Low video. */
const INSTRUMENT = `
  window.__BREAKOUT_TEST__ = true;
  window.__pcs = [];
  window.__pcAt = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      window.__pcs.push(this);
      window.__pcAt.push(performance.timeOrigin + performance.now());
    }
  };
  try { localStorage.setItem('breakout.videoQuality', 'low'); } catch {}
`;

/**
 * Resolves once this page's next move is done and a remote video frame was decoded in the new room:
 * epoch times of changingMeeting, meetingChanged and that first frame.
 */
const WATCH_MOVE = `(since) => new Promise(async (resolve, reject) => {
  const now = () => performance.timeOrigin + performance.now();
  const started = now();
  let changing, changed;
  // The video streams received before the move (the old room's, and none yet on a warm connection): a
  // frame counts only on a stream that is new, on a new connection or on one already waiting there.
  const before = new Set();
  for (let i = 0; i < window.__pcs.length; i++) {
    if (window.__pcs[i].connectionState === 'closed') continue;
    (await window.__pcs[i].getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') before.add(i + ':' + s.id);
    });
  }
  const tick = async () => {
    const events = (window.__breakoutEvents || []).slice(since);
    changing ??= events.find((e) => e.type === 'changingMeeting')?.at;
    changed ??= events.find((e) => e.type === 'meetingChanged')?.at;
    if (changing !== undefined) {
      for (let i = 0; i < window.__pcs.length; i++) {
        const pc = window.__pcs[i];
        if (pc.connectionState === 'closed') continue;
        let decoded = false;
        (await pc.getStats()).forEach((s) => {
          if (s.type !== 'inbound-rtp' || s.kind !== 'video' || before.has(i + ':' + s.id)) return;
          if ((s.framesDecoded || 0) > 0) decoded = true;
        });
        if (decoded && changed !== undefined) {
          const steps = {};
          for (const m of performance.getEntriesByType('mark')) {
            const at = performance.timeOrigin + m.startTime;
            if (m.name.startsWith('breakout-switch:') && at >= changing) steps[m.name.slice(16)] ??= at;
          }
          performance.clearMarks();
          return resolve({ changing, changed, frame: now(), steps });
        }
      }
    }
    if (now() - started > 30000) return reject(new Error('no move and remote frame within 30 s'));
    setTimeout(tick, 50); // getStats in ten pages costs CPU: a coarser poll disturbs the moves less
  };
  tick();
})`;

interface Sample {
  toEvent: number;
  toEventAfterAnswer: number;
  toFrame: number;
  switchMs: number;
  /** Steps of the switch (lib/client/media/room-switch.ts marks), each from the previous one. */
  signal: number;
  connect: number;
  publish: number;
}

interface Watched {
  changing: number;
  changed: number;
  frame: number;
  steps: { start?: number; signalled?: number; connected?: number; published?: number };
}

async function setUp(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const id = Date.now().toString(36);
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Bench Host');
  await page.getByLabel('Email').fill(`bench-move-${id}@example.test`);
  await page.getByLabel('Password').fill(`bench-${id}-password`);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL(/\/dashboard/);
  await page.goto('/dashboard/api-keys');
  await page.getByLabel('Key name').fill('bench');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = await page.getByLabel('New API key').inputValue();
  await context.close();
  const call = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseURL}/api/v1${p}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { data: T }).data;
  };
  return call;
}

async function main() {
  const baseURL = process.env.BASE_URL ?? (await startStack());
  const clipDir = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-bench-camera-'));
  stops.push(() => fs.rmSync(clipDir, { recursive: true, force: true }));
  const camera =
    values.camera === 'default' ? [] : [`--use-file-for-fake-video-capture=${writeFakeCamera(clipDir)}`];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...chromiumArgs, ...camera],
  });
  stops.push(() => void browser.close());
  const call = await setUp(browser, baseURL);
  const meeting = await call<{ id: string }>('POST', '/meetings', { title: 'Move benchmark' });
  const base = `/meetings/${meeting.id}/connected-meetings`;

  let measuring = false;
  let tokenFetches = 0;
  console.log(`Joining ${PEOPLE} participants…`);
  const people: Array<{ id: string; page: Page }> = [];
  for (let i = 1; i <= PEOPLE; i++) {
    const seat = await call<{ id: string; join_url: string }>(
      'POST',
      `/meetings/${meeting.id}/participants`,
      {
        name: `Person ${i}`,
        preset_name: 'participant',
      },
    );
    // A small window: ten pages share two cores, and each draws every tile it shows.
    const context = await browser.newContext({
      baseURL,
      permissions: ['camera', 'microphone'],
      viewport: { width: 640, height: 360 },
    });
    await context.addInitScript(INSTRUMENT);
    const page = await context.newPage();
    await page.goto(seat.join_url);
    await page.getByRole('meter', { name: 'Microphone level' }).waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: 'Join meeting' }).click();
    await page.getByRole('button', { name: 'Leave meeting' }).waitFor({ timeout: 60_000 });
    people.push({ id: seat.id, page });
    // Token requests after joining: a switch that used the token sent with the move makes none.
    page.on('request', (r) => {
      if (measuring && r.url().endsWith('/api/v1/livekit/token')) tokenFetches += 1;
    });
  }

  const into: Sample[] = [];
  const back: Sample[] = [];
  const measure = async (command: () => Promise<unknown>, into: Sample[]) => {
    const since = await Promise.all(
      people.map((p) => p.page.evaluate(() => window.__breakoutEvents?.length ?? 0)),
    );
    const watches = people.map((p, i) => p.page.evaluate<Watched>(`(${WATCH_MOVE})(${since[i]})`));
    for (const w of watches) void w.catch(() => undefined);
    measuring = true;
    const sent = Date.now();
    await command();
    const answered = Date.now();
    for (const w of watches) {
      const t = await w;
      into.push({
        toEvent: t.changing - sent,
        toEventAfterAnswer: t.changing - answered,
        toFrame: t.frame - sent,
        switchMs: t.changed - t.changing,
        signal: (t.steps.signalled ?? NaN) - (t.steps.start ?? NaN),
        connect: (t.steps.connected ?? NaN) - (t.steps.start ?? NaN),
        publish: (t.steps.published ?? NaN) - (t.steps.connected ?? NaN),
      });
    }
  };

  const cpuBefore = os.cpus().map((c) => c.times);
  for (let round = 1; round <= ROUNDS; round++) {
    // Let the main meeting's media settle before each measured move.
    await new Promise((r) => setTimeout(r, 3000));
    const order = [...people].sort(() => Math.random() - 0.5);
    const rooms = Array.from({ length: Math.ceil(PEOPLE / 2) }, (_, i) => ({
      key: `r${i}`,
      title: `Room ${i + 1}`,
    }));
    const assignments = Object.fromEntries(order.map((p, i) => [p.id, `r${Math.floor(i / 2)}`]));
    await call('PUT', `${base}/draft`, { rooms, assignments });
    await measure(() => call('POST', `${base}/draft/start`, {}), into);
    console.log(`round ${round}: into rooms done`);
    await new Promise((r) => setTimeout(r, 3000));
    await measure(() => call('POST', `${base}/close-all`, {}), back);
    console.log(`round ${round}: back to main done`);
  }

  // The machine's idle share over the measured rounds (every process on it, not only this stack).
  const cpuAfter = os.cpus().map((c) => c.times);
  const sum = (t: os.CpuInfo['times']) => t.user + t.nice + t.sys + t.idle + t.irq;
  const total = cpuAfter.reduce((a, t, i) => a + sum(t) - sum(cpuBefore[i]!), 0);
  const idle = cpuAfter.reduce((a, t, i) => a + t.idle - cpuBefore[i]!.idle, 0);

  // Nearest-rank percentile; a step a move did not pass through (no switch needed) is left out.
  const pct = (values: number[], p: number) => {
    const s = values.filter(Number.isFinite).sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]! : NaN;
  };
  const line = (label: string, values: number[]) =>
    console.log(
      `  ${label.padEnd(46)} p50 ${pct(values, 0.5).toFixed(0).padStart(5)} ms   p95 ${pct(values, 0.95).toFixed(0).padStart(5)} ms   max ${Math.max(
        ...values,
      )
        .toFixed(0)
        .padStart(5)} ms`,
    );
  const rows: Array<[string, keyof Sample]> = [
    ['host command → changingMeeting', 'toEvent'],
    ['command answered (committed) → changingMeeting', 'toEventAfterAnswer'],
    ['host command → first remote frame in new room', 'toFrame'],
    ['changingMeeting → meetingChanged (media switch)', 'switchMs'],
    ['  switch: start → signalling joined (token, join)', 'signal'],
    ['  switch: start → media connected', 'connect'],
    ['  switch: media connected → published there', 'publish'],
  ];
  const report = (title: string, samples: Sample[]) => {
    console.log(`\n${title} (${samples.length} moves)`);
    for (const [label, key] of rows)
      line(
        label,
        samples.map((s) => s[key]),
      );
  };
  const clip = values.camera === 'default' ? "Chromium's default fake camera" : 'a 160×120 10 fps camera';
  console.log(`\nMove latency: ${PEOPLE} participants, Low video, ${clip}, ${ROUNDS} rounds`);
  report('Main meeting → rooms of two (start draft)', into);
  report('Rooms → main meeting (close all)', back);
  report('All moves', [...into, ...back]);
  const moves = into.length + back.length;
  console.log(`\nMedia token requests during ${moves} moves: ${tokenFetches} (the rest came with the move).`);
  console.log(
    `Machine idle CPU during the rounds: ${((100 * idle) / total).toFixed(0)}% of ${cpuAfter.length} cores` +
      `; warm room switch ${process.env.MEDIA_WARM_SWITCH === 'on' ? 'on' : 'off'} (MEDIA_WARM_SWITCH).`,
  );
  console.log('Targets: p95 under 300 ms to the event, under 1.5 s to media.');
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  stopAll();
}
