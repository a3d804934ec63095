// Presence benchmark: what the media server's webhooks cost the app when a class moves, and how long they
// make a teacher's command wait. One app instance and a real media server (which the app asks about rooms
// and tells to remove people; its own webhooks are not pointed at the app, the benchmark sends them).
//
// A main meeting with --people participants. First the class arrives: a participant_joined for each in
// the main meeting's media room. Then a draft start moves everyone into rooms of two, and the benchmark
// delivers what the media server sends for that move, the way it sends it: LiveKit's notifier keeps one
// queue per room and delivers each queue in order, the queues in parallel; so the main room's queue
// carries everyone's participant_left one after the other, and each breakout room's queue its two
// participant_joined. While that storm lasts a host command that takes the main meeting's lock (setting
// the breakout timer, PUT …/timer) is sent every 100 ms; the same command is first timed with nothing else
// going on. Prints deliveries per second, how long the arrival and the move's storm took, the command's
// request → answer quiet and during the storm (p50/p95 and their ratio), and the machine's idle CPU. Each
// database runs twice, side by side: deliveries that arrive together applied in batches of up to 10
// (PRESENCE_BATCH_MAX=10, lib/livekit/presence-batch.ts; the default on PostgreSQL) and each alone
// (PRESENCE_BATCH_MAX=1, the default on PGlite), and the ratios of the two are printed.
//
//   npx tsx scripts/bench-presence.ts [--db pglite|pg|both] [--people 100] [--classes 1]
//
// --classes runs that many classes at once on the one app instance (each its own main meeting and rooms,
// all arriving and moving together); the host command is the first class's.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { signMediaWebhook } from '../tests/support/media-webhook-signature';
import { startInstance } from '../tests/support/spawn-instance';
import { benchDatabase, createHostKey, restClient } from './bench-app';
import { idleShare, machineCpu } from './machine-cpu';
import { findOrBuildLivekit, LOCAL_LIVEKIT, livekitEnv, startLivekit } from './livekit';

const DEADLINE_MS = 10 * 60_000;
const COMMAND_EVERY_MS = 100;
const QUIET_COMMANDS = 10;

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    people: { type: 'string', default: '100' },
    /** Classes moving at the same moment, each with its own main meeting (one app instance serves them all). */
    classes: { type: 'string', default: '1' },
  },
});
const CLASSES = Math.max(1, Number(values.classes));
if (!Number.isInteger(CLASSES)) throw new Error(`--classes takes a whole number, not ${values.classes}.`);
const PEOPLE = Math.max(2, Number(values.people));
if (!Number.isInteger(PEOPLE)) throw new Error(`--people takes a whole number, not ${values.people}.`);
if (!['pglite', 'pg', 'both'].includes(values.db))
  throw new Error(`--db is pglite, pg or both, not ${values.db}.`);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const ms = (v: number) => `${v.toFixed(0)} ms`;

let sequence = 0;
/** One webhook as the media server signs it (a JWT over the body's SHA-256, with its API key). */
async function webhook(event: 'participant_joined' | 'participant_left', identity: string, room: string) {
  const id = `EV_bench_${process.pid}_${sequence++}`;
  const body = JSON.stringify({
    id,
    event,
    room: { name: room, sid: `RM_${room.slice(0, 8)}` },
    participant: { identity, sid: `PA_${identity.slice(0, 8)}_${room.slice(0, 8)}` },
    createdAt: String(Math.floor(Date.now() / 1000)),
  });
  return { body, authorization: await signMediaWebhook(body, LOCAL_LIVEKIT.apiKey, LOCAL_LIVEKIT.apiSecret) };
}

/** Delivers one queue's webhooks in order, as the media server's notifier does; answers each delivery's time. */
async function deliverQueue(base: string, hooks: Array<{ body: string; authorization: string }>) {
  const times: number[] = [];
  for (const h of hooks) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/livekit/webhook`, {
      method: 'POST',
      headers: { authorization: h.authorization, 'content-type': 'application/webhook+json' },
      body: h.body,
    });
    if (!res.ok) throw new Error(`webhook: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
  }
  return times;
}

/** The app's group commit of presence deliveries so far (lib/livekit/presence-batch.ts). */
async function presenceStats(base: string) {
  const res = await fetch(`${base}/_instance/stats?nogc`);
  return ((await res.json()) as { presence: { batches: number; largest: number } }).presence;
}

async function run(db: 'pglite' | 'pg', livekitPort: number, batchMax?: number) {
  const cleanups: Array<() => unknown> = [];
  try {
    const env = {
      ...(await benchDatabase(db, cleanups)),
      ...livekitEnv(livekitPort),
      ...(batchMax ? { PRESENCE_BATCH_MAX: String(batchMax) } : {}),
    };
    const key = createHostKey(env);
    const app = await startInstance(env);
    cleanups.push(() => app.stop());
    const api = restClient(app.url, key);
    // Each class: a main meeting and its people; then its rooms of two, started (everyone moved).
    const classes = await Promise.all(
      Array.from({ length: CLASSES }, async (_, c) => {
        const meeting = await api<{ id: string }>('POST', '/meetings', { title: `Presence bench ${c + 1}` });
        const ids: string[] = [];
        for (let i = 0; i < PEOPLE; i += 20) {
          await Promise.all(
            Array.from({ length: Math.min(20, PEOPLE - i) }, async (_, k) => {
              const p = await api<{ id: string }>('POST', `/meetings/${meeting.id}/participants`, {
                name: `Person ${i + k + 1}`,
                preset_name: 'participant',
              });
              ids[i + k] = p.id;
            }),
          );
        }
        return { meeting, ids, base: `/meetings/${meeting.id}/connected-meetings` };
      }),
    );

    // The classes arrive: everyone's join on their main room's queue.
    const arrivalQueues = await Promise.all(
      classes.map((k) => Promise.all(k.ids.map((id) => webhook('participant_joined', id, k.meeting.id)))),
    );
    const t0 = performance.now();
    const arrival = (await Promise.all(arrivalQueues.map((q) => deliverQueue(app.url, q)))).flat();
    const arrivalMs = performance.now() - t0;

    const states = await Promise.all(
      classes.map(async (k) => {
        await api('POST', `${k.base}/draft/assign`, {
          mode: 'even',
          rooms: Math.floor(PEOPLE / 2),
          include_absent: true,
        });
        await api('POST', `${k.base}/draft/start`, {});
        return api<{ meetings: Array<{ id: string; participants: Array<{ id: string }> }> }>('GET', k.base);
      }),
    );
    // The teacher of the first class gives the commands.
    const base = classes[0]!.base;
    const timer = () => api('PUT', `${base}/timer`, { duration_seconds: 600 });
    for (let i = 0; i < 3; i++) await timer(); // warm-up
    const quiet: number[] = [];
    const mQuiet = machineCpu();
    for (let i = 0; i < QUIET_COMMANDS; i++) {
      const c0 = performance.now();
      await timer();
      quiet.push(performance.now() - c0);
    }
    const idleQuiet = idleShare(mQuiet, machineCpu());

    // The move's storm: each class's main room's queue of leaves, and a queue per room of its joins.
    const leaveQueues = await Promise.all(
      classes.map((k) => Promise.all(k.ids.map((id) => webhook('participant_left', id, k.meeting.id)))),
    );
    const roomQueues = await Promise.all(
      states.flatMap((state) =>
        state.meetings.map((m) =>
          Promise.all(m.participants.map((p) => webhook('participant_joined', p.id, m.id))),
        ),
      ),
    );
    const queues = leaveQueues.length + roomQueues.length;
    const deliveries = [...leaveQueues, ...roomQueues].reduce((n, q) => n + q.length, 0);
    const batches0 = await presenceStats(app.url);
    const m0 = machineCpu();
    const s0 = performance.now();
    let storming = true;
    const storm = Promise.all([
      Promise.all(leaveQueues.map((q) => deliverQueue(app.url, q))),
      Promise.all(roomQueues.map((q) => deliverQueue(app.url, q))),
    ]).finally(() => (storming = false));
    const during: number[] = [];
    const commands = (async () => {
      while (storming) {
        const c0 = performance.now();
        await timer();
        during.push(performance.now() - c0);
        if (storming) await new Promise((r) => setTimeout(r, COMMAND_EVERY_MS));
      }
    })();
    const [leaveTimes = [], joins = []] = (await storm).map((t) => t.flat());
    const stormMs = performance.now() - s0;
    await commands;
    const idleStorm = idleShare(m0, machineCpu());
    const batches1 = await presenceStats(app.url);

    const mode = batchMax === 1 ? 'each delivery alone' : `in batches of up to ${batchMax}`;
    console.log(
      `\nPresence (${db}, ${mode}): ${CLASSES} × ${PEOPLE} people, ${CLASSES} × ${states[0]!.meetings.length} rooms, ${os.cpus().length} cores`,
    );
    console.log(
      `  arrival, ${arrival.length} joins on ${CLASSES} main room queue(s): ${ms(arrivalMs)} (${((1000 * arrival.length) / arrivalMs).toFixed(0)} deliveries/s; each p50 ${ms(pct(arrival, 50))}, p95 ${ms(pct(arrival, 95))})`,
    );
    console.log(
      `  the move's storm, ${deliveries} deliveries on ${queues} queues: ${ms(stormMs)} (${((1000 * deliveries) / stormMs).toFixed(0)} deliveries/s); main rooms' leaves each p50 ${ms(pct(leaveTimes, 50))}, p95 ${ms(pct(leaveTimes, 95))}; rooms' joins each p50 ${ms(pct(joins, 50))}, p95 ${ms(pct(joins, 95))}; in ${batches1.batches - batches0.batches} transactions (largest ${batches1.largest})`,
    );
    console.log(
      `  host command (PUT …/timer) quiet: p50 ${ms(pct(quiet, 50))}, p95 ${ms(pct(quiet, 95))} (idle ${idleQuiet.toFixed(0)} %); during the storm (${during.length}): p50 ${ms(pct(during, 50))}, p95 ${ms(pct(during, 95))}, max ${ms(Math.max(...during))} (idle ${idleStorm.toFixed(0)} %${idleStorm < 15 ? ', saturated' : ''}); p95 ratio ${(pct(during, 95) / pct(quiet, 95)).toFixed(1)}`,
    );
    return { stormMs, commandP95: pct(during, 95) };
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

async function main() {
  const { bin, reason } = findOrBuildLivekit();
  if (!bin) throw new Error(reason);
  const port = Number(process.env.BENCH_LIVEKIT_PORT ?? 7970);
  // No webhook reaches the app from the media server itself: the benchmark is the only sender.
  const livekit = await startLivekit(bin, { port, udpPort: port + 2, webhookUrl: 'http://127.0.0.1:9/none' });
  try {
    for (const db of values.db === 'both' ? (['pglite', 'pg'] as const) : [values.db as 'pglite' | 'pg']) {
      // Side by side in one run: batches (PostgreSQL's default) and every delivery in a transaction of its
      // own (PGlite's).
      const together = await run(db, port, 10);
      const alone = await run(db, port, 1);
      console.log(
        `\n  ${db}: together / alone: the move's storm ${(together.stormMs / alone.stormMs).toFixed(2)}, host command p95 during it ${(together.commandP95 / alone.commandP95).toFixed(2)}`,
      );
    }
  } finally {
    try {
      process.kill(-livekit.pid!, 'SIGKILL');
    } catch {
      livekit.kill('SIGKILL');
    }
  }
}

const deadline = setTimeout(() => {
  console.error(`The presence benchmark took longer than ${DEADLINE_MS / 60_000} minutes.`);
  process.exit(1);
}, DEADLINE_MS);
deadline.unref();
await main();
