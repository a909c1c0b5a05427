import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchSuite } from './types.ts';

/**
 * Loads every suite in `directory`: each `.ts` file (tests excluded) in name order, whose
 * default export is a `BenchSuite`.
 *
 * @throws Error naming the file when a default export is not a suite, or when two suites share
 *   a name.
 */
export async function loadSuites(directory: string): Promise<BenchSuite[]> {
  const files = (await readdir(directory))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort();
  const suites: BenchSuite[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(directory, file)).href)) as {
      default?: unknown;
    };
    if (!isSuite(module.default)) {
      throw new Error(
        `Invalid benchmark suite in ${file}: the default export must be an object with name, description and setup().`,
      );
    }
    const name = module.default.name;
    if (suites.some((suite) => suite.name === name)) {
      throw new Error(`Duplicate benchmark suite name "${name}" in ${file}. Rename one suite.`);
    }
    suites.push(module.default);
  }
  return suites;
}

function isSuite(value: unknown): value is BenchSuite {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Partial<BenchSuite>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.description === 'string' &&
    typeof candidate.setup === 'function'
  );
}
