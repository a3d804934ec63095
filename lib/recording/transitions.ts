import 'server-only';
import { eq } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { meetings, recordings, type EventActor, type Recording, type RecordingStopReason } from '@/db/schema';
import { publish } from '@/lib/events/bus';
import { appendRoomEvents, lockMainMeeting } from '@/lib/events/log';
import type { RoomEvent, RoomEventScope } from '@/lib/events/room-events';
import { ACTIVE_STATUSES, toRecordingDto } from './dto';

// Every status change of a recording, written in one transaction that holds its main meeting's lock (as
// every change of the family does) with its `recording_updated` event, which goes to the recorded room's
// people and the hosts. The API's commands and the supervisor both write through here.

type Patch = Partial<typeof recordings.$inferInsert>;

export type RecordingEvent = Extract<RoomEvent, { type: 'recording_updated' }> & RoomEventScope;

/** The event telling the recorded room (and the hosts) what the recording is now. */
export async function recordingEvent(tx: Tx, row: Recording): Promise<RecordingEvent> {
  const [room] = await tx
    .select({ title: meetings.title })
    .from(meetings)
    .where(eq(meetings.id, row.meetingId));
  return {
    type: 'recording_updated',
    payload: { recording: toRecordingDto(row, room?.title ?? '') },
    roomId: row.meetingId,
  };
}

/** Writes a patch to a locked recording row and returns it with its event. */
export async function writeRecording(tx: Tx, id: string, patch: Patch) {
  const [row] = await tx
    .update(recordings)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(recordings.id, id))
    .returning();
  return { row: row!, event: await recordingEvent(tx, row!) };
}

/**
 * Changes one recording if `decide` returns a patch for it as it is now (read under the lock), appends its
 * event and wakes the stream after commit. Returns the row after the change, or undefined when the
 * recording (or its meeting) is gone or `decide` left it alone.
 */
export async function changeRecording(
  id: string,
  decide: (row: Recording) => Patch | undefined,
  actor: EventActor = { kind: 'system' },
): Promise<Recording | undefined> {
  const d = await db();
  const [found] = await d
    .select({ main: recordings.mainMeetingId })
    .from(recordings)
    .where(eq(recordings.id, id));
  if (!found) return undefined;
  const out = await d.transaction(async (tx) => {
    const main = await lockMainMeeting(tx, found.main).catch(() => undefined);
    if (!main) return undefined;
    const [row] = await tx.select().from(recordings).where(eq(recordings.id, id)).for('update');
    const patch = row && decide(row);
    if (!patch) return undefined;
    const { row: changed, event } = await writeRecording(tx, id, patch);
    await appendRoomEvents(tx, main.id, actor, [event]);
    return changed;
  });
  if (out) await publish(out.mainMeetingId);
  return out;
}

const isActive = (row: Recording) => (ACTIVE_STATUSES as readonly string[]).includes(row.status);

/** The recorder has joined and writes media: INVOKED → RECORDING (a pause asked for meanwhile stays). */
export const markRecordingStarted = (id: string, at: Date) =>
  changeRecording(id, (row) => {
    if (row.status === 'INVOKED') return { status: 'RECORDING', startedTime: at };
    if (row.status === 'PAUSED' && !row.startedTime) return { startedTime: at };
    return undefined;
  });

/** The recording has stopped (for `reason` unless a reason was given already); the file is being stored. */
export const markRecordingFinishing = (id: string, reason: RecordingStopReason, at = new Date()) =>
  changeRecording(id, (row) =>
    isActive(row)
      ? { status: 'UPLOADING', stopReason: row.stopReason ?? reason, stoppedTime: at }
      : undefined,
  );

/** The file is stored and complete: UPLOADED, with its length and size. */
export const markRecordingUploaded = (
  id: string,
  file: { durationSeconds: number; bytes: number; outputFileName: string; storageKey: string },
  stopReason?: RecordingStopReason,
) =>
  changeRecording(id, (row) =>
    row.status === 'UPLOADED' || row.status === 'ERRORED'
      ? undefined
      : {
          status: 'UPLOADED',
          durationSeconds: Math.round(file.durationSeconds),
          fileSize: file.bytes,
          outputFileName: file.outputFileName,
          storageKey: file.storageKey,
          stoppedTime: row.stoppedTime ?? new Date(),
          stopReason: stopReason ?? row.stopReason ?? { reason: 'API_CALL' },
          leaseOwner: null,
          leaseUntil: null,
        },
  );

/** Nothing usable could be kept: ERRORED, with a reason a person can read. */
export const markRecordingErrored = (id: string, message: string) =>
  changeRecording(id, (row) =>
    row.status === 'UPLOADED' || row.status === 'ERRORED'
      ? undefined
      : {
          status: 'ERRORED',
          error: message,
          stoppedTime: row.stoppedTime ?? new Date(),
          stopReason:
            row.stopReason?.reason === 'INTERNAL_ERROR' || !row.stopReason
              ? { reason: 'INTERNAL_ERROR', message }
              : row.stopReason,
          leaseOwner: null,
          leaseUntil: null,
        },
  );
