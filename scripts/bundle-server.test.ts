import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleServer } from './bundle-server.mjs';

const entry = fileURLToPath(new URL('./test-fixtures/bundle-entry.ts', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'phoenix-bundle-test-'));
const bundle = join(folder, 'entry.mjs');

beforeAll(async () => {
  await bundleServer(entry, bundle);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('bundleServer', () => {
  it('builds a module that plain Node.js runs', () => {
    // No tsx: the workspace's TypeScript must all be inside the bundle.
    const run = spawnSync(process.execPath, [bundle], { encoding: 'utf8', env: {} });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(output['mmolL']).toBeCloseTo(9.99, 2);
    expect(output['identity']).toBe('function');
    // import.meta.url still names the source file, so paths built from it stay right.
    expect(output['source']).toBe(entry);
  });

  it('imports other packages from where their importer finds them', () => {
    const text = readFileSync(bundle, 'utf8');
    expect(text).not.toMatch(/from "@phoenix\//);
    // oidc-provider is installed under apps/identity only, not at the root.
    expect(text).toMatch(/from "[^"]*apps\/identity\/node_modules\/oidc-provider\//);
  });
});
