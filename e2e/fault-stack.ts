// The processes a fault spec kills and restarts, started by the spec itself so the servers the Playwright
// config starts for the other specs are never touched: app instances (`next start` on the suite's build),
// a LiveKit server, a throwaway PostgreSQL, and a small reverse proxy that pages use as their origin and
// that forwards to whichever app instance is alive.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type Browser, type Page } from '@playwright/test';
import { findOrBuildLivekit, livekitEnv, startLivekit } from '../scripts/livekit';
import { idleShare, machineCpu } from '../scripts/machine-cpu';
import { BreakoutApi } from './pages/breakout';
import { createApiKey, signInHost } from './pages/host-account';
import { inboundByName, instrumentPage } from './pages/media-stats';
import { MeetingPage } from './pages/meeting-page';
import { RestApi } from './pages/rest-api';

export const AUTH_SECRET = 'e2e-faults-secret-not-for-production-0123456789';
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-e2e-faults-'));

/** Kills a detached child's whole process group at once, as a crash or a killed container would. */
function killGroup(child: ChildProcess | undefined) {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, timeout = 60_000) {
  await expect.poll(check, { timeout, intervals: [100, 200, 250], message: what }).toBe(true);
}

/** One `next start` process on the suite's build; kill() and start() as often as the spec likes. */
export class AppInstance {
  private child?: ChildProcess;
  readonly url: string;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start() {
    const log = fs.openSync(path.join(logDir, `app-${this.name}.log`), 'a');
    this.child = spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(this.port)], {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PORT: String(this.port), ...this.env },
      stdio: ['ignore', log, log],
      detached: true,
    });
    fs.closeSync(log);
    await waitFor(
      () =>
        fetch(`${this.url}/api/health`).then(
          (r) => r.ok,
          () => false,
        ),
      `app ${this.name} healthy`,
    );
  }

  kill() {
    killGroup(this.child);
    this.child = undefined;
  }

  get alive() {
    return !!this.child;
  }
}

/** A LiveKit server of the spec's own, with webhooks to `webhookUrl`; kill() and start() again on the same ports. */
export class OwnLivekit {
  private child?: ChildProcess;
  private readonly bin: string;

  constructor(
    readonly port: number,
    private readonly webhookUrl: string,
  ) {
    const { bin, reason } = findOrBuildLivekit();
    if (!bin) throw new Error(reason);
    this.bin = bin;
  }

  get env() {
    return livekitEnv(this.port);
  }

  async start() {
    this.child = await startLivekit(this.bin, {
      port: this.port,
      udpPort: this.port + 1,
      webhookUrl: this.webhookUrl,
    });
  }

  kill() {
    killGroup(this.child);
    this.child = undefined;
  }
}

/** A PostgreSQL cluster of the spec's own that can be stopped (as a crash would) and started again. */
export class OwnPostgres {
  private readonly root = path.join(os.tmpdir(), `breakout-e2e-pg-${process.pid}-${Date.now()}`);
  private readonly data = path.join(this.root, 'data');
  private readonly bin = findPgBin();
  readonly url: string;

  private initialized = false;

  constructor(readonly port: number) {
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  private run(cmd: string, args: string[]) {
    const file = path.join(this.bin, cmd);
    const [exe, argv] =
      process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
    const r = spawnSync(exe, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed:\n${r.stdout}\n${r.stderr}`);
  }

  start() {
    if (!this.initialized) {
      fs.mkdirSync(this.root, { recursive: true });
      // Here, not in the constructor: Playwright loads spec files in more than one process.
      if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres:postgres', this.root]);
      this.run('initdb', ['-D', this.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
      this.initialized = true;
    }
    const options = `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.root} -c fsync=off -c max_connections=100`;
    this.run('pg_ctl', ['-D', this.data, '-o', options, '-l', path.join(this.root, 'log'), '-w', 'start']);
  }

  /** Immediate shutdown: every connection is cut at once and nothing is flushed, as in a crash. */
  crash() {
    this.run('pg_ctl', ['-D', this.data, '-m', 'immediate', 'stop']);
  }

  /** Applies the committed migrations, as `npm run db:migrate` does. */
  migrate() {
    const r = spawnSync('node_modules/.bin/tsx', ['--conditions=react-server', 'scripts/migrate.ts'], {
      env: { ...process.env, DATABASE_URL: this.url },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`migration failed:\n${r.stdout}\n${r.stderr}`);
  }

  dispose() {
    try {
      this.crash();
    } catch {
      // not running
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function findPgBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions
    .map((v) => path.join(base, v, 'bin'))
    .find((d) => fs.existsSync(path.join(d, 'initdb')));
  if (!found) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  return found;
}

/**
 * A reverse proxy on `port` in front of app instances, as a load balancer would be: each request goes to
 * the first instance that accepts the connection (bodies are buffered so a refused request can be sent
 * to the next), responses stream through unbuffered (Server-Sent Events included), and a response whose
 * instance dies midway is cut, as a real proxy would cut it. No instance up: 502.
 */
export function startProxy(port: number, targets: () => AppInstance[]): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(Buffer.concat(chunks), 0));

    function forward(body: Buffer, index: number) {
      const target = targets()[index];
      if (!target) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        return res.end('No app instance is up.');
      }
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
          agent: false,
        },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          res.flushHeaders();
          upstreamRes.on('data', (c: Buffer) => res.write(c));
          upstreamRes.on('end', () => res.end());
          upstreamRes.on('error', () => res.destroy());
          upstreamRes.on('aborted', () => res.destroy());
        },
      );
      let answered = false;
      upstream.on('response', () => (answered = true));
      upstream.on('error', () => {
        if (!answered && !res.headersSent) forward(body, index + 1);
        else res.destroy();
      });
      res.on('close', () => upstream.destroy());
      upstream.end(body);
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Ports for the spec's own processes, clear of the suite's (E2E_PORT, E2E_LIVEKIT_PORT and the restart spec's). */
export function faultPorts(offset: number) {
  const appBase = Number(process.env.E2E_PORT ?? 3100) + 20 + offset * 4;
  const livekitBase = Number(process.env.E2E_LIVEKIT_PORT ?? 7890) + 20 + offset * 4;
  return {
    apps: [appBase, appBase + 1],
    proxy: appBase + 2,
    postgres: appBase + 3,
    livekit: livekitBase, // and livekitBase + 1 for its UDP
  };
}

/** Seconds with one decimal, for the measurements the specs print. */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Prints a measurement and keeps it in the report; with a machineCpu() reading from when it started, also
 * the machine's idle CPU since (a figure from a saturated machine measures the machine).
 */
export function measured(name: string, ms: number, cpuFrom?: ReturnType<typeof machineCpu>) {
  let text = seconds(ms);
  if (cpuFrom) {
    text += ` (machine ${idleShare(cpuFrom, machineCpu()).toFixed(0)}% idle meanwhile)`;
  }
  console.log(`[faults] ${name}: ${text}`);
  test.info().annotations.push({ type: name, description: text });
}

/**
 * A host (signed up on `origin`) with an API key, one meeting with `rooms`, and one seat per name. The
 * REST clients talk to `origin`.
 */
export async function setUpMeeting(browser: Browser, origin: string, rooms: string[], names: string[]) {
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  await signInHost(page, {
    email: `faults-${id}@example.test`,
    password: `faults-${id}-pw`,
    existing: false,
  });
  const key = await createApiKey(page, 'faults');
  await context.close();
  const request = await playwrightRequest.newContext({ baseURL: origin });
  const api = new RestApi(request, key);
  const breakout = new BreakoutApi(request, key);
  const meeting = await api.createMeeting('Faults');
  const roomIds = await breakout.createRooms(meeting.id, rooms);
  const seats = [];
  for (const name of names) seats.push(await api.addParticipant(meeting.id, name));
  return { key, meeting, roomIds, seats, breakout, dispose: () => request.dispose() };
}

/**
 * One person's page in its own browser context, joined through their link opened on `origin` (the link's
 * own origin is APP_URL; a spec whose people use different instances rewrites it).
 */
export async function joinCall(browser: Browser, joinUrl: string, name: string, origin?: string) {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript(instrumentPage);
  const person = new MeetingPage(await context.newPage(), name);
  const url = origin ? `${origin}${new URL(joinUrl).pathname}` : joinUrl;
  await person.open(url);
  await person.join();
  return person;
}

/** The meeting whose media room the page is in now (the LiveKit room is named after it). */
export const mediaRoom = (page: Page) => page.evaluate(() => window.__breakout?.room?.name);

/**
 * Whether `page` is in media room `room` and receiving fresh video and audio from each of `from` (names):
 * frames decoded and audio bytes grow between two readings of getStats().
 */
export async function hasMedia(page: Page, room: string, from: string[], gapMs = 600): Promise<boolean> {
  if ((await mediaRoom(page).catch(() => undefined)) !== room) return false;
  const none: Awaited<ReturnType<typeof inboundByName>> = {};
  const read = () => inboundByName(page).catch(() => none);
  const before = await read();
  await new Promise((r) => setTimeout(r, gapMs));
  const after = await read();
  return from.every(
    (n) =>
      (after[n]?.video ?? 0) > (before[n]?.video ?? 0) && (after[n]?.audio ?? 0) > (before[n]?.audio ?? 0),
  );
}

export { killGroup };
