import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { meetings } from '@/db/schema';
import { hasSessionCookie, resolveCaller } from '@/lib/api/caller';
import { sessionFromRequest, type HostSession } from '@/lib/auth/host-session';
import { AppError, notFound } from '@/lib/errors';
import type { ParticipantSession } from '@/lib/participants/service';

/** Resolves the request's valid dashboard session (the default reads its Auth.js cookie). */
export type SessionHostResolver = (request: Request) => Promise<HostSession | undefined>;

/** Who is subscribing, once allowed, with the credential that opened the stream. */
export type StreamCaller =
  | { kind: 'host'; hostId: string; via: 'api_key'; keyId: string }
  | { kind: 'host'; hostId: string; via: 'session'; sessionId: string }
  | { kind: 'participant'; participantId: string; via: 'token' | 'cookie'; seat: ParticipantSession };

export { hasSessionCookie };

/**
 * Decides who may follow a main meeting's events: its owner (API key or dashboard session) or one of
 * its participants (bearer token or the meeting's cookie), in an active meeting. Whichever credential is
 * valid for this meeting speaks: a signed-in host who holds a seat in another host's meeting follows it
 * with the seat. Another host's meeting is "not found"; a participant of another meeting is refused; a
 * breakout room id is refused with a pointer to its main meeting, whose stream carries every room's events.
 */
export async function authorizeSubscriber(
  request: Request,
  meetingId: string,
  sessionHost: SessionHostResolver = sessionFromRequest,
): Promise<StreamCaller> {
  const d = await db();
  const [target] = await d
    .select({ id: meetings.id, hostId: meetings.hostId, parentMeetingId: meetings.parentMeetingId })
    .from(meetings)
    .where(eq(meetings.id, meetingId));
  const mainId = target?.parentMeetingId ?? meetingId;

  let subscriber: StreamCaller | undefined;
  let session: HostSession | undefined;
  if (!request.headers.has('authorization') && hasSessionCookie(request)) {
    session = await sessionHost(request);
    // The dashboard session speaks for the host's own meetings; elsewhere a seat cookie may.
    if (session && session.hostId === target?.hostId) {
      subscriber = { kind: 'host', hostId: session.hostId, via: 'session', sessionId: session.sessionId };
    }
  }
  if (!subscriber) {
    // The participant cookie is named after the main meeting, also when a room id was asked for.
    const caller = await resolveCaller(
      requestWithout(request, session),
      ['host', 'participant'],
      mainId,
    ).catch((err: unknown) => {
      // Signed in, but neither the owner nor holding a seat here: another host's meeting.
      throw session && err instanceof AppError && err.code === 'unauthorized' ? notFound('meeting') : err;
    });
    if (caller.kind === 'host') {
      if (caller.via === 'session') throw notFound('meeting');
      subscriber = { kind: 'host', hostId: caller.hostId, via: 'api_key', keyId: caller.keyId };
    } else {
      subscriber = {
        kind: 'participant',
        participantId: caller.seat.participant.id,
        via: caller.via,
        seat: caller.seat,
      };
      if (!target || caller.seat.participant.meetingId !== mainId) {
        throw new AppError('forbidden', 'You can only follow the events of the meeting you have a seat in.');
      }
      if (caller.seat.meeting.status !== 'ACTIVE') {
        throw new AppError(
          'forbidden:meeting_inactive',
          'This meeting is not active: its events cannot be followed.',
        );
      }
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

/**
 * The request without its session cookie once the session was read and did not speak for this meeting,
 * so the caller check looks at the seat cookie alone (and does not read the session twice).
 */
function requestWithout(request: Request, session: HostSession | undefined): Request {
  if (!session) return request;
  const cookie = (request.headers.get('cookie') ?? '')
    .split(';')
    .filter((part) => !/^\s*(?:__Secure-)?authjs\.session-token/.test(part))
    .join(';');
  const headers = new Headers(request.headers);
  headers.set('cookie', cookie);
  return new Request(request.url, { headers, signal: request.signal });
}
