import 'server-only';
import { and, asc, eq, gte, inArray, isNull, lte, notInArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { events, meetingSessions, participants, users } from '@/db/schema';
import { notFound } from '@/lib/errors';
import { getMeetingRow } from '@/lib/meetings/service';

export const auditLogQuery = z.object({
  session_id: z.uuid({ error: 'session_id must be a session id (a UUID)' }).optional(),
});

/** What people and the server did to a meeting's breakout rooms and call, in order. */
export interface AuditEntryDto {
  id: number;
  at: string;
  type: string;
  actor_kind: 'host' | 'participant' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  payload: unknown;
}

// The log also carries what is not a command: media presence, and each room's chat, polls and help
// requests (those have a room or an audience). The audit log keeps the commands.
const NOT_COMMANDS = ['presence_changed'];

/**
 * Every breakout and moderation command of a main meeting (a room's id gives its main meeting's), with
 * who did it and when; with `session_id`, those during that session.
 */
export async function getAuditLog(
  hostId: string,
  meetingId: string,
  q: z.output<typeof auditLogQuery> = {},
): Promise<AuditEntryDto[]> {
  const m = await getMeetingRow(hostId, meetingId);
  const mainId = m.parentMeetingId ?? m.id;
  const d = await db();
  const where: SQL[] = [
    eq(events.mainMeetingId, mainId),
    isNull(events.roomId),
    isNull(events.audience),
    notInArray(events.type, NOT_COMMANDS),
  ];
  if (q.session_id) {
    const [s] = await d
      .select()
      .from(meetingSessions)
      .where(and(eq(meetingSessions.id, q.session_id), eq(meetingSessions.mainMeetingId, mainId)));
    if (!s) throw notFound('session', 'session_id');
    where.push(gte(events.createdAt, s.startedAt));
    if (s.endedAt) where.push(lte(events.createdAt, s.endedAt));
  }
  const rows = await d
    .select()
    .from(events)
    .where(and(...where))
    .orderBy(asc(events.id))
    .limit(50_000);
  const ids = (kind: string) => [
    ...new Set(rows.flatMap((r) => (r.actor.kind === kind ? [actorId(r.actor)!] : []))),
  ];
  const [hosts, people] = await Promise.all([
    ids('host').length
      ? d
          .select({ id: users.id, name: users.name, email: users.email })
          .from(users)
          .where(inArray(users.id, ids('host')))
      : [],
    ids('participant').length
      ? d
          .select({ id: participants.id, name: participants.name })
          .from(participants)
          .where(inArray(participants.id, ids('participant')))
      : [],
  ]);
  const names = new Map<string, string>([
    ...hosts.map((h) => [h.id, h.name ?? h.email ?? 'Host'] as [string, string]),
    ...people.map((p) => [p.id, p.name] as [string, string]),
  ]);
  return rows.map((r) => {
    const id = actorId(r.actor);
    return {
      id: r.id,
      at: r.createdAt.toISOString(),
      type: r.type,
      actor_kind: r.actor.kind,
      actor_id: id,
      actor_name: id ? (names.get(id) ?? null) : null,
      payload: r.payload,
    };
  });
}

const actorId = (a: (typeof events.$inferSelect)['actor']) =>
  a.kind === 'host' ? a.host_id : a.kind === 'participant' ? a.participant_id : null;
