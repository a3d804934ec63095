import { readBodyText, WEBHOOK_BODY_LIMIT } from '@/lib/api/body';
import { errorResponse } from '@/lib/api/router';
import { receiveWebhook } from '@/lib/livekit/service';

/** Media server webhooks: verified against the raw body, applied once, answered fast. */
export async function POST(request: Request) {
  try {
    // Read within 1 MB before the signature is checked: an unsigned flood costs no more than that.
    const body = await readBodyText(request, WEBHOOK_BODY_LIMIT);
    const result = await receiveWebhook(body, request.headers.get('authorization'));
    return Response.json({ success: true, data: result });
  } catch (err) {
    return errorResponse(err);
  }
}
