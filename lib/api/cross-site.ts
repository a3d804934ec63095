import 'server-only';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { Caller } from './caller';

// Cookies travel with requests that other sites start (a form post, a fetch with credentials). A call
// authenticated by a cookie (a participant's seat or the dashboard session) that changes something must
// therefore come from our own pages: JSON (a cross-site form cannot send it, and a cross-site fetch
// sending it needs a CORS preflight we never grant) and from our own origin. Bearer tokens and API keys
// are not sent by browsers on their own, so they are not affected.

const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/** Whether this caller was identified by a cookie the browser attaches by itself. */
export const byCookie = (caller: Caller) => caller.via === 'cookie' || caller.via === 'session';

/**
 * The origin is ours when it is APP_URL's origin, or names the host this request was sent to (its Host
 * header). A page on another site cannot set either header on its visitor's request, so both are safe
 * to compare with; behind a proxy that rewrites Host, APP_URL is what matches.
 */
export function isSameOrigin(request: Request): boolean {
  if (request.headers.get('sec-fetch-site') === 'same-origin') return true;
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === new URL(env().appUrl).origin) return true;
  const host = request.headers.get('host');
  return host !== null && url.host === host.toLowerCase();
}

/**
 * Refuses a cookie-authenticated change that is not JSON from our own origin (403). An endpoint taking
 * another body type names it (`text/csv`): like JSON it is no type a cross-site form can send, and a
 * cross-site fetch sending it needs the same preflight.
 */
export function assertNotCrossSite(request: Request, caller: Caller, textType?: string): void {
  if (request.method === 'GET' || request.method === 'HEAD' || !byCookie(caller)) return;
  if (!isSameOrigin(request)) {
    throw new AppError(
      'forbidden:cross_site',
      'This request came from another site. Changes made with a browser cookie must come from this app’s own pages; programs use an API key or token in the Authorization header.',
    );
  }
  const type = request.headers.get('content-type') ?? '';
  if (textType && type.split(';')[0]!.trim().toLowerCase() === textType) return;
  if (!JSON_TYPE.test(type)) {
    throw new AppError(
      'forbidden:content_type',
      'Send "Content-Type: application/json": changes made with a browser cookie must be JSON.',
    );
  }
}
