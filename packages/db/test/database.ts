import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { ensureDatabase, withDatabase, withUser } from '../src/index.ts';

/** A fresh database copied from the migrated template, for one test file. */
export interface TestDatabase {
  name: string;
  /** Superuser address of this database, for seeding and checks behind the API's back. */
  adminUrl: string;
  /** Address as the API's login role, which can only switch to application roles. */
  apiUrl: string;
  drop(): Promise<void>;
}

/** Copy the template database into a new database with a random name. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `phoenix_test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, inject('templateDatabase'));
  const databaseUrl = withDatabase(adminUrl, name);
  return {
    name,
    adminUrl: databaseUrl,
    apiUrl: withUser(databaseUrl, 'phoenix_api', inject('apiPassword')),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        // pool.end() resolves before its connections have closed, and a forced drop ends them
        // with 57P01, which a client that is still closing raises as an uncaught error. So the
        // drop waits, up to 2 s, for the test's own connections to go.
        for (let attempt = 0; attempt < 100; attempt += 1) {
          const open = await client.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where datname = $1',
            [name],
          );
          if (open.rows[0]!.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        // eslint-disable-next-line phoenix/no-sql-string-building -- name made of hex digits above
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
