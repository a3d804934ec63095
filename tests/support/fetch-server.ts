// Serves a fetch-style handler (Request in, Response out, as Next.js route handlers are) over node:http on
// a loopback port, streaming the answer; used by tests/support/instance.ts and by tests that need real
// HTTP in their own process (a client library that makes its own requests).
import http from 'node:http';
import { once } from 'node:events';

export type FetchHandler = (request: Request) => Promise<Response>;

async function serve(handler: FetchHandler, req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
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
  const response = await handler(request);
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

/** An http.Server answering every request with `handler` (not yet listening). */
export function createFetchServer(handler: FetchHandler): http.Server {
  const server = http.createServer((req, res) => {
    serve(handler, req, res).catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

/** Listens on a free loopback port; gives the base URL and a stop function. */
export async function listenFetchServer(handler: FetchHandler) {
  const server = createFetchServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
