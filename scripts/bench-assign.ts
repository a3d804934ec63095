// Assignment benchmark: one app instance serving the real endpoint, a main meeting with 1,000 participants
// (100 of them tagged "mentor"), then POST …/connected-meetings/draft/assign into 100 rooms with every
// kind of constraint (50 keep-apart groups of 4 and 50 keep-together groups of 3, fewer and smaller in a
// small class; one mentor per room), a number of times. Prints the request → answer time on loopback
// (p50/p95/max; the command's whole transaction: load 1,000 people, search, save the draft, append the
// event) on PGlite and PostgreSQL, with the machine's idle CPU before and during the runs (the machine is
// shared, so that says how much of it the figures had). Then the same draft is started and every room
// closed again, as many times: the answer times of those two commands, each moving everyone (`--people 50
// --rooms 25` for a class).
//
//   npx tsx scripts/bench-assign.ts [--db pg|pglite|both] [--people 1000] [--rooms 100] [--runs 30]
//
// PostgreSQL is a throwaway cluster from Debian's binaries (skipped when they are not installed).
import fs from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startInstance } from '../tests/support/spawn-instance';
import { benchDatabase, createHostKey } from './bench-app';
import { idleShare, machineCpu as machine } from './machine-cpu';

const DEADLINE_MS = 15 * 60_000;

interface Options {
  people: number;
  rooms: number;
  runs: number;
}

/** Runs the benchmark on each database asked for and prints its figures. */
export async function main(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'both' },
      people: { type: 'string', default: '1000' },
      rooms: { type: 'string', default: '100' },
      runs: { type: 'string', default: '30' },
    },
  });
  const opts = {
    people: Number(values.people),
    rooms: Math.min(100, Number(values.rooms)),
    runs: Number(values.runs),
  };
  const hasPostgres = fs.existsSync('/usr/lib/postgresql');
  const dbs = values.db === 'both' ? (['pglite', ...(hasPostgres ? ['pg'] : [])] as const) : [values.db];
  const deadline = setTimeout(() => {
    console.error(`bench-assign: gave up after ${DEADLINE_MS / 60_000} minutes`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  for (const db of dbs) {
    if (db !== 'pg' && db !== 'pglite') throw new Error('--db must be pg, pglite or both');
    const cleanups: Array<() => unknown> = [];
    try {
      const env = await benchDatabase(db, cleanups);
      const key = createHostKey(env);
      const instance = await startInstance({ ...env, NODE_ENV: 'production' });
      cleanups.push(() => instance.stop());
      await run(db, instance.url, key, opts);
    } finally {
      for (const c of cleanups.reverse()) await c();
    }
  }
  clearTimeout(deadline);
}

async function run(db: string, base: string, key: string, opts: Options) {
  const api = client(base, key);
  const meeting = await api<{ id: string }>('POST', '/meetings', { title: 'Assign bench' });
  const ids: string[] = [];
  await inBatches(opts.people, 20, async (i) => {
    const p = await api<{ id: string }>('POST', `/meetings/${meeting.id}/participants`, {
      name: `Person ${String(i + 1).padStart(4, '0')}`,
      preset_name: 'participant',
      ...(i % 10 === 0 ? { tags: ['mentor'] } : {}),
    });
    ids[i] = p.id;
  });
  // Groups drawn from disjoint stretches of people, so the set is satisfiable (as a facilitator's would be).
  // A group takes a stretch of nine, so a class has fewer of them (overlapping, they would merge).
  const half = Math.floor(opts.people / 2);
  const groups = Math.min(50, Math.floor(half / 9));
  const apart = Array.from({ length: groups }, (_, g) => [1, 2, 3, 4].map((k) => ids[(g * 9 + k) % half]!));
  // Groups kept together are of three, or as many as a room holds when rooms are smaller.
  const size = Math.min(3, Math.ceil(opts.people / opts.rooms));
  const together = Array.from({ length: size > 1 ? groups : 0 }, (_, g) =>
    Array.from({ length: size }, (_, k) => ids[half + ((g * 9 + k) % half)]!),
  );
  const body = {
    mode: 'even',
    rooms: opts.rooms,
    shuffle: true,
    include_absent: true,
    spread_tag: 'mentor',
    keep_apart: apart,
    keep_together: together,
  };
  const path = `/meetings/${meeting.id}/connected-meetings/draft/assign`;
  for (let i = 0; i < 3; i++) await api('POST', path, body); // warm-up: JIT, pools, query plans
  const idleBefore = await idleOver(1000);
  const m0 = machine();
  const times: number[] = [];
  let placed = 0;
  for (let i = 0; i < opts.runs; i++) {
    const t0 = performance.now();
    const out = await api<{ draft: { assignments: Record<string, string> } }>('POST', path, body);
    times.push(performance.now() - t0);
    placed = Object.keys(out.draft.assignments).length;
  }
  const idleDuring = idleShare(m0, machine());
  times.sort((a, b) => a - b);
  // The same draft saved as it is (PUT …/draft): what storing a 1,000-person draft and its event costs
  // alone, so the figures above can be read as that plus loading the people and the search.
  const { draft } = await api<{ draft: unknown }>('GET', `/meetings/${meeting.id}/connected-meetings/draft`);
  const saves: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = performance.now();
    await api('PUT', `/meetings/${meeting.id}/connected-meetings/draft`, draft);
    saves.push(performance.now() - t0);
  }
  saves.sort((a, b) => a - b);
  // That draft started (everyone moved into their room, one move event per room) and every room closed
  // again (everyone back in the main meeting), as a class does: the moves of a hundred rooms in one
  // command's transaction, under the main meeting's lock.
  const starts: number[] = [];
  const closes: number[] = [];
  const idleCycles = machine();
  for (let i = 0; i < opts.runs; i++) {
    await api('PUT', `/meetings/${meeting.id}/connected-meetings/draft`, draft);
    let t0 = performance.now();
    const started = await api<{ moved: number }>(
      'POST',
      `/meetings/${meeting.id}/connected-meetings/draft/start`,
      {},
    );
    starts.push(performance.now() - t0);
    if (started.moved !== placed) throw new Error(`the draft start moved ${started.moved} of ${placed}`);
    t0 = performance.now();
    await api('POST', `/meetings/${meeting.id}/connected-meetings/close-all`, {});
    closes.push(performance.now() - t0);
  }
  const idleCyclesShare = idleShare(idleCycles, machine());
  starts.sort((a, b) => a - b);
  closes.sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.log(
    `\nAssign (${db}): ${placed} people into ${opts.rooms} rooms, ${groups} keep-apart groups of 4, ${together.length} keep-together groups of ${size}, mentors spread; ${opts.runs} runs`,
  );
  console.log(
    `  request → answer (server time on loopback): p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}, max ${ms(times.at(-1)!)} (target: p95 ≤ 250 ms)`,
  );
  console.log(
    `  for comparison, saving that same draft (PUT …/draft): p50 ${ms(pct(saves, 50))}, p95 ${ms(pct(saves, 95))}`,
  );
  console.log(
    `  machine: ${os.cpus().length} cores, idle CPU ${idleBefore.toFixed(0)} % just before, ${idleDuring.toFixed(0)} % during the runs`,
  );
  console.log(
    `  that draft started (POST …/draft/start, ${placed} people into ${opts.rooms} rooms): p50 ${ms(pct(starts, 50))}, p95 ${ms(pct(starts, 95))}; every room closed again (POST …/close-all): p50 ${ms(pct(closes, 50))}, p95 ${ms(pct(closes, 95))} (idle CPU ${idleCyclesShare.toFixed(0)} %)`,
  );
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

async function idleOver(ms: number) {
  const a = machine();
  await new Promise((r) => setTimeout(r, ms));
  return idleShare(a, machine());
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
