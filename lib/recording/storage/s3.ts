import 'server-only';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertSafeKey, emptyStream, StorageError, type RecordingStore } from './types';

export interface S3Options {
  bucket: string;
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
}

/** A client for the bucket: given keys, or the SDK's usual chain (instance role, AWS_* variables) without. */
export function s3Client(o: S3Options): S3Client {
  return new S3Client({
    region: o.region ?? 'us-east-1',
    endpoint: o.endpoint,
    forcePathStyle: o.forcePathStyle ?? Boolean(o.endpoint),
    credentials:
      o.accessKeyId && o.secretAccessKey
        ? { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey }
        : undefined,
    // An unreachable server is reported within seconds instead of hanging a recording in UPLOADING.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
    maxAttempts: 2,
    // Checksums only where S3 requires them: many S3-compatible servers do not implement the SDK's newer
    // default ones, and some send a whole-object checksum with a ranged read, which would fail validation.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Recordings in an S3-compatible bucket. `put` is a multipart upload (lib-storage): S3 shows the object only
 * when the upload is completed, and a failed upload is aborted, so a reader never sees half a file.
 */
export function s3Store(o: S3Options, client = s3Client(o)): RecordingStore {
  const Bucket = o.bucket;
  const fail = (err: unknown, key: string) => s3Error(err, o, key);
  return {
    kind: 's3',
    async put(key, localPath, contentType) {
      assertSafeKey(key);
      let bytes: number;
      try {
        bytes = (await fsp.stat(localPath)).size;
      } catch (err) {
        throw new StorageError(`The recorded file ${localPath} is missing, so there was nothing to store.`, {
          cause: err,
        });
      }
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: fs.createReadStream(localPath), ContentType: contentType },
        partSize: 8 * 1024 * 1024,
        queueSize: 2,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
        return { bytes };
      } catch (err) {
        throw fail(err, key);
      }
    },
    async get(key, range) {
      assertSafeKey(key);
      try {
        const res = await client.send(
          new GetObjectCommand({
            Bucket,
            Key: key,
            Range: range ? `bytes=${range.start}-${range.end ?? ''}` : undefined,
          }),
        );
        const total = /\/(\d+)$/.exec(res.ContentRange ?? '')?.[1];
        const size = total !== undefined ? Number(total) : (res.ContentLength ?? 0);
        const start = range?.start ?? 0;
        const end = start + (res.ContentLength ?? 0) - 1;
        const body = res.Body
          ? (res.Body.transformToWebStream() as ReadableStream<Uint8Array>)
          : emptyStream();
        return { body, size, start, end };
      } catch (err) {
        if (isMissing(err)) return null;
        if (range && statusOf(err) === 416) {
          // The range starts past the end: answer with the size so the download can say 416.
          const head = await client.send(new HeadObjectCommand({ Bucket, Key: key })).catch((e: unknown) => {
            if (isMissing(e)) return null;
            throw fail(e, key);
          });
          if (!head) return null;
          return {
            body: emptyStream(),
            size: head.ContentLength ?? 0,
            start: range.start,
            end: range.start - 1,
          };
        }
        throw fail(err, key);
      }
    },
    async remove(key) {
      assertSafeKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (err) {
        if (!isMissing(err)) throw fail(err, key);
      }
    },
  };
}

const statusOf = (err: unknown) =>
  (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
const nameOf = (err: unknown) => (err as { name?: string; Code?: string })?.Code ?? (err as Error)?.name;
const isMissing = (err: unknown) =>
  nameOf(err) === 'NoSuchKey' || (nameOf(err) === 'NotFound' && statusOf(err) === 404);

/** Network error codes, looked for on the error, its cause and an AggregateError's members. */
function networkCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown[]; name?: string };
  if (typeof e.code === 'string' && /^(E[A-Z]+|UND_ERR_\w+)$/.test(e.code)) return e.code;
  if (e.name === 'TimeoutError') return 'ETIMEDOUT';
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = networkCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** An S3 or network error as a sentence a person can act on. */
export function s3Error(err: unknown, o: S3Options, key: string): StorageError {
  if (err instanceof StorageError) return err;
  const server = o.endpoint ?? `AWS S3 (${o.region ?? 'us-east-1'})`;
  const name = nameOf(err);
  const status = statusOf(err);
  const net = networkCode(err);
  let message: string;
  if (name === 'NoSuchBucket')
    message = `The storage bucket "${o.bucket}" does not exist at ${server} (S3_BUCKET).`;
  else if (
    ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken'].includes(name ?? '')
  )
    message = `The storage server ${server} refused the credentials (S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY).`;
  else if (name === 'CredentialsProviderError')
    message = 'No storage credentials were found: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.';
  else if (name === 'AccessDenied' || status === 403)
    message = `The storage server ${server} denied access to "${o.bucket}/${key}" for these credentials.`;
  else if (name === 'EntityTooLarge' || name === 'QuotaExceeded' || status === 507)
    message = `The storage bucket "${o.bucket}" refused the file: it is full or the file is too large.`;
  else if (net && !(err instanceof S3ServiceException))
    message = `The storage server ${server} cannot be reached (${net}).`;
  else
    message = `The storage server ${server} refused "${o.bucket}/${key}": ${(err as Error)?.message || name || status || 'unknown error'}.`;
  return new StorageError(message, { cause: err });
}
