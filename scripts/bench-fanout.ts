// Fan-out benchmark: app instances serving the real SSE route on one database, subscribers of one meeting
// from load-client processes on loopback (spread over the instances, at most ten per participant), then
// three moves through the real move endpoint of the first instance, side by side: half of the people (the
// other half stays behind: a full stream names them, a grouped one, from 64 people, sends them as bits
// over the meeting), everyone but one (a grouped stream gets it compact: the one who stays named, the
// others counted), then everyone (nobody stays behind: compact),
// with the ratios of their p95. Prints how long until
// every subscriber has the event (p50/p95/max), where that time went (each instance: wake-up to its read,
// to every stream handed the rows, to every stream's frames enqueued; the CPU each instance and the load
// clients used), the servers' memory per subscriber and the machine's idle CPU. At class scale:
// `--instances 2 --subscribers 10000 --participants 1000` (PostgreSQL: the other instance hears of the
// move through LISTEN/NOTIFY). With `--sizes 1000,2000,5000,10000` the subscribers are connected in
// steps and the whole meeting is moved (to the next room) at each, so one run shows how the delay scales.
//
// Beyond --snapshots subscribers (1,000) the rest open with `?last_event_id=` (a resume, as a browser
// reconnecting does) instead of a snapshot each, so connecting ten thousand does not take minutes here.
// Media is configured (a closed loopback port, one of this benchmark's: tokens are signed, nothing is contacted), so every moved
// stream gets its `media_token` as in production; `--no-media` leaves it out.
//
//   npx tsx scripts/bench-fanout.ts [--db pg|pglite] [--instances 1] [--subscribers 1000] [--participants 100]
//                                   [--rooms 100] [--snapshots 1000] [--clients 2] [--sizes n,n,…] [--no-media]
//                                   [--moves grouped|full] [--cpu-prof DIR]
//
// `--cpu-prof DIR` writes each instance's CPU profile there when it stops (open it in Chrome's DevTools).
//
// The subscribers open the stream as the product's pages do, with moves grouped by preset (`?moves=grouped`,
// about a third of the bytes of a move); `--moves full` measures the API's default form.
//
// PostgreSQL is a throwaway cluster from Debian's binaries (the default when they are installed).
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startInstance, type Instance } from '../tests/support/spawn-instance';
import { API_BODY_LIMIT } from '../lib/api/body';
import { BITS_FROM, type MoveFormat } from '../lib/events/grouped-moves';
import { parseMoveFormat } from '../lib/events/sse-format';
import { benchDatabase, createHostKey } from './bench-app';
import { idleShare, machineCpu as machine } from './machine-cpu';

const DEADLINE_MS = 15 * 60_000;

interface Options {
  db: 'pg' | 'pglite';
  subscribers: number;
  sizes: number[];
  participants: number;
  rooms: number;
  instances: number;
  snapshots: number;
  clients: number;
  moves: MoveFormat;
  media: boolean;
  /** A folder for each instance's CPU profile (written when it stops). */
  cpuProf?: string;
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
    const media = opts.media
      ? {
          LIVEKIT_URL: 'ws://127.0.0.1:3329',
          LIVEKIT_API_KEY: 'benchkey',
          LIVEKIT_API_SECRET: 'bench-media-secret-0123456789abcdef',
        }
      : {};
    const instances: Instance[] = [];
    for (let i = 0; i < opts.instances; i++) {
      const instance = await startInstance({ ...env, ...media, NODE_ENV: 'production' }, [
        '--expose-gc',
        ...(opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProf}`] : []),
      ]);
      cleanups.push(() => instance.stop());
      instances.push(instance);
    }
    const clients = Array.from({ length: opts.clients }, () => new LoadClient());
    cleanups.push(() => clients.forEach((c) => c.stop()));
    await run(instances, clients, key, opts);
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
      sizes: { type: 'string' },
      participants: { type: 'string', default: '100' },
      rooms: { type: 'string', default: '100' },
      instances: { type: 'string', default: '1' },
      snapshots: { type: 'string', default: '1000' },
      clients: { type: 'string', default: '2' },
      moves: { type: 'string', default: 'grouped' },
      'no-media': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
    },
  });
  const hasPostgres = fs.existsSync('/usr/lib/postgresql');
  const db = (values.db ?? (hasPostgres ? 'pg' : 'pglite')) as Options['db'];
  if (db !== 'pg' && db !== 'pglite') throw new Error('--db must be pg or pglite');
  const moves = parseMoveFormat(values.moves);
  if (!moves) throw new Error('--moves must be grouped or full');
  const instances = Number(values.instances);
  if (instances > 1 && db !== 'pg') throw new Error('several instances share one PostgreSQL: use --db pg');
  const sizes = (values.sizes ?? values.subscribers).split(',').map(Number);
  if (sizes.some((n, i) => !(n > 0) || (i > 0 && n <= sizes[i - 1]!))) {
    throw new Error('--sizes must be increasing positive numbers');
  }
  return {
    instances,
    snapshots: Number(values.snapshots),
    db,
    subscribers: sizes.at(-1)!,
    sizes,
    participants: Number(values.participants),
    rooms: Math.max(2, Math.min(100, Number(values.rooms))),
    clients: Math.max(1, Number(values.clients)),
    moves,
    media: !values['no-media'],
    cpuProf: values['cpu-prof'],
  };
}

async function run(instances: Instance[], clients: LoadClient[], key: string, opts: Options) {
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

  // The pages' stream: moves grouped by preset (`--moves full`: each person with their preset, the default
  // of the API).
  const urlOf = (i: number) =>
    `${instances[i % instances.length]!.url}/api/v1/meetings/${meeting.id}/events?moves=${opts.moves}`;
  // Warm up (JIT, connection and allocator pools) so the memory delta is what subscribers hold, not
  // what the first snapshots left in malloc's free lists.
  const warm: Subscriber[] = [];
  await inBatches(Math.min(200, opts.subscribers), 50, async (i) => {
    warm[i] = await subscribeRetrying(urlOf(i), seats[i % seats.length]!.token);
  });
  const resumeFrom = warm[0]!.lastEventId;
  for (const w of warm) w.close();
  const statsAll = (settle = false) => Promise.all(instances.map((x) => stats(x.url, settle)));
  while ((await statsAll()).some((s) => s.bus.subscribers > 0)) await new Promise((r) => setTimeout(r, 100));
  const before = await statsAll(true);

  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const sum = (xs: Stats[], f: (s: Stats) => number) => xs.reduce((t, s) => t + f(s), 0);
  console.log(
    `\nFan-out (${opts.db}): up to ${opts.subscribers} SSE subscribers on ${instances.length} instance(s) from ${clients.length} load-client process(es), ${opts.rooms} rooms, ${opts.participants} participants moved at each size, moves ${opts.moves}${opts.media ? ', media tokens signed' : ', no media'}`,
  );
  let connected = 0;
  let source = meeting.id;
  for (const [step, size] of opts.sizes.entries()) {
    const connectStart = performance.now();
    const plan: Array<{ index: number; url: string; token: string; resume?: number }> = [];
    for (let i = connected; i < size; i++) {
      // Up to ten connections per participant, like people with several tabs, each with their own token.
      plan.push({
        index: i,
        url: urlOf(i),
        token: seats[i % seats.length]!.token,
        resume: i >= opts.snapshots ? resumeFrom : undefined,
      });
    }
    await Promise.all(clients.map((c, k) => c.connect(plan.filter((_, j) => j % clients.length === k))));
    connected = size;
    // A resumed stream joins the bus after its (empty) replay: wait until every one is there.
    while ((await statsAll()).reduce((n, s) => n + s.bus.subscribers, 0) < size)
      await new Promise((r) => setTimeout(r, 100));
    const connectMs = performance.now() - connectStart;
    await new Promise((r) => setTimeout(r, 500));
    const after = await statsAll(true);
    const delta = (f: (s: Stats) => number) => kb((sum(after, f) - sum(before, f)) / size);

    console.log(
      `\n  ${size} subscribers (${instances.length} instance(s); ${after.map((s) => s.bus.subscribers).join(' + ')} on the buses):`,
    );
    console.log(
      `    connecting ${size - plan.length}→${size} (${Math.min(size, opts.snapshots)} in all with a snapshot, the rest resuming): ${ms(connectMs)}`,
    );
    console.log(
      `    server memory per subscriber: RSS ${delta((s) => s.memory.rss)} KB, heap ${delta((s) => s.memory.heapUsed)} KB (target: under 50 KB) (heapTotal ${delta((s) => s.memory.heapTotal)} KB, external ${delta((s) => s.memory.external)} KB, arrayBuffers ${delta((s) => s.memory.arrayBuffers)} KB)`,
    );

    /** Moves these people to `destination`, waits until every subscriber has the event; `label`: print it. */
    const measure = async (ids: string[], destination: string, label?: string) => {
      const cpuFrom = await Promise.all(instances.map((x) => stats(x.url, false, true)));
      const readsFrom = sum(cpuFrom, (s) => s.bus.reads);
      const idleFrom = machine();
      const armed = clients.map((c) => c.arm());
      const sent = epochMs();
      const moved = await api<{ moved: number }>('POST', `/meetings/${meeting.id}/connected-meetings/move`, {
        source_meeting_id: source,
        destination_meeting_id: destination,
        participant_ids: ids,
      });
      const answered = epochMs();
      const results = await Promise.race([
        Promise.all(armed),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('not every subscriber got the move')), 60_000),
        ),
      ]);
      const idle = idleShare(idleFrom, machine());
      const latencies = results
        .flatMap((r) => r.times)
        .map((t) => t - sent)
        .sort((a, b) => a - b);
      const end = await Promise.all(instances.map((x) => stats(x.url, false, true)));
      if (!label) return undefined;
      console.log(`\n    ${label}: a ${moved.moved}-participant move`);
      console.log(`      move command answered after: ${ms(answered - sent)}`);
      console.log(
        `      event at every subscriber, from the move request: p50 ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}, max ${ms(latencies.at(-1)!)} (target: p95 within 1000 ms)`,
      );
      for (const [i, s] of end.entries()) {
        const d = s.bus.deliveries.filter((x) => x.meetingId === meeting.id && x.wokeAt >= sent - 50);
        const first = d[0];
        const last = d.at(-1);
        const system = (s.cpu.system - cpuFrom[i]!.cpu.system) / 1000;
        const cpu = (s.cpu.user - cpuFrom[i]!.cpu.user) / 1000 + system;
        console.log(
          `      instance ${i + 1}: ${first && last ? `woken ${ms(first.wokeAt - sent)}, read ${ms(first.readAt - sent)}, every stream handed the rows ${ms(last.handedAt - sent)}, every frame enqueued ${last.enqueuedAt ? ms(last.enqueuedAt - sent) : 'not yet'} after the request (${d.length} deliveries)` : 'no delivery recorded'}; CPU ${ms(cpu)} (${ms(system)} of it in the kernel) from the move request to the last subscriber informed`,
        );
      }
      const clientCpu = results.map((r) => ms(r.cpuMs)).join(' + ');
      console.log(
        `      load clients: CPU ${clientCpu} from arming to the last of their subscribers informed`,
      );
      const bytes = results[0]!.bytes;
      console.log(
        `      the move's message (moves ${opts.moves}): ${kb(bytes)} KB at each subscriber, ${((bytes * size) / 1024 ** 2).toFixed(0)} MB in all`,
      );
      console.log(`      reads of the event log for the move: ${sum(end, (s) => s.bus.reads) - readsFrom}`);
      console.log(
        `      machine idle CPU from the move request to the last subscriber informed: ${idle.toFixed(0)}% (${os.cpus().length} cores, shared; the load clients run on them too)${idle < 15 ? ' — saturated' : ''}`,
      );
      return pct(latencies, 95);
    };

    // Side by side, the same people and subscribers: half of them (the other half stays behind, so the
    // move names its people), the other half following unmeasured; everyone but one into another room
    // (on a grouped stream compact, naming the one who stays instead), the one left following unmeasured;
    // then everyone back (nobody stays behind: compact).
    const everyone = seats.map((s) => s.id);
    const [there, next] = [rooms[(2 * step) % rooms.length]!.id, rooms[(2 * step + 1) % rooms.length]!.id];
    const half = Math.ceil(everyone.length / 2);
    const halfP95 = await measure(
      everyone.slice(0, half),
      there,
      `half (the other half stays${opts.moves === 'grouped' && half >= BITS_FROM ? ': bits over the meeting' : ': its people named'})`,
    );
    await measure(everyone.slice(half), there);
    source = there;
    const body = JSON.stringify({
      source_meeting_id: there,
      destination_meeting_id: next,
      participant_ids: everyone,
    });
    if (body.length > API_BODY_LIMIT) {
      console.log(
        `\n    everyone but one, and everyone: not measured (a move of ${everyone.length} people is ${kb(body.length)} KB, more than one request may carry, ${kb(API_BODY_LIMIT)} KB)`,
      );
      continue;
    }
    const named = await measure(
      everyone.slice(0, -1),
      next,
      `everyone but one${opts.moves === 'grouped' ? ' (compact: the one who stays named)' : ''}`,
    );
    await measure(everyone.slice(-1), next);
    source = next;
    const compact = await measure(
      everyone,
      there,
      `everyone (nobody left behind${opts.moves === 'grouped' ? ': compact' : ''})`,
    );
    source = there;
    console.log(
      `\n    p95 half / everyone: ${(halfP95! / compact!).toFixed(2)} (${ms(halfP95!)} / ${ms(compact!)})`,
    );
    console.log(
      `    p95 everyone / everyone but one: ${(compact! / named!).toFixed(2)} (${ms(compact!)} / ${ms(named!)})`,
    );
  }
}

const epochMs = () => performance.timeOrigin + performance.now();

// ---- The load clients: child processes (this file with BENCH_FANOUT_CLIENT=1) holding the subscribers,
// so parsing ten thousand streams is not one saturated event loop beside the servers.

type ToClient =
  | { kind: 'connect'; plan: Array<{ index: number; url: string; token: string; resume?: number }> }
  | { kind: 'arm' };
type FromClient =
  | { kind: 'connected' }
  | { kind: 'moved'; times: number[]; cpuMs: number; bytes: number }
  | { kind: 'error'; message: string };

class LoadClient {
  private child: ChildProcess;
  private waiting: Array<{ kind: string; resolve: (m: FromClient) => void; reject: (e: Error) => void }> = [];

  constructor() {
    this.child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, BENCH_FANOUT_CLIENT: '1' },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: FromClient) => {
      if (m.kind === 'error') return this.waiting.shift()?.reject(new Error(m.message));
      const i = this.waiting.findIndex((w) => w.kind === m.kind);
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(m);
    });
  }

  private ask<T extends FromClient>(message: ToClient, answer: T['kind']): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ kind: answer, resolve: resolve as (m: FromClient) => void, reject });
      this.child.send(message);
    });
  }

  async connect(plan: Extract<ToClient, { kind: 'connect' }>['plan']): Promise<void> {
    await this.ask({ kind: 'connect', plan }, 'connected');
  }

  /** Resolves once every subscriber of this client has seen one move more than now: its arrival times. */
  arm(): Promise<Extract<FromClient, { kind: 'moved' }>> {
    return this.ask({ kind: 'arm' }, 'moved');
  }

  stop() {
    this.child.kill();
  }
}

function clientProcess() {
  const subscribers: Subscriber[] = [];
  process.on('message', (m: ToClient) => {
    const fail = (err: unknown) =>
      process.send!({ kind: 'error', message: String(err) } satisfies FromClient);
    if (m.kind === 'connect') {
      inBatches(m.plan.length, 10, async (j) => {
        const { url, token, resume } = m.plan[j]!;
        subscribers.push(await subscribeRetrying(url, token, resume));
      }).then(() => process.send!({ kind: 'connected' } satisfies FromClient), fail);
    } else {
      const cpu = process.cpuUsage();
      Promise.all(subscribers.map((s) => s.moves(s.seen() + 1))).then((times) => {
        const used = process.cpuUsage(cpu);
        const bytes = subscribers[0]?.lastMoveBytes() ?? 0;
        process.send!({
          kind: 'moved',
          times,
          cpuMs: (used.user + used.system) / 1000,
          bytes,
        } satisfies FromClient);
      }, fail);
    }
  });
}

async function subscribeRetrying(url: string, token: string, resume?: number): Promise<Subscriber> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await subscribe(url, token, resume);
    } catch (err) {
      // A 503: the pool was busy with the connection burst on a loaded machine. Try again, a few times.
      if (attempt >= 10 || !String(err).includes('503')) throw err;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

interface Subscriber {
  /** Resolves when the stream has received its `n`th move (its arrival time, epoch ms). */
  moves: (n: number) => Promise<number>;
  /** How many moves it has received. */
  seen: () => number;
  /** The size of the last move message it received, in bytes. */
  lastMoveBytes: () => number;
  /** The snapshot's event id (subscribers that resumed: the id they resumed from). */
  lastEventId: number;
  close: () => void;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/**
 * One SSE connection; resolves once its snapshot arrived (or, resuming after `resume`, once the stream
 * opened). Each `participants_moved` message is timed when its end (the blank line) arrives.
 */
const MOVED = Buffer.from('event: participants_moved');
const END = Buffer.from('\n\n');

function subscribe(url: string, token: string, resume?: number): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const arrivals: number[] = [];
    const waiters = new Map<number, (t: number) => void>();
    const moves = (n: number) =>
      arrivals.length >= n
        ? Promise.resolve(arrivals[n - 1]!)
        : new Promise<number>((r) => waiters.set(n, r));
    const seen = () => arrivals.length;
    let moveBytes = 0; // of the move message being read, before what is kept for the next chunk
    let lastBytes = 0;
    const lastMoveBytes = () => lastBytes;
    const onMoved = () => {
      arrivals.push(epochMs());
      waiters.get(arrivals.length)?.(arrivals.at(-1)!);
      waiters.delete(arrivals.length);
    };
    const target =
      resume === undefined ? url : `${url}${url.includes('?') ? '&' : '?'}last_event_id=${resume}`;
    const req = http.get(target, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`subscribe answered ${res.statusCode}`));
      // Bytes, not text: ten thousand streams each receiving a 125 KB event must not cost the load client
      // (on the same cores as the servers) a decode and a rescan of everything received.
      let pending: Buffer = Buffer.alloc(0);
      let ready = false;
      let moving = false;
      const close = () => req.destroy();
      if (resume !== undefined) {
        ready = true;
        resolve({ moves, seen, lastMoveBytes, lastEventId: resume, close });
      }
      res.on('data', (chunk: Buffer) => {
        let text: Buffer = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        while (!ready) {
          const end = text.indexOf(END);
          if (end < 0) {
            pending = text;
            return;
          }
          const block = text.subarray(0, end).toString('utf8');
          if (block.startsWith('event: snapshot')) {
            ready = true;
            resolve({
              moves,
              seen,
              lastMoveBytes,
              lastEventId: Number(/^id: (\d+)/m.exec(block)?.[1] ?? 0),
              close,
            });
          }
          text = text.subarray(end + 2);
        }
        // The move's message: its start, then the blank line that ends it (JSON has no raw newline).
        for (;;) {
          if (moving) {
            const end = text.indexOf(END);
            if (end < 0) break;
            moving = false;
            lastBytes = moveBytes + end + END.length;
            onMoved();
            text = text.subarray(end + 2);
          }
          const start = text.indexOf(MOVED);
          if (start < 0) break;
          moving = true;
          moveBytes = MOVED.length;
          text = text.subarray(start + MOVED.length);
        }
        // Keep what could be the start of a marker split across chunks.
        const keep = moving ? END.length - 1 : MOVED.length - 1;
        if (moving) moveBytes += Math.max(0, text.length - keep);
        pending = Buffer.from(text.subarray(Math.max(0, text.length - keep)));
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
  cpu: NodeJS.CpuUsage;
  bus: {
    subscribers: number;
    reads: number;
    deliveries: Array<{
      meetingId: string;
      wokeAt: number;
      readAt: number;
      handedAt: number;
      enqueuedAt?: number;
    }>;
  };
}

/**
 * The server's figures, read after a garbage collection (`cheap`: without one, for the CPU around a move).
 * With `settle`, the lowest RSS of a few readings a quarter second apart: right after a burst of
 * connections the allocator has not yet returned the burst's transient memory (snapshots being
 * serialized), which is not what subscribers hold.
 */
async function stats(base: string, settle = false, cheap = false): Promise<Stats> {
  const read = async () =>
    (await (await fetch(`${base}/_instance/stats${cheap ? '?nogc' : ''}`)).json()) as Stats;
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

if (process.env.BENCH_FANOUT_CLIENT === '1') clientProcess();
else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
