import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { recordings, type Meeting, type RecordingStartReason } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { ACTIVE_STATUSES, toRecordingDto } from './dto';
import { instanceId, LEASE_MS } from './instance';
import { recordingEvent } from './transitions';

/**
 * Inserts an INVOKED recording of `meeting` in the caller's transaction (which holds the main meeting's
 * lock, so two starts of one room are serialized): a 409 naming the active one if the room is being
 * recorded. The row is leased to this process, which launches the recorder after the commit; should it
 * die first, the lease runs out and the sweep resolves the row.
 */
export async function insertRecording(
  tx: Tx,
  meeting: Meeting,
  main: Meeting,
  opts: { startReason: RecordingStartReason; maxSeconds?: number },
) {
  const [active] = await tx
    .select()
    .from(recordings)
    .where(and(eq(recordings.meetingId, meeting.id), inArray(recordings.status, [...ACTIVE_STATUSES])));
  if (active) {
    throw new AppError(
      'conflict:recording_active',
      `"${meeting.title}" is being recorded already (recording ${active.id}, ${active.status}). Stop it before starting another.`,
      'meeting_id',
      toRecordingDto(active, meeting.title),
    );
  }
  const [row] = await tx
    .insert(recordings)
    .values({
      meetingId: meeting.id,
      mainMeetingId: main.id,
      status: 'INVOKED',
      backend: 'embedded',
      startReason: opts.startReason,
      maxSeconds: opts.maxSeconds ?? null,
      leaseOwner: instanceId(),
      leaseUntil: new Date(Date.now() + LEASE_MS),
    })
    .returning();
  return { row: row!, event: await recordingEvent(tx, row!) };
}
