import 'server-only';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { env } from '@/lib/env';
import * as schema from './schema';
import { acquireFolderLock } from './folder-lock';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Db | Tx;

interface Handle {
  db: Db;
  driver: 'pglite' | 'pg' | 'neon';
  close: () => Promise<void>;
}

// Cached on globalThis so hot reload in development opens PGlite (and its lock) once per process.
const g = globalThis as unknown as { __breakoutDb?: Promise<Handle> };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/** The database for this process, opened on first use (never at import time, so `next build` opens nothing). */
export async function db(): Promise<Db> {
  return (await handle()).db;
}

export function handle(): Promise<Handle> {
  g.__breakoutDb ??= open().catch((err: unknown) => {
    g.__breakoutDb = undefined;
    throw err;
  });
  return g.__breakoutDb;
}

/** Closes the connection pool or PGlite and releases the folder lock. */
export async function closeDb(): Promise<void> {
  const pending = g.__breakoutDb;
  g.__breakoutDb = undefined;
  if (pending) await (await pending).close();
}

async function open(): Promise<Handle> {
  const e = env();
  if (e.databaseDriver === 'pglite') return openPglite(path.resolve(e.PGLITE_DIR));
  if (e.databaseDriver === 'neon') return openNeon(e.DATABASE_URL!, e.NEON_WS_PROXY);
  return openPg(e.DATABASE_URL!);
}

async function openPglite(dir: string): Promise<Handle> {
  const release = acquireFolderLock(dir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    const client = await PGlite.create(dir);
    const database = drizzle(client, { schema });
    // The embedded default migrates itself, so `npm run dev` works on a fresh clone.
    await migrate(database, { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      db: database as unknown as Db,
      driver: 'pglite',
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

async function openPg(url: string): Promise<Handle> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new Pool({ connectionString: url, ...POOL_OPTIONS });
  pool.on('error', poolError);
  return { db: drizzle(pool, { schema }) as unknown as Db, driver: 'pg', close: () => pool.end() };
}

async function openNeon(url: string, wsProxy: string | undefined): Promise<Handle> {
  const { Pool } = await import('@neondatabase/serverless');
  const { drizzle } = await import('drizzle-orm/neon-serverless');
  await configureNeon(wsProxy);
  const pool = new Pool({ connectionString: url, ...POOL_OPTIONS });
  pool.on('error', poolError);
  return { db: drizzle(pool, { schema }) as unknown as Db, driver: 'neon', close: () => pool.end() };
}

// A pool outlives database restarts: a connection that breaks is dropped (its idle error lands in
// `poolError`, which must exist, or the process would die of an unhandled 'error') and the next query
// opens a new one. While the database is down, a query fails within the connect timeout instead of
// waiting forever; the API answers it with 503 (lib/database-errors.ts).
const POOL_OPTIONS = { max: 10, connectionTimeoutMillis: 5_000 };
const poolError = (err: Error) => console.warn('A database connection was lost:', err.message);

/**
 * Sets up the Neon driver's WebSockets (process-wide). Shared by the pool and by the event listener's
 * dedicated connection (lib/events/listener.ts).
 */
export async function configureNeon(wsProxy: string | undefined): Promise<void> {
  const { neonConfig } = await import('@neondatabase/serverless');
  const { default: ws } = await import('ws');
  neonConfig.webSocketConstructor = ws;
  if (wsProxy) {
    // A local PostgreSQL reached through a WebSocket-to-TCP proxy (tests, or a self-hosted Neon proxy).
    neonConfig.wsProxy = (host, port) => `${wsProxy}/v1?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
}

export { schema };
