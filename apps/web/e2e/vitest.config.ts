import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

/** The repository root; the include and setup paths below are relative to it. */
const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The browser lane (`npm run test:e2e`): the whole platform started as `npm start` starts it,
 * driven by Debian's Chromium through playwright-core. Files run one after another against
 * one stack, because they share its database and the machine's cores.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    root: repositoryRoot,
    environment: 'node',
    include: ['apps/web/e2e/**/*.e2e.test.ts'],
    globalSetup: ['apps/web/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
