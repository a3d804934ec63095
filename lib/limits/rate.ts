import 'server-only';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { RateLimitedError } from '@/lib/errors';
import { RATE_LIMITS, retryText, type RateLimitName } from './policy';

export interface Hit {
  /** The row's key, for `refund`. */
  key: string;
  count: number;
  /** The window's start (epoch seconds), for `refund`. */
  window: number;
  /** Seconds until the window ends. */
  resetIn: number;
  allowed: boolean;
}

// Keys hold IPs, emails and credentials: only their hash is stored.
const rowKey = (name: RateLimitName, subject: string) =>
  `${name}:${createHash('sha256').update(subject).digest('base64url').slice(0, 32)}`;

/**
 * Counts one hit of `name` for `subject` and says whether it is within the limit. One statement on the
 * shared database, so every instance counts into the same fixed window (the database's clock decides
 * the window, not each instance's).
 */
export async function hit(name: RateLimitName, subject: string): Promise<Hit> {
  const limit = RATE_LIMITS[name];
  const key = rowKey(name, subject);
  const w = limit.windowSeconds;
  const d = await db();
  const result = await d.execute(sql`
    insert into rate_limits (key, window_start, count)
    values (${key}, to_timestamp(floor(extract(epoch from now()) / ${w}::int) * ${w}::int), 1)
    on conflict (key) do update set
      count = case when rate_limits.window_start = excluded.window_start
                   then rate_limits.count + 1 else 1 end,
      window_start = excluded.window_start
    returning count, extract(epoch from window_start)::float8 as window_epoch,
      extract(epoch from (window_start + make_interval(secs => ${w}::int) - now()))::float8 as reset_in`);
  const row = rowsOf<{ count: number; window_epoch: number; reset_in: number }>(result)[0]!;
  pruneNowAndThen();
  const count = Number(row.count);
  return {
    key,
    count,
    window: Number(row.window_epoch),
    resetIn: Number(row.reset_in),
    allowed: count <= limit.max,
  };
}

/** Counts a hit and throws a 429 (`rate_limited:<name>`) past the limit. */
export async function enforce(name: RateLimitName, subject: string, prefix = ''): Promise<Hit> {
  const h = await hit(name, subject);
  if (!h.allowed) throw limitedError(name, h.resetIn, prefix);
  return h;
}

/** The 429 for a limit, with a message a person can act on. */
export function limitedError(name: RateLimitName, resetIn: number, prefix = '') {
  const text = `${prefix}${RATE_LIMITS[name].message} ${retryText(resetIn)}`;
  return new RateLimitedError(`rate_limited:${snake(name)}`, text, resetIn);
}

/** Takes back a hit that turned out harmless (a right password), in the same window only. */
export async function refund(h: Hit): Promise<void> {
  const d = await db();
  await d.execute(sql`
    update rate_limits set count = greatest(count - 1, 0)
    where key = ${h.key} and extract(epoch from window_start)::float8 = ${h.window}::float8`);
}

let lastPrune = 0;
// Old windows are dead rows: drop them now and then, from whichever instance counts.
function pruneNowAndThen() {
  if (Date.now() - lastPrune < 10 * 60_000) return;
  lastPrune = Date.now();
  void db()
    .then((d) => d.execute(sql`delete from rate_limits where window_start < now() - interval '1 day'`))
    .catch((err: unknown) => console.error('Could not prune rate limits', err));
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
