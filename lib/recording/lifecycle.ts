import 'server-only';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '@/db';
import { meetings, presence, recordings, type Meeting } from '@/db/schema';
import { mediaConfig } from '@/lib/livekit/config';
import { ACTIVE_STATUSES } from './dto';
import { insertRecording } from './start';
import { noteRecordingActivity } from './supervisor';
import { writeRecording, type RecordingEvent } from './transitions';

// What happens to recordings when the family changes: rooms closing stop theirs, and with
// record_on_start a room's first arrival starts one. Both run inside the change's own transaction (which
// holds the main meeting's lock), so the recording's status and its event commit with the change.

/**
 * Stops the recordings in progress in rooms being closed or deleted: UPLOADING with ROOM_CLOSED. The
 * process recording each sees that and finishes its file, which is kept.
 */
export async function stopRecordingsOfRooms(tx: Tx, roomIds: string[]): Promise<RecordingEvent[]> {
  if (roomIds.length === 0) return [];
  const active = await tx
    .select({ id: recordings.id })
    .from(recordings)
    .where(and(inArray(recordings.meetingId, roomIds), inArray(recordings.status, [...ACTIVE_STATUSES])))
    .for('update');
  if (active.length > 0) noteRecordingActivity(); // an egress among them is stopped by the sweep
  const now = new Date();
  const events: RecordingEvent[] = [];
  for (const { id } of active) {
    const { event } = await writeRecording(tx, id, {
      status: 'UPLOADING',
      stoppedTime: now,
      stopReason: { reason: 'ROOM_CLOSED', message: 'The room was closed.' },
    });
    events.push(event);
  }
  return events;
}

/**
 * record_on_start: someone has just connected to `room`'s media (their presence is already written). If
 * the main meeting records on start, the room is open, nobody else was connected (this is the first
 * arrival of a session) and nothing records it, a recording starts. A host's stop is therefore not undone
 * by the next person arriving while others are still there.
 */
export async function recordOnArrival(
  tx: Tx,
  main: Meeting,
  room: string,
  participantId: string,
): Promise<RecordingEvent | undefined> {
  if (!main.recordOnStart || main.status !== 'ACTIVE' || !mediaConfig().available) return undefined;
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, room));
  if (!meeting) return undefined;
  const inFamily =
    meeting.id === main.id || (meeting.parentMeetingId === main.id && meeting.roomStatus === 'open');
  if (!inFamily) return undefined;
  const [other] = await tx
    .select({ id: presence.participantId })
    .from(presence)
    .where(
      and(eq(presence.room, room), eq(presence.connected, true), ne(presence.participantId, participantId)),
    )
    .limit(1);
  if (other) return undefined;
  const [active] = await tx
    .select({ id: recordings.id })
    .from(recordings)
    .where(and(eq(recordings.meetingId, room), inArray(recordings.status, [...ACTIVE_STATUSES])));
  if (active) return undefined;
  const { event } = await insertRecording(tx, meeting, main, {
    startReason: {
      reason: 'RECORD_ON_START',
      caller: { name: 'Record on start', type: 'ORGANIZATION', user_id: main.hostId },
    },
  });
  return event;
}
