import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Queryable } from '@/db';
import { meetings, participants, presets, type Meeting } from '@/db/schema';
import { authSecret } from '@/lib/auth/secret';
import { hmac, nonce, safeEqual } from '@/lib/auth/tokens';
import { AppError } from '@/lib/errors';
import { getPresetByName } from '@/lib/presets/service';
import { appendEvents, lockMainMeeting } from '@/lib/events/log';
import { publish } from '@/lib/events/bus';
import { DEFAULT_INVITE_GUEST_LIMIT } from '@/lib/limits/policy';
import { enforce } from '@/lib/limits/rate';
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
  /** Most guests the link seats (the meeting's own limit, or the default). */
  guest_limit: number;
  /** Guests seated through the link now. */
  guests: number;
}

const guestLimitOf = (m: Pick<Meeting, 'inviteGuestLimit'>) =>
  m.inviteGuestLimit ?? DEFAULT_INVITE_GUEST_LIMIT;

async function countGuests(q: Queryable, meetingId: string): Promise<number> {
  const [row] = await q
    .select({ n: count() })
    .from(participants)
    .where(and(eq(participants.meetingId, meetingId), eq(participants.viaInvite, true)));
  return row?.n ?? 0;
}

export async function getInvite(hostId: string, meetingId: string): Promise<InviteDto> {
  const d = await db();
  const meeting = await getMeetingRow(hostId, meetingId, d);
  return describe(meeting);
}

async function describe(m: Meeting): Promise<InviteDto> {
  const d = await db();
  const cap = { guest_limit: guestLimitOf(m), guests: await countGuests(d, m.id) };
  if (!m.inviteNonce || !m.invitePresetId) return { enabled: false, preset_name: null, url: null, ...cap };
  const [preset] = await d
    .select({ name: presets.name })
    .from(presets)
    .where(eq(presets.id, m.invitePresetId));
  return {
    enabled: true,
    preset_name: preset?.name ?? null,
    url: appUrl(`/invite/${m.id}/${inviteToken(m)}`),
    ...cap,
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
  if (input.guest_limit !== undefined) values.inviteGuestLimit = input.guest_limit;
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

/**
 * A guest joins through an invite link: a participant with the link's preset; returns their token. The
 * client's address is counted first (sized for a class behind one school address); the meeting's guest
 * cap is checked under its lock, so guests joining at once on several instances cannot overshoot it.
 */
export async function joinByInvite(meetingId: string, token: string, name: string, ip: string) {
  await enforce('inviteJoinPerIp', ip);
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
    const [fresh] = await tx
      .select({ inviteGuestLimit: meetings.inviteGuestLimit })
      .from(meetings)
      .where(eq(meetings.id, check.meeting.id));
    const limit = guestLimitOf(fresh ?? check.meeting);
    if ((await countGuests(tx, check.meeting.id)) >= limit) {
      throw new AppError(
        'forbidden:invite_full',
        `This meeting's invite link is full (${limit} guests). Ask the host for a personal link, or to allow more guests.`,
      );
    }
    const [preset] = await tx.select().from(presets).where(eq(presets.id, check.meeting.invitePresetId!));
    const [row] = await tx
      .insert(participants)
      .values({
        id,
        meetingId: check.meeting.id,
        currentMeetingId: check.meeting.id,
        presetId: check.meeting.invitePresetId!,
        name,
        viaInvite: true,
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
