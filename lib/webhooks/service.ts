import 'server-only';
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { webhookDeliveries, webhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from '@/db/schema';
import { env } from '@/lib/env';
import { AppError, invalid, notFound } from '@/lib/errors';
import { offsetOf, paging, type PagingQuery } from '@/lib/paging';
import { newWebhookSecret, refusedUrl, type WebhookEventType } from './rules';
import {
  MAX_WEBHOOKS,
  type CreateWebhookInput,
  type DeliveryDto,
  type ListDeliveriesQuery,
  type UpdateWebhookInput,
  type WebhookDto,
} from './schemas';
import { wakeWebhookDeliveries } from './wake';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** An endpoint as the API shows it: never its secret. */
export const toWebhookDto = (w: WebhookEndpoint): WebhookDto => ({
  id: w.id,
  name: w.name,
  url: w.url,
  events: w.events as WebhookEventType[],
  enabled: w.enabled,
  disabled_reason: w.disabledReason,
  created_at: w.createdAt.toISOString(),
  updated_at: w.updatedAt.toISOString(),
});

export const toDeliveryDto = (d: WebhookDelivery): DeliveryDto => ({
  id: d.id,
  webhook_id: d.endpointId,
  type: d.type as WebhookEventType,
  meeting_id: d.meetingId,
  status: d.status,
  attempts: d.attempts,
  next_attempt_at: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
  last_attempt_at: iso(d.lastAttemptAt),
  last_status_code: d.lastStatusCode,
  last_error: d.lastError,
  response_snippet: d.responseSnippet,
  delivered_at: iso(d.deliveredAt),
  resent_from: d.resentFrom,
  payload: d.payload as DeliveryDto['payload'],
  created_at: d.createdAt.toISOString(),
});

function checkUrl(url: string) {
  const refused = refusedUrl(url, env().WEBHOOK_ALLOW_PRIVATE_URLS);
  if (refused) throw invalid(`url ${refused}`, 'url');
}

const owned = (hostId: string, id: string): SQL =>
  and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.hostId, hostId))!;

async function getWebhookRow(hostId: string, id: string): Promise<WebhookEndpoint> {
  const d = await db();
  const [row] = await d.select().from(webhookEndpoints).where(owned(hostId, id));
  if (!row) throw notFound('webhook');
  return row;
}

/** Registers an endpoint; the answer holds its signing secret, which no later read shows. */
export async function createWebhook(hostId: string, input: CreateWebhookInput) {
  checkUrl(input.url);
  const d = await db();
  const row = await d.transaction(async (tx) => {
    // Serializes a host's concurrent creates, so the count below holds when the insert commits.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`webhooks:${hostId}`}))`);
    const [n] = await tx
      .select({ n: count() })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.hostId, hostId));
    if ((n?.n ?? 0) >= MAX_WEBHOOKS) {
      throw new AppError('conflict:webhook_limit', `You have ${MAX_WEBHOOKS} webhooks: delete one first.`);
    }
    const [created] = await tx
      .insert(webhookEndpoints)
      .values({ hostId, ...input, secret: newWebhookSecret() })
      .returning();
    return created!;
  });
  return { ...toWebhookDto(row), secret: row.secret };
}

/** The host's endpoints, newest first. */
export async function listWebhooks(hostId: string, q: PagingQuery) {
  const d = await db();
  const where = eq(webhookEndpoints.hostId, hostId);
  const [rows, [total]] = await Promise.all([
    d
      .select()
      .from(webhookEndpoints)
      .where(where)
      .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
      .limit(q.per_page)
      .offset(offsetOf(q)),
    d.select({ n: count() }).from(webhookEndpoints).where(where),
  ]);
  return { data: rows.map(toWebhookDto), paging: paging(q, rows.length, total?.n ?? 0) };
}

export async function getWebhook(hostId: string, id: string): Promise<WebhookDto> {
  return toWebhookDto(await getWebhookRow(hostId, id));
}

/** Changes the given fields. Enabling (again) clears a disabled notice and the failure history. */
export async function updateWebhook(
  hostId: string,
  id: string,
  input: UpdateWebhookInput,
): Promise<WebhookDto> {
  if (input.url !== undefined) checkUrl(input.url);
  const fresh = input.enabled === true || input.url !== undefined;
  const d = await db();
  const [row] = await d
    .update(webhookEndpoints)
    .set({
      ...input,
      ...(fresh ? { disabledReason: null, failingSince: null } : {}),
      updatedAt: new Date(),
    })
    .where(owned(hostId, id))
    .returning();
  if (!row) throw notFound('webhook');
  if (row.enabled) wakeWebhookDeliveries();
  return toWebhookDto(row);
}

/** Removes an endpoint with its delivery log and undelivered events. */
export async function deleteWebhook(hostId: string, id: string): Promise<WebhookDto> {
  const d = await db();
  const [row] = await d.delete(webhookEndpoints).where(owned(hostId, id)).returning();
  if (!row) throw notFound('webhook');
  return toWebhookDto(row);
}

/** An endpoint's deliveries, newest first. */
export async function listDeliveries(hostId: string, id: string, q: ListDeliveriesQuery) {
  await getWebhookRow(hostId, id);
  const d = await db();
  const where = and(
    eq(webhookDeliveries.endpointId, id),
    q.status ? eq(webhookDeliveries.status, q.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    d
      .select()
      .from(webhookDeliveries)
      .where(where)
      .orderBy(desc(webhookDeliveries.seq))
      .limit(q.per_page)
      .offset(offsetOf(q)),
    d.select({ n: count() }).from(webhookDeliveries).where(where),
  ]);
  return { data: rows.map(toDeliveryDto), paging: paging(q, rows.length, total?.n ?? 0) };
}

/** Queues a delivery's event again for its endpoint, as a new delivery (with its own `webhook-id`). */
export async function resendDelivery(hostId: string, id: string, deliveryId: string): Promise<DeliveryDto> {
  const endpoint = await getWebhookRow(hostId, id);
  if (!endpoint.enabled) {
    throw new AppError('conflict:webhook_disabled', 'This webhook is disabled: enable it, then resend.');
  }
  const d = await db();
  const [original] = await d
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, id)));
  if (!original) throw notFound('delivery', 'delivery_id');
  const [copy] = await d
    .insert(webhookDeliveries)
    .values({
      endpointId: id,
      meetingId: original.meetingId,
      type: original.type,
      payload: original.payload,
      resentFrom: original.id,
    })
    .returning();
  wakeWebhookDeliveries();
  return toDeliveryDto(copy!);
}
