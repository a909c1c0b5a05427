import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureDatabase,
  runMigrations,
  setApiPassword,
  startEmbeddedPostgres,
  withDatabase,
  withUser,
} from '@phoenix/db';
import type { Config } from './config.ts';

/** The database the API uses, and how to stop it. */
export interface Database {
  /** Address for migrations and demo seeding (a role that owns the schema). */
  adminUrl: string;
  /** Address the API's pool connects to. */
  apiUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const DATABASE_NAME = 'phoenix';

/**
 * Open the configured database, or start the embedded PostgreSQL on the data folder, and apply
 * pending migrations. In embedded mode the API connects as the `phoenix_api` role, whose only
 * right is to switch to application roles, with a password generated once and kept in the
 * data folder.
 */
export async function openDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) {
    await runMigrations(config.databaseUrl);
    return {
      adminUrl: config.databaseUrl,
      apiUrl: config.databaseUrl,
      embedded: false,
      stop: async () => {},
    };
  }

  const server = await startEmbeddedPostgres({
    dataDir: join(config.dataDir, 'postgres'),
    port: config.embeddedDbPort,
  });
  try {
    await ensureDatabase(server.adminUrl, DATABASE_NAME);
    const adminUrl = withDatabase(server.adminUrl, DATABASE_NAME);
    await runMigrations(adminUrl);
    const apiPassword = apiPasswordOf(config.dataDir);
    await setApiPassword(adminUrl, apiPassword);
    return {
      adminUrl,
      apiUrl: withUser(adminUrl, 'phoenix_api', apiPassword),
      embedded: true,
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function apiPasswordOf(dataDir: string): string {
  const path = join(dataDir, 'api-password');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(path, password, { mode: 0o600 });
  return password;
}
