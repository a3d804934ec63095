import 'server-only';
import { randomUUID } from 'node:crypto';
import { effectivePresetId } from '@/lib/participants/effective-preset';
import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Queryable } from '@/db';
import { meetings, participants, presets, type Participant, type Preset } from '@/db/schema';
import { hashToken } from '@/lib/auth/tokens';
import { AppError, notFound } from '@/lib/errors';
import { disconnectFromRoom } from '@/lib/livekit/service';
import { appendEvents, lockMainMeeting } from '@/lib/events/log';
import { publish } from '@/lib/events/bus';
import { changingCredentials, credentialKey } from '@/lib/events/credentials';
import type { ParticipantInfo } from '@/lib/breakout/events';
import { getMeetingRow } from '@/lib/meetings/service';
import { currentLink, freshLink } from './link';
import { offsetOf, paging, type PagingQuery } from '@/lib/paging';
import { getPresetByName } from '@/lib/presets/service';
import type { addParticipantSchema, updateParticipantSchema } from '@/lib/schemas';

export interface ParticipantDto {
  id: string;
  meeting_id: string;
  current_meeting_id: string;
  name: string;
  preset_id: string;
  preset_name: string;
  custom_participant_id: string | null;
  picture: string | null;
  tags: string[];
  created_at: string;
  updated_at: string;
}

export const toParticipantDto = (p: Participant, preset: Pick<Preset, 'name'>): ParticipantDto => ({
  id: p.id,
  meeting_id: p.meetingId,
  current_meeting_id: p.currentMeetingId,
  name: p.name,
  preset_id: p.presetId,
  preset_name: preset.name,
  custom_participant_id: p.customParticipantId,
  picture: p.picture,
  tags: p.tags,
  created_at: p.createdAt.toISOString(),
  updated_at: p.updatedAt.toISOString(),
});

/** What breakout events say about a participant. */
export const participantInfo = (p: Participant, preset: Pick<Preset, 'id' | 'name'>): ParticipantInfo => ({
  id: p.id,
  custom_participant_id: p.customParticipantId,
  name: p.name,
  picture: p.picture,
  preset_id: preset.id,
  preset_name: preset.name,
  tags: p.tags,
});

/** A main meeting of this host's; participants are added to main meetings only. */
async function getMainMeeting(hostId: string, meetingId: string, q: Queryable) {
  const meeting = await getMeetingRow(hostId, meetingId, q);
  if (meeting.parentMeetingId) {
    throw new AppError(
      'invalid:breakout_room',
      'That is a breakout room: add participants to its main meeting, then move them.',
      'meeting_id',
    );
  }
  return meeting;
}

/** Adds a participant; the answer carries their secret token and join link (derived, so shown again later). */
export async function addParticipant(
  hostId: string,
  meetingId: string,
  input: z.output<typeof addParticipantSchema>,
  extra: { isHostSeat?: boolean } = {},
) {
  const d = await db();
  const added = await d.transaction(async (tx) => {
    const meeting = await getMainMeeting(hostId, meetingId, tx);
    await lockMainMeeting(tx, meeting.id);
    const preset = await getPresetByName(hostId, input.preset_name, tx);
    if (input.custom_participant_id) await assertCustomIdFree(tx, meeting.id, input.custom_participant_id);
    // The id is chosen here because the token is derived from it.
    const id = randomUUID();
    const link = freshLink(id);
    const [row] = await tx
      .insert(participants)
      .values({
        id,
        meetingId: meeting.id,
        currentMeetingId: meeting.id,
        presetId: preset.id,
        name: input.name ?? 'Participant',
        customParticipantId: input.custom_participant_id ?? null,
        picture: input.picture ?? null,
        tags: input.tags ?? [],
        isHostSeat: extra.isHostSeat ?? false,
        ...link.columns,
      })
      .returning();
    await appendEvents(tx, meeting.id, { kind: 'host', host_id: hostId }, [
      {
        type: 'participant_added',
        payload: { meeting_id: meeting.id, participant: participantInfo(row!, preset) },
      },
    ]);
    return { ...toParticipantDto(row!, preset), token: link.token, join_url: link.join_url };
  });
  await publish(added.meeting_id);
  return added;
}

async function assertCustomIdFree(q: Queryable, meetingId: string, customId: string) {
  const [clash] = await q
    .select({ id: participants.id })
    .from(participants)
    .where(and(eq(participants.meetingId, meetingId), eq(participants.customParticipantId, customId)));
  if (clash) {
    throw new AppError(
      'conflict:custom_participant_id',
      `A participant with custom_participant_id "${customId}" is already in this meeting.`,
      'custom_participant_id',
    );
  }
}

export async function listParticipants(hostId: string, meetingId: string, q: PagingQuery) {
  const d = await db();
  const meeting = await getMainMeeting(hostId, meetingId, d);
  const where = eq(participants.meetingId, meeting.id);
  const [rows, [total]] = await Promise.all([
    d
      .select({ p: participants, preset: { name: presets.name } })
      .from(participants)
      .innerJoin(presets, eq(presets.id, participants.presetId))
      .where(where)
      .orderBy(asc(participants.createdAt), asc(participants.id))
      .limit(q.per_page)
      .offset(offsetOf(q)),
    d.select({ n: count() }).from(participants).where(where),
  ]);
  return {
    data: rows.map((r) => toParticipantDto(r.p, r.preset)),
    paging: paging(q, rows.length, total?.n ?? 0),
  };
}

async function getParticipantRow(hostId: string, meetingId: string, participantId: string, q: Queryable) {
  const meeting = await getMainMeeting(hostId, meetingId, q);
  const [row] = await q
    .select({ p: participants, preset: presets })
    .from(participants)
    .innerJoin(presets, eq(presets.id, participants.presetId))
    .where(and(eq(participants.id, participantId), eq(participants.meetingId, meeting.id)));
  if (!row) throw notFound('participant');
  return row;
}

export async function getParticipant(hostId: string, meetingId: string, participantId: string) {
  const d = await db();
  const row = await getParticipantRow(hostId, meetingId, participantId, d);
  return toParticipantDto(row.p, row.preset);
}

export async function updateParticipant(
  hostId: string,
  meetingId: string,
  participantId: string,
  input: z.output<typeof updateParticipantSchema>,
) {
  const d = await db();
  const updated = await d.transaction(async (tx) => {
    await lockMainMeeting(tx, (await getMainMeeting(hostId, meetingId, tx)).id);
    const current = await getParticipantRow(hostId, meetingId, participantId, tx);
    const preset = input.preset_name ? await getPresetByName(hostId, input.preset_name, tx) : current.preset;
    const [row] = await tx
      .update(participants)
      .set({
        name: input.name ?? current.p.name,
        presetId: preset.id,
        picture: input.picture === undefined ? current.p.picture : input.picture,
        tags: input.tags ?? current.p.tags,
        updatedAt: new Date(),
      })
      .where(eq(participants.id, current.p.id))
      .returning();
    // Events report the preset that applies where they are now: a room's custom preset wins.
    const [roomPreset] = row!.roomPresetId
      ? await tx.select().from(presets).where(eq(presets.id, row!.roomPresetId))
      : [];
    await appendEvents(tx, row!.meetingId, { kind: 'host', host_id: hostId }, [
      { type: 'participant_updated', payload: { participant: participantInfo(row!, roomPreset ?? preset) } },
    ]);
    // RealtimeKit answers an edit with the participant's token: ours is derived, so it is read again.
    return { ...toParticipantDto(row!, preset), ...currentLink(row!) };
  });
  await publish(updated.meeting_id);
  return updated;
}

/** Removes a participant: their link and cookie stop working, and their media connection ends, at once. */
export async function removeParticipant(hostId: string, meetingId: string, participantId: string) {
  const d = await db();
  const removed = await d.transaction(async (tx) => {
    await lockMainMeeting(tx, (await getMainMeeting(hostId, meetingId, tx)).id);
    const current = await getParticipantRow(hostId, meetingId, participantId, tx);
    await tx.delete(participants).where(eq(participants.id, current.p.id));
    await appendEvents(tx, current.p.meetingId, { kind: 'host', host_id: hostId }, [
      {
        type: 'participant_removed',
        payload: { id: current.p.id, preset_id: current.p.roomPresetId ?? current.p.presetId },
      },
    ]);
    return current;
  });
  await publish(removed.p.meetingId);
  await disconnectFromRoom(removed.p.currentMeetingId, removed.p.id);
  return toParticipantDto(removed.p, removed.preset);
}

/** Issues a new token (a new nonce); the old link, any session made from it and its media connection stop working. */
export async function regenerateParticipantToken(hostId: string, meetingId: string, participantId: string) {
  // Streams the old link opened hear of it on commit and close (lib/events/viewer.ts).
  const result = await changingCredentials(async (tx, changed) => {
    const current = await getParticipantRow(hostId, meetingId, participantId, tx);
    const link = freshLink(current.p.id);
    await tx
      .update(participants)
      .set({ ...link.columns, updatedAt: new Date() })
      .where(eq(participants.id, current.p.id));
    changed(credentialKey.participant(current.p.id));
    return {
      room: current.p.currentMeetingId,
      dto: { id: current.p.id, token: link.token, join_url: link.join_url },
    };
  });
  await disconnectFromRoom(result.room, result.dto.id);
  return result.dto;
}

/** A participant's current token and join link, read again; refused for links that cannot be derived. */
export async function getParticipantLink(hostId: string, meetingId: string, participantId: string) {
  const d = await db();
  const { p } = await getParticipantRow(hostId, meetingId, participantId, d);
  const link = currentLink(p);
  if (!link) {
    throw new AppError(
      'conflict:link_not_readable',
      "This participant's link was made before links could be shown again, so it cannot be read. It still works; issue a new link (POST …/token) to be able to read it later.",
    );
  }
  return { id: p.id, ...link };
}

export interface ParticipantLinkRow {
  id: string;
  name: string;
  custom_participant_id: string | null;
  /** Null when the link cannot be shown again (made before links were derived). */
  join_url: string | null;
}

/** Every participant of a main meeting with their current join link, in the order they were added. */
export async function listParticipantLinks(hostId: string, meetingId: string): Promise<ParticipantLinkRow[]> {
  const d = await db();
  const meeting = await getMainMeeting(hostId, meetingId, d);
  const rows = await d
    .select()
    .from(participants)
    .where(eq(participants.meetingId, meeting.id))
    .orderBy(asc(participants.createdAt), asc(participants.id));
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    custom_participant_id: p.customParticipantId,
    join_url: currentLink(p)?.join_url ?? null,
  }));
}

export type ParticipantSession = NonNullable<Awaited<ReturnType<typeof findParticipantByToken>>>;

/** The participant a token belongs to, with their main meeting and preset; undefined when none. */
export async function findParticipantByToken(token: string) {
  return seatWhere(eq(participants.tokenHash, hashToken(token)));
}

/** A participant by id, with their main meeting and the preset that applies where they are now. */
export async function findParticipantSession(participantId: string) {
  return seatWhere(eq(participants.id, participantId));
}

async function seatWhere(condition: SQL) {
  const d = await db();
  const [row] = await d
    .select({ participant: participants, meeting: meetings, preset: presets })
    .from(participants)
    .innerJoin(meetings, eq(meetings.id, participants.meetingId))
    // The preset that applies where they are now (a room's custom preset, else their own).
    .innerJoin(presets, eq(presets.id, effectivePresetId()))
    .where(condition);
  return row;
}
