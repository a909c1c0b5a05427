// Migration gate: numbering without gaps or duplicates, forward-only changes against a base
// revision, and a committed schema dump equal to a fresh migration run.
// Run alone: `npm run ci:migrations`. Compare with another base revision:
// `PHOENIX_MIGRATIONS_BASE=origin/main npm run ci:migrations`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDatabase, withDatabase } from '../packages/db/src/databases.ts';
import { loadMigrations, MIGRATIONS_DIR, runMigrations } from '../packages/db/src/migrate.ts';
import {
  dropDatabase,
  dumpMigratedSchema,
  SCHEMA_DUMP_PATH,
  withTemporaryPostgres,
} from '../packages/db/src/schema-dump.ts';
import { diffLines } from './line-diff.ts';
import { runMain } from './main-module.ts';

const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Applies the migrations of `baseDir` to a new database, then those of `headDir` on top, as a
 * deployed database would see an upgrade. Returns the names of the migrations the second run
 * applied. Raises MigrationError when `headDir` changed, renamed, renumbered or removed a
 * migration of `baseDir`, or when a migration fails. The database is dropped afterwards.
 */
export async function checkForwardOnly(
  adminUrl: string,
  baseDir: string,
  headDir: string,
): Promise<string[]> {
  const name = `phoenix_forward_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  try {
    const databaseUrl = withDatabase(adminUrl, name);
    await runMigrations(databaseUrl, baseDir);
    const upgrade = await runMigrations(databaseUrl, headDir);
    return upgrade.applied;
  } finally {
    await dropDatabase(adminUrl, name);
  }
}

/**
 * Applies the migrations of `headDir` to a new database and compares its schema dump with the
 * file `schemaFile`. Returns a line diff (`-` committed, `+` fresh) or null when they are equal.
 * A missing file counts as empty.
 */
export async function checkSchemaDump(
  adminUrl: string,
  headDir: string,
  schemaFile: string,
): Promise<string | null> {
  const fresh = await dumpMigratedSchema(adminUrl, headDir);
  const committed = existsSync(schemaFile) ? readFileSync(schemaFile, 'utf8') : '';
  return diffLines(committed, fresh);
}

/**
 * Writes the `.sql` files that `folder` (relative to the repository root) contains at git
 * `revision` into `targetDir`, byte for byte. Returns how many it wrote: 0 when the folder did
 * not exist at that revision. Raises an Error when git cannot read the revision, for example
 * in a shallow clone that lacks it.
 */
export function exportMigrationsAt(
  root: string,
  revision: string,
  folder: string,
  targetDir: string,
): number {
  const commit = git(root, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  if (commit.status !== 0) {
    throw new Error(
      `git revision ${revision} is not available; fetch the full history ` +
        '(actions/checkout with fetch-depth: 0) or set PHOENIX_MIGRATIONS_BASE',
    );
  }
  const sha = commit.stdout.toString().trim();
  const listing = git(root, ['ls-tree', '--name-only', `${sha}:${folder}`]);
  if (listing.status !== 0) return 0;
  const files = listing.stdout
    .toString()
    .split('\n')
    .filter((file) => file.endsWith('.sql'));
  for (const file of files) {
    const blob = git(root, ['show', `${sha}:${folder}/${file}`]);
    if (blob.status !== 0) {
      throw new Error(`git show ${sha}:${folder}/${file} failed: ${blob.stderr.toString()}`);
    }
    writeFileSync(join(targetDir, file), blob.stdout);
  }
  return files.length;
}

function git(
  root: string,
  args: string[],
): { status: number | null; stdout: Buffer; stderr: Buffer } {
  const result = spawnSync('git', ['-C', root, ...args], { maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`git failed to start: ${result.error.message}`);
  return result;
}

/**
 * Returns the git revision to compare the migrations with: PHOENIX_MIGRATIONS_BASE, or HEAD
 * when it is unset, empty or the all-zero SHA that GitHub sends for a push that creates a branch.
 */
export function baseRevision(value: string | undefined): string {
  if (!value || /^0+$/.test(value)) return 'HEAD';
  return value;
}

async function main(): Promise<number> {
  const migrationsFolder = relative(REPOSITORY_ROOT, MIGRATIONS_DIR);
  const headCount = loadMigrations(MIGRATIONS_DIR).length;
  process.stdout.write(`numbering: ${headCount} migrations, 0001 to ${pad(headCount)}\n`);

  const revision = baseRevision(process.env.PHOENIX_MIGRATIONS_BASE);
  const baseDir = mkdtempSync(join(tmpdir(), 'phoenix-base-migrations-'));
  let failed = false;
  try {
    const baseCount = exportMigrationsAt(REPOSITORY_ROOT, revision, migrationsFolder, baseDir);
    await withTemporaryPostgres(async (adminUrl) => {
      if (baseCount === 0) {
        process.stdout.write(`forward-only: ${revision} has no migrations; nothing to compare\n`);
      } else {
        const added = await checkForwardOnly(adminUrl, baseDir, MIGRATIONS_DIR);
        process.stdout.write(
          `forward-only: the ${baseCount} migrations of ${revision} are unchanged; ` +
            `${added.length} new: ${added.join(', ') || 'none'}\n`,
        );
      }
      const diff = await checkSchemaDump(adminUrl, MIGRATIONS_DIR, SCHEMA_DUMP_PATH);
      const dumpFile = relative(process.cwd(), SCHEMA_DUMP_PATH);
      if (diff === null) {
        process.stdout.write(`schema dump: ${dumpFile} matches a fresh migration run\n`);
      } else {
        failed = true;
        process.stdout.write(
          `schema dump: ${dumpFile} is stale (- committed, + fresh migration run):\n${diff}\n` +
            'Run `npm run db:dump` and commit the file with the migration.\n',
        );
      }
    });
  } finally {
    rmSync(baseDir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

function pad(version: number): string {
  return String(version).padStart(4, '0');
}

runMain(import.meta.url, main);
