import { AppError } from './errors';

// Errors that mean "the database is not there right now" (down, restarting, unreachable, or it cut the
// connection), as opposed to a query the database refused. They are answered as 503 so clients know that
// nothing was changed and that the same request may be sent again once the database is back.

/** Network failures while reaching the database server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * SQLSTATEs of a server that is going away or not accepting work yet: class 08 (connection exception),
 * admin/crash shutdown, "the database system is starting up", and too many connections.
 */
const SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** Messages node-postgres and the Neon driver give when the connection is lost or cannot be made. */
const MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Client was closed|WebSocket (was )?closed|terminating connection/i;

/** Whether `err` (or what it wraps: drizzle's query error, an AggregateError) says the database is unreachable. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 5 || !err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/** The answer for a request that failed because the database is unreachable: nothing was changed. */
export const databaseUnavailable = () =>
  new AppError(
    'unavailable:database',
    'The database is not reachable right now, so nothing was changed. Try again in a few seconds.',
  );
