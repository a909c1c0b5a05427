import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** Folder of the numbered SQL migrations shipped with this package. */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/** One migration file: `NNNN_name.sql`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Error raised when the migrations on disk disagree with what the database applied. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Read the migrations of a folder in order. Raises MigrationError when a file name does not
 * follow `NNNN_name.sql`, or the numbers have a gap or a duplicate, or do not start at 1.
 */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) {
        throw new MigrationError(`migration file ${file} does not match NNNN_name.sql`);
      }
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });

  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(
        `migration ${String(migration.version).padStart(4, '0')}_${migration.name}.sql is ` +
          `numbered out of order: expected ${index + 1}; numbers start at 1 with no gaps or duplicates`,
      );
    }
  });
  return migrations;
}

/** Outcome of a migration run. */
export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Apply pending migrations to the database at `connectionString`, each in its own transaction,
 * recording version, name and checksum in `schema_migrations`. A session-level advisory lock
 * makes a concurrent run wait until this one finishes. Raises MigrationError when an applied
 * migration changed on disk (migrations are forward-only) or the database holds a migration
 * this code does not know.
 */
export async function runMigrations(
  connectionString: string,
  dir: string = MIGRATIONS_DIR,
): Promise<MigrationResult> {
  const migrations = loadMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', ['phoenix schema_migrations']);
    await client.query(`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
    const applied = await client.query<{ version: number; name: string; checksum: string }>(
      'select version, name, checksum from schema_migrations order by version',
    );
    checkApplied(migrations, applied.rows);

    const pending = migrations.slice(applied.rows.length);
    for (const migration of pending) {
      await applyOne(client, migration);
    }
    return {
      applied: pending.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`),
      alreadyApplied: applied.rows.length,
    };
  } finally {
    await client.query('select pg_advisory_unlock_all()').catch(() => {});
    await client.end();
  }
}

function checkApplied(
  migrations: Migration[],
  applied: { version: number; name: string; checksum: string }[],
): void {
  for (const row of applied) {
    const migration = migrations[row.version - 1];
    const label = `${String(row.version).padStart(4, '0')}_${row.name}.sql`;
    if (!migration) {
      throw new MigrationError(
        `the database has migration ${label} applied, which this code does not have; ` +
          'run a newer version of the code against this database',
      );
    }
    if (migration.checksum !== row.checksum || migration.name !== row.name) {
      throw new MigrationError(
        `migration ${label} was changed after it was applied (checksum ${row.checksum.slice(0, 12)} ` +
          `in the database, ${migration.checksum.slice(0, 12)} on disk); migrations are ` +
          'forward-only: restore the file and add a new migration for the change',
      );
    }
  }
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  await client.query('begin');
  try {
    await client.query(migration.sql);
    await client.query('reset role');
    await client.query(
      'insert into schema_migrations (version, name, checksum) values ($1, $2, $3)',
      [migration.version, migration.name, migration.checksum],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    const label = `${String(migration.version).padStart(4, '0')}_${migration.name}.sql`;
    throw new MigrationError(`migration ${label} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
