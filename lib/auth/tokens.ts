import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefixes tell a reader (and a secret scanner) what a leaked string is. */
export const TOKEN_PREFIX = { participant: 'bpt_', apiKey: 'bk_' } as const;

/** A new secret: 256 random bits, base64url, with a prefix. */
export function generateToken(kind: keyof typeof TOKEN_PREFIX): string {
  return TOKEN_PREFIX[kind] + randomBytes(32).toString('base64url');
}

/**
 * The stored form of a token. The tokens carry 256 random bits, so a fast hash is enough: there is
 * nothing to brute-force, and lookups by hash stay an index hit.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True when the string has the shape of a token of that kind (checked before any lookup). */
export function looksLikeToken(kind: keyof typeof TOKEN_PREFIX, value: string): boolean {
  const prefix = TOKEN_PREFIX[kind];
  return value.startsWith(prefix) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(prefix.length));
}

/** A signed value derived from a secret: used for invite links, which the dashboard can show again. */
export function hmac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 128 random bits, for nonces. */
export function nonce(): string {
  return randomBytes(16).toString('base64url');
}
