import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  ensureDatabase,
  findFreePort,
  runMigrations,
  setApiPassword,
  startEmbeddedPostgres,
  withDatabase,
} from '../src/index.ts';

/** Name of the migrated database that each test file copies. */
export const TEMPLATE_DATABASE = 'phoenix_template';
/** Password of the API's login role in the test cluster. */
export const TEST_API_PASSWORD = 'test-api-password';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
    apiPassword: string;
  }
}

/**
 * Start one real PostgreSQL for the test run on a temporary folder, migrate a template database
 * once, and hand its address to the test files, which each copy the template.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phoenix-test-pg-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await findFreePort() });
  try {
    await ensureDatabase(server.adminUrl, TEMPLATE_DATABASE);
    await runMigrations(withDatabase(server.adminUrl, TEMPLATE_DATABASE));
    await setApiPassword(server.adminUrl, TEST_API_PASSWORD);
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('adminUrl', server.adminUrl);
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  project.provide('apiPassword', TEST_API_PASSWORD);

  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
