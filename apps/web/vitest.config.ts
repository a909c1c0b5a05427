import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

/**
 * The repository root: the root vitest.config.ts loads this file as a project, and the include
 * and setup paths below are relative to that root.
 */
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineProject({
  plugins: [react()],
  test: {
    name: 'web',
    root: repositoryRoot,
    environment: 'jsdom',
    include: ['apps/web/src/**/*.test.{ts,tsx}'],
    setupFiles: ['apps/web/src/test/setup.ts'],
    // Test files share a worker, its imported modules and its jsdom window, which keeps the lane
    // fast. The setup file resets the rendered DOM, session storage and address after each test.
    isolate: false,
  },
});
