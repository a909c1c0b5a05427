import type { MachineDescription } from './machine.ts';
import type { CaseResult, SuiteFailure } from './types.ts';

/** Everything one run of the benchmarks produced. */
export interface BenchReport {
  machine: MachineDescription;
  /** Suites in the order they ran, with their descriptions. */
  suites: { name: string; description: string }[];
  results: CaseResult[];
  failures: SuiteFailure[];
  /** Timed runs per case at most, and untimed warm-up runs. */
  repeats: number;
  warmups: number;
}

const COLUMNS = [
  'case',
  'input',
  'median',
  'throughput',
  'baseline',
  'baseline throughput',
  'ratio',
];

/** Formats a count of units per second with thousands separators: `1,234,567 rows/s`. */
export function formatThroughput(unitsPerSecond: number, unit: string): string {
  return `${Math.round(unitsPerSecond).toLocaleString('en-US')} ${unit}/s`;
}

/** Formats a duration in milliseconds: three significant digits, whole milliseconds from 100. */
export function formatMs(ms: number): string {
  if (ms >= 100) {
    return `${Math.round(ms).toLocaleString('en-US')} ms`;
  }
  return `${ms.toPrecision(3)} ms`;
}

/** Formats a ratio of throughputs: `0.254×`. */
export function formatRatio(ratio: number): string {
  return `${ratio.toPrecision(3)}×`;
}

function rowOf(result: CaseResult): string[] {
  const baselineTime =
    result.baselineMedianMs === null ? '' : ` (${formatMs(result.baselineMedianMs)})`;
  return [
    result.name,
    result.input,
    formatMs(result.medianMs),
    formatThroughput(result.unitsPerSecond, result.unit),
    `${result.baselineName}${baselineTime}`,
    formatThroughput(result.baselineUnitsPerSecond, result.unit),
    formatRatio(result.ratio),
  ];
}

/** Renders the results of one suite as a plain-text table for the terminal. */
export function renderTextTable(results: readonly CaseResult[]): string {
  const rows = [COLUMNS, ...results.map(rowOf)];
  const widths = COLUMNS.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [lines[0], rule, ...lines.slice(1)].join('\n');
}

function markdownTable(results: readonly CaseResult[]): string {
  const escape = (cell: string): string => cell.replaceAll('|', '\\|');
  const header = `| ${COLUMNS.join(' | ')} |`;
  const rule = `|${COLUMNS.map(() => '---').join('|')}|`;
  const body = results.map((result) => `| ${rowOf(result).map(escape).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}

/** Renders the whole report as the Markdown page `docs/benchmarks.md`. */
export function renderMarkdown(report: BenchReport): string {
  const { machine } = report;
  const memoryGiB = (machine.memoryBytes / 1024 ** 3).toFixed(1);
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`bench/run.ts`); the next run replaces this page.',
    `Each case runs ${report.warmups} untimed warm-up run(s), then up to ${report.repeats} timed runs that alternate with runs of its baseline, unless its input column gives another number of runs.`,
    'The tables give the median run.',
    'The ratio is the case throughput divided by the baseline throughput, so a ratio below 1 means the case is slower than its baseline.',
    'Measured baselines ran in the same process on the same input, so their ratios depend less on the machine than raw throughputs do.',
    'Other processes may have shared the machine during the run.',
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpuModel}, ${machine.logicalCores} logical cores`,
    `- Memory: ${memoryGiB} GiB`,
    `- Node.js: ${machine.nodeVersion}`,
    `- Operating system: ${machine.operatingSystem}`,
    `- Date: ${machine.date}`,
  ];
  for (const suite of report.suites) {
    lines.push('', `## ${suite.name}`, '', suite.description, '');
    const results = report.results.filter((result) => result.suite === suite.name);
    lines.push(results.length === 0 ? 'No results.' : markdownTable(results));
    for (const failure of report.failures.filter((item) => item.suite === suite.name)) {
      lines.push('', `Failed: ${failure.message}`);
    }
  }
  return lines.join('\n') + '\n';
}
