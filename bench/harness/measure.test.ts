import { describe, expect, it } from 'vitest';
import {
  caseMeasureOptions,
  DEFAULT_MEASURE_OPTIONS,
  measureCase,
  median,
  type MeasureOptions,
} from './measure.ts';
import type { BenchCase } from './types.ts';

/** Returns a clock that moves only when the work under test advances it. */
function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 0;
  return { now: () => time, advance: (ms) => (time += ms) };
}

function options(now: () => number, overrides: Partial<MeasureOptions> = {}): MeasureOptions {
  return { repeats: 5, warmups: 1, budgetMs: 1_000_000, minRuns: 3, now, ...overrides };
}

describe('median', () => {
  it('takes the middle of an odd count', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('averages the middle pair of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('rejects an empty list', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('measureCase', () => {
  it('reports medians, throughput and ratio', async () => {
    const clock = fakeClock();
    const caseDurations = [12, 10, 30, 10, 11, 10];
    let caseRuns = 0;
    const benchCase: BenchCase = {
      name: 'reader',
      units: 100,
      unit: 'rows',
      input: '100 rows',
      run: () => clock.advance(caseDurations[caseRuns++] ?? 0),
      baseline: { kind: 'measured', name: 'split', run: () => clock.advance(2) },
    };
    const result = await measureCase('readers', benchCase, options(clock.now));

    // The first duration (12 ms) is the warm-up; the timed runs are 10, 30, 10, 11 and 10.
    expect(caseRuns).toBe(6);
    expect(result.runs).toBe(5);
    expect(result.medianMs).toBe(10);
    expect(result.baselineMedianMs).toBe(2);
    // 100 rows in 10 ms is 10,000 rows/s; in 2 ms, 50,000 rows/s.
    expect(result.unitsPerSecond).toBe(10_000);
    expect(result.baselineUnitsPerSecond).toBe(50_000);
    expect(result.ratio).toBe(0.2);
  });

  it('stops after the minimum runs once over budget', async () => {
    const clock = fakeClock();
    const benchCase: BenchCase = {
      name: 'slow',
      units: 1,
      unit: 'rows',
      input: '',
      run: () => clock.advance(400),
      baseline: { kind: 'measured', name: 'split', run: () => clock.advance(1) },
    };
    const result = await measureCase('s', benchCase, options(clock.now, { budgetMs: 500 }));
    expect(result.runs).toBe(3);
  });

  it('divides by a reference baseline', async () => {
    const clock = fakeClock();
    const benchCase: BenchCase = {
      name: 'copy',
      units: 1000,
      unit: 'rows',
      input: '',
      run: async () => clock.advance(4),
      baseline: {
        kind: 'reference',
        name: 'text COPY',
        unitsPerSecond: 1_000_000,
        source: 'test',
      },
    };
    const result = await measureCase('storage', benchCase, options(clock.now));
    // 1,000 rows in 4 ms is 250,000 rows/s, a quarter of the reference.
    expect(result.baselineMedianMs).toBeNull();
    expect(result.ratio).toBe(0.25);
  });
});

describe('caseMeasureOptions', () => {
  const plain: BenchCase = {
    name: 'plain',
    units: 1,
    unit: 'rows',
    input: '1 row',
    run: () => undefined,
    baseline: { kind: 'reference', name: 'elsewhere', unitsPerSecond: 1, source: 'test' },
  };
  const noisy: BenchCase = { ...plain, runs: { warmups: 2, repeats: 15 } };
  const slow: BenchCase = { ...plain, runs: { warmups: 0, minRuns: 1 } };

  it('uses the defaults without runs', () => {
    const chosen = caseMeasureOptions(plain, null);
    expect(chosen.repeats).toBe(DEFAULT_MEASURE_OPTIONS.repeats);
    expect(chosen.warmups).toBe(DEFAULT_MEASURE_OPTIONS.warmups);
    expect(chosen.minRuns).toBe(DEFAULT_MEASURE_OPTIONS.minRuns);
  });

  it("takes a case's own runs", () => {
    expect(caseMeasureOptions(noisy, null)).toMatchObject({ repeats: 15, warmups: 2 });
    expect(caseMeasureOptions(slow, null)).toMatchObject({ warmups: 0, minRuns: 1 });
  });

  it('lets --repeats win', () => {
    expect(caseMeasureOptions(noisy, 3)).toMatchObject({ repeats: 3, warmups: 2, minRuns: 3 });
    expect(caseMeasureOptions(plain, 1)).toMatchObject({ repeats: 1, minRuns: 1 });
  });
});
