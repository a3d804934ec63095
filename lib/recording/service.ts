import 'server-only';
import { and, count, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { db, type Tx } from '@/db';
import { meetings, recordings, users, type Meeting, type Recording, type RecordingCaller } from '@/db/schema';
import type { Caller } from '@/lib/api/caller';
import { AppError, notFound } from '@/lib/errors';
import { publish } from '@/lib/events/bus';
import { appendRoomEvents, lockMainMeeting } from '@/lib/events/log';
import { mediaConfig } from '@/lib/livekit/config';
import { offsetOf, paging } from '@/lib/paging';
import { openRoom, requirePermission, roomEventActor, runInRoom, type RoomActor } from '@/lib/rooms/access';
import { ACTIVE_STATUSES, toRecordingDto, type RecordingDto } from './dto';
import type { controlRecordingSchema, listRecordingsQuery, startRecordingSchema } from './schemas';
import { recordingStore, StorageError } from './storage';
import { launchRecordings, nudgeSupervisor, stopEgresses } from './supervisor';
import { writeRecording, type RecordingEvent } from './transitions';
import { insertRecording } from './start';

type RoomEvents = RecordingEvent[];

/** Who started or stopped a recording, as RealtimeKit names callers: an API key is the organization. */
function callerOf(caller: Caller, actor: RoomActor): RecordingCaller {
  if (actor.kind === 'participant') return { name: actor.name, type: 'USER', user_id: actor.participant.id };
  return caller.kind === 'host' && caller.via === 'api_key'
    ? { name: 'API key', type: 'ORGANIZATION', user_id: actor.hostId }
    : { name: actor.name, type: 'USER', user_id: actor.hostId };
}

const needsCanRecord = (actor: RoomActor) =>
  requirePermission(actor, (p) => p.can_record, 'can_record', 'Recording');

/** A participant may only record the room they are in now (host powers elsewhere do not extend to this). */
function requireHere(actor: RoomActor, meetingId: string) {
  if (actor.kind === 'participant' && actor.participant.currentMeetingId !== meetingId) {
    throw new AppError(
      'forbidden:other_meeting',
      'You can only record the meeting or room you are in now.',
      'meeting_id',
    );
  }
}

function requireMediaServer() {
  const config = mediaConfig();
  if (!config.available) throw new AppError('unavailable:media', config.reason);
}

/**
 * Starts recording a meeting or room (the owner anywhere; a participant with can_record in the room they
 * are in). The row is INVOKED at once; this process launches the recorder after the commit.
 */
export async function startRecording(
  caller: Caller,
  input: z.output<typeof startRecordingSchema>,
): Promise<RecordingDto> {
  requireMediaServer();
  const dto = await runInRoom<RecordingDto>(
    caller,
    input.meeting_id,
    'write',
    async ({ meeting, main, actor }, tx) => {
      requireHere(actor, meeting.id);
      needsCanRecord(actor);
      const { event } = await insertRecording(tx, meeting, main, {
        startReason: { reason: 'API_CALL', caller: callerOf(caller, actor) },
        maxSeconds: input.max_seconds,
      });
      return { result: event.payload.recording, events: [event] };
    },
  );
  launchRecordings([dto.id]);
  return dto;
}

/** A recording with its main meeting, or "not found" for anyone outside that meeting's family. */
async function findRecording(tx: Tx, caller: Caller, id: string): Promise<Recording> {
  const [row] = await tx
    .select({ recording: recordings, hostId: meetings.hostId })
    .from(recordings)
    .innerJoin(meetings, eq(meetings.id, recordings.mainMeetingId))
    .where(eq(recordings.id, id));
  const mine =
    row &&
    (caller.kind === 'host'
      ? row.hostId === caller.hostId
      : caller.seat.participant.meetingId === row.recording.mainMeetingId);
  if (!mine) throw notFound('recording');
  return row.recording;
}

async function titleOf(tx: Tx, meetingId: string) {
  const [m] = await tx.select({ title: meetings.title }).from(meetings).where(eq(meetings.id, meetingId));
  return m?.title ?? '';
}

/** One recording: the owner, or a participant in its room now (or with host powers). */
export async function getRecording(caller: Caller, id: string): Promise<RecordingDto> {
  const d = await db();
  return d.transaction(async (tx) => {
    const row = await findRecording(tx, caller, id);
    await openRoom(tx, caller, row.meetingId, 'read');
    return toRecordingDto(row, await titleOf(tx, row.meetingId));
  });
}

/** The recording in progress in a meeting or room, or null: anyone in that room may ask (for the indicator). */
export async function activeRecording(caller: Caller, meetingId: string): Promise<RecordingDto | null> {
  const d = await db();
  return d.transaction(async (tx) => {
    const { meeting } = await openRoom(tx, caller, meetingId, 'read');
    const [row] = await tx
      .select()
      .from(recordings)
      .where(and(eq(recordings.meetingId, meeting.id), inArray(recordings.status, [...ACTIVE_STATUSES])));
    return row ? toRecordingDto(row, meeting.title) : null;
  });
}

const NEXT: Record<'stop' | 'pause' | 'resume', { from: Recording['status'][]; verb: string }> = {
  stop: { from: [...ACTIVE_STATUSES], verb: 'stopped' },
  pause: { from: ['RECORDING'], verb: 'paused' },
  resume: { from: ['PAUSED'], verb: 'resumed' },
};

/** Stops, pauses or resumes a recording (the owner; a participant with can_record in its room now). */
export async function controlRecording(
  caller: Caller,
  id: string,
  input: z.output<typeof controlRecordingSchema>,
): Promise<RecordingDto> {
  const d = await db();
  const out = await d.transaction(async (tx) => {
    const found = await findRecording(tx, caller, id);
    await lockMainMeeting(tx, found.mainMeetingId);
    const { actor } = await openRoom(tx, caller, found.meetingId, 'read');
    requireHere(actor, found.meetingId);
    needsCanRecord(actor);
    const [row] = await tx.select().from(recordings).where(eq(recordings.id, id)).for('update');
    const rule = NEXT[input.action];
    if (row?.backend === 'egress' && input.action !== 'stop') {
      throw new AppError(
        'conflict:recording_not_pausable',
        'This recording is made by LiveKit Egress, which cannot pause: stop it instead.',
        'action',
      );
    }
    if (!row || !rule.from.includes(row.status)) {
      throw new AppError(
        'conflict:recording_status',
        `This recording is ${row?.status ?? 'gone'}: it cannot be ${rule.verb}.`,
        'action',
      );
    }
    const patch =
      input.action === 'stop'
        ? {
            status: 'UPLOADING' as const,
            stoppedTime: new Date(),
            stopReason: { reason: 'API_CALL' as const, caller: callerOf(caller, actor) },
          }
        : { status: input.action === 'pause' ? ('PAUSED' as const) : ('RECORDING' as const) };
    const written = await writeRecording(tx, id, patch);
    await appendRoomEvents(tx, row.mainMeetingId, roomEventActor(actor), [written.event]);
    return written;
  });
  await publish(out.row.mainMeetingId);
  nudgeSupervisor();
  if (input.action === 'stop') await stopEgresses([out.row]);
  return out.event.payload.recording;
}

const room = alias(meetings, 'room');

/** A host's recordings, newest first: of one main meeting (with its rooms) or one room, by status. */
export async function listRecordings(hostId: string, q: z.output<typeof listRecordingsQuery>) {
  const where: SQL[] = [eq(meetings.hostId, hostId)];
  if (q.meeting_id)
    where.push(or(eq(recordings.mainMeetingId, q.meeting_id), eq(recordings.meetingId, q.meeting_id))!);
  if (q.status) where.push(inArray(recordings.status, q.status));
  const d = await db();
  const base = d
    .select({ recording: recordings, title: room.title })
    .from(recordings)
    .innerJoin(meetings, eq(meetings.id, recordings.mainMeetingId))
    .innerJoin(room, eq(room.id, recordings.meetingId))
    .where(and(...where));
  const [rows, [total]] = await Promise.all([
    base.orderBy(desc(recordings.invokedTime), desc(recordings.id)).limit(q.per_page).offset(offsetOf(q)),
    d
      .select({ n: count() })
      .from(recordings)
      .innerJoin(meetings, eq(meetings.id, recordings.mainMeetingId))
      .where(and(...where)),
  ]);
  const now = new Date();
  return {
    data: rows.map((r) => toRecordingDto(r.recording, r.title, now)),
    paging: paging(q, rows.length, total?.n ?? 0),
  };
}

/** Deletes a finished recording and its file (a recording in progress must be stopped first). */
export async function deleteRecording(hostId: string, id: string): Promise<RecordingDto> {
  const d = await db();
  const caller: Caller = { kind: 'host', hostId, via: 'session' };
  const row = await d.transaction((tx) => findRecording(tx, caller, id));
  if (row.status !== 'UPLOADED' && row.status !== 'ERRORED') {
    throw new AppError(
      'conflict:recording_active',
      `This recording is ${row.status}: stop it (and let its file finish) before deleting it.`,
    );
  }
  // The file goes first: if the store refuses, nothing is deleted and the request can be repeated.
  if (row.storageKey) {
    try {
      await recordingStore().remove(row.storageKey);
    } catch (err) {
      if (err instanceof StorageError) throw new AppError('unavailable:storage', err.message);
      throw err;
    }
  }
  const dto = await d.transaction(async (tx) => {
    await lockMainMeeting(tx, row.mainMeetingId);
    const [gone] = await tx.delete(recordings).where(eq(recordings.id, id)).returning();
    if (!gone) throw notFound('recording');
    await appendRoomEvents(tx, row.mainMeetingId, { kind: 'host', host_id: hostId }, [
      {
        type: 'recording_deleted',
        payload: { recording_id: id, meeting_id: row.meetingId },
        roomId: row.meetingId,
      },
    ]);
    return toRecordingDto(gone, await titleOf(tx, row.meetingId));
  });
  await publish(row.mainMeetingId);
  return dto;
}

/** The main meeting, locked, for a host's "record all" or "stop all" (not found for anyone else's). */
async function lockOwned(tx: Tx, hostId: string, mainMeetingId: string): Promise<Meeting> {
  const [found] = await tx
    .select({ hostId: meetings.hostId, parent: meetings.parentMeetingId })
    .from(meetings)
    .where(eq(meetings.id, mainMeetingId));
  if (!found || found.hostId !== hostId || found.parent) throw notFound('meeting', 'meeting_id');
  return lockMainMeeting(tx, mainMeetingId);
}

/** "Record all rooms": the main meeting and every open room not being recorded yet, in one transaction. */
export async function startAllRecordings(caller: Extract<Caller, { kind: 'host' }>, mainMeetingId: string) {
  requireMediaServer();
  const d = await db();
  const out = await d.transaction(async (tx) => {
    const main = await lockOwned(tx, caller.hostId, mainMeetingId);
    if (main.status !== 'ACTIVE')
      throw new AppError('forbidden:meeting_inactive', 'This meeting is not active.');
    const rooms = await tx
      .select()
      .from(meetings)
      .where(and(eq(meetings.parentMeetingId, main.id), eq(meetings.roomStatus, 'open')))
      .orderBy(meetings.createdAt);
    const busy = await tx
      .select({ meetingId: recordings.meetingId })
      .from(recordings)
      .where(and(eq(recordings.mainMeetingId, main.id), inArray(recordings.status, [...ACTIVE_STATUSES])));
    const taken = new Set(busy.map((b) => b.meetingId));
    const actor: RoomActor = { kind: 'host', hostId: caller.hostId, name: await hostName(tx, caller.hostId) };
    const events: RoomEvents = [];
    for (const m of [main, ...rooms].filter((m) => !taken.has(m.id))) {
      const { event } = await insertRecording(tx, m, main, {
        startReason: { reason: 'API_CALL', caller: callerOf(caller, actor) },
      });
      events.push(event);
    }
    await appendRoomEvents(tx, main.id, roomEventActor(actor), events);
    return events.map((e) => e.payload.recording);
  });
  if (out.length > 0) await publish(mainMeetingId);
  launchRecordings(out.map((r) => r.id));
  return { recordings: out };
}

/** "Stop all": every recording in progress in the meeting and its rooms stops; their files are finished. */
export async function stopAllRecordings(caller: Extract<Caller, { kind: 'host' }>, mainMeetingId: string) {
  const d = await db();
  const out = await d.transaction(async (tx) => {
    const main = await lockOwned(tx, caller.hostId, mainMeetingId);
    const active = await tx
      .select()
      .from(recordings)
      .where(and(eq(recordings.mainMeetingId, main.id), inArray(recordings.status, [...ACTIVE_STATUSES])))
      .for('update');
    const actor: RoomActor = { kind: 'host', hostId: caller.hostId, name: await hostName(tx, caller.hostId) };
    const now = new Date();
    const written = [];
    for (const r of active) {
      written.push(
        await writeRecording(tx, r.id, {
          status: 'UPLOADING',
          stoppedTime: now,
          stopReason: { reason: 'API_CALL', caller: callerOf(caller, actor) },
        }),
      );
    }
    await appendRoomEvents(
      tx,
      main.id,
      roomEventActor(actor),
      written.map((w) => w.event),
    );
    return written;
  });
  if (out.length > 0) await publish(mainMeetingId);
  nudgeSupervisor();
  await stopEgresses(out.map((w) => w.row));
  return { recordings: out.map((w) => w.event.payload.recording) };
}

async function hostName(tx: Tx, hostId: string) {
  const [u] = await tx.select({ name: users.name }).from(users).where(eq(users.id, hostId));
  return u?.name?.trim() || 'Host';
}
