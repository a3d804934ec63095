import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { recordings } from '@/db/schema';
import { errorResponse } from '@/lib/api/router';
import { AppError } from '@/lib/errors';
import { checkDownloadSignature } from './download-url';
import { recordingStore } from './index';
import { contentDisposition, parseRange } from './range';
import { StorageError } from './types';

const REFUSED = {
  missing: 'This download link has no expires and signature: get a new link from the recording.',
  invalid: 'This download link is not valid: get a new link from the recording.',
  expired: 'This download link has expired: get a new link from the recording.',
} as const;

/**
 * Answers `GET /api/v1/recording-files/{id}?expires=&signature=`: the recording's file streamed from the
 * store, whole or one byte range (so a player can seek). The signature is checked before anything is read.
 */
export async function serveRecordingFile(request: Request, id: string, now = new Date()): Promise<Response> {
  try {
    const search = new URL(request.url).searchParams;
    const refused = checkDownloadSignature(id, search.get('expires'), search.get('signature'), now);
    if (refused) throw new AppError(`forbidden:download_link`, REFUSED[refused]);
    if (!z.uuid().safeParse(id).success)
      throw new AppError('not_found:recording', 'No recording with that id.');
    const d = await db();
    const [row] = await d
      .select({ status: recordings.status, key: recordings.storageKey, name: recordings.outputFileName })
      .from(recordings)
      .where(eq(recordings.id, id));
    if (!row) throw new AppError('not_found:recording', 'No recording with that id.');
    if (row.status !== 'UPLOADED' || !row.key) throw gone();
    return await streamFile(request, row.key, row.name ?? `${id}.mp4`);
  } catch (err) {
    if (err instanceof StorageError) return errorResponse(new AppError('unavailable:storage', err.message));
    return errorResponse(err);
  }
}

const gone = () => new AppError('not_found:recording_file', "This recording's file is no longer stored.");

async function streamFile(request: Request, key: string, fileName: string): Promise<Response> {
  const store = recordingStore();
  const asked = parseRange(request.headers.get('range'));
  let range: { start: number; end?: number } | undefined;
  if (asked && 'suffix' in asked) {
    // The last N bytes: the size is needed first.
    const probe = await store.get(key, { start: 0, end: 0 });
    if (!probe) throw gone();
    await probe.body.cancel();
    if (asked.suffix === 0 || probe.size === 0) return unsatisfiable(probe.size);
    range = { start: Math.max(0, probe.size - asked.suffix) };
  } else if (asked) range = asked;

  const file = await store.get(key, range);
  if (!file) throw gone();
  if (range && file.start > file.end) {
    await file.body.cancel();
    return unsatisfiable(file.size);
  }
  const headers = new Headers({
    'Content-Type': 'video/mp4',
    'Accept-Ranges': 'bytes',
    'Content-Disposition': contentDisposition(fileName),
    'Content-Length': String(Math.max(0, file.end - file.start + 1)),
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (range) headers.set('Content-Range', `bytes ${file.start}-${file.end}/${file.size}`);
  if (request.method === 'HEAD') {
    await file.body.cancel();
    return new Response(null, { status: range ? 206 : 200, headers });
  }
  return new Response(file.body, { status: range ? 206 : 200, headers });
}

function unsatisfiable(size: number): Response {
  return Response.json(
    {
      success: false,
      error: {
        code: 'range_not_satisfiable',
        message: `The file has ${size} bytes; the range asked for is past its end.`,
      },
    },
    {
      status: 416,
      headers: { 'Content-Range': `bytes */${size}`, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' },
    },
  );
}
