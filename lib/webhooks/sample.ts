import 'server-only';
import { randomUUID } from 'node:crypto';
import { env } from '@/lib/env';
import { webhookHeaders } from './rules';
import { sendWebhook } from './send';

/** Sends a signed sample `breakout.participantsMoved` event, as the worker would send a real one. */
export async function sendSampleWebhook(url: string, secret: string) {
  const id = randomUUID();
  const type = 'breakout.participantsMoved';
  const [main, room] = [randomUUID(), randomUUID()];
  const body = JSON.stringify({
    type,
    timestamp: new Date().toISOString(),
    data: {
      main_meeting_id: main,
      source_meeting_id: main,
      destination_meeting_id: room,
      participants: [
        { id: randomUUID(), preset_id: randomUUID(), preset_name: 'participant', custom_preset: false },
      ],
      sample: true,
    },
  });
  const { WEBHOOK_TIMEOUT_MS: timeoutMs, WEBHOOK_ALLOW_PRIVATE_URLS: allowPrivate } = env();
  const result = await sendWebhook(url, webhookHeaders(secret, id, body), body, { timeoutMs, allowPrivate });
  return { id, type, ...result };
}
