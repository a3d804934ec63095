import 'server-only';
import { handle, MIGRATIONS_FOLDER } from './index';

/** Applies the committed migrations to the configured database (PGlite migrates itself on open). */
export async function migrateDatabase(): Promise<string> {
  const h = await handle();
  if (h.driver === 'pg') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(h.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else if (h.driver === 'neon') {
    const { migrate } = await import('drizzle-orm/neon-serverless/migrator');
    await migrate(h.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
  return h.driver;
}
