import 'server-only';
import { and, eq, inArray, or } from 'drizzle-orm';
import { TrackSource } from 'livekit-server-sdk';
import { db, type Tx } from '@/db';
import { meetings, participants, presets, type Meeting, type Participant } from '@/db/schema';
import type { Caller } from '@/lib/api/caller';
import { AppError, notFound } from '@/lib/errors';
import { publish } from '@/lib/events/bus';
import { appendEvents, appendRoomEvents, lockMainMeeting } from '@/lib/events/log';
import { grantsFor } from '@/lib/livekit/grants';
import { disconnectFromRoom } from '@/lib/livekit/service';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import { permissionsSchema } from '@/lib/presets/permissions';
import { actorOf, requirePermission, roomEventActor, type RoomActor } from '@/lib/rooms/access';
import type { ModerationEvent } from './events';
import { applyGrant, muteTracks, roomIdentities } from './media';
import type { kickSchema, muteAllSchema, spotlightSchema, Targets } from './schemas';
import { endSession } from './session';
import type { z } from 'zod';

type Right = 'kick_participant' | 'disable_participant_audio' | 'disable_participant_video' | 'can_spotlight';

interface Scope {
  /** The meeting or breakout room the request names. */
  meeting: Meeting;
  main: Meeting;
  actor: RoomActor;
}

/**
 * Opens a moderation command in `tx`: the main meeting's row locked first (events keep commit order),
 * then the caller checked against the preset that applies where they are now. Another host's key finds
 * no meeting (404); a participant without the right gets a 403 naming it.
 */
async function openModeration(tx: Tx, caller: Caller, meetingId: string, right: Right, doing: string) {
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw notFound('meeting', 'meeting_id');
  const main = await lockMainMeeting(tx, meeting.parentMeetingId ?? meeting.id);
  const actor = await actorOf(tx, caller, main);
  requirePermission(actor, (p) => p[right], right, doing);
  return { meeting, main, actor } satisfies Scope;
}

function requireLive({ main, meeting }: Scope) {
  if (main.status !== 'ACTIVE')
    throw new AppError('forbidden:meeting_inactive', 'This meeting is not active.');
  if (meeting.parentMeetingId && meeting.roomStatus !== 'open') {
    throw new AppError('conflict:room_closed', 'This breakout room is closed.', 'meeting_id');
  }
}

/** The participants of this main meeting named by id or custom id; an unknown one is a 404 naming it. */
async function targetsOf(tx: Tx, main: Meeting, t: Targets): Promise<Participant[]> {
  const rows = await tx
    .select()
    .from(participants)
    .where(
      and(
        eq(participants.meetingId, main.id),
        or(
          t.participant_ids.length ? inArray(participants.id, t.participant_ids) : undefined,
          t.custom_participant_ids.length
            ? inArray(participants.customParticipantId, t.custom_participant_ids)
            : undefined,
        ),
      ),
    );
  const missingId = t.participant_ids.find((id) => !rows.some((r) => r.id === id));
  if (missingId) {
    throw new AppError(
      'not_found:participant',
      `No participant ${missingId} in this meeting.`,
      'participant_ids',
    );
  }
  const missingCustom = t.custom_participant_ids.find((c) => !rows.some((r) => r.customParticipantId === c));
  if (missingCustom) {
    throw new AppError(
      'not_found:participant',
      `No participant with custom_participant_id "${missingCustom}" in this meeting.`,
      'custom_participant_ids',
    );
  }
  return rows;
}

const selfId = (actor: RoomActor) => (actor.kind === 'participant' ? actor.participant.id : null);

async function commit<T>(
  work: (tx: Tx) => Promise<{ result: T; wake?: string; after?: () => Promise<unknown> }>,
) {
  const d = await db();
  const out = await d.transaction(work);
  if (out.wake) await publish(out.wake);
  await out.after?.();
  return out.result;
}

/**
 * `…/active-session/kick`: disconnects people from the call. With `remove_from_meeting` their seat is
 * deleted too (their link and cookie stop working); without it their link still works, so a host can
 * let them back by asking them to rejoin.
 */
export function kickParticipants(caller: Caller, meetingId: string, body: z.output<typeof kickSchema>) {
  return commit(async (tx) => {
    const scope = await openModeration(tx, caller, meetingId, 'kick_participant', 'Removing people');
    const { main, actor } = scope;
    const targets = await targetsOf(tx, main, body);
    const ids = targets.map((t) => t.id);
    // Their page hears why first; the removal of their seat (if asked) follows in the same commit.
    await appendRoomEvents(tx, main.id, roomEventActor(actor), [
      {
        type: 'participants_kicked',
        payload: { participant_ids: ids, removed_from_meeting: body.remove_from_meeting },
      },
    ]);
    await clearSpotlight(tx, main.id, ids);
    if (body.remove_from_meeting) {
      await tx.delete(participants).where(inArray(participants.id, ids));
      await appendEvents(
        tx,
        main.id,
        roomEventActor(actor),
        targets.map((t) => ({
          type: 'participant_removed' as const,
          payload: { id: t.id, preset_id: t.roomPresetId ?? t.presetId },
        })),
      );
    }
    return {
      result: { participant_ids: ids, removed_from_meeting: body.remove_from_meeting },
      wake: main.id,
      after: () => Promise.all(targets.map((t) => disconnectFromRoom(t.currentMeetingId, t.id))),
    };
  });
}

async function clearSpotlight(tx: Tx, mainId: string, ids: string[]) {
  const cleared = await tx
    .update(meetings)
    .set({ spotlightParticipantId: null })
    .where(
      and(
        or(eq(meetings.id, mainId), eq(meetings.parentMeetingId, mainId)),
        inArray(meetings.spotlightParticipantId, ids),
      ),
    )
    .returning({ id: meetings.id });
  if (cleared.length === 0) return;
  await appendRoomEvents(
    tx,
    mainId,
    { kind: 'system' },
    cleared.map((m) => ({
      type: 'spotlight_changed' as const,
      payload: { meeting_id: m.id, participant_id: null },
      roomId: m.id,
    })),
  );
}

/**
 * `…/active-session/kick-all`: ends the meeting for everyone. The main meeting and all its rooms become
 * inactive, every page is told, and every media room of the family is closed.
 */
export function endMeetingForAll(caller: Caller, meetingId: string) {
  return commit(async (tx) => {
    const { main, actor } = await openModeration(
      tx,
      caller,
      meetingId,
      'kick_participant',
      'Ending the meeting',
    );
    const after = await endSession(tx, main.id, roomEventActor(actor));
    return { result: { meeting_id: main.id, status: 'INACTIVE' as const }, after };
  });
}

/** `…/active-session/mute` (microphones) and `…/mute-video` (cameras) of the people named. */
export function muteParticipants(caller: Caller, meetingId: string, body: Targets, kind: 'audio' | 'video') {
  const right = kind === 'audio' ? 'disable_participant_audio' : 'disable_participant_video';
  return commit(async (tx) => {
    const scope = await openModeration(
      tx,
      caller,
      meetingId,
      right,
      kind === 'audio' ? "Muting others' microphones" : "Turning off others' cameras",
    );
    requireLive(scope);
    const targets = await targetsOf(tx, scope.main, body);
    const ids = targets.map((t) => t.id);
    await appendRoomEvents(tx, scope.main.id, roomEventActor(scope.actor), [
      { type: 'participants_muted', payload: { participant_ids: ids, kind } },
    ]);
    const source = kind === 'audio' ? TrackSource.MICROPHONE : TrackSource.CAMERA;
    const result = { participant_ids: ids, kind, muted_tracks: 0 };
    return {
      result,
      wake: scope.main.id,
      after: async () => {
        const counts = await Promise.all(targets.map((t) => muteTracks(t.currentMeetingId, t.id, [source])));
        result.muted_tracks = counts.reduce((a, b) => a + b, 0);
      },
    };
  });
}

/**
 * `…/active-session/mute-all`: mutes every microphone in the meeting or room named, but the caller's.
 * Without `allow_unmute` the room is locked: until a host mutes all again with `allow_unmute: true`,
 * only people who may mute others (moderators) can send audio there. The lock is in the database and
 * in every media token for the room, and connected people's rights are changed on the media server.
 */
export function muteAll(caller: Caller, meetingId: string, body: z.output<typeof muteAllSchema>) {
  return commit(async (tx) => {
    const scope = await openModeration(tx, caller, meetingId, 'disable_participant_audio', 'Muting everyone');
    requireLive(scope);
    const room = scope.meeting.id;
    const audioLocked = !body.allow_unmute;
    await tx.update(meetings).set({ audioLocked }).where(eq(meetings.id, room));
    const by = selfId(scope.actor);
    const event: ModerationEvent = {
      type: 'all_muted',
      payload: { meeting_id: room, allow_unmute: body.allow_unmute, by },
    };
    await appendRoomEvents(tx, scope.main.id, roomEventActor(scope.actor), [{ ...event, roomId: room }]);
    const result = { meeting_id: room, allow_unmute: body.allow_unmute, muted_participants: 0 };
    return {
      result,
      wake: scope.main.id,
      after: async () => {
        const here = await seatsIn(scope.main.id, await roomIdentities(room));
        const others = here.filter((s) => s.id !== by);
        const muted = await Promise.all(others.map((s) => muteTracks(room, s.id, [TrackSource.MICROPHONE])));
        result.muted_participants = muted.filter((n) => n > 0).length;
        // The same grant their next token will carry: the microphone taken (or given back) at once.
        await Promise.all(
          here.map((s) => applyGrant(room, s.id, grantsFor(s.permissions, room, { audioLocked }))),
        );
      },
    };
  });
}

/** Seats of this main meeting among media identities, with the preset that applies where they are. */
async function seatsIn(mainId: string, identities: string[]) {
  const uuids = identities.filter((i) => /^[0-9a-f-]{36}$/i.test(i));
  if (uuids.length === 0) return [];
  const d = await db();
  const rows = await d
    .select({ id: participants.id, permissions: presets.permissions })
    .from(participants)
    .innerJoin(presets, eq(presets.id, effectivePresetId()))
    .where(and(eq(participants.meetingId, mainId), inArray(participants.id, uuids)));
  return rows.map((r) => ({ id: r.id, permissions: permissionsSchema.parse(r.permissions) }));
}

/** `…/active-session/spotlight`: everyone's page in this meeting or room shows one person large, or nobody. */
export function setSpotlight(caller: Caller, meetingId: string, body: z.output<typeof spotlightSchema>) {
  return commit(async (tx) => {
    const scope = await openModeration(tx, caller, meetingId, 'can_spotlight', 'Spotlighting someone');
    requireLive(scope);
    if (body.participant_id) {
      const [who] = await tx
        .select({ id: participants.id })
        .from(participants)
        .where(and(eq(participants.id, body.participant_id), eq(participants.meetingId, scope.main.id)));
      if (!who) throw notFound('participant', 'participant_id');
    }
    const room = scope.meeting.id;
    await tx
      .update(meetings)
      .set({ spotlightParticipantId: body.participant_id })
      .where(eq(meetings.id, room));
    await appendRoomEvents(tx, scope.main.id, roomEventActor(scope.actor), [
      {
        type: 'spotlight_changed',
        payload: { meeting_id: room, participant_id: body.participant_id },
        roomId: room,
      },
    ]);
    return { result: { meeting_id: room, participant_id: body.participant_id }, wake: scope.main.id };
  });
}
