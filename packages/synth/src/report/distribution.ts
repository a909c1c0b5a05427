import { percentileOfSorted } from '@phoenix/domain';

/** Summary of a metric across a cohort. */
export interface Distribution {
  count: number;
  mean: number;
  sd: number;
  p10: number;
  median: number;
  p90: number;
}

/** Summarizes values (sample SD, percentiles by linear interpolation). Null when empty. */
export function describe(values: readonly number[]): Distribution | null {
  const count = values.length;
  if (count === 0) {
    return null;
  }
  const mean = values.reduce((sum, value) => sum + value, 0) / count;
  const variance =
    count < 2
      ? 0
      : values.reduce((sum, value) => sum + (value - mean) * (value - mean), 0) / (count - 1);
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count,
    mean,
    sd: Math.sqrt(variance),
    p10: percentileOfSorted(sorted, 10) as number,
    median: percentileOfSorted(sorted, 50) as number,
    p90: percentileOfSorted(sorted, 90) as number,
  };
}
