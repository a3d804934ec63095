import 'server-only';
import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite takes no lock on its folder, and two processes writing one folder silently diverge. So the app
 * takes its own: a lock file holding the owner's PID. A lock whose process is gone is stale and taken over.
 * Returns the release function.
 */
export function acquireFolderLock(dir: string): () => void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(readOrEmpty(lockPath), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseLockedError(dir, owner);
      }
      // Stale lock (its process has exited) or our own from an earlier open: take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLockedError(dir, undefined);
}

export class DatabaseLockedError extends Error {
  constructor(dir: string, pid: number | undefined) {
    super(
      `The embedded database folder ${dir} is in use by another process${pid ? ` (PID ${pid})` : ''}. ` +
        'Stop that process (for example the running app) first, or set PGLITE_DIR to another folder.',
    );
    this.name = 'DatabaseLockedError';
  }
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
