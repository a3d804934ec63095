// Join benchmark: time from clicking "Join meeting" to the first remote video frame decoded, on the real
// stack (LiveKit on loopback, a production build of the app, Debian's Chromium with its fake camera).
// One participant is in the call publishing video; each run opens a new participant in a fresh browser
// context, waits for pre-join to hold the camera and microphone, clicks Join, and reads
// RTCPeerConnection.getStats() in the page until an inbound video stream has framesDecoded > 0.
//
//   npx tsx scripts/bench-join.ts [--runs 10] [--quality low|standard|high]
//   BASE_URL=https://… npx tsx scripts/bench-join.ts   (an existing deployment; signs up a new host)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { CHROMIUM_ARGS, FAKE_MEDIA_ARGS } from './chromium-args';
import { findOrBuildLivekit, livekitEnv, startLivekit } from './livekit';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, quality: { type: 'string', default: 'low' } },
});
const RUNS = Number(values.runs);
const QUALITY = values.quality ?? 'low';
const APP_PORT = Number(process.env.BENCH_PORT ?? 3400);
const LIVEKIT_PORT = Number(process.env.BENCH_LIVEKIT_PORT ?? 7940);

const chromiumArgs = [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS];

const stops: Array<() => void> = [];
const stopAll = () =>
  stops
    .splice(0)
    .reverse()
    .forEach((s) => s());
process.on('SIGINT', () => (stopAll(), process.exit(130)));
process.on('exit', stopAll);

/** Kills a detached server's whole process group (next start leaves next-server behind otherwise). */
const groupKiller = (child: ChildProcess) => () => {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};

async function waitForHttp(url: string, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}

/** LiveKit and a production build of the app, the way playwright.config.ts starts them. */
async function startStack(): Promise<string> {
  const baseUrl = `http://localhost:${APP_PORT}`;
  // A server left on these ports would answer the health checks below in place of ours.
  for (const url of [`http://127.0.0.1:${LIVEKIT_PORT}/`, `${baseUrl}/api/health`]) {
    const busy = await fetch(url).then(
      () => true,
      () => false,
    );
    if (busy)
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
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-bench-join-'));
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
  const build = spawnSync(path.join(root, 'node_modules/.bin/next'), ['build'], {
    cwd: root,
    env,
    stdio: 'ignore',
  });
  if (build.status !== 0) throw new Error('next build failed: run `npx next build` to see why');
  const app = spawn(path.join(root, 'node_modules/.bin/next'), ['start', '-p', String(APP_PORT)], {
    cwd: root,
    env,
    stdio: 'ignore',
    detached: true,
  });
  stops.push(groupKiller(app));
  await waitForHttp(`${baseUrl}/api/health`, 60_000);
  return baseUrl;
}

async function newPerson(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, permissions: ['camera', 'microphone'] });
  await context.addInitScript(instrument(QUALITY));
  return { context, page: await context.newPage() };
}

/** Signs a host up, makes an API key, and returns a REST helper. */
async function setUp(browser: Browser, baseURL: string) {
  const { context, page } = await newPerson(browser, baseURL);
  const id = Date.now().toString(36);
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Bench Host');
  await page.getByLabel('Email').fill(`bench-${id}@example.test`);
  await page.getByLabel('Password').fill(`bench-${id}-password`);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL(/\/dashboard/);
  await page.goto('/dashboard/api-keys');
  await page.getByLabel('Key name').fill('bench');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = await page.getByLabel('New API key').inputValue();
  await context.close();
  const post = async <T>(p: string, body: unknown): Promise<T> => {
    const res = await fetch(`${baseURL}/api/v1${p}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${p}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { data: T }).data;
  };
  const meeting = await post<{ id: string }>('/meetings', { title: 'Join benchmark' });
  const addSeat = (name: string) =>
    post<{ join_url: string }>(`/meetings/${meeting.id}/participants`, { name, preset_name: 'participant' });
  return { addSeat };
}

/** Opens a join link, waits for pre-join to hold the devices, joins, and joins the call. */
async function openAndJoin(page: Page, joinUrl: string) {
  await page.goto(joinUrl);
  await page.getByRole('meter', { name: 'Microphone level' }).waitFor();
  await page.getByRole('button', { name: 'Join meeting' }).click();
  await page.getByRole('button', { name: 'Leave meeting' }).waitFor({ timeout: 30_000 });
}

// In-page code is given as source text: tsx's esbuild wraps named functions in a `__name` helper that
// does not exist in the page.

/** Runs before the app: keeps RTCPeerConnections, stamps the Join click, and sets the video quality. */
const instrument = (quality: string) => `
  window.__pcs = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config) { super(config); window.__pcs.push(this); }
  };
  // The moment of the click, taken in the capture phase, before the app's own handler runs.
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button') : null;
    if (button && button.textContent.trim() === 'Join meeting') window.__joinClickedAt = performance.now();
  }, true);
  try { localStorage.setItem('breakout.videoQuality', ${JSON.stringify(quality)}); } catch {}
`;

/** Resolves with the milliseconds from the Join click to the first remote video frame decoded. */
const FIRST_FRAME = `new Promise((resolve, reject) => {
  const started = performance.now();
  const tick = async () => {
    for (const pc of window.__pcs) {
      if (pc.connectionState === 'closed') continue;
      let decoded = false;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded || 0) > 0) decoded = true;
      });
      if (decoded) return resolve(performance.now() - window.__joinClickedAt);
    }
    if (performance.now() - started > 30000) return reject(new Error('no remote video within 30 s'));
    setTimeout(tick, 10);
  };
  tick();
})`;

const firstFrameAfterClick = (page: Page) => page.evaluate<number>(FIRST_FRAME);

async function measureOnce(browser: Browser, baseURL: string, joinUrl: string): Promise<number> {
  const { context, page } = await newPerson(browser, baseURL);
  try {
    await page.goto(joinUrl);
    await page.getByRole('meter', { name: 'Microphone level' }).waitFor();
    const frame = firstFrameAfterClick(page);
    frame.catch(() => undefined); // awaited below; a failure before that must not crash the process
    await page.getByRole('button', { name: 'Join meeting' }).click();
    return await frame;
  } finally {
    await context.close();
  }
}

/** Nearest-rank percentile of sorted values (p95 of 10 runs is the slowest run). */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const median = (sorted: number[]) => {
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
};

async function main() {
  const baseURL = process.env.BASE_URL ?? (await startStack());
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
  stops.push(() => void browser.close());
  const { addSeat } = await setUp(browser, baseURL);
  const publisher = await newPerson(browser, baseURL);
  await openAndJoin(publisher.page, (await addSeat('Publisher')).join_url);

  const warmUp = await measureOnce(browser, baseURL, (await addSeat('Warm-up')).join_url);
  const times: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const ms = await measureOnce(browser, baseURL, (await addSeat(`Runner ${i}`)).join_url);
    times.push(ms);
    console.log(`run ${String(i).padStart(2)}: ${ms.toFixed(0)} ms`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `\nJoin click → first remote video frame decoded (${QUALITY} video, ${RUNS} runs, warm-up ${warmUp.toFixed(0)} ms)`,
  );
  console.log(`  median ${median(sorted).toFixed(0)} ms`);
  console.log(`  p95    ${percentile(sorted, 0.95).toFixed(0)} ms`);
  console.log(`  min    ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`);
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  stopAll();
}
