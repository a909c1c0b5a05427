import { glucoseValueForAverages, type GlucoseSample } from './glucose-sample.ts';

/** Glucose values in mg/dL for averaging, with how many out-of-range readings were replaced. */
export interface GlucoseValuesForAverages {
  /** Values in mg/dL in input order, out-of-range readings replaced by their threshold. */
  valuesMgDl: number[];
  /** Number of `Low` and `High` readings replaced by their device threshold. */
  substituted: { low: number; high: number };
}

/**
 * Collects the values that means and variability use, by the rule of
 * `glucoseValueForAverages`: a `Low` or `High` reading counts as its device threshold.
 * Skips samples that `isUsableSample` rejects.
 */
export function collectValuesForAverages(
  samples: readonly GlucoseSample[],
): GlucoseValuesForAverages {
  const valuesMgDl: number[] = [];
  const substituted = { low: 0, high: 0 };

  for (const sample of samples) {
    const value = glucoseValueForAverages(sample);
    if (value === null) {
      continue;
    }
    valuesMgDl.push(value);
    if (sample.outOfRange === 'low') {
      substituted.low += 1;
    } else if (sample.outOfRange === 'high') {
      substituted.high += 1;
    }
  }
  return { valuesMgDl, substituted };
}

/** Returns the arithmetic mean, or null for an empty list. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  let sum = 0;
  for (const value of values) {
    sum += value;
  }
  return sum / values.length;
}

/** Returns the sample standard deviation (divisor n - 1), or null for fewer than 2 values. */
export function sampleStandardDeviation(values: readonly number[]): number | null {
  const average = mean(values);
  if (average === null || values.length < 2) {
    return null;
  }
  let sumOfSquares = 0;
  for (const value of values) {
    sumOfSquares += (value - average) ** 2;
  }
  return Math.sqrt(sumOfSquares / (values.length - 1));
}

/** Returns the CV in percent, 100 × SD / mean, or null when either is null or the mean is 0. */
export function coefficientOfVariationPercent(
  sdMgDl: number | null,
  meanMgDl: number | null,
): number | null {
  if (sdMgDl === null || meanMgDl === null || meanMgDl === 0) {
    return null;
  }
  return (100 * sdMgDl) / meanMgDl;
}
