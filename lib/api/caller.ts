import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { meetings } from '@/db/schema';
import { authenticateApiKey } from '@/lib/auth/api-keys';
import { looksLikeToken } from '@/lib/auth/tokens';
import { AppError } from '@/lib/errors';
import { PARTICIPANT_COOKIE_PREFIX, participantTokenFromCookieHeader } from '@/lib/participants/cookie';
import { findParticipantByToken, type ParticipantSession } from '@/lib/participants/service';
import { sessionFromRequest } from '@/lib/auth/host-session';

/**
 * Who is calling: a host through an API key or a dashboard session, or a participant through their token
 * or cookie. The credential's id comes along, so what it opens can be tied to it (lib/events/viewer.ts).
 */
export type Caller =
  | { kind: 'host'; hostId: string; via: 'api_key'; keyId: string }
  | { kind: 'host'; hostId: string; via: 'session'; sessionId?: string }
  | { kind: 'participant'; seat: ParticipantSession; via: 'token' | 'cookie' };

export type CallerKind = Caller['kind'];

/**
 * Resolves the caller. `Authorization: Bearer <key or participant token>` first; otherwise the
 * participant cookie of `meetingHint` (the main meeting the request is about). Refusals are 401s; a
 * caller of the wrong kind for the endpoint is a 403.
 */
export async function resolveCaller(
  request: Request,
  allowed: CallerKind[],
  meetingHint?: string,
): Promise<Caller> {
  const caller = await identify(request, meetingHint);
  if (!caller) {
    throw new AppError(
      'unauthorized',
      allowed.includes('participant')
        ? 'Sign in: open your join link, or send "Authorization: Bearer <participant token or API key>".'
        : 'Send an API key in the Authorization header: "Bearer <key>".',
    );
  }
  if (!allowed.includes(caller.kind)) {
    throw new AppError(
      'forbidden',
      caller.kind === 'participant'
        ? 'This endpoint needs an API key.'
        : 'This endpoint is for participants.',
    );
  }
  return caller;
}

// Auth.js's session cookie names (the secure one on https).
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;

/** True when the request carries an Auth.js session cookie (so reading it is worth it). */
export const hasSessionCookie = (request: Request) =>
  SESSION_COOKIE.test(request.headers.get('cookie') ?? '');

/** A host signed in to the dashboard, if the request's session is valid (not signed out). */
export async function hostFromSession(request: Request): Promise<Caller | undefined> {
  if (!hasSessionCookie(request)) return undefined;
  const session = await sessionFromRequest(request);
  return session
    ? { kind: 'host', hostId: session.hostId, via: 'session', sessionId: session.sessionId }
    : undefined;
}

/** The main meeting of a meeting or breakout room id (undefined when there is no such meeting). */
async function mainMeetingOf(meetingId: string): Promise<string | undefined> {
  if (!z.uuid().safeParse(meetingId).success) return undefined;
  const d = await db();
  const [row] = await d
    .select({ id: meetings.id, parent: meetings.parentMeetingId })
    .from(meetings)
    .where(eq(meetings.id, meetingId));
  return row ? (row.parent ?? row.id) : undefined;
}

async function identify(request: Request, meetingHint: string | undefined): Promise<Caller | undefined> {
  const header = request.headers.get('authorization');
  if (header) {
    const [scheme, secret] = header.split(/\s+/, 2);
    if (scheme?.toLowerCase() !== 'bearer' || !secret) {
      throw new AppError('unauthorized', 'The Authorization header must be "Bearer <key>".');
    }
    if (looksLikeToken('participant', secret)) {
      const seat = await findParticipantByToken(secret);
      if (!seat)
        throw new AppError('unauthorized', 'This participant token is not valid or has been replaced.');
      return { kind: 'participant', seat, via: 'token' };
    }
    const key = await authenticateApiKey(secret);
    if (!key) throw new AppError('unauthorized', 'This API key is not valid or has been revoked.');
    return { kind: 'host', hostId: key.hostId, via: 'api_key', keyId: key.keyId };
  }
  const cookies = request.headers.get('cookie');
  let token = meetingHint ? participantTokenFromCookieHeader(cookies, meetingHint) : undefined;
  if (!token && meetingHint && cookies?.includes(PARTICIPANT_COOKIE_PREFIX)) {
    // A breakout room's id: the seat's cookie is named after its main meeting.
    const main = await mainMeetingOf(meetingHint);
    if (main && main !== meetingHint) {
      token = participantTokenFromCookieHeader(cookies, main);
      meetingHint = main;
    }
  }
  if (!token || !looksLikeToken('participant', token)) return hostFromSession(request);
  const seat = await findParticipantByToken(token);
  // A cookie only speaks for the meeting it was issued for. A stale one gives way to a valid dashboard
  // session: whichever credential is valid for the meeting asked about speaks.
  if (!seat || seat.participant.meetingId !== meetingHint) {
    const host = await hostFromSession(request);
    if (host) return host;
    throw new AppError(
      'unauthorized',
      'Your seat in this meeting is no longer valid. Ask the host for a new link.',
    );
  }
  return { kind: 'participant', seat, via: 'cookie' };
}
