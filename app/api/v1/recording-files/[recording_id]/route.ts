import { serveRecordingFile } from '@/lib/recording/storage/download';

// Streams a file of any size: never cached or prerendered, on the Node.js runtime (it reads the store).
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Ctx = { params: Promise<{ recording_id: string }> };

/** A recording's file by its signed link (this static route wins over /api/v1/[...path]). */
export async function GET(request: Request, ctx: Ctx) {
  return serveRecordingFile(request, (await ctx.params).recording_id);
}

export async function HEAD(request: Request, ctx: Ctx) {
  return serveRecordingFile(request, (await ctx.params).recording_id);
}
