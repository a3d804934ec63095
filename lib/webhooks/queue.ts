import 'server-only';
import { and, arrayOverlaps, eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { meetings, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import type { QueuedWebhookEvent } from './from-log';
import type { WebhookEventType } from './rules';
import { webhookEventOf } from './from-log';
import { wakeWebhookDeliveries } from './wake';

// Events are queued as rows in the caller's transaction: they exist exactly when the change that caused
// them commits, and queueing costs one query (none is sent here; the worker in ./worker.ts sends them).

type Owner = { hostId: string } | { mainMeetingId: string };

async function queueEvents(tx: Tx, owner: Owner, meetingId: string | null, list: QueuedWebhookEvent[]) {
  if (list.length === 0) return;
  const types = [...new Set(list.map((e) => e.type))];
  const subscribed = and(eq(webhookEndpoints.enabled, true), arrayOverlaps(webhookEndpoints.events, types));
  const targets =
    'hostId' in owner
      ? await tx
          .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
          .from(webhookEndpoints)
          .where(and(eq(webhookEndpoints.hostId, owner.hostId), subscribed))
      : await tx
          .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
          .from(webhookEndpoints)
          .innerJoin(meetings, eq(meetings.hostId, webhookEndpoints.hostId))
          .where(and(eq(meetings.id, owner.mainMeetingId), subscribed));
  if (targets.length === 0) return;
  const timestamp = new Date().toISOString();
  // Rows in event order, so `seq` keeps the order of one meeting's events for each endpoint.
  const rows = list.flatMap((e) =>
    targets
      .filter((t) => t.events.includes(e.type))
      .map((t) => ({
        endpointId: t.id,
        meetingId,
        type: e.type,
        payload: { type: e.type, timestamp, data: e.data },
      })),
  );
  if (rows.length === 0) return;
  await tx.insert(webhookDeliveries).values(rows);
  wakeWebhookDeliveries();
}

/**
 * Queues one webhook event for every enabled endpoint of the host subscribed to it, in the caller's
 * transaction. `meetingId` (the main meeting) orders deliveries: one meeting's events reach an endpoint in
 * the order they were queued.
 */
export async function queueWebhookEvent(
  tx: Tx,
  e: { hostId: string; meetingId: string | null; type: WebhookEventType; data: Record<string, unknown> },
): Promise<void> {
  await queueEvents(tx, { hostId: e.hostId }, e.meetingId, [{ type: e.type, data: e.data }]);
}

/** Queues the webhook events among entries appended to a main meeting's event log (lib/events/log.ts). */
export async function queueWebhooksOfLog(
  tx: Tx,
  mainMeetingId: string,
  list: Parameters<typeof webhookEventOf>[1][],
): Promise<void> {
  const events = list.flatMap((e) => webhookEventOf(mainMeetingId, e) ?? []);
  await queueEvents(tx, { mainMeetingId }, mainMeetingId, events);
}
