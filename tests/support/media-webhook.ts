// The media server's webhook, delivered as it sends it (signed with the app's LiveKit key), to the app's
// real webhook route: presence and everything that follows from it run as in production.
import { expect } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { signMediaWebhook } from './media-webhook-signature';

export const MEDIA_KEY = 'testkey';
const MEDIA_SECRET = 'test-media-secret-0123456789abcdefghij';

/** Configures a media server on a closed loopback port: tokens are minted and webhooks checked without one running. */
export function useMediaKeys() {
  Object.assign(process.env, {
    LIVEKIT_URL: 'ws://127.0.0.1:9',
    LIVEKIT_API_KEY: MEDIA_KEY,
    LIVEKIT_API_SECRET: MEDIA_SECRET,
  });
  resetEnvCache();
}

let sequence = 0;

/** Their media connects to `room`: a signed participant_joined delivery. */
export async function deliverJoined(participantId: string, room: string) {
  const id = `EV_test_${Date.now()}_${sequence++}`;
  const body = JSON.stringify({
    id,
    event: 'participant_joined',
    room: { name: room, sid: 'RM_1' },
    participant: { identity: participantId, sid: `PA_${id}` },
    createdAt: String(Math.floor(Date.now() / 1000)),
  });
  await deliverMediaWebhook(body);
}

/** Delivers `body` to the app's webhook route signed as the media server signs it; expects a 200. */
export async function deliverMediaWebhook(body: string) {
  const { POST: webhook } = await import('@/app/api/livekit/webhook/route');
  const res = await webhook(
    new Request('http://localhost/api/livekit/webhook', {
      method: 'POST',
      headers: {
        authorization: await signMediaWebhook(body, MEDIA_KEY, MEDIA_SECRET),
        'content-type': 'application/webhook+json',
      },
      body,
    }),
  );
  expect(res.status).toBe(200);
}
