import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { meetings } from '@/db/schema';
import { resolveCaller } from '@/lib/api/caller';
import { AppError, notFound } from '@/lib/errors';
import type { ParticipantSession } from '@/lib/participants/service';

/** Resolves the signed-in dashboard host from the request's Auth.js session (the route passes it in). */
export type SessionHostResolver = () => Promise<string | undefined>;

/** Who is subscribing, once allowed. */
export type StreamCaller =
  | { kind: 'host'; hostId: string; via: 'api_key' | 'session' }
  | { kind: 'participant'; participantId: string; via: 'token' | 'cookie'; seat?: ParticipantSession };

// Auth.js v5 cookie names (the __Secure- one on https); chunked sessions add ".0", ".1", ….
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;

/** True when the request carries an Auth.js session cookie (so asking Auth.js is worth it). */
export const hasSessionCookie = (request: Request) =>
  SESSION_COOKIE.test(request.headers.get('cookie') ?? '');

/**
 * Decides who may follow a main meeting's events: its owner (API key or dashboard session) or one of
 * its participants (bearer token or the meeting's cookie). Another host's meeting is "not found"; a
 * participant of another meeting is refused; a breakout room id is refused with a pointer to its main
 * meeting, whose stream carries every room's events.
 */
export async function authorizeSubscriber(
  request: Request,
  meetingId: string,
  sessionHost?: SessionHostResolver,
): Promise<StreamCaller> {
  const d = await db();
  const [target] = await d
    .select({ id: meetings.id, hostId: meetings.hostId, parentMeetingId: meetings.parentMeetingId })
    .from(meetings)
    .where(eq(meetings.id, meetingId));
  const mainId = target?.parentMeetingId ?? meetingId;

  let subscriber: StreamCaller | undefined;
  if (!request.headers.has('authorization') && sessionHost && hasSessionCookie(request)) {
    const hostId = await sessionHost();
    if (hostId) subscriber = { kind: 'host', hostId, via: 'session' };
  }
  if (!subscriber) {
    // The participant cookie is named after the main meeting, also when a room id was asked for.
    const caller = await resolveCaller(request, ['host', 'participant'], mainId);
    subscriber =
      caller.kind === 'host'
        ? { kind: 'host', hostId: caller.hostId, via: 'api_key' }
        : {
            kind: 'participant',
            participantId: caller.seat.participant.id,
            via: caller.via,
            seat: caller.seat,
          };
    if (caller.kind === 'participant' && (!target || caller.seat.participant.meetingId !== mainId)) {
      throw new AppError('forbidden', 'You can only follow the events of the meeting you have a seat in.');
    }
  }
  if (subscriber.kind === 'host' && target?.hostId !== subscriber.hostId) throw notFound('meeting');
  if (target?.parentMeetingId) {
    throw new AppError(
      'not_found:main_meeting',
      `That is a breakout room. Subscribe to its main meeting instead: /api/v1/meetings/${target.parentMeetingId}/events carries the events of every room.`,
      'meeting_id',
    );
  }
  return subscriber;
}
