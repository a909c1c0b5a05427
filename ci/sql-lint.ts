// SQL lint gate: runs every migration through squawk (a linter for PostgreSQL migrations that
// flags statements taking long or blocking locks) and fails on any finding.
// Run alone: `npm run ci:sql-lint`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { MIGRATIONS_DIR } from '../packages/db/src/migrate.ts';
import { runMain } from './main-module.ts';

/**
 * squawk rules switched off for every migration, with the reason. Every other rule of squawk
 * 2.66.0 is on.
 */
export const EXCLUDED_RULES: Readonly<Record<string, string>> = {
  // Integer columns here hold bounded small values (minute and millisecond offsets, file line
  // numbers, record counts, migration versions); identifiers are UUIDs or bigint identities.
  'prefer-bigint-over-int': 'integer columns hold bounded small values, never identifiers',
  // `device_time` is the device's wall-clock reading without zone on purpose: the UTC instant
  // is stored next to it in a timestamptz column.
  'prefer-timestamp-tz': 'device wall-clock times are stored without zone on purpose',
};

/**
 * Highest migration number that was committed before this gate existed. Those migrations may
 * already be applied to databases, and `runMigrations` rejects a changed applied migration, so
 * they cannot gain the `set local lock_timeout` and `set local statement_timeout` lines that
 * the timeout rules ask for. The timeout rules apply from the next number on.
 */
export const LAST_MIGRATION_BEFORE_TIMEOUT_RULES = 10;

/** Rules that apply only after LAST_MIGRATION_BEFORE_TIMEOUT_RULES. */
export const TIMEOUT_RULES: readonly string[] = [
  'require-lock-timeout',
  'require-statement-timeout',
];

/** One squawk finding, with 1-based line and column. */
export interface SqlLintFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
  help: string | null;
}

interface SquawkViolation {
  file: string;
  line: number;
  column: number;
  rule_name: string;
  message: string;
  help: string | null;
}

function squawkScript(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('squawk-cli/package.json')), 'js', 'bin', 'squawk');
}

/**
 * Runs squawk on every `.sql` file of `dir` and returns the findings that count: all of them
 * except the rules in EXCLUDED_RULES and, up to migration LAST_MIGRATION_BEFORE_TIMEOUT_RULES,
 * the timeout rules. Syntax errors are findings too (rule `syntax-error`). Each file is linted
 * as if wrapped in a transaction, because `runMigrations` applies each file in its own
 * transaction. Raises an Error when squawk cannot run or prints no JSON report.
 */
export function lintMigrations(dir: string = MIGRATIONS_DIR): SqlLintFinding[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => join(dir, file));
  if (files.length === 0) return [];

  const result = spawnSync(
    process.execPath,
    [
      squawkScript(),
      '--reporter=json',
      '--pg-version=17.0',
      '--assume-in-transaction',
      `--exclude=${Object.keys(EXCLUDED_RULES).join(',')}`,
      ...files,
    ],
    { encoding: 'utf8' },
  );
  if (result.error) throw new Error(`squawk failed to start: ${result.error.message}`);
  let violations: SquawkViolation[];
  try {
    violations = JSON.parse(result.stdout) as SquawkViolation[];
  } catch {
    throw new Error(
      `squawk exited with status ${result.status} without a JSON report: ${result.stderr.trim()}`,
    );
  }
  return violations
    .filter((violation) => !isExemptFromTimeoutRules(violation))
    .map((violation) => ({
      file: violation.file,
      // squawk 2.66.0 reports 0-based lines and columns in its JSON output.
      line: violation.line + 1,
      column: violation.column + 1,
      rule: violation.rule_name,
      message: violation.message,
      help: violation.help,
    }));
}

function isExemptFromTimeoutRules(violation: SquawkViolation): boolean {
  const version = Number(/^(\d+)_/.exec(basename(violation.file))?.[1]);
  return (
    TIMEOUT_RULES.includes(violation.rule_name) &&
    Number.isInteger(version) &&
    version <= LAST_MIGRATION_BEFORE_TIMEOUT_RULES
  );
}

/** Formats a finding as `file:line:column rule: message (help)`. */
export function formatFinding(finding: SqlLintFinding, root: string = process.cwd()): string {
  const help = finding.help ? `\n    help: ${finding.help}` : '';
  return (
    `${relative(root, finding.file)}:${finding.line}:${finding.column} ` +
    `${finding.rule}: ${finding.message}${help}`
  );
}

function main(): number {
  const findings = lintMigrations();
  for (const finding of findings) process.stdout.write(`${formatFinding(finding)}\n`);
  if (findings.length > 0) {
    process.stdout.write(
      `\nsquawk: ${findings.length} finding(s). Fix the migration, or, when a finding is ` +
        'wrong for one statement, put `-- squawk-ignore RULE` with the reason above it.\n',
    );
    return 1;
  }
  process.stdout.write('squawk: every migration passes\n');
  return 0;
}

runMain(import.meta.url, main);
