import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { env } from '@/lib/env';

let cached: string | undefined;

/**
 * The secret that signs sessions and invite links. AUTH_SECRET when set. On the embedded default (one
 * process, PGlite) a random one is made once and kept beside the database so sign-ins survive restarts;
 * with a shared database every instance must share the secret, so it is required there.
 */
export function authSecret(): string {
  if (cached) return cached;
  const e = env();
  if (e.AUTH_SECRET) return (cached = e.AUTH_SECRET);
  if (e.databaseDriver !== 'pglite') {
    throw new Error(
      'AUTH_SECRET is required when DATABASE_URL is set (generate one: openssl rand -base64 33).',
    );
  }
  const file = path.join(path.dirname(path.resolve(e.PGLITE_DIR)), 'auth-secret');
  try {
    cached = fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    cached = randomBytes(33).toString('base64url');
    fs.writeFileSync(file, cached, { mode: 0o600 });
  }
  return cached;
}
