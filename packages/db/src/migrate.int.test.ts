import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';
import { loadMigrations, MIGRATIONS_DIR, runMigrations } from './migrate.ts';
import { ensureDatabase, withDatabase } from './databases.ts';
import { inject } from 'vitest';

function copyOfMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('applies nothing twice', async () => {
    const result = await runMigrations(db.adminUrl);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBe(loadMigrations().length);
  });

  it('rejects an applied migration that changed', async () => {
    const dir = copyOfMigrations();
    const first = loadMigrations(dir)[0]!;
    const file = join(dir, `0001_${first.name}.sql`);
    writeFileSync(file, `${first.sql}\n-- edited\n`);
    await expect(runMigrations(db.adminUrl, dir)).rejects.toThrow(
      /0001_roles\.sql was changed after it was applied/,
    );
  });

  it('rejects a gap in the numbering', () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '0099_late.sql'), 'select 1;');
    expect(() => loadMigrations(dir)).toThrow(/0099_late\.sql is numbered out of order/);
  });

  it('rejects a badly named file', () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '7_Bad Name.sql'), 'select 1;');
    expect(() => loadMigrations(dir)).toThrow(/does not match NNNN_name\.sql/);
  });

  it('rolls back a failing migration whole', async () => {
    const dir = copyOfMigrations();
    const next = String(loadMigrations(dir).length + 1).padStart(4, '0');
    writeFileSync(
      join(dir, `${next}_broken.sql`),
      'create table half_done (id int);\nselect * from no_such_table;',
    );
    await expect(runMigrations(db.adminUrl, dir)).rejects.toThrow(/broken\.sql failed/);

    const client = new pg.Client({ connectionString: db.adminUrl });
    await client.connect();
    const table = await client.query("select to_regclass('half_done') as found");
    await client.end();
    expect(table.rows[0].found).toBeNull();
  });

  it('serialises two concurrent runs on an empty database', async () => {
    const name = `phoenix_concurrent_${Date.now()}`;
    await ensureDatabase(inject('adminUrl'), name);
    const url = withDatabase(inject('adminUrl'), name);
    const [a, b] = await Promise.all([runMigrations(url), runMigrations(url)]);
    const total = loadMigrations().length;
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, total]);
  });
});
