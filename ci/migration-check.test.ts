import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, loadMigrations, startEmbeddedPostgres } from '../packages/db/src/index.ts';
import type { EmbeddedServer } from '../packages/db/src/index.ts';
import { dumpMigratedSchema } from '../packages/db/src/schema-dump.ts';
import {
  baseRevision,
  checkForwardOnly,
  checkSchemaDump,
  exportMigrationsAt,
} from './migration-check.ts';

// Small migrations of their own keep these tests independent of the project's migrations,
// which other changes extend all the time.
const BASE: Record<string, string> = {
  '0001_people.sql': 'create table people (id bigint primary key, name text not null);\n',
  '0002_notes.sql': 'create table notes (id bigint primary key, body text);\n',
  '0003_count.sql':
    'create function people_count() returns bigint language sql as $$ select count(*) from people $$;\n',
};
const EXTRA = 'create table extra (id bigint primary key);\n';

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-migration-check-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

function without(files: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([file]) => file !== name));
}

describe('migration check', () => {
  let dataDir: string;
  let server: EmbeddedServer;
  let baseDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'phoenix-migration-check-pg-'));
    server = await startEmbeddedPostgres({ dataDir, port: await findFreePort() });
    baseDir = folderWith(BASE);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts a new migration on top', async () => {
    const headDir = folderWith({ ...BASE, '0004_extra.sql': EXTRA });
    await expect(checkForwardOnly(server.adminUrl, baseDir, headDir)).resolves.toEqual([
      '0004_extra',
    ]);
  });

  it('rejects an edited applied migration', async () => {
    const headDir = folderWith({
      ...BASE,
      '0002_notes.sql': 'create table notes (id bigint primary key, body text not null);\n',
    });
    await expect(checkForwardOnly(server.adminUrl, baseDir, headDir)).rejects.toThrow(
      /0002_notes\.sql was changed after it was applied/,
    );
  });

  it('rejects a renumbered migration', async () => {
    const headDir = folderWith({
      ...without(BASE, '0003_count.sql'),
      '0003_extra.sql': EXTRA,
      '0004_count.sql': BASE['0003_count.sql']!,
    });
    await expect(checkForwardOnly(server.adminUrl, baseDir, headDir)).rejects.toThrow(
      /0003_count\.sql was changed after it was applied/,
    );
  });

  it('rejects a removed applied migration', async () => {
    const headDir = folderWith(without(BASE, '0003_count.sql'));
    await expect(checkForwardOnly(server.adminUrl, baseDir, headDir)).rejects.toThrow(
      /0003_count\.sql applied, which this code does not have/,
    );
  });

  it('rejects a gap in the numbering', () => {
    const headDir = folderWith({ ...BASE, '0005_extra.sql': EXTRA });
    expect(() => loadMigrations(headDir)).toThrow(/0005_extra\.sql is numbered out of order/);
  });

  it('rejects a duplicate number', () => {
    const headDir = folderWith({ ...BASE, '0003_extra.sql': EXTRA });
    expect(() => loadMigrations(headDir)).toThrow(/is numbered out of order: expected 4/);
  });

  it('reports a stale schema dump', async () => {
    const schemaFile = join(folderWith({}), 'schema.sql');
    writeFileSync(schemaFile, await dumpMigratedSchema(server.adminUrl, baseDir));
    const headDir = folderWith({ ...BASE, '0004_extra.sql': EXTRA });

    const diff = await checkSchemaDump(server.adminUrl, headDir, schemaFile);
    expect(diff).toContain('+create table public.extra (');
    expect(diff).toContain('+alter table public.extra add constraint extra_pkey PRIMARY KEY (id);');
    expect(diff).not.toMatch(/^-/m);
  });

  it('accepts a current schema dump', async () => {
    const schemaFile = join(folderWith({}), 'schema.sql');
    writeFileSync(schemaFile, await dumpMigratedSchema(server.adminUrl, baseDir));
    await expect(checkSchemaDump(server.adminUrl, baseDir, schemaFile)).resolves.toBeNull();
  });

  it('reports a missing schema dump', async () => {
    const schemaFile = join(folderWith({}), 'schema.sql');
    const diff = await checkSchemaDump(server.adminUrl, baseDir, schemaFile);
    expect(diff).toContain('+create table public.people (');
  });
});

describe('exportMigrationsAt', () => {
  const root = join(import.meta.dirname, '..');

  it('copies the committed files byte for byte', () => {
    const target = mkdtempSync(join(tmpdir(), 'phoenix-export-'));
    const count = exportMigrationsAt(root, 'HEAD', 'packages/db/migrations', target);
    expect(count).toBeGreaterThanOrEqual(6);
    // Migration 0001 is applied everywhere and never changes, so HEAD contains the same bytes.
    const committed = readFileSync(join(target, '0001_roles.sql'));
    const onDisk = readFileSync(join(root, 'packages/db/migrations/0001_roles.sql'));
    expect(committed.equals(onDisk)).toBe(true);
  });

  it('returns 0 for a folder missing at the revision', () => {
    const target = mkdtempSync(join(tmpdir(), 'phoenix-export-'));
    expect(exportMigrationsAt(root, 'HEAD', 'no/such/folder', target)).toBe(0);
  });

  it('rejects an unknown revision', () => {
    const target = mkdtempSync(join(tmpdir(), 'phoenix-export-'));
    expect(() => exportMigrationsAt(root, 'no-such-revision', 'packages', target)).toThrow(
      /git revision no-such-revision is not available; fetch the full history/,
    );
  });
});

describe('baseRevision', () => {
  it('defaults to HEAD', () => {
    expect(baseRevision(undefined)).toBe('HEAD');
    expect(baseRevision('')).toBe('HEAD');
  });

  it('treats the all-zero SHA as HEAD', () => {
    expect(baseRevision('0000000000000000000000000000000000000000')).toBe('HEAD');
  });

  it('keeps a given revision', () => {
    expect(baseRevision('origin/main')).toBe('origin/main');
  });
});
