import { z } from 'zod';
import { pagingQuerySchema } from '@/lib/paging';
import { textField } from '@/lib/schemas';
import { WEBHOOK_DELIVERY_STATUSES } from '@/db/schema';
import { WEBHOOK_EVENTS } from './rules';

// Webhook endpoints in RealtimeKit's shape: `{name, url, events[], enabled}`.

/** How many endpoints one host may have. */
export const MAX_WEBHOOKS = 20;

const urlField = z
  .string({ error: 'url must be a string' })
  .trim()
  .min(1, 'url must not be empty')
  .max(2000, 'url must be at most 2000 characters');

const eventsField = z
  .array(z.enum(WEBHOOK_EVENTS, { error: `events may hold only: ${WEBHOOK_EVENTS.join(', ')}` }), {
    error: 'events must be a list of event names',
  })
  .min(1, 'events must name at least one event')
  .transform((list) => [...new Set(list)]);

const fields = {
  name: textField('name', 100),
  url: urlField,
  events: eventsField,
  enabled: z.boolean({ error: 'enabled must be true or false' }),
};

export const createWebhookSchema = z.strictObject({ ...fields, enabled: fields.enabled.default(true) });
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .strictObject({
    name: fields.name.optional(),
    url: fields.url.optional(),
    events: fields.events.optional(),
    enabled: fields.enabled.optional(),
  })
  .refine(
    (v) => Object.values(v).some((x) => x !== undefined),
    'give name, url, events or enabled to change',
  );
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;

export const listDeliveriesQuery = pagingQuerySchema.extend({
  status: z
    .enum(WEBHOOK_DELIVERY_STATUSES, { error: 'status must be pending, delivered or failed' })
    .optional(),
});
export type ListDeliveriesQuery = z.output<typeof listDeliveriesQuery>;

export const webhookDto = z.object({
  id: z.uuid(),
  name: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  enabled: z.boolean(),
  disabled_reason: z
    .string()
    .nullable()
    .describe('Why the server turned the endpoint off (every delivery failed for days); cleared on enable'),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type WebhookDto = z.output<typeof webhookDto>;

export const createdWebhookDto = webhookDto.extend({
  secret: z.string().describe('The signing secret (`whsec_…`): shown only in this answer'),
});

export const deliveryDto = z.object({
  id: z.uuid().describe('Sent as the `webhook-id` header'),
  webhook_id: z.uuid(),
  type: z.enum(WEBHOOK_EVENTS),
  meeting_id: z.uuid().nullable(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.int(),
  next_attempt_at: z.iso.datetime().nullable(),
  last_attempt_at: z.iso.datetime().nullable(),
  last_status_code: z.int().nullable(),
  last_error: z.string().nullable(),
  response_snippet: z.string().nullable(),
  delivered_at: z.iso.datetime().nullable(),
  resent_from: z.uuid().nullable(),
  payload: z.object({
    type: z.string(),
    timestamp: z.iso.datetime(),
    data: z.record(z.string(), z.unknown()),
  }),
  created_at: z.iso.datetime(),
});
export type DeliveryDto = z.output<typeof deliveryDto>;
