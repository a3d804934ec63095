import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { RateLimitedError } from '@/lib/errors';
import { STREAM_LEASE_SECONDS, STREAMS_PER_CREDENTIAL, STREAMS_PER_PROCESS } from './policy';
import { enforce } from './rate';

export interface StreamLease {
  /** Gives the stream's place back; safe to call more than once. */
  release: () => void;
}

export interface StreamCredential {
  kind: keyof typeof STREAMS_PER_CREDENTIAL;
  /** Who holds the streams: a participant's seat, or a host (API key or dashboard session). */
  id: string;
}

// The leases this process holds, renewed together so a live stream never expires; a crashed process's
// leases simply run out.
const g = globalThis as { __breakoutStreamLeases?: Set<string>; __breakoutLeaseTimer?: NodeJS.Timeout };
const held = (g.__breakoutStreamLeases ??= new Set<string>());
const RENEW_MS = (STREAM_LEASE_SECONDS * 1000) / 3;

/**
 * Takes a place for one event stream before any of its work is done: at most STREAMS_PER_PROCESS in
 * this process, at most STREAMS_PER_CREDENTIAL per credential across every instance (a lease row per
 * stream in the shared database, counted under an advisory lock on the credential so two instances
 * opening at once cannot both take the last place), and a rate of opens per credential.
 */
export async function openStreamLease(credential: StreamCredential): Promise<StreamLease> {
  if (held.size >= STREAMS_PER_PROCESS) {
    throw new RateLimitedError(
      'rate_limited:streams_server',
      'This server is following as many event streams as it can. Try again in a minute.',
      30,
    );
  }
  const key = `${credential.kind}:${credential.id}`;
  await enforce('streamOpenPerCredential', key);
  const cap = STREAMS_PER_CREDENTIAL[credential.kind];
  const d = await db();
  const id = await d.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stream:${key}`}))`);
    await tx.execute(sql`delete from stream_leases where credential = ${key} and expires_at < now()`);
    const open = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from stream_leases where credential = ${key}`),
    )[0]!.n;
    if (Number(open) >= cap) return undefined;
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into stream_leases (credential, expires_at)
        values (${key}, now() + make_interval(secs => ${STREAM_LEASE_SECONDS}::int)) returning id`),
    );
    return row!.id;
  });
  if (!id) {
    throw new RateLimitedError(
      'rate_limited:streams',
      `${cap} event streams are open with these credentials already, the most allowed. Close another tab or window of this meeting, then try again.`,
      10,
    );
  }
  held.add(id);
  renewNowAndThen();
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      held.delete(id);
      void d
        .execute(sql`delete from stream_leases where id = ${id}`)
        .catch((err: unknown) => console.error('Could not release an event stream lease', err));
    },
  };
}

/** Event streams this process holds open. */
export const openStreamCount = () => held.size;

function renewNowAndThen() {
  if (g.__breakoutLeaseTimer) return;
  g.__breakoutLeaseTimer = setInterval(() => {
    if (held.size === 0) return;
    const ids = [...held];
    void db()
      .then((d) =>
        d.execute(sql`update stream_leases
          set expires_at = now() + make_interval(secs => ${STREAM_LEASE_SECONDS}::int)
          where id in (${sql.join(
            ids.map((i) => sql`${i}::uuid`),
            sql`, `,
          )})`),
      )
      .catch((err: unknown) => console.error('Could not renew event stream leases', err));
  }, RENEW_MS);
  g.__breakoutLeaseTimer.unref();
}

function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
