import 'server-only';
import { and, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import {
  meetingSessionConnections as connections,
  meetingSessions,
  meetings,
  participants,
  presets,
  type Meeting,
  type MeetingSession,
} from '@/db/schema';
import { lockMainMeeting } from '@/lib/events/log';
import { queueWebhookEvent } from '@/lib/webhooks/queue';

/**
 * How long a session stays live after the last person left (RealtimeKit's session keep-alive): a move
 * between rooms is a leave and a join, possibly delivered in that order, and must not end the session.
 */
export const SESSION_KEEP_ALIVE_SECONDS = 30;
const KEEP_ALIVE_MS = SESSION_KEEP_ALIVE_SECONDS * 1000;

/** One media join or leave, as the media server reported it. */
export interface ConnectionChange {
  participantId: string;
  /** The meeting (main meeting or breakout room) whose media room it is. */
  room: string;
  /** The connection's id on the media server (LiveKit's participant sid). */
  sid: string;
  at: Date;
  kind: 'join' | 'leave';
}

/** What `meeting.started` and `meeting.ended` carry: the meeting and its session. */
const sessionData = (main: Meeting, session: MeetingSession) => ({
  main_meeting_id: main.id,
  meeting: { id: main.id, title: main.title },
  session: {
    id: session.id,
    started_at: session.startedAt.toISOString(),
    ended_at: session.endedAt?.toISOString() ?? null,
  },
});

/**
 * A session of this main meeting starts at `at`: its first person connected. The caller holds the main
 * meeting's lock. (The single place a session starts: `meeting.started` goes out from here.)
 */
export async function startMeetingSession(tx: Tx, main: Meeting, at: Date): Promise<MeetingSession> {
  const [row] = await tx
    .insert(meetingSessions)
    .values({ mainMeetingId: main.id, startedAt: at })
    .returning();
  await queueWebhookEvent(tx, {
    hostId: main.hostId,
    meetingId: main.id,
    type: 'meeting.started',
    data: sessionData(main, row!),
  });
  return row!;
}

/**
 * A live session ends at `endedAt`, when its last person left; null when it had ended already. The caller
 * holds the main meeting's lock. (The single place a session ends: `meeting.ended` goes out from here,
 * for `main`'s host.)
 */
export async function endMeetingSession(
  tx: Tx,
  main: Meeting,
  session: MeetingSession,
  endedAt: Date,
): Promise<MeetingSession | null> {
  const [row] = await tx
    .update(meetingSessions)
    .set({ endedAt, quietSince: null, updatedAt: new Date() })
    .where(and(eq(meetingSessions.id, session.id), isNull(meetingSessions.endedAt)))
    .returning();
  if (!row) return null;
  await queueWebhookEvent(tx, {
    hostId: main.hostId,
    meetingId: main.id,
    type: 'meeting.ended',
    data: sessionData(main, row),
  });
  return row;
}

/**
 * Records a media join or leave in the session it belongs to, starting or ending sessions as needed. The
 * caller holds the main meeting's lock. Repeats change nothing; either end of a connection may arrive
 * first; an event that belongs to a session already ended (a late delivery) goes into that session.
 */
export async function recordConnection(
  tx: Tx,
  main: Meeting,
  change: ConnectionChange,
  /** Runs before a session starts or ends here (a batch appends the events that precede it first). */
  beforeSessionChange?: () => Promise<void>,
): Promise<void> {
  const [known] = await tx
    .select({ id: connections.id, sessionId: connections.sessionId })
    .from(connections)
    .where(eq(connections.connectionSid, change.sid));
  let sessionId = known?.sessionId;
  const at = sql`${change.at.toISOString()}::timestamptz`;
  if (known) {
    await tx
      .update(connections)
      .set(
        change.kind === 'join'
          ? { joinedAt: sql`least(coalesce(${connections.joinedAt}, ${at}), ${at})` }
          : { leftAt: sql`greatest(coalesce(${connections.leftAt}, ${at}), ${at})` },
      )
      .where(eq(connections.id, known.id));
  } else {
    sessionId = (await sessionAt(tx, main, change, beforeSessionChange)).id;
    const [who] = await tx
      .select({ name: participants.name, custom: participants.customParticipantId, preset: presets.name })
      .from(participants)
      .innerJoin(presets, eq(presets.id, participants.presetId))
      .where(eq(participants.id, change.participantId));
    await tx.insert(connections).values({
      sessionId,
      participantId: change.participantId,
      room: change.room,
      connectionSid: change.sid,
      displayName: who?.name ?? 'Removed participant',
      customParticipantId: who?.custom ?? null,
      presetName: who?.preset ?? '',
      ...(change.kind === 'join' ? { joinedAt: change.at } : { leftAt: change.at }),
    });
  }
  await settleSession(tx, sessionId!);
}

/** The session an event at `change.at` belongs to: the one that covers that time, the live one, or a new one. */
async function sessionAt(
  tx: Tx,
  main: Meeting,
  change: ConnectionChange,
  beforeSessionChange?: () => Promise<void>,
): Promise<MeetingSession> {
  const recent = await tx
    .select()
    .from(meetingSessions)
    .where(eq(meetingSessions.mainMeetingId, main.id))
    .orderBy(desc(meetingSessions.startedAt))
    .limit(20);
  const covering = recent.find((s) => s.startedAt <= change.at && s.endedAt && change.at <= s.endedAt);
  if (covering) return covering;
  const live = recent.find((s) => !s.endedAt);
  if (live) {
    // Nobody came back within the keep-alive and the sweep has not ended it yet: a new session begins.
    const lapsed = live.quietSince && change.at.getTime() > live.quietSince.getTime() + KEEP_ALIVE_MS;
    if (!lapsed || change.kind === 'leave') return live;
    await beforeSessionChange?.();
    await endMeetingSession(tx, main, live, live.quietSince!);
  }
  await beforeSessionChange?.();
  return startMeetingSession(tx, main, change.at);
}

/**
 * Brings a session's times in line with its connections: it starts at its earliest event; a live one is
 * quiet (counting down its keep-alive) from its last leave while nobody is connected; an ended one ends
 * no earlier than its last leave.
 */
async function settleSession(tx: Tx, sessionId: string): Promise<void> {
  const [agg] = await tx
    .select({
      open: sql<number>`count(*) filter (where ${connections.joinedAt} is not null and ${connections.leftAt} is null)`.mapWith(
        Number,
      ),
      first: sql<Date | null>`min(least(${connections.joinedAt}, ${connections.leftAt}))`.mapWith(asDate),
      lastLeft: sql<Date | null>`max(${connections.leftAt})`.mapWith(asDate),
    })
    .from(connections)
    .where(eq(connections.sessionId, sessionId));
  const [s] = await tx.select().from(meetingSessions).where(eq(meetingSessions.id, sessionId));
  if (!s || !agg) return;
  const startedAt = agg.first && agg.first < s.startedAt ? agg.first : s.startedAt;
  if (s.endedAt) {
    const endedAt = agg.lastLeft && agg.lastLeft > s.endedAt ? agg.lastLeft : s.endedAt;
    await tx.update(meetingSessions).set({ startedAt, endedAt }).where(eq(meetingSessions.id, s.id));
    return;
  }
  const quietSince = agg.open > 0 ? null : (agg.lastLeft ?? startedAt);
  if (quietSince) noteQuietSession();
  await tx
    .update(meetingSessions)
    .set({ startedAt, quietSince, updatedAt: new Date() })
    .where(eq(meetingSessions.id, s.id));
}

const asDate = (v: unknown) => (v == null ? null : new Date(v as string));

/** The media room closed (`room_finished`): every connection still open there ends at `at`. */
export async function closeRoomConnections(tx: Tx, room: string, at: Date): Promise<void> {
  const [meeting] = await tx
    .select({ id: meetings.id, parent: meetings.parentMeetingId })
    .from(meetings)
    .where(eq(meetings.id, room));
  if (!meeting) return;
  await lockMainMeeting(tx, meeting.parent ?? meeting.id);
  const closed = await tx
    .update(connections)
    .set({ leftAt: at })
    .where(and(eq(connections.room, room), isNull(connections.leftAt), lte(connections.joinedAt, at)))
    .returning({ sessionId: connections.sessionId });
  for (const id of new Set(closed.map((c) => c.sessionId))) await settleSession(tx, id);
}

let quietKnown = 0;

/**
 * Ends every live session whose last person left more than the keep-alive before `now`, each in its own
 * transaction under its main meeting's lock. Returns how many ended.
 */
export async function endQuietSessions(now = new Date()): Promise<number> {
  const d = await db();
  const due = await d
    .select({ id: meetingSessions.id, mainMeetingId: meetingSessions.mainMeetingId })
    .from(meetingSessions)
    .where(
      and(
        isNull(meetingSessions.endedAt),
        lte(meetingSessions.quietSince, new Date(now.getTime() - KEEP_ALIVE_MS)),
      ),
    )
    .limit(500);
  let ended = 0;
  for (const { id, mainMeetingId } of due) {
    const done = await d.transaction(async (tx) => {
      const main = await lockMainMeeting(tx, mainMeetingId);
      const [s] = await tx.select().from(meetingSessions).where(eq(meetingSessions.id, id));
      // Someone came back (or another process ended it) since the list was read.
      if (!s || s.endedAt || !s.quietSince || s.quietSince.getTime() > now.getTime() - KEEP_ALIVE_MS)
        return false;
      return (await endMeetingSession(tx, main, s, s.quietSince)) !== null;
    });
    if (done) ended++;
  }
  const [left] = await d
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(meetingSessions)
    .where(and(isNull(meetingSessions.endedAt), sql`${meetingSessions.quietSince} is not null`));
  quietKnown = left?.n ?? 0;
  return ended;
}

/** A session went quiet in this process: the sweep has work coming. */
export const noteQuietSession = () => {
  quietKnown = Math.max(quietKnown, 1);
};

let started = false;

/**
 * Starts this process's session sweeps: one at start (sessions whose people left while no process ran),
 * then every 10 s while a quiet session is known (an idle process leaves a Neon database asleep).
 */
export function startSessionSweeps(everyMs = 10_000) {
  if (started) return;
  started = true;
  const sweep = () =>
    void endQuietSessions().catch((err: unknown) =>
      console.warn('Could not end quiet meeting sessions', err),
    );
  setTimeout(sweep, 0).unref();
  setInterval(() => {
    if (quietKnown > 0) sweep();
  }, everyMs).unref();
}
