// Fan-out benchmark: app instances serving the real SSE route on one database, subscribers of one meeting
// from a Node load client on loopback (spread over the instances, at most ten per participant), then one
// move of every participant through the real move endpoint of the first instance. Prints how long until
// every subscriber has the event (p50/p95/max), the servers' memory per subscriber and the machine's idle
// CPU. At class scale: `--instances 2 --subscribers 10000 --participants 1000` (PostgreSQL: the other
// instance hears of the move through LISTEN/NOTIFY).
//
// Beyond --snapshots subscribers (1,000) the rest open with `?last_event_id=` (a resume, as a browser
// reconnecting does) instead of a snapshot each, so connecting ten thousand does not take minutes here.
//
//   npx tsx scripts/bench-fanout.ts [--db pg|pglite] [--instances 1] [--subscribers 1000] [--participants 100]
//                                   [--rooms 100] [--snapshots 1000]
//
// PostgreSQL is a throwaway cluster from Debian's binaries (the default when they are installed).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startInstance, type Instance } from '../tests/support/spawn-instance';
import { benchDatabase, createHostKey, idleShare, machineCpu as machine } from './bench-app';

const DEADLINE_MS = 10 * 60_000;

interface Options {
  db: 'pg' | 'pglite';
  subscribers: number;
  participants: number;
  rooms: number;
  instances: number;
  snapshots: number;
}

/** Runs the benchmark and prints its figures. */
export async function main(argv: string[] = []): Promise<void> {
  const opts = options(argv);
  const deadline = setTimeout(() => {
    console.error(`bench-fanout: gave up after ${DEADLINE_MS / 60_000} minutes`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  const cleanups: Array<() => unknown> = [];
  try {
    const env = await benchDatabase(opts.db, cleanups);
    const key = createHostKey(env);
    const instances: Instance[] = [];
    for (let i = 0; i < opts.instances; i++) {
      const instance = await startInstance({ ...env, NODE_ENV: 'production' }, ['--expose-gc']);
      cleanups.push(() => instance.stop());
      instances.push(instance);
    }
    await run(instances, key, opts);
  } finally {
    for (const c of cleanups.reverse()) await c();
    clearTimeout(deadline);
  }
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      subscribers: { type: 'string', default: '1000' },
      participants: { type: 'string', default: '100' },
      rooms: { type: 'string', default: '100' },
      instances: { type: 'string', default: '1' },
      snapshots: { type: 'string', default: '1000' },
    },
  });
  const hasPostgres = fs.existsSync('/usr/lib/postgresql');
  const db = (values.db ?? (hasPostgres ? 'pg' : 'pglite')) as Options['db'];
  if (db !== 'pg' && db !== 'pglite') throw new Error('--db must be pg or pglite');
  const instances = Number(values.instances);
  if (instances > 1 && db !== 'pg') throw new Error('several instances share one PostgreSQL: use --db pg');
  return {
    instances,
    snapshots: Number(values.snapshots),
    db,
    subscribers: Number(values.subscribers),
    participants: Number(values.participants),
    rooms: Math.min(100, Number(values.rooms)),
  };
}

async function run(instances: Instance[], key: string, opts: Options) {
  const api = client(instances[0]!.url, key);
  const meeting = await api<{ id: string }>('POST', '/meetings', { title: 'Fan-out bench' });
  const seats: Array<{ id: string; token: string }> = [];
  await inBatches(opts.participants, 10, async (i) => {
    seats[i] = await api('POST', `/meetings/${meeting.id}/participants`, {
      name: `Person ${i + 1}`,
      preset_name: 'participant',
    });
  });
  const { meetings: rooms } = await api<{ meetings: Array<{ id: string }> }>(
    'POST',
    `/meetings/${meeting.id}/connected-meetings`,
    { meetings: Array.from({ length: opts.rooms }, (_, i) => ({ title: `Room ${i + 1}` })) },
  );

  const urlOf = (i: number) => `${instances[i % instances.length]!.url}/api/v1/meetings/${meeting.id}/events`;
  // Warm up (JIT, connection and allocator pools) so the memory delta is what subscribers hold, not
  // what the first snapshots left in malloc's free lists.
  const warm: Subscriber[] = [];
  await inBatches(Math.min(200, opts.subscribers), 50, async (i) => {
    warm[i] = await subscribe(urlOf(i), seats[i % seats.length]!.token);
  });
  const resumeFrom = warm[0]!.lastEventId;
  for (const w of warm) w.close();
  const statsAll = (settle = false) => Promise.all(instances.map((x) => stats(x.url, settle)));
  while ((await statsAll()).some((s) => s.bus.subscribers > 0)) await new Promise((r) => setTimeout(r, 100));
  const before = await statsAll(true);
  const subscribers: Subscriber[] = [];
  const connectStart = performance.now();
  await inBatches(opts.subscribers, 10, async (i) => {
    // Up to ten connections per participant, like people with several tabs, each with their own token.
    const resume = i >= opts.snapshots ? resumeFrom : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        subscribers[i] = await subscribe(urlOf(i), seats[i % seats.length]!.token, resume);
        return;
      } catch (err) {
        // A 503: the pool was busy with the connection burst on a loaded machine. Try again, a few times.
        if (attempt >= 10 || !String(err).includes('503')) throw err;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  });
  // A resumed stream joins the bus after its (empty) replay: wait until every one is there.
  while ((await statsAll()).reduce((n, s) => n + s.bus.subscribers, 0) < opts.subscribers)
    await new Promise((r) => setTimeout(r, 100));
  const connectMs = performance.now() - connectStart;
  await new Promise((r) => setTimeout(r, 500));
  const after = await statsAll(true);

  const idleFrom = machine();
  const sent = performance.now();
  const moved = await api<{ moved: number }>('POST', `/meetings/${meeting.id}/connected-meetings/move`, {
    source_meeting_id: meeting.id,
    destination_meeting_id: rooms[0]!.id,
    participant_ids: seats.map((s) => s.id),
  });
  const answered = performance.now();
  await Promise.race([
    Promise.all(subscribers.map((s) => s.moved)),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error('not every subscriber got the move')), 60_000),
    ),
  ]);
  const idle = idleShare(idleFrom, machine());
  const latencies = (await Promise.all(subscribers.map((s) => s.moved)))
    .map((t) => t - sent)
    .sort((a, b) => a - b);
  const end = await statsAll();
  for (const s of subscribers) s.close();

  const n = opts.subscribers;
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const sum = (xs: Stats[], f: (s: Stats) => number) => xs.reduce((t, s) => t + f(s), 0);
  const delta = (f: (s: Stats) => number) => kb((sum(after, f) - sum(before, f)) / n);
  console.log(
    `\nFan-out (${opts.db}): ${n} SSE subscribers on ${instances.length} instance(s), ${opts.rooms} rooms, a ${moved.moved}-participant move`,
  );
  console.log(
    `  connecting ${n} subscribers (${Math.min(n, opts.snapshots)} with a snapshot, the rest resuming): ${ms(connectMs)}`,
  );
  console.log(`  move command answered after: ${ms(answered - sent)}`);
  console.log(
    `  event at every subscriber, from the move request: p50 ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}, max ${ms(latencies.at(-1)!)} (target: p95 within 1000 ms)`,
  );
  console.log(
    `  (per subscriber: heapTotal ${delta((s) => s.memory.heapTotal)} KB, external ${delta((s) => s.memory.external)} KB, arrayBuffers ${delta((s) => s.memory.arrayBuffers)} KB)`,
  );
  console.log(
    `  server memory per subscriber: RSS ${delta((s) => s.memory.rss)} KB, heap ${delta((s) => s.memory.heapUsed)} KB (target: under 50 KB)`,
  );
  console.log(
    `  servers: ${after.map((s) => s.bus.subscribers).join(' + ')} subscribers on the buses; reads of the event log for the move: ${sum(end, (s) => s.bus.reads) - sum(after, (s) => s.bus.reads)}`,
  );
  console.log(
    `  machine idle CPU from the move request to the last subscriber informed: ${idle.toFixed(0)}% (${os.cpus().length} cores, shared; the load client runs on them too)${idle < 15 ? ' — saturated' : ''}`,
  );
}

interface Subscriber {
  moved: Promise<number>;
  /** The snapshot's event id (subscribers that resumed: the id they resumed from). */
  lastEventId: number;
  close: () => void;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/**
 * One SSE connection; resolves once its snapshot arrived (or, resuming after `resume`, once the stream
 * opened), and `moved` when the move event does.
 */
const MOVED = Buffer.from('event: participants_moved');
const END = Buffer.from('\n\n');

function subscribe(url: string, token: string, resume?: number): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    let onMoved!: (t: number) => void;
    const moved = new Promise<number>((r) => (onMoved = r));
    const target = resume === undefined ? url : `${url}?last_event_id=${resume}`;
    const req = http.get(target, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`subscribe answered ${res.statusCode}`));
      // Bytes, not text: ten thousand streams each receiving a 125 KB event must not cost the load client
      // (on the same cores as the servers) a decode and a rescan of everything received.
      let pending = Buffer.alloc(0);
      let ready = false;
      let moving = false;
      const close = () => req.destroy();
      if (resume !== undefined) {
        ready = true;
        resolve({ moved, lastEventId: resume, close });
      }
      res.on('data', (chunk: Buffer) => {
        // The move's message: its start, then the blank line that ends it (JSON has no raw newline).
        if (moving) {
          const tail = Buffer.concat([pending, chunk]);
          if (tail.includes(END)) {
            moving = false;
            onMoved(performance.now());
          }
          pending = tail.subarray(Math.max(0, tail.length - 1));
          return;
        }
        let text = Buffer.concat([pending, chunk]);
        while (!ready) {
          const end = text.indexOf(END);
          if (end < 0) {
            pending = text;
            return;
          }
          const block = text.subarray(0, end).toString('utf8');
          if (block.startsWith('event: snapshot')) {
            ready = true;
            resolve({ moved, lastEventId: Number(/^id: (\d+)/m.exec(block)?.[1] ?? 0), close });
          }
          text = text.subarray(end + 2);
        }
        const start = text.indexOf(MOVED);
        if (start >= 0) {
          if (text.indexOf(END, start) >= 0) onMoved(performance.now());
          else moving = true;
          pending = text.subarray(Math.max(0, text.length - 1));
        } else pending = text.subarray(Math.max(0, text.length - MOVED.length));
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

interface Stats {
  memory: NodeJS.MemoryUsage;
  bus: { subscribers: number; reads: number };
}

/**
 * The server's figures, read after a garbage collection. With `settle`, the lowest RSS of a few readings
 * a quarter second apart: right after a burst of connections the allocator has not yet returned the
 * burst's transient memory (snapshots being serialized), which is not what subscribers hold.
 */
async function stats(base: string, settle = false): Promise<Stats> {
  const read = async () => (await (await fetch(`${base}/_instance/stats`)).json()) as Stats;
  let best = await read();
  for (let i = 0; settle && i < 4; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const next = await read();
    if (next.memory.rss < best.memory.rss) best = { ...next, memory: { ...next.memory } };
  }
  return best;
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
