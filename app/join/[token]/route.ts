import { NextResponse } from 'next/server';
import { looksLikeToken } from '@/lib/auth/tokens';
import { hit } from '@/lib/limits/rate';
import { participantCookieName, participantCookieOptions } from '@/lib/participants/cookie';
import { findParticipantByToken } from '@/lib/participants/service';

// Relative Location headers: the browser stays on whatever host it used, so the cookie lands where the
// meeting page will read it (APP_URL may name another host, e.g. localhost vs 127.0.0.1).
function seeOther(location: string, extra: Record<string, string> = {}) {
  return new NextResponse(null, {
    status: 303,
    headers: { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', ...extra },
  });
}

/** A personal join link: checks the token, puts it in this meeting's cookie, and opens the meeting. */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // A string that cannot be a token never reaches the database.
  if (!looksLikeToken('participant', token)) return seeOther('/link-error?reason=invalid');
  // Keyed by the link itself, never by address: a class opening 100 personal links from one school
  // address is 100 budgets.
  const count = await hit('joinLinkPerCredential', token);
  if (!count.allowed) {
    return seeOther('/link-error?reason=rate_limited', { 'Retry-After': String(Math.ceil(count.resetIn)) });
  }
  const seat = await findParticipantByToken(token);
  if (!seat) return seeOther('/link-error?reason=invalid');
  if (seat.meeting.status !== 'ACTIVE') return seeOther('/link-error?reason=inactive');
  const response = seeOther(`/m/${seat.meeting.id}`);
  response.cookies.set(participantCookieName(seat.meeting.id), token, participantCookieOptions());
  return response;
}
