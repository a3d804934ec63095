import 'server-only';
import http from 'node:http';
import { env } from '@/lib/env';

/**
 * The header this process stamps with the socket's peer address on every request it receives. Next.js
 * hands route handlers no socket, and fills X-Forwarded-For from the socket only when the client did not
 * send one, so that header alone cannot be trusted; this one is always overwritten.
 */
export const PEER_HEADER = 'x-breakout-peer';

const g = globalThis as { __breakoutPeerStamp?: boolean; __breakoutPeerWarned?: boolean };

/** Makes every HTTP server of this process stamp PEER_HEADER from the socket (instrumentation calls it). */
export function installPeerAddress(): void {
  if (g.__breakoutPeerStamp) return;
  g.__breakoutPeerStamp = true;
  const proto = http.Server.prototype as unknown as { emit: (event: string, ...args: unknown[]) => boolean };
  const emit = proto.emit;
  proto.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? '';
    }
    return emit.call(this, event, ...args);
  };
}

export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'header'; name: string };

/** TRUST_PROXY: unset/false (the socket), a number of proxies in front (X-Forwarded-For), or a header name. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim().toLowerCase();
  if (!v || v === 'false' || v === '0') return { kind: 'none' };
  if (v === 'true') return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(v)) return { kind: 'hops', hops: Number(v) };
  return { kind: 'header', name: v };
}

/**
 * The client's address: from the socket, or from what the configured trusted proxy says. With N proxies
 * in front, X-Forwarded-For's N-th entry from the right is the address the outermost one saw; entries
 * left of it are whatever the client wrote, so they are never read.
 */
export function clientIp(headers: Headers, trust: TrustProxy = parseTrustProxy(env().TRUST_PROXY)): string {
  const peer = g.__breakoutPeerStamp ? headers.get(PEER_HEADER)?.trim() : undefined;
  if (trust.kind === 'header') {
    const value = headers.get(trust.name)?.split(',')[0]?.trim();
    if (value) return normalize(value);
  } else if (trust.kind === 'hops') {
    const list = (headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const entry = list[list.length - trust.hops];
    if (entry) return normalize(entry);
  }
  if (peer) return normalize(peer);
  if (!g.__breakoutPeerWarned) {
    g.__breakoutPeerWarned = true;
    console.warn('No client address for a request: per-IP limits count such requests together.');
  }
  return 'unknown';
}

// IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d.
const normalize = (ip: string) => ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();
