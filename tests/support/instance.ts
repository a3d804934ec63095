// One app instance for multi-process tests and the fan-out benchmark: the real REST router for /api/v1/*
// and the real events handler for /api/v1/meetings/{id}/events, served over node:http on the database
// the environment names. Production serves the same handlers through Next.js.
//
//   node_modules/.bin/tsx --conditions=react-server tests/support/instance.ts   (INSTANCE_PORT, else a free port)
//
// It prints `listening <port>` when ready. GET /_instance/stats answers this process's memory and event
// bus figures (after a garbage collection when started with --expose-gc).
import http from 'node:http';
import { once } from 'node:events';
import { closeDb } from '@/db';
import { endpoints } from '@/lib/api/endpoints';
import { createRouter } from '@/lib/api/router';
import { busStats, closeBus } from '@/lib/events/bus';
import { eventsResponse } from '@/lib/events/sse';
import { startDeadlineSweeps } from '@/lib/breakout/deadlines';
import { installPeerAddress } from '@/lib/limits/client-ip';
import { startWebhookDeliveries } from '@/lib/webhooks/worker';

installPeerAddress();
const router = createRouter(endpoints);
// As instrumentation.ts does in the app; a test may sweep more often than production does.
startDeadlineSweeps(Number(process.env.INSTANCE_DEADLINE_SWEEP_MS ?? 0) || undefined);
startWebhookDeliveries();
const EVENTS_PATH = /^\/api\/v1\/meetings\/([^/]+)\/events\/?$/;

async function serve(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  if (url.pathname === '/_instance/stats') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    res.writeHead(200, { 'content-type': 'application/json' });
    const body = { memory: process.memoryUsage(), gc: Boolean(gc), bus: await busStats() };
    return res.end(JSON.stringify(body));
  }
  const aborted = new AbortController();
  res.on('close', () => aborted.abort());
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, String(v));
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? await readBody(req) : undefined,
    signal: aborted.signal,
  });
  const events = req.method === 'GET' ? EVENTS_PATH.exec(url.pathname) : null;
  const response = events
    ? await eventsResponse(request, decodeURIComponent(events[1]!))
    : await router(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.flushHeaders();
  if (!response.body) return res.end();
  const reader = response.body.getReader();
  res.on('close', () => void reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await once(res, 'drain');
    }
  } catch {
    // the client went away
  }
  res.end();
}

async function readBody(req: http.IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

const server = http.createServer((req, res) => {
  serve(req, res).catch((err: unknown) => {
    console.error(err);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.INSTANCE_PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});

async function shutdown() {
  server.closeAllConnections();
  server.close();
  await closeBus();
  await closeDb();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
