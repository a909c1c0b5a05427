import { describe, expect, it } from 'vitest';
import {
  formatMs,
  formatRatio,
  formatThroughput,
  renderMarkdown,
  renderTextTable,
} from './report.ts';
import type { BenchReport } from './report.ts';
import type { CaseResult } from './types.ts';

const RESULT: CaseResult = {
  suite: 'readers',
  name: 'dexcom-clarity',
  unit: 'rows',
  input: '26,000 rows, 1.71 MB',
  medianMs: 650,
  runs: 7,
  unitsPerSecond: 40_000,
  baselineName: "text.split('\\n')",
  baselineUnitsPerSecond: 20_000_000,
  baselineMedianMs: 1.3,
  ratio: 0.002,
};

const REPORT: BenchReport = {
  machine: {
    cpuModel: 'Example CPU @ 2.00GHz',
    logicalCores: 2,
    memoryBytes: 8 * 1024 ** 3,
    nodeVersion: 'v20.19.0',
    operatingSystem: 'linux 6.8.0 x64',
    date: '2025-01-02T03:04:05.000Z',
  },
  suites: [
    { name: 'readers', description: 'Reader throughput.' },
    { name: 'storage', description: 'Storage throughput.' },
  ],
  results: [RESULT],
  failures: [{ suite: 'storage', message: 'database did not start' }],
  repeats: 7,
  warmups: 1,
};

describe('report formatting', () => {
  it('formats throughput, time and ratio', () => {
    expect(formatThroughput(1_234_567.4, 'rows')).toBe('1,234,567 rows/s');
    expect(formatRatio(0.002)).toBe('0.00200×');
    expect(formatMs(1_289.6)).toBe('1,290 ms');
    expect(formatMs(1.3)).toBe('1.30 ms');
  });

  it('renders an aligned text table', () => {
    const lines = renderTextTable([RESULT]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]?.startsWith('case            input')).toBe(true);
    expect(lines[2]).toContain('40,000 rows/s');
    expect(lines[2]).toContain("text.split('\\n') (1.30 ms)");
    expect(lines[2]?.endsWith('0.00200×')).toBe(true);
  });

  it('renders the machine and each suite in Markdown', () => {
    const page = renderMarkdown(REPORT);
    expect(page).toContain('- CPU: Example CPU @ 2.00GHz, 2 logical cores');
    expect(page).toContain('- Memory: 8.0 GiB');
    expect(page).toContain('- Node.js: v20.19.0');
    expect(page).toContain('- Date: 2025-01-02T03:04:05.000Z');
    expect(page).toContain(
      "| dexcom-clarity | 26,000 rows, 1.71 MB | 650 ms | 40,000 rows/s | text.split('\\n') (1.30 ms) | 20,000,000 rows/s | 0.00200× |",
    );
    expect(page).toContain(
      '## storage\n\nStorage throughput.\n\nNo results.\n\nFailed: database did not start',
    );
  });
});
