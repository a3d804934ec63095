import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { db } from '@/db';
import { meetings, presence, type Meeting } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { getMeetingRow } from '@/lib/meetings/service';
import { listSessions } from '@/lib/sessions/report';

export interface ActiveSessionDto {
  id: string;
  associated_id: string;
  meeting_display_name: string;
  type: 'meeting';
  status: 'LIVE';
  live_participants: number;
  max_concurrent_participants: number;
  minutes_consumed: number;
  organization_id: string;
  started_at: string;
  created_at: string;
  updated_at: string;
  breakout_rooms: ActiveSessionDto[];
}

/**
 * The live session of a meeting (or breakout room), as RealtimeKit's active-session answer, from who is
 * connected to its media now; its open breakout rooms with people in them are in `breakout_rooms`. For a
 * main meeting, the id, start, peak and minutes are those of its recorded live session (lib/sessions,
 * the same as GET /sessions answers); a breakout room's part is described by the room itself (its id, and
 * the people connected now). Nobody connected anywhere in it: 404, as RealtimeKit answers a meeting with
 * no session.
 */
export async function getActiveSession(hostId: string, meetingId: string): Promise<ActiveSessionDto> {
  const meeting = await getMeetingRow(hostId, meetingId);
  const d = await db();
  const rooms = meeting.parentMeetingId
    ? []
    : await d.select().from(meetings).where(eq(meetings.parentMeetingId, meeting.id));
  const family = [meeting, ...rooms];
  const live = await d
    .select({ room: presence.room, at: presence.eventAt })
    .from(presence)
    .where(
      and(
        inArray(
          presence.room,
          family.map((m) => m.id),
        ),
        eq(presence.connected, true),
      ),
    );
  if (live.length === 0) {
    throw new AppError(
      'not_found:active_session',
      'No one is connected to this meeting now: it has no active session.',
    );
  }
  const sessionOf = (m: Meeting, joins: Date[], breakoutRooms: ActiveSessionDto[]): ActiveSessionDto => {
    const now = Date.now();
    const times = joins.map((t) => t.getTime());
    const started = new Date(Math.min(...times, now)).toISOString();
    return {
      id: m.id,
      associated_id: m.id,
      meeting_display_name: m.title,
      type: 'meeting',
      status: 'LIVE',
      live_participants: joins.length,
      max_concurrent_participants: joins.length,
      minutes_consumed: Math.round(times.reduce((sum, t) => sum + (now - t) / 60_000, 0) * 100) / 100,
      organization_id: hostId,
      started_at: started,
      created_at: started,
      updated_at: new Date(Math.max(...times, 0) || now).toISOString(),
      breakout_rooms: breakoutRooms,
    };
  };
  const joinsIn = (id: string) => live.filter((l) => l.room === id).map((l) => l.at);
  const breakoutRooms = rooms
    .filter((r) => joinsIn(r.id).length > 0)
    .map((r) => sessionOf(r, joinsIn(r.id), []));
  const now = sessionOf(
    meeting,
    live.map((l) => l.at),
    breakoutRooms,
  );
  if (meeting.parentMeetingId) return now;
  const [recorded] = (
    await listSessions(hostId, { meeting_id: meeting.id, status: 'LIVE', page_no: 1, per_page: 1 })
  ).data.sessions;
  if (!recorded) return now;
  return {
    ...now,
    id: recorded.id,
    started_at: recorded.started_at,
    created_at: recorded.created_at,
    max_concurrent_participants: Math.max(recorded.max_concurrent_participants, now.live_participants),
    minutes_consumed: recorded.minutes_consumed,
  };
}
