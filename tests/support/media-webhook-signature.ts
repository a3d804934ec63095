// The Authorization header the media server sends with a webhook: a token of its API key carrying the
// body's SHA-256. Imports nothing of the test runner, so benchmarks can sign deliveries too.
import { AccessToken } from 'livekit-server-sdk';

export async function signMediaWebhook(body: string, apiKey: string, apiSecret: string): Promise<string> {
  const at = new AccessToken(apiKey, apiSecret);
  at.sha256 = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))).toString(
    'base64',
  );
  return at.toJwt();
}
