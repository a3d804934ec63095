import 'server-only';
import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite takes no lock on its folder, and two processes writing one folder silently diverge. So the app
 * takes its own: a lock file holding the owner's PID, created exclusively. A lock whose process is gone is
 * stale and taken over, one process at a time (see takeOver), so two processes finding the same stale lock
 * cannot both win. Returns the release function.
 */
export function acquireFolderLock(dir: string, o: { pauseBeforeTakeOverMs?: number } = {}): () => void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const lockPath = `${dir}.lock`;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (createExclusive(lockPath, String(process.pid))) return releaser(lockPath);
    const seen = readOrEmpty(lockPath);
    const owner = Number.parseInt(seen, 10);
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new DatabaseLockedError(dir, owner);
    }
    // Stale (its process has exited), empty (its owner is still writing it, or died doing so), or our own
    // from an earlier open: replace it, if nobody else did meanwhile.
    if (seen !== '' || fileAge(lockPath) > 1000) {
      // Tests widen the window between reading a stale lock and replacing it, where a race would be.
      if (o.pauseBeforeTakeOverMs) sleep(o.pauseBeforeTakeOverMs);
      if (takeOver(lockPath, seen)) return releaser(lockPath);
    }
    sleep(10 + Math.random() * 20);
  }
  throw new DatabaseLockedError(dir, undefined);
}

/**
 * Replaces the lock file holding `seen` with one holding our PID. A guard file, created exclusively, lets
 * one process at a time compare and replace; the replacement is a rename, so the lock file never goes
 * missing for another process to create in between. A guard left by a process that died holding it (it is
 * held for microseconds) is cleared after a few seconds.
 */
function takeOver(lockPath: string, seen: string): boolean {
  const guard = `${lockPath}.takeover`;
  if (!createExclusive(guard, String(process.pid))) {
    if (fileAge(guard) > 3000) fs.rmSync(guard, { force: true });
    return false;
  }
  try {
    if (readOrEmpty(lockPath) !== seen) return false;
    const tmp = `${lockPath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, String(process.pid));
    fs.renameSync(tmp, lockPath);
    return true;
  } finally {
    if (readOrEmpty(guard) === String(process.pid)) fs.rmSync(guard, { force: true });
  }
}

function releaser(lockPath: string): () => void {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (readOrEmpty(lockPath) === String(process.pid)) fs.unlinkSync(lockPath);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.on('exit', release);
  return release;
}

function createExclusive(file: string, content: string): boolean {
  try {
    const fd = fs.openSync(file, 'wx');
    try {
      fs.writeSync(fd, content);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
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

function fileAge(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function sleep(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
