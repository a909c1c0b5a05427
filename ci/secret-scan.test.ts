import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScannedFiles, scanForSecrets } from './secret-scan.ts';

// The fake secrets are put together at run time, so this file contains no literal that the
// repository scan would report.
const FAKE_GITHUB_TOKEN = ['ghp', 'x7Kq9ZpL2mNv4Rt8Ws1Yb6Hc3Jd5Fg0Ae2Qz'].join('_');
const FAKE_DATABASE_URL = `postgres://admin:${['s3cr', 'etpass'].join('')}@db.example.com:5432/phoenix`;

function repositoryWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'phoenix-secret-scan-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('scanForSecrets', () => {
  it('rejects a committed token', async () => {
    const root = repositoryWith({
      'apps/api/src/config.ts': `export const token = '${FAKE_GITHUB_TOKEN}';\n`,
    });
    const result = await scanForSecrets(listScannedFiles(root));
    expect(result.ok).toBe(false);
    expect(result.report).toContain('GITHUB_TOKEN');
    expect(result.report).not.toContain(FAKE_GITHUB_TOKEN);
  });

  it('rejects a connection string with a password', async () => {
    const root = repositoryWith({ '.env': `DATABASE_URL=${FAKE_DATABASE_URL}\n` });
    const result = await scanForSecrets(listScannedFiles(root));
    expect(result.ok).toBe(false);
    expect(result.report).toContain('PostgreSQL');
  });

  it('accepts ordinary code', async () => {
    const root = repositoryWith({
      'src/a.ts':
        "export const url = process.env.DATABASE_URL ?? 'postgres://127.0.0.1/phoenix';\n",
    });
    const result = await scanForSecrets(listScannedFiles(root));
    expect(result.ok).toBe(true);
  });
});

describe('listScannedFiles', () => {
  it('skips dependencies, builds and local data', () => {
    const root = repositoryWith({
      'src/a.ts': '',
      '.env': '',
      '.github/workflows/ci.yml': '',
      'node_modules/x/index.js': '',
      'apps/web/node_modules/y/index.js': '',
      'apps/web/dist/index.js': '',
      '.data/credentials.json': '',
      'coverage/coverage-summary.json': '',
    });
    const files = listScannedFiles(root).map((file) => relative(root, file));
    expect(files).toEqual(['.env', '.github/workflows/ci.yml', 'src/a.ts']);
  });
});
