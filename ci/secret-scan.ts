// Secret scan gate: secretlint with its recommended rule preset over every file of the
// repository except dependencies, build output, local data and reports.
// Run alone: `npm run ci:secrets`.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '@secretlint/node';
import { runMain } from './main-module.ts';

const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Folder names skipped at any depth: installed packages, build output, the embedded database
 * and its generated passwords (`.data`), coverage reports, git's own files, and the other
 * folders that .gitignore excludes.
 */
export const IGNORED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  'dist',
  '.data',
  'coverage',
  '.git',
  'test-results',
  '.tmp',
]);

/**
 * Lists the files under `root` that the scan reads, sorted, skipping IGNORED_FOLDERS and
 * symbolic links. Dotfiles such as `.env` are included.
 */
export function listScannedFiles(root: string): string[] {
  const files: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!IGNORED_FOLDERS.has(entry.name)) visit(path);
      } else if (entry.isFile()) {
        files.push(path);
      }
    }
  };
  visit(root);
  return files.sort();
}

/**
 * Runs secretlint's recommended preset (cloud keys, tokens, private keys, connection strings
 * with passwords, and more) on `files`. Returns whether nothing was found and secretlint's
 * report, in which the secrets are masked.
 */
export async function scanForSecrets(files: string[]): Promise<{ ok: boolean; report: string }> {
  const engine = await createEngine({
    configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
    formatter: 'stylish',
    color: false,
    maskSecrets: true,
  });
  const result = await engine.executeOnFiles({ filePathList: files });
  return { ok: result.ok, report: result.output };
}

async function main(): Promise<number> {
  const files = listScannedFiles(REPOSITORY_ROOT);
  const { ok, report } = await scanForSecrets(files);
  if (ok) {
    process.stdout.write(`secretlint: no secrets in ${files.length} files\n`);
    return 0;
  }
  process.stdout.write(
    `${report.trim()}\n\nRemove the secret and rotate it, because git history keeps it. For ` +
      'a test value, build it at run time so the file holds no literal that looks like a key.\n',
  );
  return 1;
}

runMain(import.meta.url, main);
