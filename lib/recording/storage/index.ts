import 'server-only';
import path from 'node:path';
import { env } from '@/lib/env';
import { localStore } from './local';
import { s3Store } from './s3';
import type { RecordingStore } from './types';

export { StorageError, type RecordingStore, type StoredObject } from './types';

/** Where recordings go without S3: RECORDINGS_DIR, or `recordings` beside the embedded database. */
export function recordingsDir(): string {
  const e = env();
  return path.resolve(e.RECORDINGS_DIR ?? path.join(path.dirname(path.resolve(e.PGLITE_DIR)), 'recordings'));
}

let cached: { config: string; store: RecordingStore } | undefined;

/** The store named by the environment: S3 when S3_BUCKET is set, otherwise the local folder. */
export function recordingStore(): RecordingStore {
  const e = env();
  const config = e.S3_BUCKET
    ? JSON.stringify([e.S3_BUCKET, e.S3_ENDPOINT, e.S3_REGION, e.S3_ACCESS_KEY_ID, e.S3_FORCE_PATH_STYLE])
    : `local:${recordingsDir()}`;
  if (cached?.config === config) return cached.store;
  const store = e.S3_BUCKET
    ? s3Store({
        bucket: e.S3_BUCKET,
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
      })
    : localStore(recordingsDir());
  cached = { config, store };
  return store;
}

export { signedDownloadUrl, checkDownloadSignature, DOWNLOAD_URL_TTL_SECONDS } from './download-url';
