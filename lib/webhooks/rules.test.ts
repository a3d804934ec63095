import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, refusedAddress, refusedUrl, retryDelayMs, signWebhook } from './rules';

describe('webhook destinations', () => {
  it.each([
    ['127.0.0.1', false, true],
    ['127.0.0.1', true, false],
    ['10.1.2.3', false, true],
    ['172.20.0.1', false, true],
    ['192.168.1.1', false, true],
    ['100.64.0.1', false, true],
    ['0.0.0.0', false, true],
    ['::1', false, true],
    ['fd00::1', false, true],
    ['::ffff:127.0.0.1', false, true],
    ['::ffff:7f00:1', false, true],
    ['93.184.216.34', false, false],
    ['2606:4700::1', false, false],
    ['169.254.169.254', true, true],
    ['::ffff:169.254.169.254', true, true],
    ['::ffff:a9fe:a9fe', true, true],
    ['fe80::1', true, true],
  ])('%s (private allowed: %s) refused: %s', (ip, allow, refused) => {
    expect(refusedAddress(ip, allow) !== null).toBe(refused);
  });

  it('checks scheme, credentials and literal addresses of a URL', () => {
    expect(refusedUrl('ftp://example.com/x', false)).toMatch(/http or https/);
    expect(refusedUrl('not a url', false)).toMatch(/absolute/);
    expect(refusedUrl('https://u:p@example.com/', false)).toMatch(/user name/);
    expect(refusedUrl('http://127.0.0.1:8080/hook', false)).toMatch(/loopback or private/);
    expect(refusedUrl('http://[::1]/hook', false)).toMatch(/loopback or private/);
    expect(refusedUrl('http://2852039166/', true)).toMatch(/link-local/);
    expect(refusedUrl('http://127.0.0.1:8080/hook', true)).toBeNull();
    expect(refusedUrl('https://hooks.example.com/in', false)).toBeNull();
  });
});

describe('webhook signatures', () => {
  it('signs `{id}.{timestamp}.{body}` with the decoded secret', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const key = Buffer.from(secret.slice(6), 'base64');
    const expected = createHmac('sha256', key).update('msg_1.1700000000.{"a":1}').digest('base64');
    expect(signWebhook(secret, 'msg_1', 1700000000, '{"a":1}')).toBe(`v1,${expected}`);
  });

  it('backs off exponentially, capped at six hours', () => {
    expect(retryDelayMs(1, 1000, 0)).toBe(1000);
    expect(retryDelayMs(2, 1000, 0)).toBe(2000);
    expect(retryDelayMs(5, 1000, 0)).toBe(16000);
    expect(retryDelayMs(40, 30_000, 0)).toBe(6 * 3_600_000);
  });
});
