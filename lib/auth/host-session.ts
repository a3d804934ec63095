import 'server-only';
import { randomUUID } from 'node:crypto';
import { decode } from '@auth/core/jwt';
import { eq, lt } from 'drizzle-orm';
import { db } from '@/db';
import { revokedSessions, users } from '@/db/schema';
import { changingCredentials, credentialKey } from '@/lib/events/credentials';
import { authSecret } from './secret';

// Dashboard sessions are Auth.js JWTs (password sign-in needs them), which no server can take back by
// itself. Each carries a random session id (`sid`); signing out records it in `revoked_sessions`, so every
// instance refuses the session from then on, and announces it, so streams it opened close at once.
// Kept apart from ./config so route handlers and tests can read a session without Next.js's context.

/** A signed-in dashboard session: whose it is and its id (what signing out revokes). */
export interface HostSession {
  hostId: string;
  sessionId: string;
}

/** A new session id for a sign-in (kept in the JWT as `sid`). */
export const newSessionId = () => randomUUID();

/** True when this session id was signed out (a session without an id predates them: refused too). */
export async function isSessionRevoked(sessionId: unknown): Promise<boolean> {
  if (typeof sessionId !== 'string' || !sessionId) return true;
  const d = await db();
  const [row] = await d
    .select({ id: revokedSessions.id })
    .from(revokedSessions)
    .where(eq(revokedSessions.id, sessionId));
  return Boolean(row);
}

/**
 * Signs a session out on the server: every instance refuses it from now on, and streams it opened close.
 * Called by Auth.js on sign-out; expired rows are dropped on the way.
 */
export async function revokeSession(session: HostSession & { expiresAt?: Date }): Promise<void> {
  const expiresAt = session.expiresAt ?? new Date(Date.now() + SESSION_MAX_AGE_S * 1000);
  await changingCredentials(async (tx, changed) => {
    await tx
      .insert(revokedSessions)
      .values({ id: session.sessionId, userId: session.hostId, expiresAt })
      .onConflictDoNothing();
    await tx.delete(revokedSessions).where(lt(revokedSessions.expiresAt, new Date()));
    changed(credentialKey.session(session.sessionId));
  });
}

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

// Auth.js v5 cookie names: the __Secure- one on https; a large session is chunked into ".0", ".1", ….
const COOKIE_NAMES = ['__Secure-authjs.session-token', 'authjs.session-token'];

/** The session cookie's value (chunks joined) under one name, if the header has it. */
function sessionCookie(header: string, name: string): string | undefined {
  const parts = new Map<string, string>();
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k && (k === name || k.startsWith(`${name}.`))) parts.set(k, v.join('='));
  }
  if (parts.has(name)) return parts.get(name);
  const chunks = [...parts].sort(([a], [b]) => Number(a.split('.').pop()) - Number(b.split('.').pop()));
  return chunks.length ? chunks.map(([, v]) => v).join('') : undefined;
}

/**
 * The dashboard session a request carries, read from its cookie as Auth.js reads it, if it is valid: not
 * signed out and its account still there. For route handlers and the REST API (no Next.js context needed).
 */
export async function sessionFromRequest(request: Request): Promise<HostSession | undefined> {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const name of COOKIE_NAMES) {
    const value = sessionCookie(header, name);
    if (!value) continue;
    let token: { sub?: string; sid?: unknown } | null;
    try {
      token = await decode({ token: decodeURIComponent(value), secret: authSecret(), salt: name });
    } catch {
      continue;
    }
    if (!token?.sub || typeof token.sid !== 'string') continue;
    if (await isSessionRevoked(token.sid)) continue;
    const d = await db();
    const [row] = await d.select({ id: users.id }).from(users).where(eq(users.id, token.sub));
    if (row) return { hostId: row.id, sessionId: token.sid };
  }
  return undefined;
}
