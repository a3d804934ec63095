// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the PGlite folder).
import { closeDb } from '@/db';
import { migrateDatabase } from '@/db/migrate';

migrateDatabase()
  .then(async (driver) => {
    console.log(`Database is up to date (${driver}).`);
    await closeDb();
  })
  .catch(async (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
