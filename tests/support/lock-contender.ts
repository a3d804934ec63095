// One process competing for an embedded database folder's lock (tests/unit/folder-lock.test.ts): waits for
// a shared start time so every contender tries at once, prints "won" or "lost", and holds what it got until
// the test has heard from every contender (it then creates `<dir>.done`).
import fs from 'node:fs';
import { acquireFolderLock, DatabaseLockedError } from '../../db/folder-lock';

const [dir, startAt] = [process.argv[2]!, Number(process.argv[3])];
while (Date.now() < startAt) {
  // spin: a sleep would spread the contenders out
}
try {
  // The pause makes every contender find the lock stale before any of them replaces it.
  acquireFolderLock(dir, { pauseBeforeTakeOverMs: 1000 });
  console.log('won');
} catch (err) {
  if (!(err instanceof DatabaseLockedError)) throw err;
  console.log('lost');
}
const done = setInterval(() => {
  if (fs.existsSync(`${dir}.done`)) {
    clearInterval(done);
    process.exit(0);
  }
}, 50);
// Never outlive a test that stopped early.
setTimeout(() => process.exit(0), 60_000).unref();
