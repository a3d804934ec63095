import 'server-only';
import { eq } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import {
  meetings,
  participants,
  presets,
  users,
  type EventActor,
  type Meeting,
  type Participant,
} from '@/db/schema';
import type { Caller } from '@/lib/api/caller';
import { AppError, notFound } from '@/lib/errors';
import { publish } from '@/lib/events/bus';
import { appendRoomEvents, lockMainMeeting } from '@/lib/events/log';
import type { RoomEvent, RoomEventScope } from '@/lib/events/room-events';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import { permissionsSchema, type Permissions } from '@/lib/presets/permissions';

/** Who is acting in a meeting's chat, polls or help requests, with their rights read inside the transaction. */
export type RoomActor =
  | { kind: 'host'; hostId: string; name: string }
  | { kind: 'participant'; participant: Participant; permissions: Permissions; name: string };

export interface RoomAccess {
  /** The meeting or breakout room asked about. */
  meeting: Meeting;
  /** Its main meeting (the same row for a main meeting). */
  main: Meeting;
  actor: RoomActor;
}

/** Host powers: the owner (API key or dashboard), or a participant whose preset may alter the rooms. */
export const hasHostPowers = (actor: RoomActor) =>
  actor.kind === 'host' || actor.permissions.connected_meetings.can_alter_connected_meetings;

export const roomEventActor = (actor: RoomActor): EventActor =>
  actor.kind === 'host'
    ? { kind: 'host', host_id: actor.hostId }
    : { kind: 'participant', participant_id: actor.participant.id };

/**
 * Opens a meeting's room tools for a caller inside `tx`. A write locks the main meeting's row first (the
 * event log keeps commit order per main meeting) and then reads where the participant is now, so a move
 * committing at the same moment is either wholly before or wholly after.
 *
 * - A host must own the meeting (else "not found", as for every other host endpoint).
 * - A participant must hold a seat in the meeting's family, and may only use the meeting they are in
 *   now; with host powers they may also read (not write) every room.
 * - `manage` (broadcasts, answering help requests) needs host powers, from wherever the host is.
 * - Writing and managing need an active meeting and, for a room, one that is still open.
 */
export async function openRoom(
  tx: Tx,
  caller: Caller,
  meetingId: string,
  mode: 'read' | 'write' | 'manage',
): Promise<RoomAccess> {
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw notFound('meeting', 'meeting_id');
  const mainId = meeting.parentMeetingId ?? meeting.id;
  const main =
    mode !== 'read'
      ? await lockMainMeeting(tx, mainId)
      : mainId === meeting.id
        ? meeting
        : (await tx.select().from(meetings).where(eq(meetings.id, mainId)))[0]!;
  const actor = await actorOf(tx, caller, main);
  if (mode === 'manage' && !hasHostPowers(actor)) {
    throw new AppError(
      'forbidden:can_alter_connected_meetings',
      "This needs the can_alter_connected_meetings permission in your preset (the hosts' rights).",
    );
  }
  if (actor.kind === 'participant') {
    const here = actor.participant.currentMeetingId === meeting.id;
    const elsewhere = mode !== 'write' && hasHostPowers(actor);
    if (!here && !elsewhere) {
      throw new AppError(
        'forbidden:other_meeting',
        'You can only use the chat, polls and help of the meeting you are in now.',
        'meeting_id',
      );
    }
  }
  if (mode !== 'read') {
    if (main.status !== 'ACTIVE') {
      throw new AppError('forbidden:meeting_inactive', 'This meeting is not active.');
    }
    if (meeting.parentMeetingId && meeting.roomStatus !== 'open') {
      throw new AppError('conflict:room_closed', 'This breakout room is closed.', 'meeting_id');
    }
  }
  return { meeting, main, actor };
}

/** Who the caller is in this main meeting, with the rights of the preset that applies where they are now. */
export async function actorOf(tx: Tx, caller: Caller, main: Meeting): Promise<RoomActor> {
  if (caller.kind === 'host') {
    if (caller.hostId !== main.hostId) throw notFound('meeting', 'meeting_id');
    const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, caller.hostId));
    return { kind: 'host', hostId: caller.hostId, name: user?.name?.trim() || 'Host' };
  }
  const [row] = await tx
    .select({ participant: participants, permissions: presets.permissions })
    .from(participants)
    .innerJoin(presets, eq(presets.id, effectivePresetId()))
    .where(eq(participants.id, caller.seat.participant.id));
  // A meeting the seat is not in answers exactly as one that does not exist: no existence oracle.
  if (!row || row.participant.meetingId !== main.id) throw notFound('meeting', 'meeting_id');
  return {
    kind: 'participant',
    participant: row.participant,
    permissions: permissionsSchema.parse(row.permissions),
    name: row.participant.name,
  };
}

/** Refuses a participant whose preset lacks a permission, naming it. Hosts pass. */
export function requirePermission(
  actor: RoomActor,
  granted: (p: Permissions) => boolean,
  name: string,
  doing: string,
) {
  if (actor.kind === 'participant' && !granted(actor.permissions)) {
    throw new AppError(
      `forbidden:${name.split('.').at(-1)}`,
      `${doing} needs the ${name} permission in your preset.`,
    );
  }
}

/**
 * Runs one chat, poll or help command in a transaction: the meeting opened for the caller (`openRoom`),
 * the body's events appended in the same transaction, and subscribers woken after commit.
 */
export async function runInRoom<T>(
  caller: Caller,
  meetingId: string,
  mode: 'read' | 'write' | 'manage',
  body: (room: RoomAccess, tx: Tx) => Promise<{ result: T; events?: Array<RoomEvent & RoomEventScope> }>,
): Promise<T> {
  const d = await db();
  const out = await d.transaction(async (tx) => {
    const room = await openRoom(tx, caller, meetingId, mode);
    const { result, events = [] } = await body(room, tx);
    await appendRoomEvents(tx, room.main.id, roomEventActor(room.actor), events);
    return { result, wake: events.length > 0 ? room.main.id : undefined };
  });
  if (out.wake) await publish(out.wake);
  return out.result;
}
