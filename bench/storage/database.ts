import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  ensureDatabase,
  findFreePort,
  runMigrations,
  setApiPassword,
  startEmbeddedPostgres,
  withDatabase,
  withUser,
} from '@phoenix/db';

/** A migrated database on an embedded PostgreSQL 17 started for one suite. */
export interface BenchDatabase {
  /** Superuser address of the database: the schema owner's rights, for the storage jobs. */
  adminUrl: string;
  /** Address as the API's login role. */
  apiUrl: string;
  stop(): Promise<void>;
}

const API_PASSWORD = 'bench-api-password';

/** Start PostgreSQL on a temporary folder and a free port, and migrate a database `bench`. */
export async function startBenchDatabase(log: (message: string) => void): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phoenix-bench-pg-'));
  log('starting PostgreSQL');
  const server = await startEmbeddedPostgres({ dataDir, port: await findFreePort() });
  const stop = async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await ensureDatabase(server.adminUrl, 'bench');
    const adminUrl = withDatabase(server.adminUrl, 'bench');
    await runMigrations(adminUrl);
    await setApiPassword(adminUrl, API_PASSWORD);
    return { adminUrl, apiUrl: withUser(adminUrl, 'phoenix_api', API_PASSWORD), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Run SQL statements on a fresh connection and close it. */
export async function execute(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Returns the value at `percent` (0–100) of the samples by nearest rank, or NaN for none. */
export function percentile(samples: readonly number[], percent: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
