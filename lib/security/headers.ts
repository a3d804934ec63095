/**
 * The security headers of every response, in one place (proxy.ts applies them). Pure: the caller gives
 * the nonce and the settings, so the policy can be unit-tested.
 */
export interface HeaderSettings {
  /** A fresh random value per request; Next.js puts it on its own inline and bundle scripts. */
  nonce: string;
  /** The media server's URL as the browser uses it (ws://, wss://, http:// or https://), if any. */
  mediaUrl?: string;
  /** Whether this response goes out over https (HSTS and upgrade-insecure-requests only then). */
  https: boolean;
  /** `next dev`: React's development build needs eval for its call stacks. */
  dev: boolean;
  /** OAuth providers the sign-in form posts to, when configured. */
  oauthOrigins?: string[];
}

/** The media server's origins for connect-src: its WebSocket signalling and its HTTP(S) API. */
export function mediaOrigins(url: string | undefined): string[] {
  if (!url || !URL.canParse(url)) return [];
  const u = new URL(url);
  const secure = u.protocol === 'wss:' || u.protocol === 'https:';
  const out = [`${secure ? 'wss' : 'ws'}://${u.host}`, `${secure ? 'https' : 'http'}://${u.host}`];
  // LiveKit Cloud hands clients regional hosts under the project's domain.
  if (u.hostname.endsWith('.livekit.cloud')) out.push('wss://*.livekit.cloud', 'https://*.livekit.cloud');
  return out;
}

/** The Content-Security-Policy value. */
export function contentSecurityPolicy(s: HeaderSettings): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // 'strict-dynamic': scripts loaded by a nonced script run too; host allowlists are then ignored.
    'script-src': ["'self'", `'nonce-${s.nonce}'`, "'strict-dynamic'", ...(s.dev ? ["'unsafe-eval'"] : [])],
    // Style attributes rendered on the server (React's style={…}) need 'unsafe-inline'; a nonce here
    // would switch 'unsafe-inline' off. Styles cannot run code, scripts stay nonce-only.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...mediaOrigins(s.mediaUrl)],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'", ...(s.oauthOrigins ?? [])],
    'frame-ancestors': ["'none'"],
  };
  const lines = Object.entries(directives).map(([k, v]) => `${k} ${v.join(' ')}`);
  if (s.https) lines.push('upgrade-insecure-requests');
  return lines.join('; ');
}

/** Every security header of a response, the CSP included. */
export function securityHeaders(s: HeaderSettings): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(s),
    'X-Content-Type-Options': 'nosniff',
    // Join and invite URLs hold tokens: other sites never see them. Not no-referrer: that makes the
    // browser send `Origin: null` on same-origin POSTs, which server actions refuse.
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy':
      'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()',
    ...(s.https ? { 'Strict-Transport-Security': 'max-age=63072000' } : {}),
  };
}
