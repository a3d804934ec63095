// One app instance for multi-process tests and the benchmarks: the real REST router for /api/v1/* (and
// RealtimeKit's paths under /api/cloudflare/client/v4), the real events handler for
// /api/v1/meetings/{id}/events and the media server's webhook route (/api/livekit/webhook), served over
// node:http on the database the environment names. Production serves the same handlers through Next.js.
//
//   node_modules/.bin/tsx --conditions=react-server tests/support/instance.ts   (INSTANCE_PORT, else a free port)
//
// It prints `listening <port>` when ready. GET /_instance/stats answers this process's memory and event
// bus figures (after a garbage collection when started with --expose-gc, unless asked with `?nogc`).
import { POST as mediaWebhook } from '@/app/api/livekit/webhook/route';
import { closeDb } from '@/db';
import { endpoints } from '@/lib/api/endpoints';
import { createRealtimeKitRouter, REALTIMEKIT_BASE_PATH } from '@/lib/api/realtimekit';
import { createRouter } from '@/lib/api/router';
import { startDeadlineSweeps } from '@/lib/breakout/deadlines';
import { busStats, closeBus } from '@/lib/events/bus';
import { presenceBatcher } from '@/lib/livekit/service';
import { eventsResponse } from '@/lib/events/sse';
import { installPeerAddress } from '@/lib/limits/client-ip';
import { startWebhookDeliveries } from '@/lib/webhooks/worker';
import { createFetchServer } from './fetch-server';

installPeerAddress();
const router = createRouter(endpoints);
const realtimeKit = createRealtimeKitRouter(endpoints);
// As instrumentation.ts does in the app; a test may sweep more often than production does.
startDeadlineSweeps(Number(process.env.INSTANCE_DEADLINE_SWEEP_MS ?? 0) || undefined);
startWebhookDeliveries();
const EVENTS_PATH = /^\/api\/v1\/meetings\/([^/]+)\/events\/?$/;

async function handle(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === '/_instance/stats') {
    // `?nogc`: a cheap reading (the benchmark reads the CPU used around a move without adding a collection).
    const gc = url.searchParams.has('nogc') ? undefined : (globalThis as { gc?: () => void }).gc;
    gc?.();
    return Response.json({
      memory: process.memoryUsage(),
      cpu: process.cpuUsage(),
      gc: Boolean(gc),
      bus: await busStats(),
      presence: presenceBatcher.stats(),
    });
  }
  const events = request.method === 'GET' ? EVENTS_PATH.exec(url.pathname) : null;
  if (events) return eventsResponse(request, decodeURIComponent(events[1]!));
  if (url.pathname.startsWith(`${REALTIMEKIT_BASE_PATH}/`)) return realtimeKit(request);
  if (request.method === 'POST' && url.pathname === '/api/livekit/webhook') return mediaWebhook(request);
  return router(request);
}

const server = createFetchServer(handle);
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
