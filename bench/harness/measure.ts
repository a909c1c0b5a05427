import { performance } from 'node:perf_hooks';
import type { BenchCase, CaseResult } from './types.ts';

/** How many times a case runs and for how long at most. */
export interface MeasureOptions {
  /** Timed runs of the case (and of a measured baseline) at most. Odd, so the median is a run. */
  repeats: number;
  /** Untimed runs first, so that JIT compilation and caches settle. */
  warmups: number;
  /** Once the timed runs of a case took this long, it stops after `minRuns`. */
  budgetMs: number;
  minRuns: number;
  /** Clock in milliseconds; tests pass a fake one. */
  now: () => number;
}

export const DEFAULT_MEASURE_OPTIONS: MeasureOptions = {
  repeats: 7,
  warmups: 1,
  budgetMs: 20_000,
  minRuns: 3,
  now: () => performance.now(),
};

/**
 * Returns the options that measure `benchCase`: its own numbers of runs over the defaults, and
 * `repeats` (the `--repeats` option, or null) over both.
 */
export function caseMeasureOptions(benchCase: BenchCase, repeats: number | null): MeasureOptions {
  const caseRepeats = repeats ?? benchCase.runs?.repeats ?? DEFAULT_MEASURE_OPTIONS.repeats;
  return {
    ...DEFAULT_MEASURE_OPTIONS,
    repeats: caseRepeats,
    minRuns: Math.min(caseRepeats, benchCase.runs?.minRuns ?? DEFAULT_MEASURE_OPTIONS.minRuns),
    warmups: benchCase.runs?.warmups ?? DEFAULT_MEASURE_OPTIONS.warmups,
  };
}

/** Last result of a timed run, kept so that the engine cannot drop the work as unused. */
export let resultSink: unknown = null;

/** Returns the median of `values`: the middle one, or the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new RangeError('The median of no values is undefined.');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** Runs `work` once and returns its duration in milliseconds, awaiting a returned promise. */
async function timeOnce(work: () => unknown, now: () => number): Promise<number> {
  const start = now();
  const result = work();
  resultSink = result instanceof Promise ? await result : result;
  return now() - start;
}

/**
 * Measures a case and its baseline. Runs alternate between the two, so that a slower phase of a
 * shared machine weighs on both alike. Returns the median of the timed runs of each.
 */
export async function measureCase(
  suite: string,
  benchCase: BenchCase,
  options: MeasureOptions = DEFAULT_MEASURE_OPTIONS,
): Promise<CaseResult> {
  const baseline = benchCase.baseline;
  const baselineRun = baseline.kind === 'measured' ? baseline.run : null;
  for (let index = 0; index < options.warmups; index += 1) {
    await timeOnce(benchCase.run, options.now);
    if (baselineRun !== null) {
      await timeOnce(baselineRun, options.now);
    }
  }

  const caseTimes: number[] = [];
  const baselineTimes: number[] = [];
  let spentMs = 0;
  while (caseTimes.length < options.repeats) {
    if (caseTimes.length >= options.minRuns && spentMs >= options.budgetMs) {
      break;
    }
    const caseMs = await timeOnce(benchCase.run, options.now);
    caseTimes.push(caseMs);
    spentMs += caseMs;
    if (baselineRun !== null) {
      baselineTimes.push(await timeOnce(baselineRun, options.now));
    }
  }
  return summarize(suite, benchCase, caseTimes, baselineTimes);
}

function summarize(
  suite: string,
  benchCase: BenchCase,
  caseTimes: readonly number[],
  baselineTimes: readonly number[],
): CaseResult {
  const medianMs = median(caseTimes);
  const unitsPerSecond = throughput(benchCase.units, medianMs);
  const baseline = benchCase.baseline;
  let baselineMedianMs: number | null = null;
  let baselineUnitsPerSecond: number;
  if (baseline.kind === 'measured') {
    baselineMedianMs = median(baselineTimes);
    baselineUnitsPerSecond = throughput(baseline.units ?? benchCase.units, baselineMedianMs);
  } else {
    baselineUnitsPerSecond = baseline.unitsPerSecond;
  }
  return {
    suite,
    name: benchCase.name,
    unit: benchCase.unit,
    input: benchCase.input,
    medianMs,
    runs: caseTimes.length,
    unitsPerSecond,
    baselineName: baseline.name,
    baselineUnitsPerSecond,
    baselineMedianMs,
    ratio: unitsPerSecond / baselineUnitsPerSecond,
  };
}

/** Units per second for `units` done in `ms`; a run too fast for the clock counts as 1 µs. */
function throughput(units: number, ms: number): number {
  return units / (Math.max(ms, 0.001) / 1000);
}
