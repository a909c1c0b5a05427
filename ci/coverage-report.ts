// Prints line and branch coverage per package from the json-summary report that
// `vitest run --coverage` writes. The thresholds themselves are enforced by Vitest
// (vitest.config.ts, coverage.thresholds).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMain } from './main-module.ts';

const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SUMMARY_PATH = join(REPOSITORY_ROOT, 'coverage', 'coverage-summary.json');

interface Counter {
  total: number;
  covered: number;
}

/** Covered and total lines and branches of one package. */
export interface PackageCoverage {
  name: string;
  lines: Counter;
  branches: Counter;
}

type Summary = Record<string, { lines: Counter; branches: Counter }>;

/**
 * Returns the package a file belongs to: `packages/<name>` or `apps/<name>` for files there,
 * else the first folder (such as `ci`).
 */
export function packageOf(relativePath: string): string {
  const parts = relativePath.split(sep);
  if ((parts[0] === 'packages' || parts[0] === 'apps') && parts.length > 2) {
    return `${parts[0]}/${parts[1]}`;
  }
  return parts[0] ?? relativePath;
}

/**
 * Adds up the per-file entries of a json-summary report into one entry per package, sorted by
 * name. The report's keys are absolute paths, and its `total` entry is skipped.
 */
export function coverageByPackage(summary: Summary, root: string): PackageCoverage[] {
  const byPackage = new Map<string, PackageCoverage>();
  for (const [file, counts] of Object.entries(summary)) {
    if (file === 'total') continue;
    const name = packageOf(relative(root, file));
    const entry = byPackage.get(name) ?? {
      name,
      lines: { total: 0, covered: 0 },
      branches: { total: 0, covered: 0 },
    };
    entry.lines.total += counts.lines.total;
    entry.lines.covered += counts.lines.covered;
    entry.branches.total += counts.branches.total;
    entry.branches.covered += counts.branches.covered;
    byPackage.set(name, entry);
  }
  return [...byPackage.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Formats a counter as `97.3% (1234/1268)`, or `-` when there is nothing to count. */
export function formatCounter(counter: Counter): string {
  if (counter.total === 0) return '-';
  const percent = (100 * counter.covered) / counter.total;
  return `${percent.toFixed(1)}% (${counter.covered}/${counter.total})`;
}

function main(): number {
  if (!existsSync(SUMMARY_PATH)) {
    process.stderr.write(`${SUMMARY_PATH} is missing; run \`vitest run --coverage\` first\n`);
    return 1;
  }
  const summary = JSON.parse(readFileSync(SUMMARY_PATH, 'utf8')) as Summary;
  const rows = coverageByPackage(summary, REPOSITORY_ROOT);
  const width = Math.max(...rows.map((row) => row.name.length), 'package'.length) + 2;
  process.stdout.write(`${'package'.padEnd(width)}${'lines'.padEnd(22)}branches\n`);
  for (const row of rows) {
    process.stdout.write(
      `${row.name.padEnd(width)}${formatCounter(row.lines).padEnd(22)}${formatCounter(row.branches)}\n`,
    );
  }
  return 0;
}

runMain(import.meta.url, main);
