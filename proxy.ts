import { NextResponse, type NextRequest } from 'next/server';
import { API_BODY_LIMIT, bodyTooLarge } from '@/lib/api/body';
import { env, mediaPublicUrl } from '@/lib/env';
import { securityHeaders } from '@/lib/security/headers';

/**
 * Security headers on every page, with a fresh CSP nonce per request. Next.js reads the
 * nonce from the request's Content-Security-Policy header and puts it on the scripts it renders. This
 * protects nothing else: every route and action authorizes its caller itself.
 */
export function proxy(request: NextRequest) {
  // A server action (a dashboard or sign-in form) over its limit: Next would refuse it while reading, but
  // answers 500. The declared size is enough to answer 413 here, before anything is read.
  if (request.method === 'POST' && request.headers.has('next-action')) {
    const declared = Number(request.headers.get('content-length') ?? 0);
    if (declared > API_BODY_LIMIT)
      return new NextResponse(bodyTooLarge(API_BODY_LIMIT).message, { status: 413 });
  }
  const e = env();
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const headers = securityHeaders({
    nonce,
    mediaUrl: mediaPublicUrl(e),
    https: request.nextUrl.protocol === 'https:' || e.appUrl.startsWith('https:'),
    dev: process.env.NODE_ENV === 'development',
    oauthOrigins: [
      ...(e.AUTH_GITHUB_ID ? ['https://github.com'] : []),
      ...(e.AUTH_GOOGLE_ID ? ['https://accounts.google.com'] : []),
    ],
  });
  const forwarded = new Headers(request.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the build's static files (immutable, no scripts to nonce), and not the API: a proxy makes Next.js
  // buffer and drain the request body, which would undo the API's early 413 on an oversized body. API
  // answers get their fixed headers from next.config.ts instead.
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|icon.svg|api/).*)' }],
};
