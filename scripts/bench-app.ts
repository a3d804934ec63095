// What the benchmarks that run the app as a server share: a fresh, migrated database to point it at, and a
// host with an API key made through the operator CLI. Imports nothing server-only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEphemeralPostgres } from './pg-ephemeral';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** A fresh, migrated database; returns the environment that points the app at it. */
export async function benchDatabase(
  db: 'pg' | 'pglite',
  cleanups: Array<() => unknown>,
): Promise<Record<string, string>> {
  const base = { AUTH_SECRET: 'bench-secret-0123456789abcdef0123456789', NEXT_TELEMETRY_DISABLED: '1' };
  if (db === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-bench-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return { ...base, PGLITE_DIR: path.join(dir, 'pglite'), DATABASE_URL: '', DATABASE_DRIVER: 'pglite' };
  }
  const pg = await startEphemeralPostgres();
  cleanups.push(() => pg.stop());
  const env = { ...base, DATABASE_URL: pg.url, DATABASE_DRIVER: 'pg' };
  runTool(['scripts/migrate.ts'], env);
  return env;
}

/** A host with an API key, made with the operator CLI (before the server holds a PGlite folder). */
export function createHostKey(env: Record<string, string>): string {
  const email = `bench-${Date.now()}@example.test`;
  runTool(['scripts/cli.ts', 'create-host', '--email', email, '--password', 'bench password 123'], env);
  const out = runTool(['scripts/cli.ts', 'create-api-key', '--email', email, '--name', 'bench'], env);
  return out.trim().split('\n').at(-1)!.trim();
}

/**
 * Calls the app's REST API at `baseUrl` with a host's API key; answers the response's `data`, and throws
 * with the status and body when it is not OK.
 */
export function restClient(baseUrl: string, key: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as { data: T };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.data;
  };
}

/** Runs one of this project's scripts to completion with `env`; answers its output. */
export function runTool(args: string[], env: Record<string, string>): string {
  const r = spawnSync(tsx, ['--conditions=react-server', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
