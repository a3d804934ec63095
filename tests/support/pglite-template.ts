// Vitest global setup of the PGlite integration project: creates one migrated PGlite folder for the whole
// run, which each test file copies (tests/support/setup-db.ts). A fresh PGlite runs initdb in WebAssembly
// (about 5 s on a busy 2-core machine); a copy of a migrated folder opens in well under a second.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'breakout-pglite-template-'));
  const dir = path.join(root, 'pglite');
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = await PGlite.create(dir);
  await migrate(drizzle(client), { migrationsFolder: path.join(process.cwd(), 'db', 'migrations') });
  await client.close();
  project.provide('pgliteTemplate', dir);
  return () => fs.rmSync(root, { recursive: true, force: true });
}
