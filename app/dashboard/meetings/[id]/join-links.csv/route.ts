import { z } from 'zod';
import { errorResponse } from '@/lib/api/router';
import { currentHost } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getMeeting } from '@/lib/meetings/service';
import { linksCsv, linksFileName } from '@/lib/participants/links-csv';
import { listParticipantLinks } from '@/lib/participants/service';

/** Every participant's current join link as a CSV file (name, custom id, link), for the signed-in host. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const host = await currentHost();
    if (!host) throw new AppError('unauthorized', 'Sign in to download join links.');
    const id = z.uuid().safeParse((await params).id);
    if (!id.success) throw new AppError('not_found:meeting', 'No meeting with that id.');
    const meeting = await getMeeting(host.id, id.data);
    const csv = linksCsv(await listParticipantLinks(host.id, id.data));
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${linksFileName(meeting.title)}"`,
        // The file holds working links: never kept by a cache.
        'Cache-Control': 'no-store',
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
