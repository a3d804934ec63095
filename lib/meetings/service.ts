import 'server-only';
import { and, count, desc, eq, ilike, isNull, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Queryable } from '@/db';
import { meetings, type Meeting } from '@/db/schema';
import { env } from '@/lib/env';
import { changingCredentials, credentialKey } from '@/lib/events/credentials';
import { notFound } from '@/lib/errors';
import { lockMainMeeting } from '@/lib/events/log';
import { endSession } from '@/lib/moderation/session';
import { offsetOf, paging } from '@/lib/paging';
import {
  MEETING_SETTINGS,
  type createMeetingSchema,
  type listMeetingsQuerySchema,
  type updateMeetingSchema,
} from '@/lib/schemas';

export interface MeetingDto {
  id: string;
  title: string;
  status: Meeting['status'];
  parent_meeting_id: string | null;
  /** Each room (and the main meeting) is recorded when its first person arrives; the main meeting's value counts. */
  record_on_start: boolean;
  created_at: string;
  updated_at: string;
  /** RealtimeKit's fields stored as given (persist_chat, ai_config…), present when set. */
  [setting: string]: unknown;
}

/** The RealtimeKit fields of an input (stored as given), apart from the ones we act on. */
const settingsOf = (input: Record<string, unknown>) =>
  Object.fromEntries(MEETING_SETTINGS.filter((k) => input[k] != null).map((k) => [k, input[k]]));

export const toMeetingDto = (m: Meeting): MeetingDto => ({
  ...m.settings,
  id: m.id,
  title: m.title,
  status: m.status,
  parent_meeting_id: m.parentMeetingId,
  record_on_start: m.recordOnStart,
  created_at: m.createdAt.toISOString(),
  updated_at: m.updatedAt.toISOString(),
});

export async function createMeeting(hostId: string, input: z.output<typeof createMeetingSchema>) {
  const d = await db();
  const [row] = await d
    .insert(meetings)
    .values({
      hostId,
      title: input.title,
      status: input.status,
      recordOnStart: input.record_on_start ?? false,
      settings: settingsOf(input),
    })
    .returning();
  return toMeetingDto(row!);
}

/** The host's main meetings, newest first; `search` matches the title or the exact id. */
export async function listMeetings(hostId: string, q: z.output<typeof listMeetingsQuerySchema>) {
  const d = await db();
  const filters: SQL[] = [eq(meetings.hostId, hostId), isNull(meetings.parentMeetingId)];
  if (q.status) filters.push(eq(meetings.status, q.status));
  if (q.search) {
    const byTitle = ilike(meetings.title, `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const isId = z.uuid().safeParse(q.search).success;
    filters.push(isId ? or(byTitle, eq(meetings.id, q.search))! : byTitle);
  }
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    d
      .select()
      .from(meetings)
      .where(where)
      .orderBy(desc(meetings.createdAt), desc(meetings.id))
      .limit(q.per_page)
      .offset(offsetOf(q)),
    d.select({ n: count() }).from(meetings).where(where),
  ]);
  return { data: rows.map(toMeetingDto), paging: paging(q, rows.length, total?.n ?? 0) };
}

/** A meeting of this host's (main meeting or breakout room); another host's id is "not found". */
export async function getMeetingRow(hostId: string, meetingId: string, q?: Queryable): Promise<Meeting> {
  const d = q ?? (await db());
  const [row] = await d
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, meetingId), eq(meetings.hostId, hostId)));
  if (!row) throw notFound('meeting');
  return row;
}

export async function getMeeting(hostId: string, meetingId: string) {
  return toMeetingDto(await getMeetingRow(hostId, meetingId));
}

/**
 * Changes a meeting's title, status or settings; `replace` (PUT) sets every field, absent ones to their
 * defaults, instead of changing only those given. Deactivating a running main meeting ends its session, as
 * `…/active-session/kick-all` does: every page in the call, in every room, is told and disconnected.
 */
export async function updateMeeting(
  hostId: string,
  meetingId: string,
  input: z.output<typeof updateMeetingSchema>,
  { replace = false } = {},
) {
  // A status change reaches open streams: participants' streams of an inactive meeting close.
  const { row, after } = await changingCredentials(async (tx, changed) => {
    if (input.status) changed(credentialKey.meeting(meetingId));
    const before = await getMeetingRow(hostId, meetingId, tx);
    const ending = input.status === 'INACTIVE' && before.status === 'ACTIVE' && !before.parentMeetingId;
    if (ending) await lockMainMeeting(tx, before.id);
    const recordOnStart = input.record_on_start ?? (replace ? false : undefined);
    const settings = { ...(replace ? {} : before.settings), ...settingsOf(input) };
    const [row] = await tx
      .update(meetings)
      .set({
        title: input.title ?? undefined,
        status: input.status,
        ...(recordOnStart === undefined ? {} : { recordOnStart }),
        settings,
        updatedAt: new Date(),
      })
      .where(and(eq(meetings.id, meetingId), eq(meetings.hostId, hostId)))
      .returning();
    if (!row) throw notFound('meeting');
    return {
      row,
      after: ending ? await endSession(tx, row.id, { kind: 'host', host_id: hostId }) : undefined,
    };
  });
  await after?.();
  return toMeetingDto(row);
}

/** Absolute URL for a path of this app, from APP_URL. */
export const appUrl = (pathname: string) => `${env().appUrl}${pathname}`;
