import { env } from '@/lib/env';

// One cookie per main meeting, so one browser can hold seats in several meetings (a host testing links,
// a person in two meetings). The value is the participant's token; the server looks up its hash.
export const PARTICIPANT_COOKIE_PREFIX = 'bp_';
export const participantCookieName = (mainMeetingId: string) =>
  `${PARTICIPANT_COOKIE_PREFIX}${mainMeetingId.replace(/-/g, '')}`;

export function participantCookieOptions() {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: env().appUrl.startsWith('https://'),
    path: '/',
    maxAge: 30 * 24 * 60 * 60,
  };
}

/** Reads a participant token for a main meeting from a request's Cookie header. */
export function participantTokenFromCookieHeader(header: string | null, mainMeetingId: string) {
  if (!header) return undefined;
  const name = participantCookieName(mainMeetingId);
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    // A malformed escape ("%E0%A4%A") is no token: treat it as no cookie rather than failing the request.
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
