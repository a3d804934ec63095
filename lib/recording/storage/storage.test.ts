import { S3ServiceException } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { checkDownloadSignature, signedDownloadUrl } from './download-url';
import { localError } from './local';
import { contentDisposition, parseRange } from './range';
import { s3Error } from './s3';
import { StorageError } from './types';

beforeAll(() => {
  process.env.AUTH_SECRET = 'unit-test-secret-0123456789abcdef0123';
  resetEnvCache();
});

describe('parseRange', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100 }],
    ['bytes=-500', { suffix: 500 }],
    ['BYTES = 5 - 6', { start: 5, end: 6 }],
  ])('reads %s', (header, range) => expect(parseRange(header)).toEqual(range));

  it.each([null, '', 'bytes=', 'bytes=-', 'bytes=9-3', 'bytes=0-1,5-6', 'items=0-1', 'bytes=a-b'])(
    'ignores %s (the whole file is sent)',
    (header) => expect(parseRange(header)).toBeNull(),
  );
});

describe('contentDisposition', () => {
  it('keeps an ASCII name and gives the exact name as UTF-8', () => {
    expect(contentDisposition('Room "A" – 1.mp4')).toBe(
      `attachment; filename="Room _A_ _ 1.mp4"; filename*=UTF-8''Room%20%22A%22%20%E2%80%93%201.mp4`,
    );
  });
});

describe('signed download links', () => {
  const id = '0b8f7a2e-8c1f-4c39-9d38-6d4a2f7e1a11';
  const at = new Date('2026-12-02T04:00:00Z');
  const parts = (url: string) => new URL(url, 'http://x').searchParams;

  it('a fresh link is valid for an hour and no longer', () => {
    const { url, expires } = signedDownloadUrl(id, at);
    expect(expires.toISOString()).toBe('2026-12-02T05:00:00.000Z');
    const q = parts(url);
    const check = (now: Date) => checkDownloadSignature(id, q.get('expires'), q.get('signature'), now);
    expect(check(new Date('2026-12-02T04:59:59Z'))).toBeNull();
    expect(check(new Date('2026-12-02T05:00:00Z'))).toBe('expired');
  });

  it('a link for another recording, another expiry or without its parts is refused', () => {
    const q = parts(signedDownloadUrl(id, at).url);
    expect(checkDownloadSignature('another', q.get('expires'), q.get('signature'), at)).toBe('invalid');
    expect(checkDownloadSignature(id, String(Number(q.get('expires')) + 1), q.get('signature'), at)).toBe(
      'invalid',
    );
    expect(checkDownloadSignature(id, '1e10', q.get('signature'), at)).toBe('invalid');
    expect(checkDownloadSignature(id, q.get('expires'), null, at)).toBe('missing');
  });
});

describe('storage errors a person can read', () => {
  const errno = (code: string) => Object.assign(new Error(code), { code });

  it('a full disk names the folder', () => {
    const e = localError(errno('ENOSPC'), '/srv/rec');
    expect(e).toBeInstanceOf(StorageError);
    expect(e.message).toBe('The disk holding the recordings folder /srv/rec (RECORDINGS_DIR) is full.');
    expect(localError(errno('EACCES'), '/srv/rec').message).toBe(
      'The app may not write to the recordings folder /srv/rec (RECORDINGS_DIR).',
    );
  });

  const o = { bucket: 'recs', endpoint: 'https://s3.example.test' };
  const service = (name: string, status: number) =>
    new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });

  it('credentials refused, access denied and a missing bucket say which', () => {
    expect(s3Error(service('InvalidAccessKeyId', 403), o, 'k').message).toBe(
      'The storage server https://s3.example.test refused the credentials (S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY).',
    );
    expect(s3Error(service('SignatureDoesNotMatch', 403), o, 'k').message).toMatch(/refused the credentials/);
    expect(s3Error(service('AccessDenied', 403), o, 'm/r.mp4').message).toBe(
      'The storage server https://s3.example.test denied access to "recs/m/r.mp4" for these credentials.',
    );
    expect(s3Error(service('NoSuchBucket', 404), o, 'k').message).toBe(
      'The storage bucket "recs" does not exist at https://s3.example.test (S3_BUCKET).',
    );
  });

  it('an unreachable server says so, even when the network error is wrapped', () => {
    const wrapped = Object.assign(new Error('fetch failed'), {
      cause: new AggregateError([errno('ECONNREFUSED')]),
    });
    expect(s3Error(wrapped, o, 'k').message).toBe(
      'The storage server https://s3.example.test cannot be reached (ECONNREFUSED).',
    );
    expect(s3Error(errno('ENOTFOUND'), { bucket: 'b' }, 'k').message).toBe(
      'The storage server AWS S3 (us-east-1) cannot be reached (ENOTFOUND).',
    );
  });
});
