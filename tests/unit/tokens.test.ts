import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateToken,
  hashToken,
  hmac,
  looksLikeToken,
  nonce,
  safeEqual,
  TOKEN_PREFIX,
} from '@/lib/auth/tokens';

const body = (token: string, prefix: string) => token.slice(prefix.length);

describe('generateToken', () => {
  it.each(Object.entries(TOKEN_PREFIX) as Array<[keyof typeof TOKEN_PREFIX, string]>)(
    'a %s token is its prefix followed by 256 random bits in base64url',
    (kind, prefix) => {
      const token = generateToken(kind);
      expect(token.startsWith(prefix)).toBe(true);
      expect(body(token, prefix)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(body(token, prefix), 'base64url')).toHaveLength(32);
    },
  );

  it('participant tokens start with bpt_ and API keys with bk_, so a leaked one says what it is', () => {
    expect(TOKEN_PREFIX).toEqual({ participant: 'bpt_', apiKey: 'bk_' });
  });

  it('1000 draws are all different', () => {
    const draws = Array.from({ length: 1000 }, () => generateToken('participant'));
    expect(new Set(draws).size).toBe(1000);
  });

  it('the random part is not biased towards a few characters', () => {
    const chars = new Set(Array.from({ length: 200 }, () => body(generateToken('apiKey'), 'bk_')).join(''));
    // 64 symbols in base64url; 8600 characters drawn leave essentially no chance of missing more than a few.
    expect(chars.size).toBeGreaterThan(60);
  });
});

describe('hashToken', () => {
  it('is the SHA-256 of the token in lower-case hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = generateToken('participant');
    expect(hashToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic and tells different tokens apart', () => {
    const a = generateToken('participant');
    const b = generateToken('participant');
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toBe(hashToken(b));
  });

  it('hashes text as UTF-8', () => {
    expect(hashToken('é')).toBe(
      createHash('sha256')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex'),
    );
  });
});

describe('looksLikeToken', () => {
  it('accepts freshly generated tokens of its kind', () => {
    expect(looksLikeToken('participant', generateToken('participant'))).toBe(true);
    expect(looksLikeToken('apiKey', generateToken('apiKey'))).toBe(true);
  });

  it('refuses a token of the other kind', () => {
    expect(looksLikeToken('apiKey', generateToken('participant'))).toBe(false);
    expect(looksLikeToken('participant', generateToken('apiKey'))).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['the prefix alone', 'bpt_'],
    ['one character short', `bpt_${'A'.repeat(42)}`],
    ['one character long', `bpt_${'A'.repeat(44)}`],
    ['a character outside base64url', `bpt_${'A'.repeat(42)}+`],
    ['padding', `bpt_${'A'.repeat(42)}=`],
    ['upper-case prefix', `BPT_${'A'.repeat(43)}`],
    ['surrounding space', ` bpt_${'A'.repeat(43)}`],
  ])('refuses %s', (_label, value) => {
    expect(looksLikeToken('participant', value)).toBe(false);
  });

  it('accepts any 43 base64url characters after the prefix', () => {
    expect(looksLikeToken('participant', `bpt_${'-_aZ09'.repeat(7)}x`)).toBe(true);
  });
});

describe('hmac, safeEqual and nonce', () => {
  it('hmac is deterministic, depends on the secret and the value, and is base64url', () => {
    expect(hmac('secret', 'v')).toBe(hmac('secret', 'v'));
    expect(hmac('secret', 'v')).not.toBe(hmac('other', 'v'));
    expect(hmac('secret', 'v')).not.toBe(hmac('secret', 'w'));
    expect(hmac('secret', 'v')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('safeEqual is true only for equal strings, including strings of different length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });

  it('a nonce carries 128 random bits and does not repeat', () => {
    const draws = Array.from({ length: 500 }, () => nonce());
    expect(new Set(draws).size).toBe(500);
    for (const n of draws.slice(0, 10)) expect(Buffer.from(n, 'base64url')).toHaveLength(16);
  });
});
