import 'server-only';
import { eq } from 'drizzle-orm';
import type { EgressInfo } from 'livekit-server-sdk';
import { db } from '@/db';
import { recordings } from '@/db/schema';
import { applyEgressInfo } from './egress';
import { changeRecording } from './transitions';

/**
 * Applies an egress webhook's EgressInfo to the recording it belongs to (RECORDING_BACKEND=egress): the
 * status, times, file and reasons it reports, never moving a recording backwards (deliveries can be late
 * or repeated). An egress that ends without a stop having been asked for ended because the room emptied.
 */
export async function applyEgressWebhook(info: EgressInfo): Promise<boolean> {
  if (!info.egressId) return false;
  const d = await db();
  const [row] = await d
    .select({ id: recordings.id })
    .from(recordings)
    .where(eq(recordings.egressId, info.egressId));
  if (!row) return false;
  const changed = await changeRecording(row.id, (current) => {
    const change = applyEgressInfo(info, current.status);
    if (!change) return undefined;
    const ending = change.status === 'UPLOADING' || change.status === 'UPLOADED';
    return {
      status: change.status,
      startedTime: current.startedTime ?? change.startedTime,
      stoppedTime: current.stoppedTime ?? change.stoppedTime,
      durationSeconds: change.durationSeconds ?? current.durationSeconds,
      fileSize: change.fileSize ?? current.fileSize,
      outputFileName: change.outputFileName ?? current.outputFileName,
      storageKey: change.storageKey ?? current.storageKey,
      stopReason:
        change.stopReason ??
        current.stopReason ??
        (ending ? { reason: 'ALL_PEERS_LEFT' as const, message: 'Everyone left the room.' } : null),
      error: change.error ?? current.error,
    };
  });
  return changed !== undefined;
}
