// The recording download through the app's route handler: a signed link, Range support, 403 / 404 / 416,
// streamed from the local folder store and from a real S3-compatible server.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET, HEAD } from '@/app/api/v1/recording-files/[recording_id]/route';
import { db } from '@/db';
import { recordings } from '@/db/schema';
import { resetEnvCache } from '@/lib/env';
import { recordingStore, signedDownloadUrl } from '@/lib/recording/storage';
import { newHost } from '@/tests/support/api';
import { createMeeting, openDatabase } from '@/tests/support/rest';
import { startTestS3Server, type TestS3Server } from '@/tests/support/s3-server';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rec-dl-'));
const bytes = randomBytes(1000);
const source = path.join(work, 'source.mp4');
fs.writeFileSync(source, bytes);
let meetingId: string;
let s3: TestS3Server;

beforeAll(async () => {
  await openDatabase();
  const host = await newHost();
  meetingId = (await createMeeting(host.key)).id;
  s3 = await startTestS3Server();
}, 180_000);
afterAll(async () => {
  await s3?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const S3_VARS = [
  'S3_BUCKET',
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
];
function useStore(kind: 'local' | 's3') {
  for (const k of S3_VARS) delete process.env[k];
  if (kind === 's3') Object.assign(process.env, s3.env);
  else process.env.RECORDINGS_DIR = path.join(work, 'recordings');
  resetEnvCache();
  expect(recordingStore().kind).toBe(kind);
}

/** An UPLOADED recording whose file is in the current store. */
async function storedRecording(
  fileName = 'Room 1 – 2026-12-02.mp4',
  status: 'UPLOADED' | 'UPLOADING' = 'UPLOADED',
) {
  const id = randomUUID();
  const key = `${meetingId}/${id}.mp4`;
  await recordingStore().put(key, source, 'video/mp4');
  const d = await db();
  await d.insert(recordings).values({
    id,
    meetingId,
    mainMeetingId: meetingId,
    status,
    storageKey: key,
    outputFileName: fileName,
    fileSize: bytes.length,
    startReason: { reason: 'API_CALL', caller: { name: 'test', type: 'ORGANIZATION' } },
  });
  return { id, key };
}

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
  (method === 'HEAD' ? HEAD : GET)(new Request(`http://localhost:3000${url}`, { method, headers }), {
    params: Promise.resolve({ recording_id: url.split('?')[0]!.split('/')[4]! }),
  });

const body = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe.each(['local', 's3'] as const)('the download of a recording stored in %s', (kind) => {
  beforeAll(() => useStore(kind));

  it('streams the whole file with its type, size, name and Accept-Ranges', async () => {
    const { id } = await storedRecording();
    const { url, expires } = signedDownloadUrl(id, new Date());
    expect(url).toMatch(new RegExp(`^/api/v1/recording-files/${id}\\?expires=\\d+&signature=[\\w-]+$`));
    expect(expires.getTime() - Date.now()).toBeGreaterThan(3590_000);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe('1000');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Room 1 _ 2026-12-02.mp4"; filename*=UTF-8''Room%201%20%E2%80%93%202026-12-02.mp4`,
    );
    expect((await body(res)).equals(bytes)).toBe(true);
  });

  it('answers a Range with 206 and just those bytes (closed, open-ended and suffix ranges)', async () => {
    const { id } = await storedRecording();
    const { url } = signedDownloadUrl(id);
    const closed = await get(url, { range: 'bytes=100-199' });
    expect(closed.status).toBe(206);
    expect(closed.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(closed.headers.get('content-length')).toBe('100');
    expect((await body(closed)).equals(bytes.subarray(100, 200))).toBe(true);
    const open = await get(url, { range: 'bytes=990-' });
    expect(open.headers.get('content-range')).toBe('bytes 990-999/1000');
    expect((await body(open)).equals(bytes.subarray(990))).toBe(true);
    const suffix = await get(url, { range: 'bytes=-5' });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe('bytes 995-999/1000');
    expect((await body(suffix)).equals(bytes.subarray(995))).toBe(true);
    const past = await get(url, { range: 'bytes=900-5000' });
    expect(past.headers.get('content-range')).toBe('bytes 900-999/1000');
  });

  it('answers a range past the end with 416 and the size', async () => {
    const { id } = await storedRecording();
    const res = await get(signedDownloadUrl(id).url, { range: 'bytes=1000-' });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */1000');
    expect((await res.json()).error.code).toBe('range_not_satisfiable');
  });

  it('answers HEAD with the headers and no body', async () => {
    const { id } = await storedRecording();
    const res = await get(signedDownloadUrl(id).url, {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('1000');
    expect((await body(res)).length).toBe(0);
  });

  it('refuses an expired link, a wrong signature, another recording’s signature and a bare URL with 403', async () => {
    const { id } = await storedRecording();
    const other = await storedRecording();
    const expired = signedDownloadUrl(id, new Date(Date.now() - 3601_000)).url;
    const wrong = signedDownloadUrl(id).url.replace(/signature=./, (m) =>
      m.endsWith('A') ? 'signature=B' : 'signature=A',
    );
    const borrowed = signedDownloadUrl(other.id).url.replace(other.id, id);
    const longer = signedDownloadUrl(id).url.replace(
      /expires=(\d+)/,
      (_m, e: string) => `expires=${Number(e) + 86400}`,
    );
    const cases: Array<[string, RegExp]> = [
      [expired, /has expired/],
      [wrong, /not valid/],
      [borrowed, /not valid/],
      [longer, /not valid/],
      [`/api/v1/recording-files/${id}`, /has no expires and signature/],
    ];
    for (const [url, message] of cases) {
      const res = await get(url);
      expect(res.status, url).toBe(403);
      const answer = await res.json();
      expect(answer.error.code).toBe('forbidden:download_link');
      expect(answer.error.message).toMatch(message);
    }
  });

  it('answers 404 when the recording is not finished, its file is gone, or it was deleted', async () => {
    const unfinished = await storedRecording('a.mp4', 'UPLOADING');
    const r1 = await get(signedDownloadUrl(unfinished.id).url);
    expect(r1.status).toBe(404);
    expect((await r1.json()).error.code).toBe('not_found:recording_file');

    const removed = await storedRecording();
    await recordingStore().remove(removed.key);
    const r2 = await get(signedDownloadUrl(removed.id).url);
    expect(r2.status).toBe(404);
    expect((await r2.json()).error.code).toBe('not_found:recording_file');

    const deleted = await storedRecording();
    await (await db()).delete(recordings).where(eq(recordings.id, deleted.id));
    const r3 = await get(signedDownloadUrl(deleted.id).url);
    expect(r3.status).toBe(404);
    expect((await r3.json()).error.code).toBe('not_found:recording');

    const notAnId = await get(signedDownloadUrl('not-a-uuid').url);
    expect(notAnId.status).toBe(404);
  });
});

describe('storage that refuses', () => {
  it('a stopped S3 server is a 503 naming the storage, not a 500', async () => {
    useStore('s3');
    const { id } = await storedRecording();
    await s3.stop();
    const res = await get(signedDownloadUrl(id).url);
    expect(res.status).toBe(503);
    const answer = await res.json();
    expect(answer.error).toEqual({
      code: 'unavailable:storage',
      message: `The storage server ${s3.endpoint} cannot be reached (ECONNREFUSED).`,
    });
  });
});
