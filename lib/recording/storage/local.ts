import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { assertSafeKey, emptyStream, StorageError, type RecordingStore } from './types';

/**
 * Recordings in a folder of this machine. A file is linked (or copied, across file systems) to a hidden
 * temporary name beside its final one and then renamed: a rename is atomic, so a reader sees either
 * nothing or the whole file, never half of it.
 */
export function localStore(dir: string): RecordingStore {
  const target = (key: string) => {
    assertSafeKey(key);
    return path.join(dir, ...key.split('/'));
  };
  return {
    kind: 'local',
    async put(key, localPath) {
      const dest = target(key);
      const temp = path.join(
        path.dirname(dest),
        `.${path.basename(dest)}.${randomBytes(6).toString('hex')}.tmp`,
      );
      try {
        await fsp.mkdir(path.dirname(dest), { recursive: true });
        try {
          await fsp.link(localPath, temp);
        } catch (err) {
          if (!['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP'].includes(code(err) ?? '')) throw err;
          await fsp.copyFile(localPath, temp);
        }
        const { size } = await fsp.stat(temp);
        await fsp.rename(temp, dest);
        return { bytes: size };
      } catch (err) {
        await fsp.rm(temp, { force: true }).catch(() => {});
        throw localError(err, dir, localPath);
      }
    },
    async get(key, range) {
      let handle: fsp.FileHandle;
      try {
        handle = await fsp.open(target(key), 'r');
      } catch (err) {
        if (code(err) === 'ENOENT') return null;
        throw localError(err, dir);
      }
      // Size and stream come from the same open file, so a removal in between cannot mix two answers.
      const { size } = await handle.stat();
      const start = range?.start ?? 0;
      const end = Math.min(range?.end ?? size - 1, size - 1);
      if (start > end) {
        await handle.close();
        return { body: emptyStream(), size, start, end };
      }
      const stream = fs.createReadStream('', { fd: handle, start, end, autoClose: true });
      return { body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, size, start, end };
    },
    async remove(key) {
      try {
        await fsp.rm(target(key), { force: true });
      } catch (err) {
        throw localError(err, dir);
      }
    },
  };
}

const code = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code;

/** A file-system error as a sentence a person can act on. */
export function localError(err: unknown, dir: string, source?: string): StorageError {
  if (err instanceof StorageError) return err;
  const where = `the recordings folder ${dir} (RECORDINGS_DIR)`;
  const messages: Record<string, string> = {
    ENOSPC: `The disk holding ${where} is full.`,
    EDQUOT: `The disk quota for ${where} is used up.`,
    EACCES: `The app may not write to ${where}.`,
    EPERM: `The app may not write to ${where}.`,
    EROFS: `${where[0]!.toUpperCase()}${where.slice(1)} is on a read-only file system.`,
    ENOTDIR: `${where[0]!.toUpperCase()}${where.slice(1)} is not a folder.`,
  };
  const c = code(err);
  if (c === 'ENOENT' && source && !fs.existsSync(source))
    return new StorageError(`The recorded file ${source} is missing, so there was nothing to store.`, {
      cause: err,
    });
  const message =
    (c && messages[c]) ?? `Storing the recording in ${where} failed: ${(err as Error)?.message ?? err}.`;
  return new StorageError(message, { cause: err });
}
