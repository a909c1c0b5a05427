import pg from 'pg';

/** Replace the database name in a PostgreSQL connection string. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Replace the user and password in a PostgreSQL connection string. */
export function withUser(connectionString: string, user: string, password: string): string {
  const url = new URL(connectionString);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
}

const NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Create `name` unless it exists, optionally as a copy of `template`. Names are checked against
 * a strict pattern because CREATE DATABASE takes no bind parameters.
 */
export async function ensureDatabase(
  adminUrl: string,
  name: string,
  template?: string,
): Promise<boolean> {
  for (const value of [name, template]) {
    if (value !== undefined && !NAME_PATTERN.test(value)) {
      throw new Error(`invalid database name ${JSON.stringify(value)}: use a-z, 0-9 and _`);
    }
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    const from = template ? ` template ${template}` : '';
    // eslint-disable-next-line phoenix/no-sql-string-building -- names checked against NAME_PATTERN
    await client.query(`create database ${name}${from}`);
    return true;
  } finally {
    await client.end();
  }
}
