import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { meetings, participants, presets, type Meeting } from '@/db/schema';
import { authSecret } from '@/lib/auth/secret';
import { hmac, nonce, safeEqual } from '@/lib/auth/tokens';
import { AppError } from '@/lib/errors';
import { getPresetByName } from '@/lib/presets/service';
import { appendEvents, lockMainMeeting } from '@/lib/events/log';
import { publish } from '@/lib/events/bus';
import { freshLink } from '@/lib/participants/link';
import { participantInfo } from '@/lib/participants/service';
import type { inviteSchema } from '@/lib/schemas';
import { appUrl, getMeetingRow } from './service';

// An invite link carries an HMAC of the meeting's nonce: the database never holds the link itself, the
// dashboard can show it again, and a new nonce (or turning the link off) revokes every copy at once.
const inviteToken = (m: Pick<Meeting, 'id' | 'inviteNonce'>) =>
  hmac(authSecret(), `invite:${m.id}:${m.inviteNonce ?? ''}`);

export interface InviteDto {
  enabled: boolean;
  preset_name: string | null;
  url: string | null;
}

export async function getInvite(hostId: string, meetingId: string): Promise<InviteDto> {
  const d = await db();
  const meeting = await getMeetingRow(hostId, meetingId, d);
  return describe(meeting);
}

async function describe(m: Meeting): Promise<InviteDto> {
  if (!m.inviteNonce || !m.invitePresetId) return { enabled: false, preset_name: null, url: null };
  const d = await db();
  const [preset] = await d
    .select({ name: presets.name })
    .from(presets)
    .where(eq(presets.id, m.invitePresetId));
  return {
    enabled: true,
    preset_name: preset?.name ?? null,
    url: appUrl(`/invite/${m.id}/${inviteToken(m)}`),
  };
}

/** Turns the invite link on (bound to a preset) or off; `regenerate` makes a new link. */
export async function setInvite(
  hostId: string,
  meetingId: string,
  input: z.output<typeof inviteSchema> & { regenerate?: boolean },
): Promise<InviteDto> {
  const d = await db();
  const meeting = await getMeetingRow(hostId, meetingId, d);
  if (meeting.parentMeetingId) throw new AppError('invalid', 'Invite links belong to main meetings.');
  let values: Partial<Meeting>;
  if (!input.enabled) {
    values = { inviteNonce: null, invitePresetId: null };
  } else {
    const preset = await getPresetByName(hostId, input.preset_name ?? 'participant', d);
    const keep = meeting.inviteNonce && !input.regenerate;
    values = { inviteNonce: keep ? meeting.inviteNonce : nonce(), invitePresetId: preset.id };
  }
  const [row] = await d
    .update(meetings)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(meetings.id, meeting.id), eq(meetings.hostId, hostId)))
    .returning();
  return describe(row!);
}

export type InviteCheck = { ok: true; meeting: Meeting } | { ok: false; reason: 'invalid' | 'inactive' };

/** Checks an invite link without changing anything. */
export async function checkInvite(meetingId: string, token: string): Promise<InviteCheck> {
  if (!z.uuid().safeParse(meetingId).success) return { ok: false, reason: 'invalid' };
  const d = await db();
  const [meeting] = await d.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting?.inviteNonce || !meeting.invitePresetId || !safeEqual(inviteToken(meeting), token)) {
    return { ok: false, reason: 'invalid' };
  }
  if (meeting.status !== 'ACTIVE') return { ok: false, reason: 'inactive' };
  return { ok: true, meeting };
}

/** A guest joins through an invite link: a participant with the link's preset; returns their token. */
export async function joinByInvite(meetingId: string, token: string, name: string) {
  const check = await checkInvite(meetingId, token);
  if (!check.ok) {
    throw new AppError(
      check.reason === 'inactive' ? 'forbidden:meeting_inactive' : 'not_found:invite',
      check.reason === 'inactive' ? 'This meeting is not active.' : 'This invite link is not valid.',
    );
  }
  const d = await db();
  const id = randomUUID();
  const link = freshLink(id);
  await d.transaction(async (tx) => {
    await lockMainMeeting(tx, check.meeting.id);
    const [preset] = await tx.select().from(presets).where(eq(presets.id, check.meeting.invitePresetId!));
    const [row] = await tx
      .insert(participants)
      .values({
        id,
        meetingId: check.meeting.id,
        currentMeetingId: check.meeting.id,
        presetId: check.meeting.invitePresetId!,
        name,
        ...link.columns,
      })
      .returning();
    await appendEvents(tx, check.meeting.id, { kind: 'system' }, [
      {
        type: 'participant_added',
        payload: { meeting_id: check.meeting.id, participant: participantInfo(row!, preset!) },
      },
    ]);
  });
  await publish(check.meeting.id);
  return { meetingId: check.meeting.id, token: link.token };
}
