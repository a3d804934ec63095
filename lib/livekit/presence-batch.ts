import 'server-only';
import { db, handle, type Tx } from '@/db';
import { webhookEvents } from '@/db/schema';
import { env } from '@/lib/env';
import { publish } from '@/lib/events/bus';

// The media server's join and leave webhooks, applied together (a group commit). Each one appends
// `presence_changed` to its main meeting's log under the meeting's lock, so when a class moves, the media
// server's hundreds of deliveries (a queue per room, the queues in parallel) would take that lock one
// transaction at a time, and a teacher's next command would wait behind all of them. Here the deliveries
// that arrive while a transaction runs wait for it and go into the next one together: one transaction,
// each main meeting locked once and its events appended once (`applyConnections`). A delivery is answered
// only once its transaction has committed, so the media server still retries one that failed; when a
// batch fails, its deliveries are applied one by one, so one delivery's problem fails only that one.

/** One join or leave of a seat's connection, as a webhook reported it. */
export interface PresenceDelivery {
  eventId: string;
  eventType: string;
  participantId: string;
  room: string;
  joined: boolean;
  sid?: string;
  at: Date;
}

/**
 * What applying one delivery did. `notify`: the main meeting whose log it appended to (its streams are
 * woken once per batch, after the commit); `launch`: a recording its arrival started, for the caller.
 */
export interface PresenceOutcome {
  applied: boolean;
  duplicate: boolean;
  notify?: string;
  launch?: string;
}

/** Applies new deliveries (their webhook ids recorded) inside the batch's transaction, one outcome each. */
export type ApplyDeliveries = (tx: Tx, list: PresenceDelivery[]) => Promise<PresenceOutcome[]>;

interface Waiting {
  delivery: PresenceDelivery;
  resolve: (o: PresenceOutcome) => void;
  reject: (err: unknown) => void;
}

export interface PresenceBatcher {
  /** Queues a delivery for the next transaction; resolves once it has committed. */
  apply(delivery: PresenceDelivery): Promise<PresenceOutcome>;
  /** Transactions and deliveries applied so far (for tests and benchmarks). */
  stats(): { batches: number; deliveries: number; largest: number };
}

/** A group commit of deliveries applied by `apply` (the app has one: `presenceBatcher` in service.ts). */
export function createPresenceBatcher(apply: ApplyDeliveries): PresenceBatcher {
  const waiting: Waiting[] = [];
  let draining = false;
  const stats = { batches: 0, deliveries: 0, largest: 0 };

  async function drain() {
    draining = true;
    try {
      for (;;) {
        // One turn of the event loop first: deliveries already received are still being verified, and
        // PGlite runs a whole transaction without yielding, so without this each would get its own.
        await new Promise((r) => setImmediate(r));
        if (waiting.length === 0) break;
        // A database that cannot be reached fails the batch's own transaction below, which answers it.
        const batch = waiting.splice(0, await batchMax().catch(() => 1));
        try {
          answer(batch, await applyBatch(batch));
        } catch (err) {
          if (batch.length === 1) {
            batch[0]!.reject(err);
            continue;
          }
          for (const w of batch) {
            try {
              answer([w], await applyBatch([w]));
            } catch (one) {
              w.reject(one);
            }
          }
        }
      }
    } finally {
      draining = false;
    }
  }

  async function applyBatch(batch: Waiting[]): Promise<PresenceOutcome[]> {
    const list = batch.map((w) => w.delivery);
    const d = await db();
    const outcomes = await d.transaction(async (tx) => {
      // Every delivery id recorded at once; a repeat (seen before, or twice in this batch) is acknowledged
      // and applied once.
      const types = new Map(list.map((x) => [x.eventId, x.eventType]));
      const inserted = await tx
        .insert(webhookEvents)
        .values([...types].map(([id, event]) => ({ id, event })))
        .onConflictDoNothing()
        .returning({ id: webhookEvents.id });
      const fresh = new Set(inserted.map((r) => r.id));
      const firsts: number[] = [];
      list.forEach((x, i) => {
        if (!fresh.has(x.eventId)) return;
        fresh.delete(x.eventId);
        firsts.push(i);
      });
      const applied = await apply(
        tx,
        firsts.map((i) => list[i]!),
      );
      const out: PresenceOutcome[] = list.map(() => ({ applied: false, duplicate: true }));
      firsts.forEach((i, k) => (out[i] = applied[k]!));
      return out;
    });
    stats.batches++;
    stats.deliveries += list.length;
    stats.largest = Math.max(stats.largest, list.length);
    return outcomes;
  }

  return {
    apply: (delivery) =>
      new Promise((resolve, reject) => {
        waiting.push({ delivery, resolve, reject });
        if (!draining) void drain();
      }),
    stats: () => ({ ...stats }),
  };
}

/**
 * PRESENCE_BATCH_MAX, or by driver: 10 on PostgreSQL, where a batch shortens the lock's whole hold; 1 on
 * PGlite, which runs a transaction without yielding to the rest of the process, so a longer one holds up
 * every request (a host's command during a class's move waited twice as long with batches of ten).
 */
async function batchMax(): Promise<number> {
  return env().PRESENCE_BATCH_MAX ?? ((await handle()).driver === 'pglite' ? 1 : 10);
}

/** Wakes each meeting's event streams once for the batch, then answers its deliveries. */
function answer(batch: Waiting[], outcomes: PresenceOutcome[]) {
  const meetings = new Set(outcomes.map((o) => o.notify).filter((m): m is string => !!m));
  void Promise.all([...meetings].map((m) => publish(m))).finally(() =>
    batch.forEach((w, i) => w.resolve(outcomes[i]!)),
  );
}
