import 'server-only';
import { sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';

// A change to a credential (a key revoked, a link replaced, a session signed out, a preset's rights or a
// meeting's status changed) is announced by name on a Postgres channel, in the transaction that makes it:
// NOTIFY is transactional, so every instance hears of it exactly when it commits, and never of a change
// that rolled back. Each open stream tied to that name checks its credential against the database again
// and closes or narrows. Like event wake-ups, the notification carries no data: the database is the truth.

/** The Postgres notification channel for credential changes. */
export const CREDENTIALS_CHANNEL = 'breakout_credentials';

/** The names a credential change is announced under; streams subscribe to the ones they depend on. */
export const credentialKey = {
  apiKey: (keyId: string) => `api_key:${keyId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  /** A participant's link (token) was replaced. Removal and rights changes are events in the log. */
  participant: (participantId: string) => `participant:${participantId}`,
  /** Any preset of this host was created, changed or deleted. */
  presets: (hostId: string) => `presets:${hostId}`,
  /** A main meeting's status changed. */
  meeting: (meetingId: string) => `meeting:${meetingId}`,
  /**
   * Not a credential: a host picked a room for this participant in the manager, or put the pick back
   * (lib/breakout/pending-moves.ts). It rides the same channel so every instance hears it at commit; the
   * participant's stream answers with a `warm_hint` instead of a check.
   */
  pendingMove: (participantId: string) => `pending_move:${participantId}`,
};

type Dispatch = (key: string) => void;
const g = globalThis as unknown as { __credentialDispatch?: Dispatch };

/** Set by the event bus: hands a credential change to this process's open streams. */
export function onCredentialChange(dispatch: Dispatch): void {
  g.__credentialDispatch = dispatch;
}

/** Hands a change heard from another instance (or made here) to this process's open streams. */
export function dispatchCredentialChange(key: string): void {
  g.__credentialDispatch?.(key);
}

/**
 * Runs `work` in a transaction; the keys it passes to `changed` are announced to every instance when the
 * transaction commits (and to this process right after).
 */
export async function changingCredentials<T>(
  work: (tx: Tx, changed: (key: string) => void) => Promise<T>,
): Promise<T> {
  const d = await db();
  const keys = new Set<string>();
  const result = await d.transaction(async (tx) => {
    const out = await work(tx, (key) => keys.add(key));
    await announceInTx(tx, [...keys]);
    return out;
  });
  announced([...keys]);
  return result;
}

/** Announces these keys to every instance when `tx` commits (one statement for any number). */
export async function announceInTx(tx: Tx, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.execute(
    sql`select pg_notify(${CREDENTIALS_CHANNEL}, k) from unnest(${sql.raw('ARRAY[')}${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )}${sql.raw(']::text[]')}) as k`,
  );
}

/** After the commit of `announceInTx`: this process may have no LISTEN connection (PGlite), so its streams are told directly. */
export function announced(keys: readonly string[]): void {
  for (const key of keys) dispatchCredentialChange(key);
}
