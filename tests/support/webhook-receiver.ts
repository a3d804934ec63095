// The app's media webhook route served on a loopback port, so a LiveKit server of the test's own posts
// its real webhooks to it: presence, sessions and the media checks run as in production.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Serves POST /api/livekit/webhook of the app on a free loopback port; `url` is where to post. */
export async function serveMediaWebhooks(): Promise<{ url: string; close(): void }> {
  const { POST } = await import('@/app/api/livekit/webhook/route');
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      void POST(
        new Request('http://localhost/api/livekit/webhook', {
          method: 'POST',
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      ).then(async (answer) => {
        res.writeHead(answer.status).end(await answer.text());
      });
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const { port } = receiver.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/livekit/webhook`, close: () => receiver.close() };
}
