import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The TimescaleDB lane: storage tests on the in-process PGlite engine with TimescaleDB. It
 * starts two engines and applies every migration to each, which takes about 15 s on two
 * cores, so it runs apart from `npm test`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  test: {
    name: 'timescale',
    environment: 'node',
    include: ['packages/db/test/timescale*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
