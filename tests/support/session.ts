// Dashboard sessions for tests: an Auth.js session cookie made exactly as Auth.js makes it (an encrypted
// JWT under the session cookie's name), so the server reads it with its real code.
import { randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';

export const SESSION_COOKIE_NAME = 'authjs.session-token';

/** A session cookie header for a host: a fresh session id unless one is given. */
export async function sessionCookie(hostId: string, sessionId: string = randomUUID()) {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error('AUTH_SECRET is not set');
  const token = await encode({
    token: { sub: hostId, sid: sessionId },
    secret,
    salt: SESSION_COOKIE_NAME,
  });
  return { sessionId, cookie: `${SESSION_COOKIE_NAME}=${token}` };
}
