import { errorResponse } from '@/lib/api/router';
import { receiveWebhook } from '@/lib/livekit/service';

/** Media server webhooks: verified against the raw body, applied once, answered fast. */
export async function POST(request: Request) {
  try {
    const result = await receiveWebhook(await request.text(), request.headers.get('authorization'));
    return Response.json({ success: true, data: result });
  } catch (err) {
    return errorResponse(err);
  }
}
