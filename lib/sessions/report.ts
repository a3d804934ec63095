import 'server-only';
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lte, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import {
  chatMessages,
  meetingSessionConnections as connections,
  meetingSessions,
  meetings,
  polls,
  recordings,
  type Meeting,
  type MeetingSession,
  type MeetingSessionConnection,
} from '@/db/schema';
import { notFound } from '@/lib/errors';
import { getMeetingRow } from '@/lib/meetings/service';
import { offsetOf, paging, pagingQuerySchema } from '@/lib/paging';
import { toRecordingDto, type RecordingDto } from '@/lib/recording/dto';
import { coveredMs, groupBy, maxConcurrent, mergeSpans, toMinutes, type ConnectionSpan } from './intervals';

export const listSessionsQuery = pagingQuerySchema.extend({
  meeting_id: z.uuid({ error: 'meeting_id must be a meeting id (a UUID)' }).optional(),
  associated_id: z.uuid({ error: 'associated_id must be a meeting id (a UUID)' }).optional(),
  status: z.enum(['LIVE', 'ENDED'], { error: 'status must be LIVE or ENDED' }).optional(),
});
const flag = (name: string) =>
  z.enum(['true', 'false'], { error: `${name} must be true or false` }).optional();
export const getSessionQuery = z.object({ include_breakout_rooms: flag('include_breakout_rooms') });
export const sessionParticipantsQuery = pagingQuerySchema.extend({
  view: z.enum(['raw', 'consolidated'], { error: 'view must be raw or consolidated' }).default('raw'),
});

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** A session as RealtimeKit's sessions API shows it. */
export interface SessionDto {
  id: string;
  associated_id: string;
  meeting_display_name: string;
  type: 'meeting';
  status: 'LIVE' | 'ENDED';
  live_participants: number;
  max_concurrent_participants: number;
  minutes_consumed: number;
  organization_id: string;
  started_at: string;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
  breakout_rooms?: BreakoutRoomSessionDto[];
}

/** A breakout room's part of a session; `id` and `associated_id` are the room's meeting id. */
export type BreakoutRoomSessionDto = Omit<SessionDto, 'breakout_rooms' | 'organization_id' | 'started_at'> & {
  started_at: string | null;
  chat_messages: number;
  polls: number;
};

/** One person in a session: per room (`raw`) or over all rooms (`consolidated`). */
export interface SessionParticipantDto {
  /** The first media connection of this row. */
  id: string;
  user_id: string;
  custom_participant_id: string | null;
  display_name: string;
  preset_name: string;
  /** raw: the room; consolidated: null. */
  meeting_id: string | null;
  joined_at: string;
  left_at: string | null;
  /** Minutes present (overlapping connections count once). */
  duration: number;
  /** Every stretch of presence, in time order: where they were from when to when. */
  intervals: Array<{ meeting_id: string; joined_at: string; left_at: string | null }>;
  /** Talking time is not measured (the media server's webhooks do not report speaking): always null. */
  talk_time: null;
  created_at: string;
  updated_at: string;
}

interface Loaded {
  session: MeetingSession;
  main: Meeting;
  rooms: Map<string, Meeting>;
  conns: MeetingSessionConnection[];
  spans: Array<ConnectionSpan & { open: boolean; conn: MeetingSessionConnection }>;
  end: Date;
}

async function loadSession(hostId: string, sessionId: string, now = new Date()): Promise<Loaded> {
  const d = await db();
  const [row] = await d
    .select({ session: meetingSessions, main: meetings })
    .from(meetingSessions)
    .innerJoin(meetings, eq(meetings.id, meetingSessions.mainMeetingId))
    .where(and(eq(meetingSessions.id, sessionId), eq(meetings.hostId, hostId)));
  if (!row) throw notFound('session', 'session_id');
  const [family, conns] = await Promise.all([
    d
      .select()
      .from(meetings)
      .where(or(eq(meetings.id, row.main.id), eq(meetings.parentMeetingId, row.main.id))),
    d
      .select()
      .from(connections)
      .where(and(eq(connections.sessionId, sessionId), isNotNull(connections.joinedAt)))
      .orderBy(asc(connections.joinedAt), asc(connections.id)),
  ]);
  const end = row.session.endedAt ?? now;
  return { ...row, rooms: new Map(family.map((m) => [m.id, m])), conns, spans: toSpans(conns, end), end };
}

/** Connections (with their join) as spans; one still open at `end` (a lost leave) counts until then. */
function toSpans(conns: MeetingSessionConnection[], end: Date): Loaded['spans'] {
  return conns.map((c) => ({
    participantId: c.participantId,
    room: c.room,
    from: c.joinedAt!.getTime(),
    to: Math.max(c.joinedAt!.getTime(), Math.min((c.leftAt ?? end).getTime(), end.getTime())),
    open: !c.leftAt,
    conn: c,
  }));
}

function sessionSummary(
  l: Pick<Loaded, 'spans' | 'session'>,
  now: Date,
): Pick<
  SessionDto,
  'live_participants' | 'max_concurrent_participants' | 'minutes_consumed' | 'status' | 'updated_at'
> {
  const live = l.session.endedAt
    ? 0
    : new Set(l.spans.filter((s) => s.open).map((s) => s.participantId)).size;
  const perPerson = [...groupBy(l.spans, (s) => s.participantId).values()];
  return {
    live_participants: live,
    max_concurrent_participants: maxConcurrent(l.spans),
    minutes_consumed: toMinutes(perPerson.reduce((sum, list) => sum + coveredMs(list), 0)),
    status: l.session.endedAt ? 'ENDED' : 'LIVE',
    updated_at: (l.session.updatedAt > now ? now : l.session.updatedAt).toISOString(),
  };
}

function toSessionDto(l: Pick<Loaded, 'session' | 'main' | 'spans'>, now = new Date()): SessionDto {
  const s = l.session;
  return {
    id: s.id,
    associated_id: l.main.id,
    meeting_display_name: l.main.title,
    type: 'meeting',
    organization_id: l.main.hostId,
    started_at: s.startedAt.toISOString(),
    ended_at: iso(s.endedAt),
    created_at: s.createdAt.toISOString(),
    ...sessionSummary(l, now),
  };
}

/** Chat messages and polls said in each room of the family during the session. */
async function countsByRoom(l: Loaded) {
  const d = await db();
  const ids = [...l.rooms.keys()];
  const within = (col: typeof chatMessages.createdAt | typeof polls.createdAt) =>
    and(gte(col, l.session.startedAt), lte(col, l.end));
  const [chat, pollRows] = await Promise.all([
    d
      .select({ room: chatMessages.meetingId, n: count() })
      .from(chatMessages)
      .where(and(inArray(chatMessages.meetingId, ids), within(chatMessages.createdAt)))
      .groupBy(chatMessages.meetingId),
    d
      .select({ room: polls.meetingId, n: count() })
      .from(polls)
      .where(and(inArray(polls.meetingId, ids), within(polls.createdAt)))
      .groupBy(polls.meetingId),
  ]);
  return {
    chat: new Map(chat.map((r) => [r.room, r.n])),
    polls: new Map(pollRows.map((r) => [r.room, r.n])),
  };
}

/** The main meeting's sessions (a breakout room's id lists its main meeting's), newest first. */
export async function listSessions(hostId: string, q: z.output<typeof listSessionsQuery>) {
  const where: SQL[] = [eq(meetings.hostId, hostId)];
  const meetingId = q.meeting_id ?? q.associated_id;
  if (meetingId) {
    const m = await getMeetingRow(hostId, meetingId);
    where.push(eq(meetingSessions.mainMeetingId, m.parentMeetingId ?? m.id));
  }
  if (q.status)
    where.push(q.status === 'LIVE' ? isNull(meetingSessions.endedAt) : isNotNull(meetingSessions.endedAt));
  const d = await db();
  const [rows, [total]] = await Promise.all([
    d
      .select({ session: meetingSessions, main: meetings })
      .from(meetingSessions)
      .innerJoin(meetings, eq(meetings.id, meetingSessions.mainMeetingId))
      .where(and(...where))
      .orderBy(desc(meetingSessions.startedAt), desc(meetingSessions.id))
      .limit(q.per_page)
      .offset(offsetOf(q)),
    d
      .select({ n: count() })
      .from(meetingSessions)
      .innerJoin(meetings, eq(meetings.id, meetingSessions.mainMeetingId))
      .where(and(...where)),
  ]);
  const conns = rows.length
    ? await d
        .select()
        .from(connections)
        .where(
          and(
            inArray(
              connections.sessionId,
              rows.map((r) => r.session.id),
            ),
            isNotNull(connections.joinedAt),
          ),
        )
    : [];
  const bySession = groupBy(conns, (c) => c.sessionId);
  const now = new Date();
  const sessions = rows.map((r) => {
    const spans = toSpans(bySession.get(r.session.id) ?? [], r.session.endedAt ?? now);
    return toSessionDto({ ...r, spans }, now);
  });
  return { data: { sessions }, paging: paging(q, rows.length, total?.n ?? 0) };
}

function roomParts(l: Loaded, counts: Awaited<ReturnType<typeof countsByRoom>>): BreakoutRoomSessionDto[] {
  const byRoom = groupBy(l.spans, (s) => s.room);
  return [...l.rooms.values()]
    .filter((m) => m.parentMeetingId && (byRoom.has(m.id) || counts.chat.has(m.id) || counts.polls.has(m.id)))
    .map((m) => {
      const spans = byRoom.get(m.id) ?? [];
      const first = spans.length ? Math.min(...spans.map((s) => s.from)) : null;
      const open = spans.some((s) => s.open) && !l.session.endedAt;
      const last = spans.length ? Math.max(...spans.map((s) => s.to)) : null;
      const summary = sessionSummary({ spans, session: l.session }, l.end);
      return {
        id: m.id,
        associated_id: m.id,
        meeting_display_name: m.title,
        type: 'meeting' as const,
        ...summary,
        status: open ? ('LIVE' as const) : ('ENDED' as const),
        started_at: first === null ? null : new Date(first).toISOString(),
        ended_at: open || last === null ? null : new Date(last).toISOString(),
        created_at: m.createdAt.toISOString(),
        chat_messages: counts.chat.get(m.id) ?? 0,
        polls: counts.polls.get(m.id) ?? 0,
      };
    });
}

/** One session; with `include_breakout_rooms`, each breakout room's part of it. */
export async function getSession(
  hostId: string,
  sessionId: string,
  q: z.output<typeof getSessionQuery> = {},
): Promise<SessionDto> {
  const l = await loadSession(hostId, sessionId);
  const dto = toSessionDto(l);
  if (q.include_breakout_rooms !== 'true') return dto;
  return { ...dto, breakout_rooms: roomParts(l, await countsByRoom(l)) };
}

function participantRows(l: Loaded, view: 'raw' | 'consolidated'): SessionParticipantDto[] {
  const key = (s: ConnectionSpan) => (view === 'raw' ? `${s.participantId}:${s.room}` : s.participantId);
  return [...groupBy(l.spans, key).values()].map((list) => {
    const first = list[0]!.conn;
    const merged = mergeSpans(list);
    const open = list.some((s) => s.open) && !l.session.endedAt;
    const last = Math.max(...list.map((s) => s.to));
    return {
      id: first.id,
      user_id: first.participantId,
      custom_participant_id: first.customParticipantId,
      display_name: first.displayName,
      preset_name: first.presetName,
      meeting_id: view === 'raw' ? first.room : null,
      joined_at: new Date(merged[0]!.from).toISOString(),
      left_at: open ? null : new Date(last).toISOString(),
      duration: toMinutes(coveredMs(list)),
      intervals: [...groupBy(list, (s) => s.room).entries()]
        .flatMap(([room, spans]) =>
          mergeSpans(spans).map((m) => ({
            meeting_id: room,
            from: m.from,
            left: spans.some((s) => s.open && s.to === m.to) && !l.session.endedAt ? null : m.to,
          })),
        )
        .sort((a, b) => a.from - b.from)
        .map((i) => ({
          meeting_id: i.meeting_id,
          joined_at: new Date(i.from).toISOString(),
          left_at: i.left === null ? null : new Date(i.left).toISOString(),
        })),
      talk_time: null,
      created_at: first.joinedAt!.toISOString(),
      updated_at: new Date(last).toISOString(),
    };
  });
}

/** The people of a session, per room (`raw`) or accumulated over the breakout rooms (`consolidated`). */
export async function listSessionParticipants(
  hostId: string,
  sessionId: string,
  q: z.output<typeof sessionParticipantsQuery>,
) {
  const rows = participantRows(await loadSession(hostId, sessionId), q.view);
  const page = rows.slice(offsetOf(q), offsetOf(q) + q.per_page);
  return { data: { participants: page }, paging: paging(q, page.length, rows.length) };
}

export interface SessionReportDto {
  session: SessionDto;
  rooms: Array<{ meeting_id: string; title: string; main: boolean; chat_messages: number; polls: number }>;
  participants: SessionParticipantDto[];
  recordings: RecordingDto[];
  /** Whether talk time is measured; it is not (see SessionParticipantDto.talk_time). */
  talk_time_measured: false;
}

/** Everything about one session: who was where when, the totals, chat and polls per room, recordings. */
export async function getSessionReport(hostId: string, sessionId: string): Promise<SessionReportDto> {
  const l = await loadSession(hostId, sessionId);
  const counts = await countsByRoom(l);
  const d = await db();
  const recs = await d
    .select()
    .from(recordings)
    .where(
      and(
        eq(recordings.mainMeetingId, l.main.id),
        gte(recordings.invokedTime, l.session.startedAt),
        lte(recordings.invokedTime, l.end),
      ),
    )
    .orderBy(asc(recordings.invokedTime));
  const seen = new Set(l.spans.map((s) => s.room));
  const rooms = [...l.rooms.values()]
    .filter((m) => !m.parentMeetingId || seen.has(m.id) || counts.chat.has(m.id) || counts.polls.has(m.id))
    .sort(
      (a, b) => Number(!!a.parentMeetingId) - Number(!!b.parentMeetingId) || a.title.localeCompare(b.title),
    )
    .map((m) => ({
      meeting_id: m.id,
      title: m.title,
      main: !m.parentMeetingId,
      chat_messages: counts.chat.get(m.id) ?? 0,
      polls: counts.polls.get(m.id) ?? 0,
    }));
  return {
    session: { ...toSessionDto(l), breakout_rooms: roomParts(l, counts) },
    rooms,
    participants: participantRows(l, 'consolidated').sort((a, b) =>
      a.display_name.localeCompare(b.display_name),
    ),
    recordings: recs.map((r) => toRecordingDto(r, l.rooms.get(r.meetingId)?.title ?? 'Deleted room')),
    talk_time_measured: false,
  };
}
