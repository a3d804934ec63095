// Webhook delivery benchmark: one app instance (with its delivery worker), 10 webhook endpoints on local
// receivers (one of them slow: it answers after 500 ms), and 1,000 events made by real commands (chat
// messages posted through the REST API in 10 meetings, 100 each). Prints deliveries per second and the
// p50/p95 delay from an event's commit to its receipt, for the fast receivers and the slow one apart (the
// slow one must not delay the others), and the machine's idle CPU.
//
//   npx tsx scripts/bench-webhooks.ts [--db pg|pglite] [--events 1000] [--endpoints 10] [--slow-ms 500]
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { startInstance } from '../tests/support/spawn-instance';
import { benchDatabase, createHostKey } from './bench-app';
import { idleShare, machineCpu as machine } from './machine-cpu';

const DEADLINE_MS = 10 * 60_000;

interface Receiver {
  url: string;
  slow: boolean;
  delays: number[];
  firstAt: number;
  lastAt: number;
  close: () => void;
}

async function receiver(delayMs: number): Promise<Receiver> {
  const r: Receiver = {
    url: '',
    slow: delayMs > 0,
    delays: [],
    firstAt: 0,
    lastAt: 0,
    close: () => undefined,
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const now = Date.now();
      r.delays.push(now - Date.parse((JSON.parse(body) as { timestamp: string }).timestamp));
      r.firstAt ||= now;
      r.lastAt = now;
      setTimeout(() => res.writeHead(204).end(), delayMs);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = () => server.close();
  return r;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      events: { type: 'string', default: '1000' },
      endpoints: { type: 'string', default: '10' },
      'slow-ms': { type: 'string', default: '500' },
    },
  });
  const db = (values.db ?? (fs.existsSync('/usr/lib/postgresql') ? 'pg' : 'pglite')) as 'pg' | 'pglite';
  const events = Number(values.events);
  const endpoints = Number(values.endpoints);
  const meetings = 10;
  const deadline = setTimeout(() => {
    console.error('bench-webhooks: gave up after 10 minutes');
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  const cleanups: Array<() => unknown> = [];
  try {
    const env = await benchDatabase(db, cleanups);
    const key = createHostKey(env);
    const instance = await startInstance({
      ...env,
      NODE_ENV: 'production',
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    });
    cleanups.push(() => instance.stop());
    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${instance.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as { data: T; error?: unknown };
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.error)}`);
      return json.data;
    };
    const receivers = [await receiver(Number(values['slow-ms']))];
    for (let i = 1; i < endpoints; i++) receivers.push(await receiver(0));
    cleanups.push(() => receivers.forEach((r) => r.close()));
    for (const [i, r] of receivers.entries()) {
      await api('POST', '/webhooks', { name: `Receiver ${i}`, url: r.url, events: ['chat.message'] });
    }
    const ids: string[] = [];
    for (let m = 0; m < meetings; m++)
      ids.push((await api<{ id: string }>('POST', '/meetings', { title: `M${m}` })).id);

    await new Promise((r) => setTimeout(r, 1000));
    const idleFrom = machine();
    await new Promise((r) => setTimeout(r, 3000));
    const idleBefore = idleShare(idleFrom, machine());

    const started = Date.now();
    const busyFrom = machine();
    // Each meeting's messages in order, the meetings side by side.
    await Promise.all(
      ids.map(async (id, m) => {
        for (let n = m; n < events; n += meetings)
          await api('POST', `/meetings/${id}/chat`, { message: `Message ${n}` });
      }),
    );
    const posted = Date.now();
    const fast = receivers.filter((r) => !r.slow);
    const slow = receivers.find((r) => r.slow)!;
    while (fast.some((r) => r.delays.length < events)) {
      if (Date.now() - started > DEADLINE_MS - 60_000)
        throw new Error('the fast receivers did not get every event');
      await new Promise((r) => setTimeout(r, 100));
    }
    const fastDone = Date.now();
    const idleDuring = idleShare(busyFrom, machine());
    const fastDelays = fast.flatMap((r) => r.delays);
    const slowAtFastDone = slow.delays.length;
    while (slow.delays.length < events && Date.now() - started < DEADLINE_MS - 30_000) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const slowDone = Date.now();

    console.log(
      `Webhooks: ${events} events (chat messages in ${meetings} meetings) to ${endpoints} endpoints, ${db}`,
    );
    console.log(
      `  events committed in ${((posted - started) / 1000).toFixed(1)} s (${(events / ((posted - started) / 1000)).toFixed(0)} commands/s)`,
    );
    console.log(
      `  ${fast.length} fast receivers: ${fastDelays.length} deliveries in ${((fastDone - started) / 1000).toFixed(1)} s = ${(fastDelays.length / ((fastDone - started) / 1000)).toFixed(0)} deliveries/s; delay from commit p50 ${pct(fastDelays, 50)} ms, p95 ${pct(fastDelays, 95)} ms, max ${pct(fastDelays, 100)} ms`,
    );
    console.log(
      `  slow receiver (${values['slow-ms']} ms per answer): ${slowAtFastDone} delivered when the fast ones were done; all ${slow.delays.length} after ${((slowDone - started) / 1000).toFixed(1)} s (${(slow.delays.length / ((slowDone - started) / 1000)).toFixed(1)}/s); p95 delay ${pct(slow.delays, 95)} ms`,
    );
    console.log(
      `  machine idle CPU: ${idleBefore.toFixed(0)}% idle server with its worker, ${idleDuring.toFixed(0)}% while delivering (${os.cpus().length} cores, shared)`,
    );
  } finally {
    for (const c of cleanups.reverse()) await c();
    clearTimeout(deadline);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
