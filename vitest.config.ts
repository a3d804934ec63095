import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      '@': root,
      // `server-only` throws outside React Server Components; in Node tests every module is server-side.
      'server-only': path.join(root, 'tests/support/empty.ts'),
    },
  },
};

const integration = (db: 'pglite' | 'pg' | 'neon') => ({
  ...shared,
  test: {
    name: `int-${db}`,
    include: ['tests/integration/**/*.test.ts'],
    setupFiles: ['tests/support/setup-db.ts'],
    // One migrated PGlite folder for the run, copied by each file (a fresh one takes seconds to create).
    globalSetup: db === 'pglite' ? ['tests/support/pglite-template.ts'] : [],
    env: { TEST_DB: db },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        // Real media (a LiveKit server of the test's own, the recorder process, ffmpeg), no database.
        ...shared,
        test: {
          name: 'media',
          include: ['tests/media/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      integration('pglite'),
      integration('pg'),
      integration('neon'),
    ],
  },
});
