/**
 * Runs the benchmark suites in `bench/suites/`, prints one table per suite and writes
 * `docs/benchmarks.md`. Usage (from the repository root):
 *
 *   npx tsx bench/run.ts [--suite NAME]... [--repeats N] [--output PATH | --no-output]
 *
 * `--suite` runs only the named suites and then writes no page unless `--output` is given, so a
 * partial run never replaces the full record. Exits with status 1 when a suite fails.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './harness/machine.ts';
import { caseMeasureOptions, DEFAULT_MEASURE_OPTIONS, measureCase } from './harness/measure.ts';
import { renderMarkdown, renderTextTable, type BenchReport } from './harness/report.ts';
import { loadSuites } from './harness/suites.ts';
import type { BenchSuite, CaseResult, SuiteFailure } from './harness/types.ts';

const SUITES_DIRECTORY = fileURLToPath(new URL('./suites/', import.meta.url));
const DEFAULT_OUTPUT = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

interface RunOptions {
  suiteNames: string[];
  /** Timed runs of every case, or null for each case's own number. */
  repeats: number | null;
  output: string | null;
}

function parseOptions(argv: readonly string[]): RunOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      suite: { type: 'string', multiple: true },
      repeats: { type: 'string' },
      output: { type: 'string' },
      'no-output': { type: 'boolean' },
    },
  });
  const repeats = values.repeats === undefined ? null : Number(values.repeats);
  if (repeats !== null && (!Number.isInteger(repeats) || repeats < 1)) {
    throw new RangeError(
      `Invalid --repeats "${values.repeats}": expected a whole number of 1 or more.`,
    );
  }
  const suiteNames = values.suite ?? [];
  let output: string | null = values.output ?? (suiteNames.length === 0 ? DEFAULT_OUTPUT : null);
  if (values['no-output'] === true) {
    output = null;
  }
  return { suiteNames, repeats, output };
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function runSuite(
  suite: BenchSuite,
  repeats: number | null,
): Promise<{ results: CaseResult[]; failure: SuiteFailure | null }> {
  const results: CaseResult[] = [];
  try {
    log(`[${suite.name}] building inputs`);
    const cases = await suite.setup({ log: (message) => log(`[${suite.name}] ${message}`) });
    for (const benchCase of cases) {
      log(`[${suite.name}] measuring ${benchCase.name}`);
      results.push(
        await measureCase(suite.name, benchCase, caseMeasureOptions(benchCase, repeats)),
      );
    }
    return { results, failure: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`[${suite.name}] failed: ${message}`);
    return { results, failure: { suite: suite.name, message } };
  } finally {
    await suite.teardown?.();
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const machine = describeMachine();
  const available = await loadSuites(SUITES_DIRECTORY);
  const unknown = options.suiteNames.filter(
    (name) => !available.some((suite) => suite.name === name),
  );
  if (unknown.length > 0) {
    const known = available.map((suite) => suite.name).join(', ');
    throw new RangeError(`Unknown suite "${unknown.join('", "')}"; known suites: ${known}.`);
  }
  const suites = available.filter(
    (suite) => options.suiteNames.length === 0 || options.suiteNames.includes(suite.name),
  );

  const report: BenchReport = {
    machine,
    suites: suites.map(({ name, description }) => ({ name, description })),
    results: [],
    failures: [],
    repeats: options.repeats ?? DEFAULT_MEASURE_OPTIONS.repeats,
    warmups: DEFAULT_MEASURE_OPTIONS.warmups,
  };
  for (const suite of suites) {
    const { results, failure } = await runSuite(suite, options.repeats);
    report.results.push(...results);
    if (failure !== null) {
      report.failures.push(failure);
    }
    process.stdout.write(`\n${suite.name}\n${renderTextTable(results)}\n`);
  }

  if (options.output !== null) {
    await writeFile(options.output, renderMarkdown(report), 'utf8');
    log(`Wrote ${options.output}`);
  }
  return report.failures.length === 0 ? 0 : 1;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
