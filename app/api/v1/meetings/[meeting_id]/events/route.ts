import { eventsResponse } from '@/lib/events/sse';

// A long-lived stream: never cached, never prerendered, on the Node.js runtime (it holds a LISTEN client).
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Server-Sent Events of a main meeting's breakout state (this static route wins over /api/v1/[...path]). */
export async function GET(request: Request, ctx: { params: Promise<{ meeting_id: string }> }) {
  const { meeting_id } = await ctx.params;
  // The dashboard session is read from the request's cookie (lib/auth/host-session.ts).
  return eventsResponse(request, meeting_id);
}
