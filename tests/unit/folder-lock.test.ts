import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-lock-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A PID that belongs to no running process: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

function contend(dir: string, startAt: number): Promise<string> {
  const child = spawn(
    path.resolve('node_modules/.bin/tsx'),
    ['--conditions=react-server', 'tests/support/lock-contender.ts', dir, String(startAt)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  // Resolves on the contender's verdict; it keeps holding the lock until the round's `.done` file exists.
  return new Promise((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', () => resolve(out.trim()));
  });
}

describe('the embedded database folder lock', () => {
  it(
    'lets exactly one of several processes take over the same stale lock',
    { timeout: 120_000 },
    async () => {
      for (let round = 0; round < 3; round++) {
        const dir = path.join(root, `round-${round}`, 'pglite');
        fs.mkdirSync(path.dirname(dir), { recursive: true });
        fs.writeFileSync(`${dir}.lock`, String(await deadPid()));
        // Every contender starts at the same moment, once all of them have loaded.
        const startAt = Date.now() + 8000;
        const results = await Promise.all(Array.from({ length: 5 }, () => contend(dir, startAt)));
        fs.writeFileSync(`${dir}.done`, '');
        expect(
          results.filter((r) => r === 'won'),
          `round ${round}: ${results.join(', ')}`,
        ).toHaveLength(1);
        expect(results.filter((r) => r === 'lost')).toHaveLength(4);
      }
    },
  );
});
