'use server';

import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { runAction } from '@/lib/actions/run-action';
import { uuidParam } from '@/lib/schemas';
import { WEBHOOK_EVENTS } from '@/lib/webhooks/rules';
import { createWebhookSchema, updateWebhookSchema } from '@/lib/webhooks/schemas';
import { createWebhook, deleteWebhook, resendDelivery, updateWebhook } from '@/lib/webhooks/service';

export interface NewWebhook {
  id: string;
  name: string;
  secret: string;
}

// The form has a checkbox per event (`event:<name>`) and one for `enabled`.
const fromForm = (v: Record<string, string>) => ({
  name: v.name ?? '',
  url: v.url ?? '',
  events: WEBHOOK_EVENTS.filter((e) => v[`event:${e}`] === 'on'),
  enabled: v.enabled === 'on',
});

/** Registers an endpoint; the answer is the only time its signing secret is shown. */
export async function createWebhookAction(
  _prev: FormState<NewWebhook>,
  form: FormData,
): Promise<FormState<NewWebhook>> {
  return runAction(form, {
    schema: createWebhookSchema,
    input: fromForm,
    run: async (host, input) => {
      const created = await createWebhook(host.id, input);
      return { id: created.id, name: created.name, secret: created.secret };
    },
    revalidate: () => ['/dashboard/webhooks'],
    message: (w) => `Webhook “${w.name}” created. Copy its signing secret now: it is shown only once.`,
  });
}

export async function updateWebhookAction(
  _prev: FormState<string>,
  form: FormData,
): Promise<FormState<string>> {
  return runAction(form, {
    schema: updateWebhookSchema.and(z.object({ webhook_id: uuidParam('webhook_id') })),
    input: (v) => ({ ...fromForm(v), webhook_id: v.webhook_id }),
    run: async (host, { webhook_id, ...input }) => (await updateWebhook(host.id, webhook_id, input)).name,
    revalidate: (input) => ['/dashboard/webhooks', `/dashboard/webhooks/${input.webhook_id}`],
    message: (name) => `Webhook “${name}” saved.`,
  });
}

export async function deleteWebhookAction(
  _prev: FormState<string>,
  form: FormData,
): Promise<FormState<string>> {
  return runAction(form, {
    schema: z.strictObject({ webhook_id: uuidParam('webhook_id') }),
    run: async (host, { webhook_id }) => (await deleteWebhook(host.id, webhook_id)).name,
    revalidate: () => ['/dashboard/webhooks'],
    message: (name) => `Webhook “${name}” deleted.`,
  });
}

export async function resendDeliveryAction(
  _prev: FormState<string>,
  form: FormData,
): Promise<FormState<string>> {
  return runAction(form, {
    schema: z.strictObject({ webhook_id: uuidParam('webhook_id'), delivery_id: uuidParam('delivery_id') }),
    run: async (host, { webhook_id, delivery_id }) =>
      (await resendDelivery(host.id, webhook_id, delivery_id)).type,
    revalidate: (input) => [`/dashboard/webhooks/${input.webhook_id}`],
    message: (type) => `The ${type} event is queued to be sent again.`,
  });
}
