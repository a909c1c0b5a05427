import { describe, expect, it } from 'vitest';
import { coverageByPackage, formatCounter, packageOf } from './coverage-report.ts';

describe('coverageByPackage', () => {
  it('adds up files per package', () => {
    const entry = (lines: [number, number], branches: [number, number]) => ({
      lines: { total: lines[0], covered: lines[1] },
      branches: { total: branches[0], covered: branches[1] },
    });
    const summary = {
      total: entry([1000, 1000], [1000, 1000]),
      '/repo/packages/domain/src/units.ts': entry([10, 9], [4, 3]),
      '/repo/packages/domain/src/metrics/gmi.ts': entry([20, 20], [2, 2]),
      '/repo/apps/api/src/app.ts': entry([50, 40], [10, 5]),
      '/repo/ci/sql-lint.ts': entry([30, 27], [0, 0]),
    };
    expect(coverageByPackage(summary, '/repo')).toEqual([
      { name: 'apps/api', lines: { total: 50, covered: 40 }, branches: { total: 10, covered: 5 } },
      { name: 'ci', lines: { total: 30, covered: 27 }, branches: { total: 0, covered: 0 } },
      {
        name: 'packages/domain',
        lines: { total: 30, covered: 29 },
        branches: { total: 6, covered: 5 },
      },
    ]);
  });
});

describe('packageOf', () => {
  it('names workspace packages by two folders', () => {
    expect(packageOf('packages/formats/src/core/csv.ts')).toBe('packages/formats');
    expect(packageOf('apps/web/src/main.tsx')).toBe('apps/web');
  });

  it('names other files by their first folder', () => {
    expect(packageOf('ci/sql-lint.ts')).toBe('ci');
  });
});

describe('formatCounter', () => {
  it('prints percent and counts', () => {
    expect(formatCounter({ total: 1268, covered: 1234 })).toBe('97.3% (1234/1268)');
  });

  it('prints a dash for nothing to count', () => {
    expect(formatCounter({ total: 0, covered: 0 })).toBe('-');
  });
});
