// Activity-view benchmark: what watching every room costs the host's browser, and how soon it names a
// speaker. A real LiveKit server on loopback (its default speaker settings) holds ROOMS rooms; in each,
// one person publishes a Web Audio tone as their microphone from a page of a second Chromium (a browser
// sender, as the people's pages are; the tone can start and stop at a known moment).
// The host's page, in its own Chromium (Debian's), runs the manager's own observer code (observeRoom and
// readActivity of lib/client/room-activity.ts, bundled with livekit-client): per room a hidden connection
// that sends nothing (lib/livekit/listener.ts) and holds every audio track subscribed but paused.
// Everyone's tone starts and stops together a few times: the delay from the sound starting (stopping) to
// the page naming (dropping) the speaker is printed per room. Then the CPU of the whole browser (every
// Chromium process) with no room watched, with ROOMS watched while everyone speaks, and, for contrast,
// with ROOMS' audio received and played, each beside the machine's idle CPU.
//
//   npx tsx scripts/bench-activity.ts [--rooms 20] [--seconds 20] [--rounds 3]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { AccessToken } from 'livekit-server-sdk';
import { chromium, type Page } from 'playwright';
import { listenerGrant } from '../lib/livekit/listener';
import { CHROMIUM_ARGS } from './chromium-args';
import { LOCAL_LIVEKIT } from './livekit';
import { idleShare, machineCpu as machine, procStat } from './machine-cpu';
import { MediaServer } from '../tests/support/media-stack';

const { values } = parseArgs({
  options: {
    rooms: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
  },
});
const ROOMS = Number(values.rooms);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
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
      const f = procStat(Number(entry));
      jiffies += Number(f[11]) + Number(f[12]);
    } catch {
      // gone meanwhile
    }
  }
  return jiffies;
}

async function measure(marker: string) {
  const j0 = browserJiffies(marker);
  const m0 = machine();
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const m1 = machine();
  const cpu = (100 * (browserJiffies(marker) - j0)) / TICK / ((performance.now() - t0) / 1000);
  const idle = idleShare(m0, m1);
  return { cpu, idle };
}

async function token(room: string, identity: string) {
  const at = new AccessToken(LOCAL_LIVEKIT.apiKey, LOCAL_LIVEKIT.apiSecret, { identity, ttl: 600 });
  at.addGrant(listenerGrant(room));
  return at.toJwt();
}

type Mode = 'observe' | 'listen';

/**
 * Opens one hidden connection per room in the page. `observe`: the manager's activity view (observeRoom,
 * audio subscribed and paused). `listen`: every audio track received and played, as "Listen" does for one
 * room. Each room's line shows its speakers; every change of "someone speaks" is logged with its time.
 */
async function watch(page: Page, url: string, tokens: string[], mode: Mode) {
  return page.evaluate(
    async ({ url, tokens, mode }) => {
      type Bundle = typeof import('../lib/client/room-activity') & {
        Room: typeof import('livekit-client').Room;
        RoomEvent: typeof import('livekit-client').RoomEvent;
      };
      const A = (window as unknown as { Activity: Bundle }).Activity;
      const w = window as unknown as {
        rooms: InstanceType<Bundle['Room']>[];
        updates: number;
        log: Array<[room: number, at: number, speaking: boolean]>;
      };
      w.rooms ??= [];
      w.updates = 0;
      w.log = [];
      let ok = 0;
      for (const [i, t] of tokens.entries()) {
        const room = new A.Room({ adaptiveStream: false, dynacast: false });
        const line = document.body.appendChild(document.createElement('p'));
        let activity: ReturnType<Bundle['readActivity']> | undefined;
        const update = () => {
          w.updates++;
          const was = (activity?.speaking.length ?? 0) > 0;
          activity = A.readActivity(room, activity);
          const now = activity.speaking.length > 0;
          if (now !== was) w.log.push([i, Date.now(), now]);
          line.textContent = `Room ${i + 1}: speaking ${activity.speaking.join(', ')}; mic ${activity.microphones.length}`;
        };
        if (mode === 'listen') {
          room.on(A.RoomEvent.ActiveSpeakersChanged, update);
          room.on(A.RoomEvent.TrackSubscribed, (track) => {
            const el = track.attach();
            el.hidden = true;
            document.body.appendChild(el);
          });
        }
        try {
          await room.connect(url, t, { autoSubscribe: mode === 'listen' });
          // As the manager does: observe once connected, the people already there included.
          if (mode === 'observe') A.observeRoom(room, update);
          ok++;
          update();
        } catch (err) {
          console.warn(String(err));
        }
        w.rooms.push(room);
      }
      return ok;
    },
    { url, tokens, mode },
  );
}

/** Rooms whose line names a speaker now. */
const speakingIn = (page: Page) =>
  page.evaluate(
    () => [...document.querySelectorAll('p')].filter((p) => /speaking [^;]/.test(p.textContent ?? '')).length,
  );

const closeAll = (page: Page) =>
  page.evaluate(async () => {
    const w = window as unknown as { rooms: Array<{ disconnect(): Promise<void> }> };
    await Promise.all((w.rooms ?? []).map((r) => r.disconnect()));
    w.rooms = [];
    document.querySelectorAll('p, audio').forEach((e) => e.remove());
  });

/** Per room, ms from `since` to its first logged change to `speaking` (undefined: none seen). */
async function delays(page: Page, since: number, speaking: boolean): Promise<Array<number | undefined>> {
  const log = await page.evaluate(() => (window as unknown as { log: Array<[number, number, boolean]> }).log);
  return Array.from({ length: ROOMS }, (_, i) => {
    const hit = log.find(([room, at, s]) => room === i && at >= since && s === speaking);
    return hit ? hit[1] - since : undefined;
  });
}

function summary(values: Array<number | undefined>): string {
  const seen = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  if (seen.length === 0) return `none of ${values.length} seen`;
  const at = (q: number) => seen[Math.min(seen.length - 1, Math.floor(q * seen.length))]!;
  return `median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${seen.at(-1)} ms (${seen.length}/${values.length} seen)`;
}

// No fake devices: the people publish a Web Audio tone, and the host's page plays without a gesture.
const PAGE_ARGS = [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'];

/** livekit-client and the manager's observer code for the page; every peer connection is kept in `pcs`. */
async function pageBundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `export { Room, RoomEvent, Track } from 'livekit-client';
        export { observeRoom, readActivity } from './lib/client/room-activity';
        export const pcs = [];
        const Native = window.RTCPeerConnection;
        window.RTCPeerConnection = class extends Native {
          constructor(...args) { super(...args); pcs.push(this); }
        };`,
      resolveDir: path.resolve(import.meta.dirname, '..'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'Activity',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

/** A Chromium of its own (its own profile folder, so its processes can be told apart) with one page. */
async function openBrowser(bundle: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-activity-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: PAGE_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addScriptTag({ content: bundle });
  // tsx names the functions passed to evaluate with a helper the page does not have.
  await page.evaluate('window.__name = (f) => f');
  const close = async () => {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { page, dir, close };
}

/**
 * The people: one page of another Chromium, joined to every room, each publishing as its microphone a
 * tone of its own (Web Audio) that `speak` turns on and off, like a voice. A browser publisher, since
 * the media server measures loudness from the level the sender writes in each audio packet.
 */
async function joinPeople(page: Page, url: string, tokens: string[]) {
  await page.evaluate(
    async ({ url, tokens }) => {
      type Bundle = {
        Room: typeof import('livekit-client').Room;
        Track: typeof import('livekit-client').Track;
      };
      const A = (window as unknown as { Activity: Bundle }).Activity;
      const w = window as unknown as { gains: GainNode[]; people: unknown[] };
      const ctx = new AudioContext();
      await ctx.resume();
      w.gains = [];
      w.people = [];
      for (const [i, token] of tokens.entries()) {
        const tone = ctx.createOscillator();
        tone.frequency.value = 220 + 20 * i;
        const gain = ctx.createGain();
        gain.gain.value = 0;
        const out = ctx.createMediaStreamDestination();
        tone.connect(gain).connect(out);
        tone.start();
        const room = new A.Room();
        await room.connect(url, token);
        await room.localParticipant.publishTrack(out.stream.getAudioTracks()[0]!, {
          source: A.Track.Source.Microphone,
        });
        w.gains.push(gain);
        w.people.push(room);
      }
    },
    { url, tokens },
  );
}

/** Everyone's tone on (a quarter of full scale) or off; answers the page's clock at that moment. */
const speak = (page: Page, on: boolean) =>
  page.evaluate((on) => {
    for (const g of (window as unknown as { gains: GainNode[] }).gains) g.gain.value = on ? 0.25 : 0;
    return Date.now();
  }, on);

async function main() {
  const server = new MediaServer(PORT);
  await server.start();
  const bundle = await pageBundle();
  const host = await openBrowser(bundle);
  const people = await openBrowser(bundle);
  try {
    const rooms = Array.from({ length: ROOMS }, (_, i) => `bench-activity-${Date.now()}-${i}`);
    await joinPeople(
      people.page,
      server.url,
      await Promise.all(rooms.map((r, i) => server.personToken(r, `person-${i}`))),
    );
    const page = host.page;
    await sleep(3000);
    const baseline = await measure(host.dir);

    const observed = await watch(
      page,
      server.url,
      await Promise.all(rooms.map((r, i) => token(r, `observe-${i}`))),
      'observe',
    );
    await sleep(3000);
    const named: Array<number | undefined> = [];
    const dropped: Array<number | undefined> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const soundFrom = await speak(people.page, true);
      await sleep(4000);
      named.push(...(await delays(page, soundFrom, true)));
      const quietFrom = await speak(people.page, false);
      await sleep(4000);
      dropped.push(...(await delays(page, quietFrom, false)));
    }
    await speak(people.page, true);
    await sleep(2000);
    const watching = await measure(host.dir);
    const updates = await page.evaluate(() => (window as unknown as { updates: number }).updates);
    const speakingRooms = await speakingIn(page);
    // Everything the page's connections received (none were closed yet): the activity view's claim is none.
    const received = await page.evaluate(async () => {
      let bytes = 0;
      for (const pc of (window as unknown as { Activity: { pcs: RTCPeerConnection[] } }).Activity.pcs)
        (await pc.getStats()).forEach((s: { type: string; bytesReceived?: number }) => {
          if (s.type === 'inbound-rtp') bytes += s.bytesReceived ?? 0;
        });
      return bytes;
    });
    await closeAll(page);

    const heard = await watch(
      page,
      server.url,
      await Promise.all(rooms.map((r, i) => token(r, `listen-${i}`))),
      'listen',
    );
    // The media server sends only changes of speakers: a pause and a restart show the new connections who speaks.
    await speak(people.page, false);
    await sleep(2000);
    await speak(people.page, true);
    await sleep(2000);
    const listening = await measure(host.dir);
    const speakingHeard = await speakingIn(page);
    await closeAll(page);

    const line = (label: string, r: { cpu: number; idle: number }) =>
      `  ${label.padEnd(52)} ${r.cpu.toFixed(1).padStart(5)} % of one core   (machine idle ${r.idle.toFixed(0)} %)`;
    console.log(
      `Activity view, ${ROOMS} rooms watched (${observed} connected), everyone's tone started and stopped ${ROUNDS} times:`,
    );
    console.log(`  sound starts -> speaker named:   ${summary(named)}`);
    console.log(`  sound stops  -> speaker dropped: ${summary(dropped)}`);
    console.log(
      `Host page CPU, all Chromium processes, ${SECONDS} s each; ${ROOMS} rooms, one person with a tone as microphone each:`,
    );
    console.log(line('no room watched (page open)', baseline));
    console.log(line(`activity view: ${observed}/${ROOMS} rooms, everyone speaking`, watching));
    console.log(
      `    ${updates} activity updates read from signalling; ${speakingRooms}/${ROOMS} rooms named their speaker at the end; ${received} media bytes received`,
    );
    console.log(line(`contrast: ${heard}/${ROOMS} rooms with their audio received and played`, listening));
    console.log(`    ${speakingHeard}/${ROOMS} rooms named their speaker at the end`);
    console.log(
      `  per watched room: ${((watching.cpu - baseline.cpu) / Math.max(1, observed)).toFixed(2)} % of one core; machine: ${os.cpus().length} cores, shared`,
    );
  } finally {
    await host.close();
    await people.close();
    server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
