// Gives each integration test file its own fresh database of the kind TEST_DB names:
// pglite (a new folder), pg (a new database on TEST_PG_URL, standard driver) or neon (the same, reached
// by the Neon serverless driver through a local WebSocket proxy).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, inject } from 'vitest';

const kind = process.env.TEST_DB ?? 'pglite';
process.env.AUTH_SECRET = 'integration-test-secret-0123456789abcdef';
process.env.APP_URL = 'http://localhost:3000';
delete process.env.DATABASE_URL;
delete process.env.DATABASE_DRIVER;
delete process.env.NEON_WS_PROXY;

const cleanups: Array<() => Promise<void> | void> = [];

if (kind === 'pglite') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-int-'));
  process.env.PGLITE_DIR = path.join(dir, 'pglite');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  // A copy of the run's migrated folder (tests/support/pglite-template.ts): opening it still applies any
  // migration it lacks, so the copy is the same database a fresh folder would be.
  fs.cpSync(inject('pgliteTemplate'), process.env.PGLITE_DIR, { recursive: true });
  // Open now, outside any test's timeout: a first open takes a while on a busy machine.
  const { handle } = await import('@/db');
  await handle();
} else {
  const adminUrl = process.env.TEST_PG_URL;
  if (!adminUrl)
    throw new Error(
      'TEST_PG_URL is not set: run integration tests through `npm test` or `npm run test:int`.',
    );
  const { default: pg } = await import('pg');
  const name = `t_${kind}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.DATABASE_DRIVER = kind;
  if (kind === 'neon') {
    const { startWsProxy } = await import('../../scripts/ws-proxy');
    const proxy = await startWsProxy();
    process.env.NEON_WS_PROXY = `127.0.0.1:${proxy.port}`;
    cleanups.push(proxy.close);
  }
  const { migrateDatabase } = await import('@/db/migrate');
  // A new database's first connections can take longer than the app pool's 5 s to open while the run
  // saturates the machine (every file creates its own); migrations record what they applied, so trying
  // again after a connection that timed out is safe.
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateDatabase();
      break;
    } catch (err) {
      const timedOut = /connection timeout|terminated unexpectedly/i.test(errorChain(err));
      if (!timedOut || attempt >= 3) throw err;
      console.warn(`Migrating ${name} timed out connecting (attempt ${attempt}); trying again`);
    }
  }
}

/** An error's message and its causes' messages, joined. */
function errorChain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error && parts.length < 5; e = e.cause) parts.push(e.message);
  return parts.join(' <- ');
}

afterAll(async () => {
  const { closeDb } = await import('@/db');
  await closeDb();
  for (const c of cleanups.reverse()) await c();
});
