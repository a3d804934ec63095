import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES, mediaPublicUrl, parseEnv } from '@/lib/env';

describe('parseEnv defaults', () => {
  it('an empty environment runs the embedded database on port 3000', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      databaseDriver: 'pglite',
      PGLITE_DIR: '.data/pglite',
      PORT: 3000,
      appUrl: 'http://localhost:3000',
      ALLOW_SIGNUP: true,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AUTH_SECRET).toBeUndefined();
  });

  it('empty and blank variables count as unset', () => {
    const env = parseEnv({ DATABASE_URL: '', DATABASE_DRIVER: '  ', APP_URL: '', AUTH_SECRET: '' });
    expect(env.databaseDriver).toBe('pglite');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.appUrl).toBe('http://localhost:3000');
  });

  it.each([
    ['false', false],
    ['0', false],
    ['true', true],
    ['1', true],
  ])('ALLOW_SIGNUP=%s means %s', (value, expected) => {
    expect(parseEnv({ ALLOW_SIGNUP: value }).ALLOW_SIGNUP).toBe(expected);
  });
});

describe('PRESENCE_BATCH_MAX', () => {
  it('unset leaves the choice to the driver; a number from 1 to 1000 is taken as it is', () => {
    expect(parseEnv({}).PRESENCE_BATCH_MAX).toBeUndefined();
    expect(parseEnv({ PRESENCE_BATCH_MAX: '' }).PRESENCE_BATCH_MAX).toBeUndefined();
    expect(parseEnv({ PRESENCE_BATCH_MAX: '1' }).PRESENCE_BATCH_MAX).toBe(1);
    expect(parseEnv({ PRESENCE_BATCH_MAX: '1000' }).PRESENCE_BATCH_MAX).toBe(1000);
  });
});

describe('choosing the database driver', () => {
  it.each([
    ['no DATABASE_URL', undefined, 'pglite'],
    [
      'a Neon host',
      'postgresql://u:p@ep-cool-pond-123456.us-east-2.aws.neon.tech/app?sslmode=require',
      'neon',
    ],
    ['a Neon pooler host', 'postgres://u:p@ep-x-pooler.eu-central-1.aws.neon.tech/app', 'neon'],
    ['a local PostgreSQL', 'postgres://postgres@127.0.0.1:5432/app', 'pg'],
    ['another provider', 'postgresql://u:p@db.example.com/app', 'pg'],
    ['a host that only mentions neon.tech', 'postgres://u@neon.tech.example.com/app', 'pg'],
  ])('%s → %s', (_label, url, driver) => {
    expect(parseEnv({ DATABASE_URL: url }).databaseDriver).toBe(driver);
  });

  it('DATABASE_DRIVER overrides the choice made from the URL', () => {
    expect(
      parseEnv({ DATABASE_URL: 'postgres://u@localhost/app', DATABASE_DRIVER: 'neon' }).databaseDriver,
    ).toBe('neon');
    expect(
      parseEnv({ DATABASE_URL: 'postgres://u@ep-x.aws.neon.tech/app', DATABASE_DRIVER: 'pg' }).databaseDriver,
    ).toBe('pg');
    expect(
      parseEnv({ DATABASE_URL: 'postgres://u@localhost/app', DATABASE_DRIVER: 'pglite' }).databaseDriver,
    ).toBe('pglite');
  });

  it.each(['pg', 'neon'])(
    'DATABASE_DRIVER=%s without DATABASE_URL is an error naming DATABASE_URL',
    (driver) => {
      expect(() => parseEnv({ DATABASE_DRIVER: driver })).toThrow(
        /DATABASE_URL: required when DATABASE_DRIVER=/,
      );
    },
  );

  it('an unknown DATABASE_DRIVER is an error naming the variable', () => {
    expect(() => parseEnv({ DATABASE_DRIVER: 'mysql' })).toThrow(/DATABASE_DRIVER/);
  });
});

describe('bad values name the variable at fault', () => {
  it.each([
    ['not a URL', 'localhost:5432'],
    ['another database', 'mysql://u@localhost/app'],
    ['a port out of range', 'postgres://u@localhost:99999/app'],
    ['a host with a space', 'postgres://u@local host/app'],
  ])('DATABASE_URL that is %s', (_label, url) => {
    expect(() => parseEnv({ DATABASE_URL: url })).toThrow(/Invalid environment:\n {2}DATABASE_URL: /);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['APP_URL', 'ftp://example.com'],
    ['APP_URL', 'not a url'],
    ['AUTH_SECRET', 'too-short'],
    ['NODE_ENV', 'staging'],
    ['ALLOW_SIGNUP', 'yes'],
    ['LIVEKIT_URL', 'localhost:7880'],
    ['LIVEKIT_PUBLIC_URL', 'ftp://media.example.test'],
    ['PRESENCE_BATCH_MAX', '0'],
    ['PRESENCE_BATCH_MAX', 'many'],
    ['PRESENCE_BATCH_MAX', '2.5'],
  ])('%s=%s', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`\\n {2}${name}: `));
  });

  it('every bad variable is listed in one error', () => {
    expect(() => parseEnv({ PORT: 'x', APP_URL: 'nope' })).toThrow(
      /PORT: [^\n]+\n {2}APP_URL: |APP_URL: [^\n]+\n {2}PORT: /,
    );
  });
});

describe('APP_URL', () => {
  it('defaults to localhost on PORT', () => {
    expect(parseEnv({ PORT: '8080' }).appUrl).toBe('http://localhost:8080');
  });

  it('is used as given, with trailing slashes trimmed', () => {
    expect(parseEnv({ APP_URL: 'https://rooms.example.org/' }).appUrl).toBe('https://rooms.example.org');
    expect(parseEnv({ APP_URL: 'https://rooms.example.org/app//' }).appUrl).toBe(
      'https://rooms.example.org/app',
    );
    expect(parseEnv({ APP_URL: '  https://rooms.example.org  ', PORT: '9000' }).appUrl).toBe(
      'https://rooms.example.org',
    );
  });
});

describe('parseEnv recording storage', () => {
  it('stores locally by default and reads the S3 settings when given', () => {
    expect(parseEnv({}).S3_BUCKET).toBeUndefined();
    const env = parseEnv({
      S3_BUCKET: 'recs',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: '1',
    });
    expect(env).toMatchObject({
      S3_BUCKET: 'recs',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: true,
    });
  });

  it('refuses a bad S3 endpoint and Egress without a bucket, by name', () => {
    expect(() => parseEnv({ S3_BUCKET: 'recs', S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT/);
    expect(() => parseEnv({ RECORDING_BACKEND: 'egress' })).toThrow(
      /S3_BUCKET: required when RECORDING_BACKEND=egress/,
    );
    expect(() => parseEnv({ RECORDING_BACKEND: 'cloud' })).toThrow(/RECORDING_BACKEND/);
  });
});

describe('.env.example', () => {
  it('describes every variable the app reads (NODE_ENV is set by the tools)', () => {
    const example = fs.readFileSync(path.resolve('.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    expect(ENV_VARIABLES.filter((name) => name !== 'NODE_ENV' && !listed.has(name))).toEqual([]);
    expect(ENV_VARIABLES).toContain('LIVEKIT_PUBLIC_URL');
  });

  it('copied as it is (every variable present and blank), it starts the app with the defaults', () => {
    const example = fs.readFileSync(path.resolve('.env.example'), 'utf8');
    const blank = Object.fromEntries(
      [...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]),
    );
    expect(Object.values(blank).every((v) => v === '')).toBe(true);
    expect(parseEnv(blank)).toMatchObject({
      PORT: 3000,
      databaseDriver: 'pglite',
      WEBHOOK_RETRY_BASE_MS: 30_000,
      WEBHOOK_TIMEOUT_MS: 10_000,
    });
    expect(parseEnv(blank).PRESENCE_BATCH_MAX).toBeUndefined();
  });
});

describe('mediaPublicUrl', () => {
  it('is LIVEKIT_PUBLIC_URL when set, LIVEKIT_URL otherwise', () => {
    expect(mediaPublicUrl(parseEnv({ LIVEKIT_URL: 'ws://10.0.0.5:7880' }))).toBe('ws://10.0.0.5:7880');
    expect(
      mediaPublicUrl(
        parseEnv({ LIVEKIT_URL: 'ws://10.0.0.5:7880', LIVEKIT_PUBLIC_URL: 'wss://media.example.test' }),
      ),
    ).toBe('wss://media.example.test');
    expect(mediaPublicUrl(parseEnv({}))).toBeUndefined();
  });
});
