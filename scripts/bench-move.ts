// Move benchmark at class size: a few measured pages in headless Chromium (fake camera, Low video) and a
// synthetic crowd (scripts/crowd.ts: real participants of the app with their own event stream, real
// LiveKit participants publishing a tiny camera and a silent microphone through @livekit/rtc-node, spread
// over worker processes of at most --per-worker people, scripts/crowd-worker.ts), on
// the real stack (LiveKit on loopback, a production build of the app). The pages run whatever client
// code the tree holds, so the same run measures a cold or a warm room switch.
//
// Each round measures, side by side, against the same media server and the same pages:
//   (a) fresh join: page load → first remote video frame, into the main meeting where the crowd publishes;
//   (b) one person moved: a page moved alone into a room where one synthetic person publishes;
//   (c) draft start: one command moves everyone into rooms of two (each page with a synthetic partner);
//   (d) close all: everyone back to the main meeting.
//   With the warm switch, (c) and (d) are sent once the crowd waits warm where the server names (at most
//   --warm-wait s, printed): on two cores its warm-ups queue for seconds, where a class's devices each
//   warm up at once on their own.
//   (e) own pick after pointing: hosts let participants choose; a page rests the pointer on a room's Join
//       for a second (a person reading the list; with the warm switch that warms the room), then clicks it.
//       From the click to the first remote frame in that room, where one synthetic person publishes.
//   (f) one person moved after the host's pick: as (b), but the host first chooses the room for that person
//       in the manager (PUT …/pending-move, what the "Room for …" select sends) and presses Move a second
//       later (a host reading the select); with the warm switch the page waits there meanwhile. From Move.
//   (g) with --late, a late joiner placed: a room with one synthetic person runs, the page loads into the
//       main meeting (a late joiner: nobody has moved it since the room opened), and two seconds later the
//       host places the people waiting (POST …/late-joiners/place, "Assign to the smallest room"): an API
//       command without any pick, whose room the warm switch predicts. From the command. Everyone else
//       waiting in the main meeting is placed too, so it is meant for --people 2.
// For the pages: host command → `changingMeeting` (the test hook of components/breakout/test-hook.ts) and
// → the first remote video frame decoded in the new room (a video stream of RTCPeerConnection.getStats()
// that was not decoding before the command, polled every 50 ms, so a connection opened ahead of time
// counts too). For the crowd: command → every moved synthetic person connected there with a remote track
// subscribed. Also the CPU of the app, the media server, the crowd (its worker processes summed) and
// Chromium over each scenario, and
// the machine's idle CPU ("saturated" when under 15 %: then the figures measure the machine).
//
//   npx tsx scripts/bench-move.ts [--people 10] [--pages 2] [--rounds 3] [--reuse-build] [--camera small|default]
//                                 [--per-worker 20] [--crowd-mic on|off] [--rtt 0] [--app-rtt 0]
//                                 [--partners crowd|pages] [--late] [--warm-wait 60] [--audience]
//                                 [--app-log FILE] [--partner-fps 30] [--crowd-nice 19]
//                                 [--pli-throttle livekit|MS] [--profile DIR]
//   npm run bench -- move --people 50
//
// --app-log writes the app's output (its warnings: a promotion or an arrival that failed) to FILE, for a
// run whose figures need explaining; without it the app's output is dropped.
//
// --rtt puts a round trip between the clients and the media server (signalling and media); --app-rtt one
// between the clients and the app (page loads, their API calls and event streams; the app's public URL
// becomes the proxy's, so join links lead there). The benchmark's own host commands reach the app directly:
// a timing starts when the app has the command, and includes its event's way to each person.
//
// Ports: BENCH_PORT (app, 3420; with --app-rtt its proxy on the tenth above) and BENCH_LIVEKIT_PORT
// (media server, 7950; UDP on the next but one; with --rtt its signalling proxy on the tenth above).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright';
import { idleShare, machineCpu, niceShare } from './machine-cpu';
import { CrowdPool, dealSeats, LOWERED_PROMOTION_WAIT_MS, treeCpuSeconds, type CrowdMember } from './crowd';
import { CHROMIUM_ARGS, FAKE_MEDIA_ARGS } from './chromium-args';
import { findOrBuildLivekit, KEYFRAME_REQUEST_THROTTLE_MS, livekitEnv, startLivekit } from './livekit';
import {
  BEHIND_DELAY_PROXY,
  startDelayProxy,
  startTcpDelayProxy,
  type DelayProxy,
  type TcpDelayProxy,
} from './net-delay';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    people: { type: 'string', default: '10' },
    pages: { type: 'string' },
    camera: { type: 'string', default: 'small' },
    'reuse-build': { type: 'boolean', default: false },
    'app-log': { type: 'string' },
    /** Synthetic people per worker process (rtc-node 1.1.0 fails at about 48 rooms in one process). */
    'per-worker': { type: 'string', default: '20' },
    /** `off`: the synthetic people publish their camera only (their silent microphone's encoding is most of their CPU). */
    'crowd-mic': { type: 'string', default: 'on' },
    /**
     * Every synthetic person but the pages' partners (the first of the crowd, one per page) is an
     * audience member: camera and microphone off, subscribing to a video where there is one, switched once
     * connected (scripts/crowd.ts). A lighter crowd for sizes whose publishing crowd two cores cannot hold.
     */
    audience: { type: 'boolean', default: false },
    /**
     * A round trip in ms between the clients (pages and crowd) and the media server, signalling and media
     * alike (scripts/net-delay.ts; they get its address as LIVEKIT_PUBLIC_URL); 0 is plain loopback.
     */
    rtt: { type: 'string', default: '0' },
    /**
     * A round trip in ms between the clients (pages and crowd) and the app: everything they send it (page
     * loads, API calls, event streams) goes through a TCP proxy (scripts/net-delay.ts) whose address is
     * the app's APP_URL; the host commands the timings start from do not. 0 is plain loopback.
     */
    'app-rtt': { type: 'string', default: '0' },
    /**
     * Who shares a room with the measured pages in (c): `crowd` (each page with a synthetic partner) or
     * `pages` (the pages with each other, browser to browser; needs two or more pages).
     */
    partners: { type: 'string', default: 'crowd' },
    /**
     * The media server's keyframe-request throttle per layer in ms: by default the project's
     * (KEYFRAME_REQUEST_THROTTLE_MS, scripts/livekit.ts), `livekit` for LiveKit's own (500 low, 1000 others).
     */
    'pli-throttle': { type: 'string' },
    /**
     * The camera rate of the pages' partners, the synthetic people whose first frame the pages measure
     * in (a)-(d): a device's camera sends 24-30 frames a second, and at the crowd's 5 fps the wait for the
     * next frame (the first one, and the keyframe every new subscriber asks for) would add up to 200 ms
     * twice to every figure. The rest of the crowd keeps 5 fps.
     */
    'partner-fps': { type: 'string', default: '30' },
    /** Also (g): a late joiner placed by the hosts (everyone waiting in the main meeting is placed). */
    late: { type: 'boolean', default: false },
    /**
     * With the warm switch, the longest wait in s before (c) and (d) for the crowd to wait warm where
     * the server names (a real class's devices warm up at once, each on its own; this crowd shares two
     * cores); 0 waits only the host's pause.
     */
    'warm-wait': { type: 'string', default: '60' },
    /**
     * The crowd's scheduling priority but the pages' partners' (`nice`, 0-19): each synthetic person
     * stands for a device of their own, so at 19 the crowd takes only the CPU that the app, the media
     * server, the pages and their partners leave, and the figures measure them rather than 46 synthetic
     * people's share of two cores. 0: the crowd competes with everything else as an equal.
     */
    'crowd-nice': { type: 'string', default: '19' },
    /**
     * A folder: the first page's JavaScript is profiled (Chrome DevTools Protocol) from each draft start
     * and close all to its first frame, one `.cpuprofile` per scenario and round (open in Chrome's
     * DevTools), and its busiest functions are printed.
     */
    profile: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds);
/** Between saving the draft and starting it in (c). */
const DRAFT_PAUSE_MS = 2000;
// (f): a host chooses the room in someone's select, then presses Move this much later.
const PICK_PAUSE_MS = 1000;
// (g): between the late joiner's page joining and the placement (a host noticing someone waiting).
const LATE_PAUSE_MS = 2000;
// A person counts as a late joiner only when no move named them since the oldest open room opened, with
// 2 s of slack for the clocks (lib/breakout/late-placement-read.ts): (g) opens its room after this.
const LATE_ROOM_DELAY_MS = 3000;
const LATE = values.late;
const WARM_WAIT_MS = 1000 * Number(values['warm-wait']);
if (!(WARM_WAIT_MS >= 0)) throw new Error(`--warm-wait takes seconds, not ${values['warm-wait']}.`);
const PEOPLE = Math.max(2, Number(values.people));
/** Measured pages: two, or one when everyone else is a single synthetic partner. */
const PAGES = Math.min(Number(values.pages ?? (PEOPLE >= 4 ? 2 : 1)), PEOPLE - 1);
const SYNTHETIC = PEOPLE - PAGES;
const PER_WORKER = Math.max(1, Number(values['per-worker']));
const CROWD_MIC = values['crowd-mic'] !== 'off';
const AUDIENCE = values.audience;
const PLI_THROTTLE =
  values['pli-throttle'] === undefined || values['pli-throttle'] === 'livekit'
    ? values['pli-throttle']
    : Number(values['pli-throttle']);
if (typeof PLI_THROTTLE === 'number' && !(PLI_THROTTLE > 0))
  throw new Error(`--pli-throttle takes ms or livekit, not ${values['pli-throttle']}.`);
const CROWD_NICE = Number(values['crowd-nice']);
if (!(Number.isInteger(CROWD_NICE) && CROWD_NICE >= 0 && CROWD_NICE <= 19))
  throw new Error(`--crowd-nice takes a priority from 0 to 19, not ${values['crowd-nice']}.`);
const PARTNER_FPS = Number(values['partner-fps']);
if (!(Number.isInteger(PARTNER_FPS) && PARTNER_FPS >= 1 && PARTNER_FPS <= 60))
  throw new Error(`--partner-fps takes frames per second from 1 to 60, not ${values['partner-fps']}.`);
const PAIR_PAGES = values.partners === 'pages';
if (!['crowd', 'pages'].includes(values.partners))
  throw new Error(`--partners is crowd or pages, not ${values.partners}.`);
const RTT_MS = Math.max(0, Number(values.rtt));
if (!Number.isFinite(RTT_MS)) throw new Error(`--rtt takes a round trip in ms, not ${values.rtt}.`);
const APP_RTT_MS = Math.max(0, Number(values['app-rtt']));
if (!Number.isFinite(APP_RTT_MS))
  throw new Error(`--app-rtt takes a round trip in ms, not ${values['app-rtt']}.`);
if (APP_RTT_MS > 0 && process.env.BASE_URL)
  throw new Error('--app-rtt needs the app this benchmark starts (not BASE_URL): it sets its APP_URL.');
const APP_PORT = Number(process.env.BENCH_PORT ?? 3420);
const LIVEKIT_PORT = Number(process.env.BENCH_LIVEKIT_PORT ?? 7950);
/** Under this idle share the machine, not the product, set the figures. */
const SATURATED_IDLE = 15;
/** How long a move waits for each synthetic person before counting them unfinished. */
const CROWD_DEADLINE_MS = 45_000;

const chromiumArgs = [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS];

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

const stops: Array<() => unknown> = [];
const stopAll = () =>
  stops
    .splice(0)
    .reverse()
    .forEach((s) => void s());
process.on('SIGINT', () => (stopAll(), process.exit(130)));
process.on('SIGTERM', () => (stopAll(), process.exit(143)));
process.on('exit', stopAll);

/** Ends a child's process group; the media server with SIGKILL (on SIGTERM it waits for its rooms to drain). */
const groupKiller =
  (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  () => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };

const sleep = (ms: number) => new Promise<undefined>((r) => setTimeout(() => r(undefined), ms));
/** The crowd leaving its rooms, once stopAll began it. */
let leaving: Promise<unknown> = Promise.resolve();
/** The synthetic crowd's worker processes (killed by an exit of this process, whatever the cause). */
let pool: CrowdPool | undefined;
let crowdPids: number[] = [];
/** The delay between everyone and the media server (--rtt), when there is one. */
let delayProxy: DelayProxy | undefined;
/** The delay between the pages and crowd and the app (--app-rtt), when there is one. */
let appProxy: TcpDelayProxy | undefined;

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await sleep(200);
  }
  throw new Error(`${what}: not within ${ms / 1000} s`);
}

interface Stack {
  /** The app itself, for the host's commands. */
  baseUrl: string;
  /** The app as the pages and the crowd reach it (APP_URL): through the --app-rtt proxy, if any. */
  peopleUrl: string;
  appPid: number;
  livekitPid: number;
}

/** LiveKit and a production build of the app, the way playwright.config.ts starts them. */
async function startStack(): Promise<Stack> {
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
    ...(RTT_MS > 0 ? BEHIND_DELAY_PROXY : {}),
    ...(PLI_THROTTLE !== undefined ? { pliThrottleMs: PLI_THROTTLE } : {}),
  });
  stops.push(groupKiller(livekit, 'SIGKILL'));
  let livekitUrl = livekitEnv(LIVEKIT_PORT).LIVEKIT_URL;
  if (RTT_MS > 0) {
    const proxy = await startDelayProxy({
      rttMs: RTT_MS,
      tcpPort: LIVEKIT_PORT + 10,
      targetTcpPort: LIVEKIT_PORT,
      udpPort: LIVEKIT_PORT + 2,
    });
    stops.push(() => proxy.stop());
    delayProxy = proxy;
    livekitUrl = proxy.url;
  }
  // The app's public URL is what the people reach, so its join links lead them through the proxy, and
  // their pages' origin is the one the app takes as its own (lib/api/cross-site.ts). The host's commands
  // (an API key, no origin check) and the media server's webhooks still reach the app directly.
  let peopleUrl = baseUrl;
  if (APP_RTT_MS > 0) {
    const proxy = await startTcpDelayProxy({ rttMs: APP_RTT_MS, port: APP_PORT + 10, targetPort: APP_PORT });
    stops.push(() => proxy.stop());
    appProxy = proxy;
    peopleUrl = `http://${proxy.address}`;
  }
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-bench-move-'));
  stops.push(() => fs.rmSync(data, { recursive: true, force: true }));
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: '.next-bench',
    PGLITE_DIR: path.join(data, 'pglite'),
    AUTH_SECRET: 'bench-secret-not-for-production-0123456789',
    APP_URL: peopleUrl,
    PORT: String(APP_PORT),
    ...livekitEnv(LIVEKIT_PORT),
    // The app's own calls (the promotion, evictions) stay on loopback, as with a media server in the
    // app's own region; the browsers and the crowd are the ones far away.
    LIVEKIT_PUBLIC_URL: livekitUrl,
  };
  const next = path.join(root, 'node_modules/.bin/next');
  if (values['reuse-build'] && fs.existsSync(path.join(root, '.next-bench/BUILD_ID'))) {
    console.log('Using the existing build in .next-bench (--reuse-build).');
  } else {
    console.log('Building the app (next build)…');
    const build = spawnSync(next, ['build'], { cwd: root, env, stdio: 'ignore' });
    if (build.status !== 0) throw new Error('next build failed: run `npx next build` to see why');
  }
  const log = values['app-log'] ? fs.openSync(values['app-log'], 'w') : 'ignore';
  const app = spawn(next, ['start', '-p', String(APP_PORT)], {
    cwd: root,
    env,
    stdio: ['ignore', log, log],
    detached: true,
  });
  stops.push(groupKiller(app));
  await waitFor('the app', 60_000, async () =>
    (await fetch(`${baseUrl}/api/health`)).ok ? true : undefined,
  );
  return { baseUrl, peopleUrl, appPid: app.pid!, livekitPid: livekit.pid! };
}

/**
 * When a page waited in vain, who the media server has in the room it waited in (from its room service,
 * not the app): whether the partner was there at all, hidden, or without rights.
 */
async function describeMediaRoom(message: string, partners: string[]) {
  const room = /media room ([0-9a-f-]{36})/.exec(message)?.[1];
  if (!room) return;
  const { RoomServiceClient } = await import('livekit-server-sdk');
  const env = livekitEnv(LIVEKIT_PORT);
  const client = new RoomServiceClient(
    env.LIVEKIT_URL.replace(/^ws/, 'http'),
    env.LIVEKIT_API_KEY,
    env.LIVEKIT_API_SECRET,
  );
  const line = (p: Awaited<ReturnType<typeof client.listParticipants>>[number]) =>
    `${p.identity} (${p.sid}): ${p.tracks.length} track(s), subscribe ${p.permission?.canSubscribe}, publish ${p.permission?.canPublish}, hidden ${p.permission?.hidden}, joined ${new Date(Number(p.joinedAtMs || BigInt(p.joinedAt) * 1000n)).toISOString()}`;
  try {
    const people = await client.listParticipants(room);
    console.error(`The media server's room ${room}: ${people.length} connection(s)`);
    for (const p of people) console.error(`  ${line(p)}`);
    // Where the pages' synthetic partners are connected, if anywhere.
    for (const r of await client.listRooms()) {
      for (const p of await client.listParticipants(r.name))
        if (partners.includes(p.identity)) console.error(`  partner in ${r.name}: ${line(p)}`);
    }
  } catch (e) {
    console.error(`Could not list the media server's room ${room}: ${String(e)}`);
  }
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

/** Keys of the remote video streams this page decodes now (connection index, SSRC, track). */
const DECODING = `async () => {
  const keys = [];
  for (let i = 0; i < (window.__pcs || []).length; i++) {
    const pc = window.__pcs[i];
    if (pc.connectionState === 'closed') continue;
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded || 0) > 0)
        keys.push(i + ':' + s.ssrc + ':' + (s.trackIdentifier || ''));
    });
  }
  return keys;
}`;

/**
 * Resolves once this page's next move is done (events after index `since`; skipped when `move` is false)
 * and a remote video stream that was not decoding before (window.__decodingBefore) decoded a frame:
 * epoch times of changingMeeting, meetingChanged and that first frame (seen after changingMeeting, maybe
 * before meetingChanged), and the switch's step marks.
 */
const WATCH = `(since, move) => new Promise((resolve, reject) => {
  const now = () => performance.timeOrigin + performance.now();
  const started = now();
  const before = new Set(window.__decodingBefore || []);
  const decoding = ${DECODING};
  let changing, changed, frame;
  // The path of the page's latest switch (warm or cold).
  const lastPath = () => ((window.__breakout && window.__breakout.switches) || []).slice(-1)[0];
  const tick = async () => {
    const events = (window.__breakoutEvents || []).slice(since);
    changing ??= events.find((e) => e.type === 'changingMeeting')?.at;
    changed ??= events.find((e) => e.type === 'meetingChanged')?.at;
    // The first frame counts from the moment the page knows of its move: a connection the switch takes
    // over may decode the new room before the switch has finished publishing (meetingChanged).
    if (frame === undefined && (!move || changing !== undefined)) {
      if ((await decoding()).some((k) => !before.has(k))) frame = now();
    }
    if (frame !== undefined && (!move || changed !== undefined)) {
      const steps = {};
      for (const m of performance.getEntriesByType('mark')) {
        const at = performance.timeOrigin + m.startTime;
        // The step marks of this move: the stream's news of it comes just before changingMeeting.
        if (m.name.startsWith('breakout-switch:') && changing !== undefined && at >= started)
          steps[m.name.slice(16)] ??= at;
      }
      performance.clearMarks();
      return resolve({ changing, changed, frame, steps, path: move ? lastPath() : undefined });
    }
    if (now() - started > 90000) {
      // Say what the page got, so a run that ends here tells which half was missing.
      const room = window.__breakout && window.__breakout.room;
      const remote = room ? [...room.remoteParticipants.values()].map((p) =>
        p.identity + ' [' + [...p.trackPublications.values()].map((t) => t.kind + (t.isSubscribed ? ' subscribed' : '')).join(', ') + ']') : [];
      return reject(new Error('no move and new remote frame within 90 s: changingMeeting ' + (changing !== undefined ? 'seen' : 'never seen') +
        ', meetingChanged ' + (changed !== undefined ? 'seen' : 'never seen') + ', frame ' + (frame !== undefined ? 'decoded' : 'none') +
        ', path ' + (lastPath() || 'none') +
        ', media room ' + (room ? room.name + ' (' + room.state + ')' : 'none') + ', remote: ' + (remote.join('; ') || 'nobody')));
    }
    setTimeout(tick, 50);
  };
  tick();
})`;

interface Watched {
  changing?: number;
  changed?: number;
  frame: number;
  steps: Record<string, number>;
  /** The switch's path: 'warm' when the page took over a promoted connection. */
  path?: 'warm' | 'cold';
}

interface Sample {
  /** Pages: command → changingMeeting, → meetingChanged, → first new remote frame (ms). */
  toEvent: number[];
  toSwitched: number[];
  /**
   * Command → the app's answer to it (its transaction, its events appended, the promotion begun); in (e)
   * the click done.
   */
  toAnswer: number[];
  toFrame: number[];
  /** Crowd: command → the last moved synthetic person switched (one per command). */
  crowdAll: number[];
  /** Crowd: command → each synthetic person switched. */
  crowdEach: number[];
  /** Pages: command → each step mark of the switch (lib/client/media/room-switch.ts), and its path. */
  steps: Record<string, number[]>;
  paths: Record<string, number>;
  /** Crowd: how many switches took each path (warm: their waiting connection was promoted). */
  crowdPaths: Record<string, number>;
  /** Crowd: command → each synthetic person's steps (heard the move, connected or promoted, published). */
  crowdSteps: Record<string, number[]>;
  /** The same for the pages' partners alone (whose media the pages wait for). */
  partnerSteps: Record<string, number[]>;
  cpu: {
    app: number;
    media: number;
    crowd: number;
    chromium: number;
    wall: number;
    idle: number[];
    nice: number[];
  };
  /** Before the command: how long until the crowd waited warm (or the wait ended), and how many did. */
  warmWait: Array<{ ms: number; warm: number; of: number }>;
}

const emptySample = (): Sample => ({
  toEvent: [],
  toSwitched: [],
  toAnswer: [],
  toFrame: [],
  crowdAll: [],
  crowdEach: [],
  steps: {},
  paths: {},
  crowdPaths: {},
  crowdSteps: {},
  partnerSteps: {},
  cpu: { app: 0, media: 0, crowd: 0, chromium: 0, wall: 0, idle: [], nice: [] },
  warmWait: [],
});

interface Person {
  id: string;
  join_url: string;
  page?: Page;
  synthetic?: CrowdMember;
}

async function hostApi(browser: Browser, baseURL: string) {
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
  return async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseURL}/api/v1${p}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { data: T }).data;
  };
}

/** Loads the join link (or reloads) and joins; answers when the page asked to join. */
async function joinPage(page: Page, url?: string) {
  if (url) await page.goto(url, { timeout: 90_000 });
  else await page.reload({ timeout: 90_000 });
  await page.getByRole('meter', { name: 'Microphone level' }).waitFor({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Join meeting' }).click();
}

async function main() {
  const stack = process.env.BASE_URL
    ? { baseUrl: process.env.BASE_URL, peopleUrl: process.env.BASE_URL, appPid: 0, livekitPid: 0 }
    : await startStack();
  const baseURL = stack.baseUrl;
  const peopleURL = stack.peopleUrl;
  const clipDir = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-bench-camera-'));
  stops.push(() => fs.rmSync(clipDir, { recursive: true, force: true }));
  const camera =
    values.camera === 'default' ? [] : [`--use-file-for-fake-video-capture=${writeFakeCamera(clipDir)}`];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...chromiumArgs, ...camera],
  });
  stops.push(() => browser.close());
  const call = await hostApi(browser, baseURL);
  const meeting = await call<{ id: string }>('POST', '/meetings', { title: 'Move benchmark' });
  const base = `/meetings/${meeting.id}/connected-meetings`;

  const seats: Array<{ id: string; token: string; join_url: string }> = [];
  for (let i = 1; i <= PEOPLE; i++) {
    seats.push(
      await call('POST', `/meetings/${meeting.id}/participants`, {
        name: `${i <= PAGES ? 'Page' : 'Synthetic'} ${i}`,
        preset_name: 'participant',
      }),
    );
  }
  // The synthetic people, spread over worker processes (rtc-node fails at about 48 rooms in one process).
  // The pages' partners (in (b), (e) and (f) the first; in (c) one per page) always publish, and run in a
  // worker process of their own: what a page measures is how soon its partner's media arrives, and a
  // partner's answer to a move must not queue behind twenty others' in one event loop (on their own
  // devices, nobody's does).
  const crowdSeats = seats.slice(PAGES).map((seat, i) => ({
    ...seat,
    audience: AUDIENCE && i >= PAGES,
    apart: i < PAGES,
    fps: i < PAGES ? PARTNER_FPS : undefined,
  }));
  pool = new CrowdPool(peopleURL, meeting.id, crowdSeats, {
    perWorker: PER_WORKER,
    microphone: CROWD_MIC,
    // Like the pages, the crowd waits warm in its likely room when the app's switch is on.
    warm: process.env.MEDIA_WARM_SWITCH === 'on',
    nice: CROWD_NICE,
  });
  const members = pool.members;
  const people: Person[] = seats.map((seat, i) => ({ ...seat, synthetic: members[i - PAGES] }));
  const pagesOf = people.filter((p) => !p.synthetic);
  const crowd = people.filter((p) => p.synthetic);

  // What one synthetic person costs: the workers' CPU and memory with the crowd in the main meeting.
  console.log(
    `Joining ${SYNTHETIC} synthetic people in ${dealSeats(crowdSeats, PER_WORKER).length} worker process(es), the pages' partners in their own…`,
  );
  const crowdPool = pool;
  stops.push(() => (leaving = crowdPool.stop()));
  await crowdPool.start();
  crowdPids = crowdPool.pids;
  await sleep(3000);
  const steady = {
    crowd: crowdPool.cpuSeconds(),
    media: treeCpuSeconds(stack.livekitPid),
    machine: machineCpu(),
    at: performance.now(),
  };
  await sleep(5000);
  const steadyWall = (performance.now() - steady.at) / 1000;
  const crowdPct = (100 * (crowdPool.cpuSeconds() - steady.crowd)) / steadyWall;
  const mediaSteadyPct = (100 * (treeCpuSeconds(stack.livekitPid) - steady.media)) / steadyWall;
  const steadyIdle = idleShare(steady.machine, machineCpu());
  const perPersonKb = ((await crowdPool.rss()) - crowdPool.rssBefore) / 1024 / Math.max(1, SYNTHETIC);

  console.log(`Joining ${PAGES} measured page(s)…`);
  for (const p of pagesOf) {
    // A small window: each page draws every tile it shows.
    const context = await browser.newContext({
      baseURL: peopleURL,
      permissions: ['camera', 'microphone'],
      viewport: { width: 640, height: 360 },
    });
    await context.addInitScript(INSTRUMENT);
    p.page = await context.newPage();
    await joinPage(p.page, p.join_url);
    await p.page.getByRole('button', { name: 'Leave meeting' }).waitFor({ timeout: 60_000 });
  }

  const scenarios = {
    a: emptySample(),
    b: emptySample(),
    c: emptySample(),
    d: emptySample(),
    e: emptySample(),
    f: emptySample(),
    g: emptySample(),
  };

  /**
   * Runs `command` and waits for the pages in `watched` and the synthetic people moved to `where`; with
   * --profile and a `profile` name, the first watched page's JavaScript is profiled meanwhile.
   */
  const measure = async (
    into: Sample | undefined,
    command: () => Promise<unknown>,
    watched: Person[],
    moved: Person[],
    { remote = true, profile }: { remote?: boolean; profile?: string } = {},
  ) => {
    const since = await Promise.all(
      watched.map((p) =>
        p.page!.evaluate<number>(
          `(async () => { window.__decodingBefore = await (${DECODING})(); return (window.__breakoutEvents || []).length; })()`,
        ),
      ),
    );
    const watches = watched.map((p, i) => p.page!.evaluate<Watched>(`(${WATCH})(${since[i]}, true)`));
    for (const w of watches) void w.catch(() => undefined);
    const profiling = values.profile && profile ? await startProfile(watched[0]!.page!) : undefined;
    const cpu0 = cpuNow(stack);
    const sent = Date.now();
    // A synthetic person not switched within CROWD_DEADLINE_MS counts as unfinished (reported with the
    // paths): rtc-node can stall on a saturated machine, and the run goes on to say so instead of ending.
    const switched = Promise.all(
      moved.map((p) =>
        Promise.race([p.synthetic!.switched(sent, undefined, remote), sleep(CROWD_DEADLINE_MS)]),
      ),
    );
    await command();
    const answered = Date.now();
    const seen = await Promise.all(watches);
    if (profiling) await profiling.stop(profile!);
    const outcomes = await switched;
    const cpu1 = cpuNow(stack);
    if (!into) return;
    account(into, cpu0, cpu1);
    into.toAnswer.push(answered - sent);
    for (const t of seen) {
      if (t.changing !== undefined) into.toEvent.push(t.changing - sent);
      if (t.changed !== undefined) into.toSwitched.push(t.changed - sent);
      into.toFrame.push(t.frame - sent);
      for (const [step, at] of Object.entries(t.steps)) (into.steps[step] ??= []).push(at - sent);
      if (t.path) into.paths[t.path] = (into.paths[t.path] ?? 0) + 1;
    }
    const unfinished = outcomes.filter((m) => m === undefined).length;
    if (unfinished > 0) into.crowdPaths.unfinished = (into.crowdPaths.unfinished ?? 0) + unfinished;
    outcomes.forEach((m, i) => {
      if (!m) return;
      into.crowdPaths[m.path] = (into.crowdPaths[m.path] ?? 0) + 1;
      const partner = moved[i]!.synthetic!.seat.apart;
      for (const step of ['changing', 'connected', 'published'] as const) {
        (into.crowdSteps[step] ??= []).push(m[step] - sent);
        if (partner) (into.partnerSteps[step] ??= []).push(m[step] - sent);
      }
    });
    // Audience members (--audience) are switched once connected there (they have nothing to wait for).
    const each = outcomes.flatMap((m, i) =>
      m ? [(moved[i]!.synthetic!.seat.audience ? m.published : m.remoteTrack) - sent] : [],
    );
    into.crowdEach.push(...each);
    if (each.length) into.crowdAll.push(Math.max(...each));
  };

  /** (a): the page loads again and joins; from the reload to a remote frame decoded. */
  const measureJoin = async (p: Person) => {
    const cpu0 = cpuNow(stack);
    const sent = Date.now();
    await joinPage(p.page!);
    const t = await p.page!.evaluate<Watched>(`(${WATCH})(0, false)`);
    account(scenarios.a, cpu0, cpuNow(stack));
    scenarios.a.toFrame.push(t.frame - sent);
  };

  /** A new room with the synthetic partner (`crowd[0]`) in it, publishing; its id. */
  const roomWithPartner = async (title: string) => {
    const { meetings } = await call<{ meetings: Array<{ id: string }> }>('POST', base, {
      meetings: [{ title }],
    });
    const room = meetings[0]!.id;
    const partner = crowd[0]!;
    await measure(
      undefined,
      () =>
        call('POST', `${base}/move`, {
          source_meeting_id: meeting.id,
          destination_meeting_id: room,
          participant_ids: [partner.id],
        }),
      [],
      [partner],
      { remote: false },
    );
    return room;
  };
  /** Moves one page from the main meeting into `room`, measured into `into`. */
  const movePage = (into: Sample, p: Person, room: string) =>
    measure(
      into,
      () =>
        call('POST', `${base}/move`, {
          source_meeting_id: meeting.id,
          destination_meeting_id: room,
          participant_ids: [p.id],
        }),
      [p],
      [],
    );

  /**
   * Before (c) and (d): a host's pause (`pauseMs`), and with the warm switch until every synthetic person
   * who asked where to wait since `since` waits connected there, at most --warm-wait. On two cores the
   * crowd's warm-ups queue behind each other for many seconds, and a command sent meanwhile would measure
   * that queue: a class's devices each warm up on their own, at once. What the wait took is reported.
   */
  const pauseForWarm = async (into: Sample, since: number, pauseMs: number) => {
    const [crowdWarm] = await Promise.all([
      WARM_WAIT_MS > 0 ? pool!.warmed(since, WARM_WAIT_MS) : { warm: 0, of: 0 },
      sleep(pauseMs),
    ]);
    into.warmWait.push({ ms: Date.now() - since, ...crowdWarm });
  };

  // A round that fails (on a saturated machine, the crowd's connections can time out at the media server
  // and a page then waits in vain) still leaves the figures of the rounds before it: they are printed, as
  // partial, before the failure ends the run.
  let round = 1;
  try {
    for (; round <= ROUNDS; round++) await runRound(round);
  } catch (err) {
    report(scenarios, { crowdPct, mediaSteadyPct, steadyIdle, perPersonKb }, round);
    await describeMediaRoom(
      String(err),
      crowd.slice(0, PAGES).map((c) => c.id),
    );
    throw err;
  }
  report(scenarios, { crowdPct, mediaSteadyPct, steadyIdle, perPersonKb });

  async function runRound(round: number) {
    await sleep(2000);
    // (a) fresh join: each page reloads and joins the main meeting, where the crowd publishes.
    for (const p of pagesOf) {
      await measureJoin(p);
    }
    // (b) one person moved: a room with one synthetic person in it; each page is moved there alone.
    for (const p of pagesOf) {
      await sleep(1500);
      const host = crowd[0]!;
      const landing = await roomWithPartner(`Landing ${round}`);
      await sleep(1500);
      await movePage(scenarios.b, p, landing);
      await sleep(1500);
      await measure(undefined, () => call('POST', `${base}/close-all`, {}), [p], [host]);
      // (f) the same move, after the host's pick: chosen in the manager, Move pressed a second later.
      await sleep(1500);
      const target = await roomWithPartner(`Chosen ${round}`);
      await sleep(1500);
      await call('PUT', `${base}/pending-move`, { participant_ids: [p.id], destination_meeting_id: target });
      await sleep(PICK_PAUSE_MS);
      await movePage(scenarios.f, p, target);
      await sleep(1500);
      await measure(undefined, () => call('POST', `${base}/close-all`, {}), [p], [host]);
      // (e) own pick after pointing: the synthetic person waits in a room, the hosts let participants
      // choose, and the page rests on that room's Join for a second before clicking it.
      await sleep(1500);
      await roomWithPartner(`Pick ${round}`);
      await call('PUT', `${base}/self-select`, { enabled: true });
      const join = p.page!.getByRole('button', { name: `Join Pick ${round}` });
      await join.hover({ timeout: 30_000 });
      await sleep(1000);
      await measure(scenarios.e, () => join.click(), [p], []);
      await sleep(1500);
      await measure(undefined, () => call('POST', `${base}/close-all`, {}), [p], [host]);
      if (LATE) {
        // (g) a late joiner placed: the room opens after the page's last move, the page loads into the
        // main meeting, and the host places the people waiting.
        await sleep(LATE_ROOM_DELAY_MS);
        await roomWithPartner(`Late ${round}`);
        await joinPage(p.page!);
        await sleep(LATE_PAUSE_MS);
        await measure(scenarios.g, () => call('POST', `${base}/late-joiners/place`, {}), [p], []);
        await sleep(1500);
        await measure(undefined, () => call('POST', `${base}/close-all`, {}), [p], [host]);
      }
    }
    // (c) draft start: rooms of two, each page with a synthetic partner or (--partners pages) with
    // another page (a last odd person makes a three).
    await sleep(2000);
    const order = PAIR_PAGES
      ? [...pagesOf, ...crowd.slice().sort(() => Math.random() - 0.5)]
      : [
          ...pagesOf.flatMap((p, i) => [p, crowd[i]!]),
          ...crowd.slice(pagesOf.length).sort(() => Math.random() - 0.5),
        ];
    const roomCount = Math.max(1, Math.floor(PEOPLE / 2));
    const rooms = Array.from({ length: roomCount }, (_, i) => ({ key: `r${i}`, title: `Room ${i + 1}` }));
    const assignments = Object.fromEntries(
      order.map((p, i) => [p.id, `r${Math.min(roomCount - 1, Math.floor(i / 2))}`]),
    );
    // The crowd may ask where to wait before the save's answer is back: the wait counts from before it.
    const saving = Date.now();
    await call('PUT', `${base}/draft`, { rooms, assignments });
    // A host looks the draft over before starting it; with the warm switch the pages wait in their
    // planned rooms meanwhile (the same pause with the switch off).
    await pauseForWarm(scenarios.c, saving, DRAFT_PAUSE_MS);
    const started = Date.now();
    await measure(scenarios.c, () => call('POST', `${base}/draft/start`, {}), pagesOf, crowd, {
      profile: `c-${round}`,
    });
    console.log(`round ${round}: (a) (b) (c) done`);
    // (d) close all, once everyone who switched waits warm in the main meeting.
    await pauseForWarm(scenarios.d, started, 2000);
    await measure(scenarios.d, () => call('POST', `${base}/close-all`, {}), pagesOf, crowd, {
      profile: `d-${round}`,
    });
    console.log(`round ${round}: (d) done`);
  }
}

/**
 * Profiles `page`'s JavaScript until `stop(name)`, which writes `<--profile>/<name>.cpuprofile` and prints
 * the functions that took most of the time (self time, over 2 %).
 */
async function startProfile(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop(name: string) {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach();
      fs.mkdirSync(values.profile!, { recursive: true });
      fs.writeFileSync(path.join(values.profile!, `${name}.cpuprofile`), JSON.stringify(profile));
      console.log(`profile ${name}: ${summarizeProfile(profile)}`);
    },
  };
}

/** Self time per function (name and file) over a profile, the largest first, as one line. */
function summarizeProfile(profile: {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const f = byNode.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i + 1] ?? 0) / 1000);
  });
  const total = (profile.endTime - profile.startTime) / 1000;
  return `${total.toFixed(0)} ms; ${[...self]
    .sort((a, b) => b[1] - a[1])
    .filter(([, ms]) => ms > total * 0.02)
    .map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
    .join('; ')}`;
}

/** Adds the CPU used between two readings to a scenario's figures. */
function account(into: Sample, cpu0: ReturnType<typeof cpuNow>, cpu1: ReturnType<typeof cpuNow>) {
  into.cpu.app += cpu1.app - cpu0.app;
  into.cpu.media += cpu1.media - cpu0.media;
  into.cpu.crowd += cpu1.crowd - cpu0.crowd;
  into.cpu.chromium += cpu1.chromium - cpu0.chromium;
  into.cpu.wall += cpu1.wall - cpu0.wall;
  into.cpu.idle.push(idleShare(cpu0.machine, cpu1.machine) * (cpu1.wall - cpu0.wall));
  into.cpu.nice.push(niceShare(cpu0.machine, cpu1.machine) * (cpu1.wall - cpu0.wall));
}

/**
 * CPU seconds so far: the app, the media server, the crowd (its worker processes, summed) and Chromium
 * (our other children).
 */
function cpuNow(stack: Stack) {
  const crowd = crowdPids.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0);
  const app = stack.appPid ? treeCpuSeconds(stack.appPid) : 0;
  const media = stack.livekitPid ? treeCpuSeconds(stack.livekitPid) : 0;
  return {
    app,
    media,
    crowd,
    chromium: Math.max(
      0,
      treeCpuSeconds(process.pid) - treeCpuSeconds(process.pid, false) - app - media - crowd,
    ),
    wall: performance.now() / 1000,
    machine: machineCpu(),
  };
}

/** Nearest-rank percentile. */
const pct = (values: number[], p: number) => {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]! : NaN;
};

function report(
  s: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g', Sample>,
  steady: { crowdPct: number; mediaSteadyPct: number; steadyIdle: number; perPersonKb: number },
  /** The round that failed, when the run did not finish: what it and the rounds before it measured. */
  failedRound?: number,
) {
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)}`.padStart(6) : '     –');
  const pair = (xs: number[]) => `${ms(pct(xs, 0.5))} ${ms(pct(xs, 0.95))}`;
  const names = {
    a: '(a) fresh join (load → frame)',
    b: '(b) one person moved',
    c: '(c) draft start, everyone',
    d: '(d) close all',
    e: '(e) own pick after pointing',
    f: "(f) moved after host's pick",
    g: '(g) late joiner placed',
  };
  const clip = values.camera === 'default' ? "Chromium's default fake camera" : 'a 160×120 10 fps camera';
  if (failedRound !== undefined)
    console.log(
      `\nPARTIAL: round ${failedRound} of ${ROUNDS} failed (the error follows); below, everything measured until then.`,
    );
  console.log(
    `\nMove benchmark: ${PEOPLE} people (${PAGES} measured Chromium page(s), ${SYNTHETIC} synthetic), ${ROUNDS} rounds, Low video, ${clip}, ${os.cpus().length} cores`,
  );
  console.log(
    `Warm room switch: ${process.env.MEDIA_WARM_SWITCH === 'on' ? 'on' : 'off'} (MEDIA_WARM_SWITCH, passed to the app); synthetic people publish ${CROWD_MIC ? 'a camera and a silent microphone' : 'a camera only (--crowd-mic off)'}${AUDIENCE ? `, except ${Math.max(0, SYNTHETIC - PAGES)} audience members who publish nothing and count as switched once connected (--audience)` : ''}, a 64×48 camera at 5 fps (the pages' partners at ${PARTNER_FPS}, --partner-fps), at most ${PER_WORKER} per worker process (the pages' partners in one of their own)${CROWD_NICE ? `; the crowd but the partners at nice ${CROWD_NICE} (--crowd-nice: it takes only the CPU the rest leaves, printed as "+ niced crowd", and waits up to ${LOWERED_PROMOTION_WAIT_MS / 1000} s for a promotion)` : '; the crowd at the same priority as everything else (--crowd-nice 0)'}`,
  );
  console.log(
    `Media server keyframe-request throttle: ${PLI_THROTTLE === 'livekit' ? "LiveKit's default (500 ms low layer, 1000 ms others; --pli-throttle livekit)" : `${PLI_THROTTLE ?? KEYFRAME_REQUEST_THROTTLE_MS} ms per layer${PLI_THROTTLE === undefined ? " (the project's own)" : ' (--pli-throttle)'}`}`,
  );
  console.log(
    `In (c) each page shares its room with ${PAIR_PAGES ? 'another page (--partners pages)' : 'a synthetic person (--partners crowd)'}`,
  );
  const media =
    RTT_MS > 0
      ? `media server: ${RTT_MS} ms round trip from the clients (pages and crowd), signalling and media; the app reaches it on loopback (--rtt; proxy carried ${(delayProxy!.carried().tcpBytes / 1e6).toFixed(1)} MB of signalling and ${delayProxy!.carried().udpPackets} media packets)`
      : 'media server: loopback (--rtt 0)';
  const app =
    APP_RTT_MS > 0
      ? `app: ${APP_RTT_MS} ms round trip from the clients (page loads, API calls, event streams), the host's commands direct (--app-rtt; proxy carried ${(appProxy!.carriedBytes() / 1e6).toFixed(1)} MB)`
      : 'app: loopback (--app-rtt 0)';
  console.log(`Network: ${media}; ${app}`);
  console.log(
    `Synthetic person: ${(steady.crowdPct / Math.max(1, SYNTHETIC)).toFixed(1)} % of a core and ${steady.perPersonKb.toFixed(0)} KB RSS each (crowd ${steady.crowdPct.toFixed(0)} %, media server ${steady.mediaSteadyPct.toFixed(0)} % with everyone in the main meeting; machine idle ${steady.steadyIdle.toFixed(0)} %)`,
  );
  console.log(
    `\nscenario                          n  →changing p50/p95  →first frame p50/p95  crowd all switched p50/p95   CPU % of a core: app media crowd chromium   idle${CROWD_NICE ? '  + niced crowd' : ''}`,
  );
  for (const k of ['a', 'b', 'f', 'c', 'd', 'e', ...(LATE ? (['g'] as const) : [])] as const) {
    const x = s[k];
    const wall = Math.max(0.001, x.cpu.wall);
    const cpu = (v: number) => `${((100 * v) / wall).toFixed(0)}`.padStart(5);
    const idle = x.cpu.idle.reduce((a, b) => a + b, 0) / wall;
    // The low-priority crowd takes only what is left: for the rest, its share is as good as idle.
    const niced = x.cpu.nice.reduce((a, b) => a + b, 0) / wall;
    const left = CROWD_NICE
      ? `${idle.toFixed(0).padStart(3)} % + ${niced.toFixed(0).padStart(2)} %`
      : `${idle.toFixed(0).padStart(3)} %`;
    console.log(
      `${names[k].padEnd(32)} ${String(x.toFrame.length).padStart(2)}  ${pair(x.toEvent)}     ${pair(x.toFrame)}         ${pair(x.crowdAll)}            ${cpu(x.cpu.app)} ${cpu(x.cpu.media)} ${cpu(x.cpu.crowd)} ${cpu(x.cpu.chromium)}    ${left}${idle + (CROWD_NICE ? niced : 0) < SATURATED_IDLE ? ' saturated' : ''}`,
    );
  }
  const paths = (p: Record<string, number>, none = 'none') =>
    Object.entries(p)
      .map(([path, n]) => `${path} ${n}`)
      .join(', ') || none;
  console.log(
    "\nPages, p50 ms from the command to the app's answer and to each step of the switch (and how many took each path):",
  );
  for (const k of ['b', 'f', 'c', 'd', 'e', ...(LATE ? (['g'] as const) : [])] as const) {
    const x = s[k];
    const steps = Object.entries(x.steps)
      .map(([step, at]) => ({ step, at: pct(at, 0.5) }))
      .sort((p, q) => p.at - q.at)
      .map(({ step, at }) => `${step} ${at.toFixed(0)}`);
    console.log(
      `  ${names[k].padEnd(30)} answered ${pct(x.toAnswer, 0.5).toFixed(0)}, changing ${pct(x.toEvent, 0.5).toFixed(0)}, ${steps.join(', ')}, meetingChanged ${pct(x.toSwitched, 0.5).toFixed(0)}, first frame ${pct(x.toFrame, 0.5).toFixed(0)}  (${paths(x.paths, 'no path reported')})`,
    );
  }
  const a = pct(s.a.toFrame, 0.95);
  const ratio = (k: 'b' | 'c' | 'e' | 'f' | 'g') => (pct(s[k].toFrame, 0.95) / a).toFixed(2);
  console.log(
    `\nRatios of p95 to the first remote frame: (b)/(a) ${ratio('b')}  (f)/(a) ${ratio('f')}  (c)/(a) ${ratio('c')}  (e)/(a) ${ratio('e')}${LATE ? `  (g)/(a) ${ratio('g')}` : ''}  (goals: (b) ≤ 0.5 × (a); at 50 people (c) p95 ≤ 1000 ms)`,
  );
  // With two pages and a few rounds a p95 is the slowest sample or near it: every sample, in the order
  // measured (round by round, page by page), shows whether one round stands apart.
  const each = (k: 'c' | 'd') => s[k].toFrame.map((v) => (Number.isFinite(v) ? v.toFixed(0) : '–')).join(' ');
  console.log(`First frames, every page round by round (ms): (c) ${each('c')}; (d) ${each('d')}`);
  console.log(
    `Crowd, every synthetic person (command → switched with a remote track; an audience member once connected): (c) p50 ${ms(pct(s.c.crowdEach, 0.5))} p95 ${ms(pct(s.c.crowdEach, 0.95))} ms; (d) p50 ${ms(pct(s.d.crowdEach, 0.5))} p95 ${ms(pct(s.d.crowdEach, 0.95))} ms`,
  );
  if (process.env.MEDIA_WARM_SWITCH === 'on')
    console.log(
      `Before (c) and (d), the host's pause and then until the crowd waited warm (at most --warm-wait ${WARM_WAIT_MS / 1000} s): ${(
        ['c', 'd'] as const
      )
        .map(
          (k) =>
            `${k === 'c' ? '(c)' : '(d)'} ${s[k].warmWait.map((w) => `${w.warm} of ${w.of} after ${(w.ms / 1000).toFixed(1)} s`).join(', ') || 'not reached'}`,
        )
        .join('; ')}`,
    );
  const p50s = (steps: Record<string, number[]>) =>
    Object.entries(steps)
      .map(([step, at]) => `${step} ${pct(at, 0.5).toFixed(0)}`)
      .join(', ');
  for (const k of ['c', 'd'] as const) {
    console.log(
      `  ${names[k].padEnd(30)} crowd p50 ms: ${p50s(s[k].crowdSteps)}, remote track ${pct(s[k].crowdEach, 0.5).toFixed(0)}  (${paths(s[k].crowdPaths)})`,
    );
    const partners = p50s(s[k].partnerSteps);
    if (partners) console.log(`  ${''.padEnd(30)} the pages' partners alone: ${partners}`);
  }
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  stopAll();
  // Leave once the crowd left (CrowdPool.stop kills a worker still there after 10 s).
  await Promise.race([leaving, sleep(12_000)]);
  pool?.kill();
  process.exit();
}
