// Recording storage on real parts: a folder on this disk and a real S3-compatible server (gofakes3).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStore } from '@/lib/recording/storage/local';
import { s3Client, s3Store, type S3Options } from '@/lib/recording/storage/s3';
import { StorageError, type RecordingStore } from '@/lib/recording/storage';
import { startTestS3Server, type TestS3Server } from '@/tests/support/s3-server';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rec-store-'));
const small = path.join(work, 'small.mp4');
const big = path.join(work, 'big.mp4');
const smallBytes = randomBytes(1000);
const bigBytes = randomBytes(12 * 1024 * 1024 + 123); // more than one 8 MiB part: a real multipart upload
fs.writeFileSync(small, smallBytes);
fs.writeFileSync(big, bigBytes);

let s3: TestS3Server;
let s3Options: S3Options;
beforeAll(async () => {
  s3 = await startTestS3Server();
  s3Options = {
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    accessKeyId: 'k',
    secretAccessKey: 's',
    forcePathStyle: true,
  };
}, 180_000);
afterAll(async () => {
  await s3?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

async function read(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(body).arrayBuffer());
}

const stores: Array<[string, () => RecordingStore]> = [
  ['local folder', () => localStore(path.join(work, 'recordings'))],
  ['S3 server', () => s3Store(s3Options)],
];

describe.each(stores)('the %s store', (_name, make) => {
  it('stores a file and reads it back whole, with its size', async () => {
    const store = make();
    expect(await store.put('m1/r1.mp4', small, 'video/mp4')).toEqual({ bytes: 1000 });
    const got = await store.get('m1/r1.mp4');
    expect(got).toMatchObject({ size: 1000, start: 0, end: 999 });
    expect((await read(got!.body)).equals(smallBytes)).toBe(true);
  });

  it('reads a byte range, an open-ended range, and clamps a range past the end', async () => {
    const store = make();
    await store.put('m1/r2.mp4', big, 'video/mp4');
    const mid = await store.get('m1/r2.mp4', { start: 9_000_000, end: 9_000_099 });
    expect(mid).toMatchObject({ size: bigBytes.length, start: 9_000_000, end: 9_000_099 });
    expect((await read(mid!.body)).equals(bigBytes.subarray(9_000_000, 9_000_100))).toBe(true);
    const tail = await store.get('m1/r2.mp4', { start: bigBytes.length - 10 });
    expect(tail).toMatchObject({ start: bigBytes.length - 10, end: bigBytes.length - 1 });
    expect((await read(tail!.body)).equals(bigBytes.subarray(-10))).toBe(true);
    const clamped = await store.get('m1/r2.mp4', { start: 5, end: bigBytes.length + 50 });
    expect(clamped).toMatchObject({ start: 5, end: bigBytes.length - 1 });
    await clamped!.body.cancel();
    const whole = await store.get('m1/r2.mp4');
    expect((await read(whole!.body)).equals(bigBytes)).toBe(true);
  });

  it('answers a range that starts past the end with the size and nothing to send', async () => {
    const store = make();
    await store.put('m1/r3.mp4', small, 'video/mp4');
    const past = await store.get('m1/r3.mp4', { start: 5000 });
    expect(past).toMatchObject({ size: 1000, start: 5000 });
    expect(past!.end).toBeLessThan(past!.start);
    expect((await read(past!.body)).length).toBe(0);
  });

  it('answers null for a missing key, and removes a file (twice is fine)', async () => {
    const store = make();
    expect(await store.get('m1/none.mp4')).toBeNull();
    await store.put('m1/r4.mp4', small, 'video/mp4');
    await store.remove('m1/r4.mp4');
    expect(await store.get('m1/r4.mp4')).toBeNull();
    await expect(store.remove('m1/r4.mp4')).resolves.toBeUndefined();
  });

  it('refuses a missing source file and a key that could leave its place with a StorageError', async () => {
    const store = make();
    const missing = store.put('m1/r5.mp4', path.join(work, 'nope.mp4'), 'video/mp4');
    await expect(missing).rejects.toThrow(StorageError);
    await expect(missing).rejects.toThrow(/nope\.mp4 is missing/);
    await expect(store.put('../escape.mp4', small, 'video/mp4')).rejects.toThrow(
      /not a valid recording storage key/,
    );
    await expect(store.get('m1/../../etc/passwd')).rejects.toThrow(StorageError);
  });

  it('never shows a file half-written: a reader during the upload sees nothing or all of it', async () => {
    const store = make();
    const seen: number[] = [];
    let done = false;
    const put = store.put('m1/r6.mp4', big, 'video/mp4').finally(() => (done = true));
    while (!done) {
      const got = await store.get('m1/r6.mp4');
      if (got) {
        seen.push(got.size);
        await got.body.cancel();
      } else seen.push(0);
    }
    await put;
    expect(seen.every((s) => s === 0 || s === bigBytes.length)).toBe(true);
    const got = await store.get('m1/r6.mp4');
    expect(got!.size).toBe(bigBytes.length);
    await got!.body.cancel();
  });
});

describe('the local folder store', () => {
  it('leaves no temporary file behind', async () => {
    const dir = path.join(work, 'clean');
    const store = localStore(dir);
    await store.put('m/r.mp4', small, 'video/mp4');
    expect(fs.readdirSync(path.join(dir, 'm'))).toEqual(['r.mp4']);
  });

  it('says so when its folder is not a folder', async () => {
    const file = path.join(work, 'a-file');
    fs.writeFileSync(file, 'x');
    const put = localStore(file).put('m/r.mp4', small, 'video/mp4');
    await expect(put).rejects.toThrow(StorageError);
    await expect(put).rejects.toThrow(`The recordings folder ${file} (RECORDINGS_DIR) is not a folder.`);
  });
});

describe('the S3 store against a real server', () => {
  it('does not show an object whose multipart upload is not completed', async () => {
    const client = s3Client(s3Options);
    const Key = 'm2/partial.mp4';
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key }));
    const part = await client.send(
      new UploadPartCommand({
        Bucket: s3.bucket,
        Key,
        UploadId,
        PartNumber: 1,
        Body: bigBytes.subarray(0, 6 << 20),
      }),
    );
    const store = s3Store(s3Options);
    expect(await store.get(Key)).toBeNull();
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: s3.bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: [{ ETag: part.ETag, PartNumber: 1 }] },
      }),
    );
    const got = await store.get(Key);
    expect(got?.size).toBe(6 << 20);
    await got!.body.cancel();
  });

  it('a bucket that does not exist is a readable StorageError', async () => {
    const store = s3Store({ ...s3Options, bucket: 'no-such-bucket' });
    const put = store.put('m/r.mp4', small, 'video/mp4');
    await expect(put).rejects.toThrow(StorageError);
    await expect(put).rejects.toThrow(
      `The storage bucket "no-such-bucket" does not exist at ${s3.endpoint} (S3_BUCKET).`,
    );
    await expect(store.get('m/r.mp4')).rejects.toThrow(/bucket "no-such-bucket" does not exist/);
  });

  it('a server that is not running is a readable StorageError, for put, get and remove', async () => {
    const other = await startTestS3Server();
    const store = s3Store({ ...s3Options, bucket: other.bucket, endpoint: other.endpoint });
    await store.put('m/r.mp4', small, 'video/mp4');
    await other.stop();
    const message = `The storage server ${other.endpoint} cannot be reached (ECONNREFUSED).`;
    await expect(store.put('m/r2.mp4', big, 'video/mp4')).rejects.toThrow(message);
    await expect(store.get('m/r.mp4')).rejects.toThrow(message);
    await expect(store.remove('m/r.mp4')).rejects.toThrow(message);
  });
});
