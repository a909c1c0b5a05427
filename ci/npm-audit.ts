// Dependency audit gate: `npm audit` against the advisory service of the configured registry,
// with reviewed exceptions in ci/audit-allowlist.json.
// Run alone: `npm run ci:audit`. Without network: `PHOENIX_AUDIT_UNREACHABLE=warn npm run ci:audit`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateAudit, type UnreachableMode } from './audit-policy.ts';
import { runMain } from './main-module.ts';

const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The reviewed exceptions the gate reads. */
export const ALLOWLIST_PATH = join(REPOSITORY_ROOT, 'ci', 'audit-allowlist.json');

/**
 * Reads PHOENIX_AUDIT_UNREACHABLE: `fail` (the default) or `warn`. Raises an Error for any
 * other value.
 */
export function unreachableMode(value: string | undefined): UnreachableMode {
  if (value === undefined || value === '' || value === 'fail') return 'fail';
  if (value === 'warn') return 'warn';
  throw new Error(`PHOENIX_AUDIT_UNREACHABLE must be fail or warn, not ${JSON.stringify(value)}`);
}

/** Runs `npm audit --json` in the repository root and returns its parsed report. */
function runNpmAudit(): unknown {
  const result = spawnSync('npm', ['audit', '--json'], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`npm audit failed to start: ${result.error.message}`);
  try {
    return JSON.parse(result.stdout) as unknown;
  } catch {
    throw new Error(
      `npm audit exited with status ${result.status} without a JSON report: ${result.stderr.trim()}`,
    );
  }
}

function main(): number {
  const mode = unreachableMode(process.env.PHOENIX_AUDIT_UNREACHABLE);
  const outcome = evaluateAudit({
    report: runNpmAudit(),
    allowlistText: readFileSync(ALLOWLIST_PATH, 'utf8'),
    today: new Date(),
    mode,
  });
  for (const line of outcome.lines) process.stdout.write(`${line}\n`);
  return outcome.status === 'fail' ? 1 : 0;
}

runMain(import.meta.url, main);
