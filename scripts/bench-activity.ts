// Activity-view benchmark: what watching every room costs the host's browser. A real LiveKit server on
// loopback holds ROOMS rooms, each with one @livekit/rtc-node person publishing a microphone tone (audio
// only: the lightest real publisher). One Chromium page (Debian's, fake devices) loads livekit-client's
// own bundle and opens, per room, the connection the breakout manager opens (lib/client/room-activity.ts):
// hidden, sending nothing (lib/livekit/listener.ts), subscribed to the room's audio but with every track
// paused, so no media flows; it reads active speakers and mic/camera state from signalling and writes them
// into the page. Prints the CPU of the whole browser (every Chromium process) with no room watched, with
// ROOMS watched, and with ROOMS' audio flowing for contrast, each beside the machine's idle CPU.
//
//   npx tsx scripts/bench-activity.ts [--rooms 20] [--seconds 20]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AccessToken } from 'livekit-server-sdk';
import { chromium, type Page } from 'playwright';
import { listenerGrant } from '../lib/livekit/listener';
import { LOCAL_LIVEKIT } from './livekit';
import { MediaServer, SyntheticPublisher } from '../tests/support/media-stack';

const { values } = parseArgs({
  options: { rooms: { type: 'string', default: '20' }, seconds: { type: 'string', default: '20' } },
});
const ROOMS = Number(values.rooms);
const SECONDS = Number(values.seconds);
const PORT = Number(process.env.BENCH_ACTIVITY_LIVEKIT_PORT ?? 7984);
const TICK = 100; // USER_HZ on Linux
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Jiffies used so far by every process whose command line names this Chromium's user-data folder. */
function browserJiffies(marker: string): number {
  let jiffies = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      jiffies += Number(f[11]) + Number(f[12]);
    } catch {
      // gone meanwhile
    }
  }
  return jiffies;
}

function machine() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return { idle: line[3]! + line[4]!, total: line.reduce((s, x) => s + x, 0) };
}

async function measure(marker: string) {
  const j0 = browserJiffies(marker);
  const m0 = machine();
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const m1 = machine();
  const cpu = (100 * (browserJiffies(marker) - j0)) / TICK / ((performance.now() - t0) / 1000);
  const idle = (100 * (m1.idle - m0.idle)) / Math.max(1, m1.total - m0.total);
  return { cpu, idle };
}

async function token(room: string, identity: string) {
  const at = new AccessToken(LOCAL_LIVEKIT.apiKey, LOCAL_LIVEKIT.apiSecret, { identity, ttl: 600 });
  at.addGrant(listenerGrant(room));
  return at.toJwt();
}

/** Opens one hidden connection per room in the page, as the manager does; answers how many connected. */
async function watch(page: Page, url: string, tokens: string[], subscribeAudio: boolean) {
  return page.evaluate(
    async ({ url, tokens, subscribeAudio }) => {
      const LK = (window as unknown as { LivekitClient: typeof import('livekit-client') }).LivekitClient;
      const w = window as unknown as { rooms: InstanceType<typeof LK.Room>[]; updates: number };
      w.rooms ??= [];
      w.updates = 0;
      let ok = 0;
      for (const [i, t] of tokens.entries()) {
        const room = new LK.Room({ adaptiveStream: false, dynacast: false });
        const line = document.body.appendChild(document.createElement('p'));
        const update = () => {
          w.updates++;
          const people = [...room.remoteParticipants.values()];
          line.textContent = `Room ${i + 1}: speaking ${people.filter((p) => p.isSpeaking).length}, mic ${people.filter((p) => p.isMicrophoneEnabled).length}`;
        };
        for (const e of [
          LK.RoomEvent.ActiveSpeakersChanged,
          LK.RoomEvent.ParticipantConnected,
          LK.RoomEvent.TrackMuted,
        ])
          room.on(e, update);
        try {
          await room.connect(url, t, { autoSubscribe: subscribeAudio });
          ok++;
          update();
        } catch (err) {
          console.warn(String(err));
        }
        w.rooms.push(room);
      }
      return ok;
    },
    { url, tokens, subscribeAudio },
  );
}

/** Rooms whose line names a speaker now. */
const speakingIn = (page: Page) =>
  page.evaluate(
    () =>
      [...document.querySelectorAll('p')].filter((p) => /speaking [1-9]/.test(p.textContent ?? '')).length,
  );

const closeAll = (page: Page) =>
  page.evaluate(async () => {
    const w = window as unknown as { rooms: Array<{ disconnect(): Promise<void> }> };
    await Promise.all((w.rooms ?? []).map((r) => r.disconnect()));
    w.rooms = [];
  });

async function main() {
  const server = new MediaServer(PORT);
  await server.start();
  const publishers: SyntheticPublisher[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-activity-'));
  const browser = await chromium.launchPersistentContext(dataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  try {
    const rooms = Array.from({ length: ROOMS }, (_, i) => `bench-activity-${Date.now()}-${i}`);
    // One at a time: rtc-node 1.1.0 fails joins under a burst.
    for (const [i, room] of rooms.entries()) {
      publishers.push(
        await SyntheticPublisher.join(server.url, await server.personToken(room, `person-${i}`), {
          rgb: [0, 0, 0],
          toneHz: 220 + 20 * i,
          video: false,
        }),
      );
    }
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.addScriptTag({
      path: path.resolve(import.meta.dirname, '../node_modules/livekit-client/dist/livekit-client.umd.js'),
    });
    // tsx names the functions passed to evaluate with a helper the page does not have.
    await page.evaluate('window.__name = (f) => f');
    await sleep(3000);
    const baseline = await measure(dataDir);
    const observed = await watch(
      page,
      server.url,
      await Promise.all(rooms.map((r, i) => token(r, `observe-${i}`))),
      false,
    );
    await sleep(3000);
    const watching = await measure(dataDir);
    const updates = await page.evaluate(() => (window as unknown as { updates: number }).updates);
    const speakingRooms = await speakingIn(page);
    await page.evaluate(() => document.querySelectorAll('p').forEach((p) => p.remove()));
    await closeAll(page);
    const heard = await watch(
      page,
      server.url,
      await Promise.all(rooms.map((r, i) => token(r, `listen-${i}`))),
      true,
    );
    await sleep(3000);
    const listening = await measure(dataDir);
    const speakingHeard = await speakingIn(page);
    await page.evaluate(() => document.querySelectorAll('p').forEach((p) => p.remove()));
    await closeAll(page);

    const line = (label: string, r: { cpu: number; idle: number }) =>
      `  ${label.padEnd(52)} ${r.cpu.toFixed(1).padStart(5)} % of one core   (machine idle ${r.idle.toFixed(0)} %)`;
    console.log(
      `Host page CPU, all Chromium processes, ${SECONDS} s each; ${ROOMS} rooms, one audio-only rtc-node publisher each:`,
    );
    console.log(line('no room watched (page open)', baseline));
    console.log(line(`activity view: ${observed}/${ROOMS} rooms, audio paused`, watching));
    console.log(
      `    ${updates} activity updates read from signalling; ${speakingRooms}/${ROOMS} rooms showed their speaker at the end`,
    );
    console.log(line(`contrast: ${heard}/${ROOMS} rooms with their audio flowing`, listening));
    console.log(`    ${speakingHeard}/${ROOMS} rooms showed their speaker at the end`);
    console.log(
      `  per watched room: ${((watching.cpu - baseline.cpu) / Math.max(1, observed)).toFixed(2)} % of one core; machine: ${os.cpus().length} cores, shared`,
    );
  } finally {
    await browser.close();
    await Promise.all(publishers.map((p) => p.leave()));
    server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
