import { beforeAll, describe, expect, it } from 'vitest';
import { clientIp, installPeerAddress, parseTrustProxy, PEER_HEADER } from './client-ip';

beforeAll(installPeerAddress);

const h = (values: Record<string, string>) => new Headers(values);

describe('client address', () => {
  it('without a trusted proxy, X-Forwarded-For is ignored and the socket address is used', () => {
    const headers = h({ [PEER_HEADER]: '::ffff:192.0.2.7', 'x-forwarded-for': '203.0.113.99' });
    expect(clientIp(headers, parseTrustProxy(undefined))).toBe('192.0.2.7');
    expect(clientIp(headers, parseTrustProxy('false'))).toBe('192.0.2.7');
  });

  it('behind one proxy, the entry that proxy appended is used, never what the client wrote before it', () => {
    const headers = h({ [PEER_HEADER]: '10.0.0.2', 'x-forwarded-for': '203.0.113.99, 198.51.100.4' });
    expect(clientIp(headers, parseTrustProxy('1'))).toBe('198.51.100.4');
    expect(clientIp(headers, parseTrustProxy('true'))).toBe('198.51.100.4');
    expect(clientIp(headers, parseTrustProxy('2'))).toBe('203.0.113.99');
  });

  it('a configured header names the client (e.g. set by the proxy in front)', () => {
    const headers = h({ [PEER_HEADER]: '10.0.0.2', 'x-real-ip': '198.51.100.8' });
    expect(clientIp(headers, parseTrustProxy('x-real-ip'))).toBe('198.51.100.8');
  });

  it('falls back to the socket when the proxy header is missing', () => {
    expect(clientIp(h({ [PEER_HEADER]: '10.0.0.2' }), parseTrustProxy('x-real-ip'))).toBe('10.0.0.2');
  });
});
