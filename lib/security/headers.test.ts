import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, mediaOrigins, securityHeaders } from './headers';

const base = { nonce: 'abc123', https: false, dev: false };

describe('security headers', () => {
  it('scripts run only with the request nonce; no unsafe-inline or eval for scripts in production', () => {
    const csp = contentSecurityPolicy(base);
    const script = /script-src ([^;]+)/.exec(csp)![1]!;
    expect(script).toContain("'nonce-abc123'");
    expect(script).not.toContain('unsafe-inline');
    expect(script).not.toContain('unsafe-eval');
  });

  it('the dashboard and the meeting can never be framed', () => {
    expect(contentSecurityPolicy(base)).toContain("frame-ancestors 'none'");
    expect(securityHeaders(base)['X-Frame-Options']).toBe('DENY');
  });

  it("connect-src allows the app and the media server's WebSocket and HTTP origins", () => {
    const csp = contentSecurityPolicy({ ...base, mediaUrl: 'wss://media.example.com:7443' });
    expect(/connect-src ([^;]+)/.exec(csp)![1]).toBe(
      "'self' wss://media.example.com:7443 https://media.example.com:7443",
    );
    expect(mediaOrigins('ws://127.0.0.1:7880')).toEqual(['ws://127.0.0.1:7880', 'http://127.0.0.1:7880']);
    expect(mediaOrigins('wss://proj.livekit.cloud')).toContain('wss://*.livekit.cloud');
    expect(mediaOrigins(undefined)).toEqual([]);
  });

  it('HSTS and upgrade-insecure-requests are sent on https only', () => {
    expect(securityHeaders(base)).not.toHaveProperty('Strict-Transport-Security');
    expect(contentSecurityPolicy(base)).not.toContain('upgrade-insecure-requests');
    const secure = securityHeaders({ ...base, https: true });
    expect(secure['Strict-Transport-Security']).toMatch(/^max-age=\d+/);
    expect(secure['Content-Security-Policy']).toContain('upgrade-insecure-requests');
  });

  it('camera, microphone and screen sharing are allowed to the app itself only', () => {
    const h = securityHeaders(base);
    expect(h['Permissions-Policy']).toContain('camera=(self)');
    expect(h['Permissions-Policy']).toContain('microphone=(self)');
    expect(h['Permissions-Policy']).toContain('display-capture=(self)');
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('same-origin');
  });
});
