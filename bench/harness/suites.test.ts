import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuites } from './suites.ts';

const scratch = mkdtempSync(join(tmpdir(), 'phoenix-bench-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(scratch, 'suites-'));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(folder, name), text, 'utf8');
  }
  return folder;
}

const VALID = "export default { name: 'NAME', description: 'd', setup: () => [] };\n";

describe('loadSuites', () => {
  it('loads the suites in name order', async () => {
    const folder = folderWith({
      'b.ts': VALID.replace('NAME', 'second'),
      'a.ts': VALID.replace('NAME', 'first'),
      'a.test.ts': 'throw new Error("tests are not suites");\n',
    });
    const suites = await loadSuites(folder);
    expect(suites.map((suite) => suite.name)).toEqual(['first', 'second']);
  });

  it('rejects a file without a suite', async () => {
    const folder = folderWith({ 'broken.ts': 'export const suite = {};\n' });
    await expect(loadSuites(folder)).rejects.toThrow('Invalid benchmark suite in broken.ts');
  });

  it('rejects two suites of one name', async () => {
    const folder = folderWith({
      'a.ts': VALID.replace('NAME', 'same'),
      'b.ts': VALID.replace('NAME', 'same'),
    });
    await expect(loadSuites(folder)).rejects.toThrow('Duplicate benchmark suite name "same"');
  });

  it('finds the readers suite in bench/suites', async () => {
    const suites = await loadSuites(fileURLToPath(new URL('../suites/', import.meta.url)));
    expect(suites.map((suite) => suite.name)).toContain('readers');
  });
});
