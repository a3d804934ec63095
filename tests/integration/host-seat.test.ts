// The host's own seat in a meeting: one per meeting, however many Join clicks arrive at once.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { participants } from '@/db/schema';
import { ensureHostSeat } from '@/lib/participants/host-seat';
import { createMeeting } from '@/lib/meetings/service';
import { newHost } from '../support/api';

const seatsOf = async (meetingId: string) => {
  const d = await db();
  return d
    .select({ id: participants.id, tokenHash: participants.tokenHash })
    .from(participants)
    .where(and(eq(participants.meetingId, meetingId), eq(participants.isHostSeat, true)));
};

describe('the host seat', () => {
  it('is created once when Join is clicked several times at once, and each click gets a token for it', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.id, { title: 'Double click', status: 'ACTIVE' });
    const joins = await Promise.all([1, 2, 3, 4].map(() => ensureHostSeat(host, meeting.id)));
    const seats = await seatsOf(meeting.id);
    expect(seats).toHaveLength(1);
    expect(new Set(joins.map((j) => j.participantId))).toEqual(new Set([seats[0]!.id]));
    expect(joins.every((j) => j.meetingId === meeting.id && j.token.length > 20)).toBe(true);
  });

  it('is reused by a later Join, which signs the earlier token out', async () => {
    const host = await newHost();
    const meeting = await createMeeting(host.id, { title: 'Again', status: 'ACTIVE' });
    const first = await ensureHostSeat(host, meeting.id);
    const [before] = await seatsOf(meeting.id);
    const second = await ensureHostSeat(host, meeting.id);
    const [after] = await seatsOf(meeting.id);
    expect(second.participantId).toBe(first.participantId);
    expect(second.token).not.toBe(first.token);
    expect(after!.tokenHash).not.toBe(before!.tokenHash);
  });
});
