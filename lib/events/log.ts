import 'server-only';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '@/db';
import { breakoutStates, events, meetings, type EventActor, type EventRow, type Meeting } from '@/db/schema';
import { notFound } from '@/lib/errors';
import type { LoggedEvent } from '@/lib/breakout/events';
import type { ModerationEvent } from '@/lib/moderation/events';
import { queueWebhooksOfLog } from '@/lib/webhooks/queue';
import type { RoomEvent, RoomEventScope } from './room-events';

/**
 * Locks a main meeting's row for the rest of the transaction. Every change to a meeting family's
 * breakout state takes this lock first, so changes (and their events) are serialized per main meeting.
 */
export async function lockMainMeeting(tx: Tx, mainMeetingId: string): Promise<Meeting> {
  const [row] = await tx.select().from(meetings).where(eq(meetings.id, mainMeetingId)).for('update');
  if (!row || row.parentMeetingId) throw notFound('meeting');
  return row;
}

/** A main meeting's row without locking it (for reads). */
export async function readMainMeeting(q: Queryable, mainMeetingId: string): Promise<Meeting> {
  const [row] = await q.select().from(meetings).where(eq(meetings.id, mainMeetingId));
  if (!row || row.parentMeetingId) throw notFound('meeting');
  return row;
}

/** The breakout version of a main meeting (0 before anything happened). */
export async function currentVersion(q: Queryable, mainMeetingId: string): Promise<number> {
  const [row] = await q
    .select({ version: breakoutStates.version })
    .from(breakoutStates)
    .where(eq(breakoutStates.mainMeetingId, mainMeetingId));
  return row?.version ?? 0;
}

/**
 * Appends events in the caller's transaction (which must hold the main meeting's lock) and bumps the
 * version once. Returns the new version and the id of the last event.
 *
 * With `bump: false` the events carry the current version instead (1 for a meeting's first): presence,
 * which changes whenever someone's connection does, is no change a host's command can conflict with, so
 * it must not make a host's `expected_version` stale, as chat must not (appendRoomEvents).
 */
export async function appendEvents(
  tx: Tx,
  mainMeetingId: string,
  actor: EventActor,
  list: LoggedEvent[],
  { bump = true }: { bump?: boolean } = {},
): Promise<{ version: number; lastEventId: number }> {
  const [state] = await tx
    .insert(breakoutStates)
    .values({ mainMeetingId, version: 1 })
    .onConflictDoUpdate({
      target: breakoutStates.mainMeetingId,
      set: bump
        ? { version: sql`${breakoutStates.version} + 1`, updatedAt: new Date() }
        : { version: sql`${breakoutStates.version}` },
    })
    .returning({ version: breakoutStates.version });
  const version = state!.version;
  if (list.length === 0) return { version, lastEventId: 0 };
  // Outgoing webhooks commit (or roll back) with the events they report.
  await queueWebhooksOfLog(tx, mainMeetingId, list);
  const rows = await tx
    .insert(events)
    .values(
      list.map((e) => ({
        mainMeetingId,
        version,
        type: e.type,
        payload: e.payload,
        actor,
        hints: e.hints ?? null,
      })),
    )
    .returning({ id: events.id });
  return { version, lastEventId: rows.at(-1)!.id };
}

/**
 * Appends events of one room or of the hosts (chat, polls, help requests) in the caller's transaction,
 * which must hold the main meeting's lock (so ids keep commit order). They carry the current breakout
 * version without bumping it: a chat message must not make a host's `expected_version` stale.
 */
export async function appendRoomEvents(
  tx: Tx,
  mainMeetingId: string,
  actor: EventActor,
  list: Array<(RoomEvent | ModerationEvent) & RoomEventScope>,
): Promise<number> {
  if (list.length === 0) return 0;
  await queueWebhooksOfLog(tx, mainMeetingId, list);
  const version = await currentVersion(tx, mainMeetingId);
  const rows = await tx
    .insert(events)
    .values(
      list.map((e) => ({
        mainMeetingId,
        version,
        type: e.type,
        payload: e.payload,
        actor,
        roomId: e.roomId ?? null,
        audience: e.audience ?? null,
      })),
    )
    .returning({ id: events.id });
  return rows.at(-1)!.id;
}

/** Events of a main meeting after an id, oldest first. */
export async function readEvents(
  q: Queryable,
  mainMeetingId: string,
  afterId = 0,
  limit = 1000,
): Promise<EventRow[]> {
  return q
    .select()
    .from(events)
    .where(and(eq(events.mainMeetingId, mainMeetingId), gt(events.id, afterId)))
    .orderBy(asc(events.id))
    .limit(limit);
}

/** The id of the newest event of a main meeting (0 when none). */
export async function lastEventId(q: Queryable, mainMeetingId: string): Promise<number> {
  const [row] = await q
    .select({ id: sql<number>`coalesce(max(${events.id}), 0)`.mapWith(Number) })
    .from(events)
    .where(eq(events.mainMeetingId, mainMeetingId));
  return row?.id ?? 0;
}
