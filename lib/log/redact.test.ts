import { describe, expect, it } from 'vitest';
import { installLogRedaction, redactError, redactText } from './redact';

const TOKEN = 'bpt_' + 'A'.repeat(43);
const KEY = 'bk_' + 'b-_9'.repeat(11);

describe('log redaction', () => {
  it.each([
    ['a participant token', `token ${TOKEN} refused`, TOKEN],
    ['an API key', `key=${KEY}`, KEY],
    ['a join path', 'GET /join/not-even-a-token-shape 303', 'not-even-a-token-shape'],
    ['an invite path', 'GET /invite/7b0c/abcDEF123_- 200', 'abcDEF123_-'],
    ['a bearer header', 'authorization: Bearer whatever.secret', 'whatever.secret'],
    ['a participant cookie', 'cookie: bp_7b0c1d=%E0 ; other=1', '%E0'],
    ['a session cookie', 'cookie: authjs.session-token=eyJhbGciOi.x.y', 'eyJhbGciOi'],
    [
      'SQL parameters',
      'Failed query: insert into "chat_messages" values ($1, $2)\nparams: Ann,hello there',
      'hello there',
    ],
    ['a unique violation detail', 'detail: Key (token_hash)=(abc123) already exists.', 'abc123'],
  ])('masks %s', (_what, line, secret) => {
    const out = redactText(line);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('keeps the SQL statement and ordinary text', () => {
    const out = redactText('Failed query: select 1 where id = $1\nparams: x');
    expect(out).toContain('Failed query: select 1 where id = $1');
    expect(redactText('meeting 42 started')).toBe('meeting 42 started');
  });

  it('an error with a cause and parameters keeps its code and drops the values', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      detail: `Key (token_hash)=(${TOKEN}) already exists.`,
    });
    const err = Object.assign(
      new Error(`Failed query: insert into x values ($1)\nparams: ${TOKEN},Secret Name`),
      {
        params: [TOKEN, 'Secret Name'],
        cause,
      },
    );
    const out = redactError(err);
    expect(out).toContain('23505');
    expect(out).toContain('Failed query: insert into x values ($1)');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('Secret Name');
  });

  it('once installed, every console level writes redacted text', () => {
    const written: unknown[][] = [];
    const fake = {
      error: (...a: unknown[]) => written.push(a),
      warn: (...a: unknown[]) => written.push(a),
      log: (...a: unknown[]) => written.push(a),
      info: (...a: unknown[]) => written.push(a),
      debug: (...a: unknown[]) => written.push(a),
    } as unknown as Console;
    installLogRedaction(fake);
    installLogRedaction(fake); // a second install must not wrap twice
    fake.error('Unhandled API error', new Error(`bad ${TOKEN}`));
    fake.log({ url: `/join/${TOKEN}` });
    expect(JSON.stringify(written)).not.toContain(TOKEN);
    expect(written).toHaveLength(2);
  });
});
