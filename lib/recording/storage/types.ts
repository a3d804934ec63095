/** A stored object read whole or in part: `start`..`end` are inclusive byte offsets of `size` bytes in all. */
export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  size: number;
  start: number;
  end: number;
}

/**
 * Where finished recordings live. `get` with a range clamps `end` to the last byte; a range that starts at
 * or past the end gives an empty body with `start > end` (the download answers 416 with the size).
 */
export interface RecordingStore {
  kind: 'local' | 's3';
  /** Stores a finished local file under `key`; visible only once complete. Throws StorageError (readable message). */
  put(key: string, localPath: string, contentType: string): Promise<{ bytes: number }>;
  /** Reads `key`, whole or a byte range; null when absent. */
  get(key: string, range?: { start: number; end?: number }): Promise<StoredObject | null>;
  /** Removes `key`; nothing happens when it is already gone. */
  remove(key: string): Promise<void>;
}

/** Storage refused or failed; the message is a sentence a person can read (it ends up in a recording's `error`). */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

/** Keys are made by the app (`<main meeting>/<recording>.mp4`); anything that could leave the folder is refused. */
export function assertSafeKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(key) || key.includes('..')) {
    throw new StorageError(`"${key}" is not a valid recording storage key.`);
  }
}

/** An empty stream, for a range past the end. */
export const emptyStream = () =>
  new ReadableStream<Uint8Array>({
    start(c) {
      c.close();
    },
  });
