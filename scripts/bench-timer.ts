// Timer-close benchmark: one app instance with 100 running rooms holding 1,000 participants (created
// through the REST API and placed by starting a draft), 1,000 plain-HTTP SSE subscribers (one per
// participant, with their own token), then a breakout timer that ends: the server closes every room and
// carries everyone back. Prints, per database, how long after the deadline each subscriber had the whole
// close (the final timer_updated), and the spread from the first subscriber informed (the close's commit
// is published right after it) to each of the others, p50/p95/max, with the machine's idle CPU.
//
//   npx tsx scripts/bench-timer.ts [--db pg|pglite|both] [--participants 1000] [--rooms 100]
//
// PostgreSQL is a throwaway cluster from Debian's binaries.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startInstance, type Instance } from '../tests/support/spawn-instance';
import { benchDatabase, createHostKey } from './bench-app';
import { idleShare, machineCpu as machine } from './machine-cpu';

const DEADLINE_MS = 15 * 60_000;
/** The timer's length: the shortest the API takes. */
const TIMER_SECONDS = 10;

type Db = 'pg' | 'pglite';
interface Options {
  dbs: Db[];
  participants: number;
  rooms: number;
}

/** Runs the benchmark on each database asked for and prints its figures. */
export async function main(argv: string[] = []): Promise<void> {
  const opts = options(argv);
  const deadline = setTimeout(() => {
    console.error(`bench-timer: gave up after ${DEADLINE_MS / 60_000} minutes`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  for (const db of opts.dbs) {
    const cleanups: Array<() => unknown> = [];
    try {
      const env = await benchDatabase(db, cleanups);
      const key = createHostKey(env);
      const instance = await startInstance({ ...env, NODE_ENV: 'production' });
      cleanups.push(() => instance.stop());
      await run(instance, key, db, opts);
    } finally {
      for (const c of cleanups.reverse()) await c();
    }
  }
  clearTimeout(deadline);
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'both' },
      participants: { type: 'string', default: '1000' },
      rooms: { type: 'string', default: '100' },
    },
  });
  const hasPostgres = fs.existsSync('/usr/lib/postgresql');
  const dbs: Db[] = values.db === 'both' ? (hasPostgres ? ['pglite', 'pg'] : ['pglite']) : [values.db as Db];
  if (!dbs.every((d) => d === 'pg' || d === 'pglite')) throw new Error('--db must be pg, pglite or both');
  return { dbs, participants: Number(values.participants), rooms: Math.min(100, Number(values.rooms)) };
}

async function run(instance: Instance, key: string, db: Db, opts: Options) {
  const api = client(instance.url, key);
  const meeting = await api<{ id: string }>('POST', '/meetings', { title: 'Timer bench' });
  const cm = `/meetings/${meeting.id}/connected-meetings`;
  const seats: Array<{ id: string; token: string }> = [];
  await inBatches(opts.participants, 20, async (i) => {
    seats[i] = await api('POST', `/meetings/${meeting.id}/participants`, {
      name: `Person ${i + 1}`,
      preset_name: 'participant',
    });
  });
  const rooms = Array.from({ length: opts.rooms }, (_, i) => ({ key: `r${i}`, title: `Room ${i + 1}` }));
  const assignments = Object.fromEntries(seats.map((s, i) => [s.id, `r${i % opts.rooms}`]));
  await api('PUT', `${cm}/draft`, { rooms, assignments });
  const started = await api<{ moved: number }>('POST', `${cm}/draft/start`, {});

  const url = `${instance.url}/api/v1/meetings/${meeting.id}/events`;
  const subscribers: Subscriber[] = [];
  await inBatches(seats.length, 20, async (i) => {
    subscribers[i] = await subscribePatiently(url, seats[i]!.token);
  });
  // Let the connection burst settle, then read the machine's idle CPU while nothing happens.
  await new Promise((r) => setTimeout(r, 1000));
  const idleFrom = machine();
  await new Promise((r) => setTimeout(r, 2000));
  const idleBefore = idleShare(idleFrom, machine());

  const { timer } = await api<{ timer: { ends_at: string } }>('PUT', `${cm}/timer`, {
    duration_seconds: TIMER_SECONDS,
    warning_seconds: 10,
  });
  // performance.now() and the wall clock: the deadline on this process's monotonic clock.
  const endsAt = performance.now() + (Date.parse(timer.ends_at) - Date.now());
  const during = machine();
  await Promise.race([
    Promise.all(subscribers.map((s) => s.ended)),
    new Promise((_, reject) =>
      setTimeout(
        () => reject(new Error('not every subscriber saw the rooms close')),
        60_000 + TIMER_SECONDS * 1000,
      ),
    ),
  ]);
  const idleDuring = idleShare(during, machine());
  const arrivals = (await Promise.all(subscribers.map((s) => s.ended))).sort((a, b) => a - b);
  for (const s of subscribers) s.close();
  const state = await api<{
    meetings: unknown[];
    timer: unknown;
    parent_meeting: { participants: unknown[] };
  }>('GET', cm);

  const fromDeadline = arrivals.map((t) => t - endsAt);
  const fromFirst = arrivals.map((t) => t - arrivals[0]!);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const line = (xs: number[]) => `p50 ${ms(pct(xs, 50))}, p95 ${ms(pct(xs, 95))}, max ${ms(xs.at(-1)!)}`;
  console.log(
    `\nTimer close (${db}): ${opts.rooms} rooms, ${started.moved} people in them, ${subscribers.length} SSE subscribers`,
  );
  console.log(`  deadline → subscriber has the whole close: ${line(fromDeadline)}`);
  if (closeStartedAt) {
    const lateMs = Date.parse(closeStartedAt) - Date.parse(timer.ends_at);
    console.log(
      `  the closing transaction began ${ms(lateMs)} after the deadline (its event time; the rest is the close and the fan-out)`,
    );
  }
  if (frames.firstMove !== undefined) {
    console.log(
      `  deadline → first subscriber has the close's first event: ${ms(frames.firstMove - endsAt)}; media tokens sent to the moved people's streams: ${frames.mediaTokens}`,
    );
  }
  closeStartedAt = undefined;
  frames.mediaTokens = 0;
  frames.firstMove = undefined;
  console.log(`  first subscriber informed (≈ commit) → each subscriber: ${line(fromFirst)}`);
  console.log(
    `  after: ${state.meetings.length} open rooms, ${state.parent_meeting.participants.length} in the main meeting, timer ${JSON.stringify(state.timer)}`,
  );
  console.log(
    `  machine idle CPU: ${idleBefore.toFixed(0)}% before (idle server, ${subscribers.length} streams open), ${idleDuring.toFixed(0)}% from the PUT to the last subscriber informed (${os.cpus().length} cores, shared)`,
  );
}

interface Subscriber {
  /** When this subscriber had the end of the close: the timer_updated with timer null. */
  ended: Promise<number>;
  close: () => void;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
/** The close's event time: when the closing transaction began (the database's now()). */
let closeStartedAt: string | undefined;
/** Across subscribers: media tokens received, and when the first one had the close's first event. */
const frames = { mediaTokens: 0, firstMove: undefined as number | undefined };

/** A 503 (the pool busy with the connection burst on a loaded machine) is tried again, a few times. */
async function subscribePatiently(url: string, token: string): Promise<Subscriber> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await subscribe(url, token);
    } catch (err) {
      if (attempt >= 5 || !String(err).includes('503')) throw err;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/** One SSE connection; resolves once its snapshot arrived, and `ended` when the timer's close did. */
function subscribe(url: string, token: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    let onEnded!: (t: number) => void;
    const ended = new Promise<number>((r) => (onEnded = r));
    const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`subscribe answered ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      let ready = false;
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!ready && block.startsWith('event: snapshot')) {
            ready = true;
            resolve({ ended, close: () => req.destroy() });
          } else if (ready && block.startsWith('event: media_token')) {
            frames.mediaTokens++;
          } else if (ready && block.startsWith('event: participants_moved')) {
            frames.firstMove ??= performance.now();
          } else if (block.startsWith('event: timer_updated') && /"timer":null/.test(block)) {
            onEnded(performance.now());
            closeStartedAt ??= /"created_at":"([^"]+)"/.exec(block)?.[1];
          }
        }
      });
    });
    req.on('error', reject);
  });
}

function client(base: string, key: string) {
  return async <T>(method: string, pathname: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}/api/v1${pathname}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as { data: T; error?: unknown };
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(json.error)}`);
    return json.data;
  };
}

async function inBatches(count: number, size: number, fn: (i: number) => Promise<void>) {
  for (let start = 0; start < count; start += size) {
    await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, j) => fn(start + j)));
  }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
