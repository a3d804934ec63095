import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { closeDb, db, handle } from '@/db';
import { users } from '@/db/schema';
import { api } from '../support/api';

const kind = process.env.TEST_DB ?? 'pglite';

// Asynchronous on purpose: on the Neon kind this process also runs the WebSocket proxy the CLI talks to.
function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      'node_modules/.bin/tsx',
      ['--conditions=react-server', 'scripts/cli.ts', ...args],
      { encoding: 'utf8', env: process.env },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout.trim(), err: stderr.trim() }),
    );
  });
}

describe('operator CLI', () => {
  // Each CLI run starts a Node process (and, on PGlite, opens the database): generous limits for busy machines.
  it(
    'creates a host and an API key (printed as the last line) that the REST API accepts',
    { timeout: 120_000 },
    async () => {
      await closeDb(); // let the CLI open the embedded database folder
      const created = await cli(
        'create-host',
        '--email',
        'Ops@Example.test',
        '--password',
        'a long password',
      );
      expect(created.err).toBe('');
      expect(created.code).toBe(0);
      expect(created.out).toContain('ops@example.test');

      const key = await cli('create-api-key', '--email', 'ops@example.test', '--name', 'deploy');
      expect(key.code).toBe(0);
      const lastLine = key.out.split('\n').at(-1)!;
      expect(lastLine).toMatch(/^bk_[A-Za-z0-9_-]{43}$/);

      const presets = await api('GET', '/presets', { key: lastLine });
      expect(presets.status).toBe(200);
      expect(presets.body.data.map((p: { name: string }) => p.name)).toEqual(['host', 'participant']);
    },
  );

  it('refuses bad input with a clear message and changes nothing', { timeout: 120_000 }, async () => {
    await closeDb(); // let the CLI open the embedded database folder
    const bad = await cli('create-host', '--email', 'not-an-email', '--password', 'a long password');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('email must be a valid email address');
    const short = await cli('create-host', '--email', 'x@example.test', '--password', 'short');
    expect(short.err).toContain('password must be at least 8 characters');
    const unknown = await cli('create-api-key', '--email', 'nobody@example.test');
    expect(unknown.err).toContain('No host with email nobody@example.test');
    const missing = await cli('frobnicate');
    expect(missing.err).toContain('Unknown command "frobnicate"');
    const emails = (await (await db()).select({ email: users.email }).from(users)).map((u) => u.email);
    expect(emails).toEqual(['ops@example.test']);
  });

  it.runIf(kind === 'pglite')(
    'says so when the app holds the embedded database folder',
    { timeout: 60_000 },
    async () => {
      expect((await handle()).driver).toBe('pglite'); // this process now holds the folder
      const r = await cli('create-host', '--email', 'late@example.test', '--password', 'a long password');
      expect(r.code).toBe(1);
      expect(r.err).toContain(`is in use by another process (PID ${process.pid})`);
    },
  );

  it('runs on the database driver the environment names', async () => {
    expect((await handle()).driver).toBe(kind);
  });
});
