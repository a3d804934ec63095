import { z } from 'zod';
import { errorResponse } from '@/lib/api/router';
import { currentHost } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { meetingPresence } from '@/lib/participants/presence';

/** Who of this meeting's participants is connected to media now; polled by the dashboard's table. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const host = await currentHost();
    if (!host) throw new AppError('unauthorized', 'Sign in to see who is connected.');
    const id = z.uuid().safeParse((await params).id);
    if (!id.success) throw new AppError('not_found:meeting', 'No meeting with that id.');
    const connected = await meetingPresence(host.id, id.data);
    return Response.json({ connected }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
