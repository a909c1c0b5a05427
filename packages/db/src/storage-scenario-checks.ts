/**
 * Checks of the storage scenario: read results against the domain's metrics computed from raw
 * readings, and a table of periods that takes every path of the aggregate totals.
 */
import {
  computeGlucoseStatistics,
  type AmbulatoryGlucoseProfile,
  type GlucoseStatistics,
  type TimeInRanges,
} from '@phoenix/domain';
import { expect } from 'vitest';
import type { SqlClient } from './storage.ts';
import { readGlucoseTotals, statisticsFromTotals } from './storage-reads.ts';
import type { TestReading } from './storage-test-support.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MINUTE_MS = 60_000;

/**
 * Periods as [from, to) offsets from the start of a series of several days, one for each way
 * a period splits into raw rows, hours and whole UTC days.
 */
const EDGE_PERIODS: readonly { name: string; fromMs: number; toMs: number }[] = [
  {
    name: 'inside one hour',
    fromMs: 10 * HOUR_MS + 5 * MINUTE_MS,
    toMs: 10 * HOUR_MS + 40 * MINUTE_MS,
  },
  {
    name: 'across one hour boundary',
    fromMs: 10 * HOUR_MS + 40 * MINUTE_MS,
    toMs: 11 * HOUR_MS + 20 * MINUTE_MS,
  },
  {
    name: 'across midnight, no whole hour',
    fromMs: 23 * HOUR_MS + 40 * MINUTE_MS,
    toMs: DAY_MS + 20 * MINUTE_MS,
  },
  {
    name: 'whole hours inside one day',
    fromMs: 2 * HOUR_MS + 30 * MINUTE_MS,
    toMs: 20 * HOUR_MS + 10 * MINUTE_MS,
  },
  {
    name: 'whole hours across midnight',
    fromMs: 20 * HOUR_MS + 10 * MINUTE_MS,
    toMs: DAY_MS + 5 * HOUR_MS,
  },
  { name: 'whole days only', fromMs: DAY_MS, toMs: 3 * DAY_MS },
  {
    name: 'midnight to inside an hour',
    fromMs: DAY_MS,
    toMs: 2 * DAY_MS + 5 * HOUR_MS + 3 * MINUTE_MS,
  },
  // 22:30 to 00:30 in Kolkata: the second hour crosses a local midnight.
  { name: 'two hours to a half-hour midnight', fromMs: 17 * HOUR_MS, toMs: 19 * HOUR_MS },
  {
    name: 'the last day',
    fromMs: 4 * DAY_MS + HOUR_MS + 30 * MINUTE_MS,
    toMs: 4 * DAY_MS + 6 * HOUR_MS,
  },
];

/**
 * Compare the totals of every edge period of a patient's series starting at `startMs` with the
 * domain's statistics of `stored`, with days counted in UTC and in two zones (one with a
 * half-hour offset). The interval is fixed at `sampleIntervalMinutes`, because short periods
 * hold too few readings per hour to infer it. Run as a user who may read the patient.
 */
export async function checkEdgePeriods(
  client: SqlClient,
  patient: { patientId: string; startMs: number; sampleIntervalMinutes: number },
  stored: readonly TestReading[],
): Promise<void> {
  for (const edge of EDGE_PERIODS) {
    const period = { fromMs: patient.startMs + edge.fromMs, toMs: patient.startMs + edge.toMs };
    for (const timezone of [undefined, 'Europe/Helsinki', 'Asia/Kolkata']) {
      const totals = await readGlucoseTotals(
        client,
        patient.patientId,
        new Date(period.fromMs),
        new Date(period.toMs),
        { timezone },
      );
      const options = { ...period, sampleIntervalMinutes: patient.sampleIntervalMinutes };
      expectStatisticsClose(
        statisticsFromTotals(totals, options),
        computeGlucoseStatistics(stored, { ...options, timezone }),
        `${edge.name} (${timezone ?? 'UTC'})`,
      );
    }
  }
}

/** Counts must be equal; means, SDs and percents equal to 9 significant decimals. */
export function expectStatisticsClose(
  actual: GlucoseStatistics,
  expected: GlucoseStatistics,
  label = 'statistics',
): void {
  expect(actual.readingCount, label).toBe(expected.readingCount);
  expect(actual.outOfRangeCount, label).toEqual(expected.outOfRangeCount);
  expect(actual.sufficiency.daysWithData, label).toBe(expected.sufficiency.daysWithData);
  const expectedReadings = expected.sufficiency.expectedReadings;
  expect(actual.sufficiency.expectedReadings, label).toBeCloseTo(expectedReadings, 9);
  expect(actual.sufficiency.sufficient, label).toBe(expected.sufficiency.sufficient);
  for (const key of ['meanMgDl', 'sdMgDl', 'cvPercent', 'gmiPercent', 'gmiMmolMol'] as const) {
    expect(actual[key], `${label} ${key}`).toBeCloseTo(expected[key] as number, 9);
  }
  for (const [band, percent] of Object.entries(expected.timeInRanges ?? {})) {
    const actualPercent = actual.timeInRanges?.[band as keyof TimeInRanges];
    expect(actualPercent, `${label} ${band}`).toBeCloseTo(percent, 9);
  }
}

/** Check that bin counts are equal and percentiles equal to 9 significant decimals. */
export function expectAgpClose(
  actual: AmbulatoryGlucoseProfile,
  expected: AmbulatoryGlucoseProfile,
): void {
  expect(actual.readingCount).toBe(expected.readingCount);
  expected.bins.forEach((bin, hour) => {
    const got = actual.bins[hour]!;
    expect(got.readingCount, `hour ${hour}`).toBe(bin.readingCount);
    for (const key of ['p5', 'p25', 'p50', 'p75', 'p95'] as const) {
      expect(got.percentiles?.[key], `hour ${hour} ${key}`).toBeCloseTo(bin.percentiles![key], 9);
      expect(got.smoothedPercentiles?.[key], `hour ${hour} smoothed ${key}`).toBeCloseTo(
        bin.smoothedPercentiles![key],
        9,
      );
    }
  });
}
