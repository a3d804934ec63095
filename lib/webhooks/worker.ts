import 'server-only';
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, min, notInArray, sql } from 'drizzle-orm';
import { db } from '@/db';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { env } from '@/lib/env';
import { liveMeetingCount } from '@/lib/events/bus';
import { retryDelayMs, webhookHeaders } from './rules';
import { sendWebhook, type SendResult } from './send';
import { onWebhookWake } from './wake';

// The delivery worker. Pending rows of webhook_deliveries are the queue; any app process may send any of
// them. The rows of one endpoint for one meeting form a lane, sent in `seq` order: only a lane's oldest
// pending row (its head) is ever claimed, so one meeting's events reach an endpoint in order. A process
// claims due heads (FOR UPDATE SKIP LOCKED, so two processes never claim the same row) with up to BATCH
// rows queued behind each, leases them by pushing next_attempt_at past the sends' timeouts, then sends
// each lane's rows one after another without holding a transaction. Lanes run concurrently, at most
// PER_ENDPOINT per endpoint, so a slow receiver holds its own slots and no one else's.

/** Lanes (an endpoint and a meeting) sending at once in this process, and at most per endpoint. */
const MAX_IN_FLIGHT = 64;
const PER_ENDPOINT = 8;
/** How many of a lane's queued rows one claim takes, to send one after another. */
const BATCH = 10;
/** Beyond the send's timeout, how long a claim holds before another process may take the row. */
const LEASE_MARGIN_MS = 30_000;
/** With live meetings here, look for rows other processes queued this often. */
const POLL_MS = 2000;
const MAX_SLEEP_MS = 3_600_000;
const COALESCE_MS = 10;

let inFlight = 0;
const perEndpoint = new Map<string, number>();
let ticking = false;
let again = false;
let timer: NodeJS.Timeout | undefined;
let timerAt = Infinity;
let started = false;

interface Claimed {
  id: string;
  endpointId: string;
  url: string;
  secret: string;
  payload: unknown;
  attempts: number;
  createdAt: Date;
}

/** One lane's claimed rows (one endpoint, one meeting), oldest first: sent one after another, in order. */
type Batch = Claimed[];

/**
 * Claims the due heads of as many lanes as this process has room for, each with up to BATCH - 1 of the
 * pending rows behind it; they are leased to this process when this returns.
 */
async function claim(limit: number): Promise<Batch[]> {
  const busy = [...perEndpoint].filter(([, n]) => n >= PER_ENDPOINT).map(([id]) => id);
  const { WEBHOOK_TIMEOUT_MS: timeoutMs } = env();
  // A batch is sent one row after another: its lease covers every send timing out.
  const leaseUntil = new Date(Date.now() + BATCH * timeoutMs + LEASE_MARGIN_MS);
  const d = await db();
  return d.transaction(async (tx) => {
    // The head of each lane is its oldest pending row (it may be in flight: then its lease is not due).
    const heads = tx.$with('heads').as(
      tx
        .selectDistinctOn([webhookDeliveries.endpointId, webhookDeliveries.meetingId], {
          headId: webhookDeliveries.id,
        })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.status, 'pending'))
        .orderBy(webhookDeliveries.endpointId, webhookDeliveries.meetingId, webhookDeliveries.seq),
    );
    const rows = await tx
      .with(heads)
      .select({ ...columns, seq: webhookDeliveries.seq, meetingId: webhookDeliveries.meetingId })
      .from(webhookDeliveries)
      .innerJoin(heads, eq(heads.headId, webhookDeliveries.id))
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(
        and(
          lte(webhookDeliveries.nextAttemptAt, sql`now()`),
          eq(webhookEndpoints.enabled, true),
          busy.length ? notInArray(webhookDeliveries.endpointId, busy) : undefined,
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.seq))
      .limit(limit)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    // Keep each endpoint within its share; rows left out stay unclaimed for the next round.
    const taken = new Map<string, number>();
    const chosen = rows.filter((r) => {
      const n = (perEndpoint.get(r.endpointId) ?? 0) + (taken.get(r.endpointId) ?? 0);
      if (n >= PER_ENDPOINT) return false;
      taken.set(r.endpointId, (taken.get(r.endpointId) ?? 0) + 1);
      return true;
    });
    if (chosen.length === 0) return [];
    // The rows queued behind each head, in order. Nobody else can claim them: they are not heads.
    const batches = await Promise.all(
      chosen.map(async (head) => {
        const behind = await tx
          .select(columns)
          .from(webhookDeliveries)
          .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
          .where(
            and(
              eq(webhookDeliveries.endpointId, head.endpointId),
              gt(webhookDeliveries.seq, head.seq),
              eq(webhookDeliveries.status, 'pending'),
              lte(webhookDeliveries.nextAttemptAt, sql`now()`),
              head.meetingId === null
                ? isNull(webhookDeliveries.meetingId)
                : eq(webhookDeliveries.meetingId, head.meetingId),
            ),
          )
          .orderBy(asc(webhookDeliveries.seq))
          .limit(BATCH - 1);
        return [head, ...behind];
      }),
    );
    await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: leaseUntil })
      .where(
        inArray(
          webhookDeliveries.id,
          batches.flat().map((r) => r.id),
        ),
      );
    return batches.map((batch) =>
      batch.map(({ id, endpointId, url, secret, payload, attempts, createdAt }) => ({
        id,
        endpointId,
        url,
        secret,
        payload,
        attempts,
        createdAt,
      })),
    );
  });
}

const columns = {
  id: webhookDeliveries.id,
  endpointId: webhookDeliveries.endpointId,
  url: webhookEndpoints.url,
  secret: webhookEndpoints.secret,
  payload: webhookDeliveries.payload,
  attempts: webhookDeliveries.attempts,
  createdAt: webhookDeliveries.createdAt,
};

/**
 * Records one attempt's outcome: delivered, retried later, or given up; and the endpoint's health.
 * Answers whether it was delivered.
 */
async function record(row: Claimed, result: SendResult, attemptedAt: Date): Promise<boolean> {
  const now = new Date();
  const attempts = row.attempts + 1;
  const ok =
    result.error === null &&
    result.statusCode !== null &&
    result.statusCode >= 200 &&
    result.statusCode < 300;
  const { WEBHOOK_RETRY_FOR_MS: retryFor, WEBHOOK_RETRY_BASE_MS: base } = env();
  const outcome = {
    lastStatusCode: result.statusCode,
    responseSnippet: result.snippet,
    lastError: result.error ?? (ok ? null : `The receiver answered ${result.statusCode}`),
    attempts,
    lastAttemptAt: attemptedAt,
  };
  const d = await db();
  if (ok) {
    await d
      .update(webhookDeliveries)
      .set({ ...outcome, status: 'delivered', deliveredAt: now })
      .where(eq(webhookDeliveries.id, row.id));
    await d
      .update(webhookEndpoints)
      .set({ failingSince: null })
      .where(and(eq(webhookEndpoints.id, row.endpointId), isNotNull(webhookEndpoints.failingSince)));
    return true;
  }
  const giveUp = now.getTime() - row.createdAt.getTime() >= retryFor;
  await d
    .update(webhookDeliveries)
    .set({
      ...outcome,
      status: giveUp ? 'failed' : 'pending',
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, base)),
    })
    .where(eq(webhookDeliveries.id, row.id));
  // An endpoint whose every attempt failed for the whole retry period (or that just gave up a delivery it
  // failed for that long) is turned off, with a notice.
  const cutoff = new Date(now.getTime() - retryFor);
  const failedLongEnough = sql`(${webhookEndpoints.failingSince} <= ${cutoff} or ${sql.raw(giveUp ? 'true' : 'false')})`;
  const period =
    retryFor >= 86_400_000 ? `${Math.round(retryFor / 86_400_000)} days` : `${Math.round(retryFor / 1000)} s`;
  const reason = `Every delivery failed for ${period} (last: ${outcome.lastError}). Fix the receiver, then enable the endpoint again.`;
  await d
    .update(webhookEndpoints)
    .set({
      failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now})`,
      enabled: sql`case when ${failedLongEnough} then false else ${webhookEndpoints.enabled} end`,
      disabledReason: sql`case when ${failedLongEnough} and ${webhookEndpoints.enabled} then ${reason} else ${webhookEndpoints.disabledReason} end`,
    })
    .where(eq(webhookEndpoints.id, row.endpointId));
  return false;
}

async function deliver(row: Claimed): Promise<boolean> {
  const body = JSON.stringify(row.payload);
  const { WEBHOOK_TIMEOUT_MS: timeoutMs, WEBHOOK_ALLOW_PRIVATE_URLS: allowPrivate } = env();
  const attemptedAt = new Date();
  const result = await sendWebhook(row.url, webhookHeaders(row.secret, row.id, body), body, {
    timeoutMs,
    allowPrivate,
  });
  return record(row, result, attemptedAt);
}

/**
 * Sends one lane's batch in order. The first row that is not delivered ends it: the rows behind it are
 * handed back at once (they wait behind it as the lane's order requires).
 */
async function deliverBatch(batch: Batch) {
  let sent = 0;
  try {
    for (const row of batch) {
      if (!started) break;
      const delivered = await deliver(row);
      sent++;
      if (!delivered) break;
    }
  } finally {
    const rest = batch.slice(sent).map((r) => r.id);
    if (rest.length) {
      const d = await db();
      await d
        .update(webhookDeliveries)
        .set({ nextAttemptAt: sql`now()` })
        .where(and(inArray(webhookDeliveries.id, rest), eq(webhookDeliveries.status, 'pending')));
    }
  }
}

function launch(batch: Batch) {
  const endpointId = batch[0]!.endpointId;
  inFlight++;
  perEndpoint.set(endpointId, (perEndpoint.get(endpointId) ?? 0) + 1);
  deliverBatch(batch)
    .catch((err: unknown) => console.warn('Could not record a webhook delivery', err))
    .finally(() => {
      inFlight--;
      const n = (perEndpoint.get(endpointId) ?? 1) - 1;
      if (n > 0) perEndpoint.set(endpointId, n);
      else perEndpoint.delete(endpointId);
      // A few milliseconds, so sends finishing together make one claim.
      schedule(COALESCE_MS);
    });
}

/** When the next pending row of an enabled endpoint is due (null: none). */
async function nextDue(): Promise<Date | null> {
  const d = await db();
  const [row] = await d
    .select({ at: min(webhookDeliveries.nextAttemptAt) })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(eq(webhookDeliveries.status, 'pending'), eq(webhookEndpoints.enabled, true)));
  return row?.at ?? null;
}

/** Claims and launches what is due, then sleeps until the next row is due. */
async function tick() {
  if (ticking) {
    again = true;
    return;
  }
  ticking = true;
  try {
    do {
      again = false;
      const room = MAX_IN_FLIGHT - inFlight;
      if (room <= 0) return;
      const batches = await claim(room);
      batches.forEach(launch);
      if (batches.length === room) again = true;
    } while (again);
    // Sends in flight look again when they finish (a retry falling due meanwhile waits at most POLL_MS).
    if (inFlight > 0) return schedule(POLL_MS);
    const due = await nextDue();
    const poll = liveMeetingCount() > 0 ? POLL_MS : MAX_SLEEP_MS;
    const wait = due ? Math.max(0, due.getTime() - Date.now()) : poll;
    schedule(Math.min(wait, poll));
  } finally {
    ticking = false;
    // A send finished (or rows were queued) while this round was looking: look again now.
    if (again) schedule(0);
  }
}

function schedule(ms: number) {
  if (!started) return;
  const at = Date.now() + ms;
  if (timer && timerAt <= at) return;
  if (timer) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(() => {
    timer = undefined;
    timerAt = Infinity;
    void tick().catch((err: unknown) => {
      console.warn('Could not send webhooks', err);
      schedule(5000);
    });
  }, ms);
  timer.unref();
}

/** Starts this process's webhook delivery worker (once): rows left by a stopped process are sent too. */
export function startWebhookDeliveries() {
  if (started) return;
  started = true;
  // Queued inside a transaction: look shortly after it commits, and once more in case that was slow.
  let second: NodeJS.Timeout | undefined;
  onWebhookWake(() => {
    schedule(30);
    second ??= setTimeout(() => {
      second = undefined;
      schedule(0);
    }, 1000).unref();
  });
  schedule(0);
}

/** Stops looking for due rows (sends in flight finish); tests use it to hand the queue to another process. */
export function stopWebhookDeliveries() {
  started = false;
  onWebhookWake(() => undefined);
  if (timer) clearTimeout(timer);
  timer = undefined;
  timerAt = Infinity;
}

/** How many sends this process has in flight. */
export const webhooksInFlight = () => inFlight;
