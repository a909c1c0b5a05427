/**
 * Comparisons of what the platform returned with what the lane recomputed from the records
 * in the files. Counts must be equal. Means, SDs and percents may differ only by the rounding of
 * summing 26,000 doubles in another order, so they are compared to 9 decimal places.
 */
import type { AmbulatoryGlucoseProfile, GlucoseStatistics, TimeInRanges } from '@phoenix/domain';
import { expect } from 'vitest';

const DECIMALS = 9;

/** Expect statistics equal to `expected`; `label` names the patient and period in failures. */
export function expectStatisticsClose(
  actual: GlucoseStatistics,
  expected: GlucoseStatistics,
  label: string,
): void {
  expect(actual.readingCount, `${label} readingCount`).toBe(expected.readingCount);
  expect(actual.outOfRangeCount, `${label} outOfRangeCount`).toEqual(expected.outOfRangeCount);
  expect(actual.sufficiency.daysWithData, `${label} daysWithData`).toBe(
    expected.sufficiency.daysWithData,
  );
  expect(actual.sufficiency.expectedReadings, `${label} expectedReadings`).toBeCloseTo(
    expected.sufficiency.expectedReadings,
    DECIMALS,
  );
  expect(actual.sufficiency.sufficient, `${label} sufficient`).toBe(
    expected.sufficiency.sufficient,
  );
  for (const key of ['meanMgDl', 'sdMgDl', 'cvPercent', 'gmiPercent', 'gmiMmolMol'] as const) {
    expect(actual[key], `${label} ${key}`).toBeCloseTo(expected[key] as number, DECIMALS);
  }
  const bands = Object.entries(expected.timeInRanges ?? {}) as [keyof TimeInRanges, number][];
  expect(bands.length, `${label} time in ranges`).toBeGreaterThan(0);
  for (const [band, percent] of bands) {
    expect(actual.timeInRanges?.[band], `${label} ${band}`).toBeCloseTo(percent, DECIMALS);
  }
}

/** Expect every hour of an AGP, raw and smoothed percentiles, equal to `expected`. */
export function expectAgpClose(
  actual: AmbulatoryGlucoseProfile,
  expected: AmbulatoryGlucoseProfile,
  label: string,
): void {
  expect(actual.readingCount, `${label} readingCount`).toBe(expected.readingCount);
  expect(actual.bins).toHaveLength(expected.bins.length);
  expected.bins.forEach((bin, hour) => {
    const got = actual.bins[hour]!;
    expect(got.readingCount, `${label} hour ${hour} readingCount`).toBe(bin.readingCount);
    for (const key of ['p5', 'p25', 'p50', 'p75', 'p95'] as const) {
      expect(got.percentiles?.[key], `${label} hour ${hour} ${key}`).toBeCloseTo(
        bin.percentiles![key],
        DECIMALS,
      );
      expect(got.smoothedPercentiles?.[key], `${label} hour ${hour} smoothed ${key}`).toBeCloseTo(
        bin.smoothedPercentiles![key],
        DECIMALS,
      );
    }
  });
}
