// `npm run dev` as a teacher uses it: join links built from APP_URL open working pages on that host name
// (not only on localhost), the app listens on loopback unless told otherwise, and a media server that dies
// is started again while the app keeps serving. This spec runs the real development runner (next dev and
// its own LiveKit server) on ports of its own, with its own embedded database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request as playwrightRequest } from '@playwright/test';
import { expect, test } from './fixtures';
import { createApiKey, signInHost } from './pages/host-account';
import { MeetingPage } from './pages/meeting-page';
import { RestApi } from './pages/rest-api';

const port = Number(process.env.E2E_PORT ?? 3100) + 9;
const livekitPort = Number(process.env.E2E_LIVEKIT_PORT ?? 7890) + 6;
// Join links name 127.0.0.1; the host signs up on localhost: two host names for one server.
const appUrl = `http://127.0.0.1:${port}`;
const localhostUrl = `http://localhost:${port}`;

test.skip(!!process.env.BASE_URL, 'runs the development server of this checkout');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-e2e-dev-'));
let dev: ChildProcess | undefined;
let output = '';

test.beforeAll(() => {
  dev = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/dev.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      LIVEKIT_PORT: String(livekitPort),
      APP_URL: appUrl,
      PGLITE_DIR: path.join(dataDir, 'pglite'),
      AUTH_SECRET: 'e2e-dev-secret-not-for-production-0123456789',
      // next dev writes to .next/dev, apart from the production build the other specs run.
      LIVEKIT_URL: '',
      HOST: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  dev.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  dev.stderr!.on('data', (d: Buffer) => (output += d.toString()));
});

test.afterAll(() => {
  if (dev?.pid) {
    try {
      process.kill(-dev.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  for (const pid of livekitPids()) process.kill(pid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// eslint-disable-next-line no-empty-pattern
test.afterEach(({}, info) => {
  if (info.status !== info.expectedStatus) console.log(`development runner output:\n${output.slice(-4000)}`);
});

/** The PIDs of the local media server this runner started (found by the port in its config). */
function livekitPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes('livekit-server') && cmd.includes(`port: ${livekitPort}\n`)) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

/** Whether something listens on 127.0.0.1:port only (no wildcard or other address), read from /proc/net. */
function listeners(): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) found.push(local.split(':')[0]!);
    }
  }
  return found;
}

const answers = (url: string) =>
  fetch(url).then(
    (r) => r.status < 500,
    () => false,
  );

test('a join link on the APP_URL host name opens a working call, and the app outlives its media server', async ({
  browser,
}) => {
  test.setTimeout(420_000);
  await expect.poll(() => answers(`${localhostUrl}/api/health`), { timeout: 180_000 }).toBe(true);

  // Loopback only: nobody else on the network reaches a development instance unless HOST says so.
  expect(listeners().length).toBeGreaterThan(0);
  expect(listeners().every((a) => a === '0100007F')).toBe(true);

  const hostContext = await browser.newContext({ baseURL: localhostUrl });
  const hostPage = await hostContext.newPage();
  const id = Date.now().toString(36);
  await signInHost(hostPage, {
    email: `dev-${id}@example.test`,
    password: `dev-${id}-password`,
    existing: false,
  });
  const key = await createApiKey(hostPage, 'dev');
  await hostContext.close();
  const request = await playwrightRequest.newContext({ baseURL: localhostUrl });
  const api = new RestApi(request, key);
  const meeting = await api.createMeeting('Dev server class');
  const seat = await api.addParticipant(meeting.id, 'Noor');
  expect(seat.join_url.startsWith(`${appUrl}/join/`)).toBe(true);

  // The student opens the link as sent: the page on 127.0.0.1 must hydrate and join the call.
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const noor = new MeetingPage(await context.newPage(), 'Noor');
  await noor.open(seat.join_url);
  await noor.join();

  // The media server dies: the app keeps serving, and the runner starts the media server again.
  const [pid] = livekitPids();
  expect(pid, 'the runner started a local media server').toBeDefined();
  process.kill(pid!, 'SIGKILL');
  await expect.poll(() => livekitPids().includes(pid!), { timeout: 5_000 }).toBe(false);
  expect(await answers(`${localhostUrl}/api/health`)).toBe(true);
  await expect
    .poll(() => answers(`http://127.0.0.1:${livekitPort}/`), { timeout: 30_000, intervals: [250] })
    .toBe(true);
  expect(await answers(`${localhostUrl}/api/health`)).toBe(true);
  expect(output).toContain('livekit-server stopped');
  await context.close();
  await request.dispose();
});
