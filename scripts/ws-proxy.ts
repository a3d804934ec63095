import net from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * A WebSocket-to-TCP proxy like the one Neon runs in front of Postgres: each WebSocket carries one
 * Postgres connection to `?address=host:port`. It lets the Neon serverless driver reach a local
 * PostgreSQL, so tests exercise the production driver. Only loopback targets are allowed.
 */
export function startWsProxy(port = 0): Promise<{ port: number; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  wss.on('connection', (socket, request) => {
    const address = new URL(request.url ?? '/', 'http://proxy').searchParams.get('address') ?? '';
    const match = /^(127\.0\.0\.1|localhost|\[::1\]):(\d+)$/.exec(address);
    if (!match) return socket.close(1008, 'address must be a loopback host:port');
    const tcp = net.connect({
      host: match[1] === 'localhost' ? '127.0.0.1' : match[1],
      port: Number(match[2]),
    });
    const pending: Buffer[] = [];
    tcp.on('connect', () => pending.splice(0).forEach((b) => tcp.write(b)));
    socket.on('message', (data: Buffer) => (tcp.connecting ? pending.push(data) : tcp.write(data)));
    tcp.on('data', (data) => socket.send(data));
    const end = () => {
      tcp.destroy();
      socket.close();
    };
    socket.on('close', end);
    socket.on('error', end);
    tcp.on('close', end);
    tcp.on('error', end);
  });
  return new Promise((resolve, reject) => {
    wss.on('listening', () => {
      const addr = wss.address() as { port: number };
      resolve({ port: addr.port, close: () => new Promise((r) => wss.close(() => r())) });
    });
    wss.on('error', reject);
  });
}
