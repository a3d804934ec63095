import 'server-only';
import { z } from 'zod';
import { pagingQuerySchema } from '@/lib/paging';
import { uuidParam } from '@/lib/schemas';
import {
  createdWebhookDto,
  createWebhookSchema,
  deliveryDto,
  listDeliveriesQuery,
  updateWebhookSchema,
  webhookDto,
} from '@/lib/webhooks/schemas';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  resendDelivery,
  updateWebhook,
} from '@/lib/webhooks/service';
import { endpoint, type Endpoint } from './router';

// Outgoing webhooks, in RealtimeKit's shape (`{name, url, events[], enabled}`), plus each endpoint's
// delivery log and "resend". The owner only (API key or dashboard).

const idParams = z.object({ webhook_id: uuidParam('webhook_id') });
const deliveryParams = idParams.extend({ delivery_id: uuidParam('delivery_id') });
const tag = 'Webhooks';
const update = (method: 'PATCH' | 'PUT', operationId: string, summary: string) =>
  endpoint({
    method,
    path: '/webhooks/{webhook_id}',
    operationId,
    tag,
    summary,
    params: idParams,
    body: updateWebhookSchema,
    response: webhookDto,
    handler: ({ caller, params, body }) => updateWebhook(caller.hostId, params.webhook_id, body),
  });

export const webhookEndpoints: Endpoint[] = [
  endpoint({
    method: 'POST',
    path: '/webhooks',
    operationId: 'createWebhook',
    conflict: 'You have the most webhooks allowed (`conflict:webhook_limit`): delete one first.',
    tag,
    summary:
      'Register a webhook endpoint; the answer shows its signing secret (`whsec_…`) once. Loopback and private URLs are refused unless the operator allows them',
    body: createWebhookSchema,
    response: createdWebhookDto,
    status: 201,
    handler: ({ caller, body }) => createWebhook(caller.hostId, body),
  }),
  endpoint({
    method: 'GET',
    path: '/webhooks',
    operationId: 'listWebhooks',
    tag,
    summary: 'Your webhook endpoints, newest first (without their secrets)',
    query: pagingQuerySchema,
    response: z.array(webhookDto),
    paged: true,
    handler: ({ caller, query }) => listWebhooks(caller.hostId, query),
  }),
  endpoint({
    method: 'GET',
    path: '/webhooks/{webhook_id}',
    operationId: 'getWebhook',
    tag,
    summary: 'One webhook endpoint, with the notice if the server disabled it',
    params: idParams,
    response: webhookDto,
    handler: ({ caller, params }) => getWebhook(caller.hostId, params.webhook_id),
  }),
  update('PATCH', 'updateWebhook', 'Change a webhook endpoint (enabling it clears a disabled notice)'),
  update('PUT', 'replaceWebhook', 'Change a webhook endpoint (as PATCH, for RealtimeKit compatibility)'),
  endpoint({
    method: 'DELETE',
    path: '/webhooks/{webhook_id}',
    operationId: 'deleteWebhook',
    tag,
    summary: 'Delete a webhook endpoint with its delivery log; its undelivered events are dropped',
    params: idParams,
    response: webhookDto,
    handler: ({ caller, params }) => deleteWebhook(caller.hostId, params.webhook_id),
  }),
  endpoint({
    method: 'GET',
    path: '/webhooks/{webhook_id}/deliveries',
    operationId: 'listWebhookDeliveries',
    tag,
    summary:
      "A webhook endpoint's delivery log, newest first: attempts, status codes, the receiver's answers",
    params: idParams,
    query: listDeliveriesQuery,
    response: z.array(deliveryDto),
    paged: true,
    handler: ({ caller, params, query }) => listDeliveries(caller.hostId, params.webhook_id, query),
  }),
  endpoint({
    method: 'POST',
    path: '/webhooks/{webhook_id}/deliveries/{delivery_id}/resend',
    operationId: 'resendWebhookDelivery',
    conflict: 'The webhook is disabled (`conflict:webhook_disabled`): enable it first.',
    tag,
    summary: 'Send a delivered or failed event again, as a new delivery with its own webhook-id',
    params: deliveryParams,
    response: deliveryDto,
    status: 201,
    handler: ({ caller, params }) => resendDelivery(caller.hostId, params.webhook_id, params.delivery_id),
  }),
];
