import type { GlucoseSample } from './glucose-sample.ts';
import { MS_PER_DAY, MS_PER_MINUTE, usableSamplesInPeriod, validatePeriod } from './period.ts';
import { timeZoneOffsetMinutes } from '../time.ts';

/**
 * Reading intervals of common CGM systems, in minutes: Dexcom G6 and G7 and Libre 3 report
 * every 5 minutes, and Libre 2 stores one historic reading every 15 minutes.
 */
export const CGM_SAMPLE_INTERVAL_MINUTES = {
  dexcom: 5,
  libre2Historic: 15,
  libre3: 5,
} as const;

/** Minimum report length in days (Battelino et al., Diabetes Care 2019). */
export const MIN_SUFFICIENT_PERIOD_DAYS = 14;

/** Minimum share of expected readings present, in percent (Battelino et al., 2019). */
export const MIN_SUFFICIENT_PRESENT_PERCENT = 70;

/** Amount of CGM data in a period, and whether it is enough for a report. */
export interface DataSufficiency {
  /** Period length in days, (toMs - fromMs) / 86,400,000. */
  periodDays: number;
  /**
   * Distinct calendar days containing at least one reading: local days in `timezone` when
   * it is given, UTC days otherwise.
   */
  daysWithData: number;
  /** Period length divided by the sampling interval; fractional when they do not divide. */
  expectedReadings: number;
  /** 100 × readings / expected readings, capped at 100. */
  presentPercent: number;
  /** Period of at least 14 days with at least 70% of expected readings present. */
  sufficient: boolean;
}

/** Options of `computeDataSufficiency`. */
export interface SufficiencyOptions {
  /** Period start, UTC epoch ms, inclusive. */
  fromMs: number;
  /** Period end, UTC epoch ms, exclusive. */
  toMs: number;
  /** The device's reading interval in minutes; see `CGM_SAMPLE_INTERVAL_MINUTES`. */
  sampleIntervalMinutes: number;
  /** IANA zone of the patient, so days with data are the patient's local days. */
  timezone?: string;
}

/**
 * Measures how much CGM data a period contains, by the rule of Battelino et al. (Diabetes Care
 * 2019): a report needs 14 days with at least 70% of the expected readings.
 *
 * Counts usable samples (see `isUsableSample`) in `fromMs <= timeMs < toMs`, `Low` and `High`
 * readings included. Duplicate readings count twice, so pass de-duplicated samples; for data
 * mixed from devices with different intervals use `computeCgmActivePercent`.
 * Throws a RangeError for an empty or invalid period or a sampling interval that is not above 0.
 */
export function computeDataSufficiency(
  samples: readonly GlucoseSample[],
  options: SufficiencyOptions,
): DataSufficiency {
  validatePeriod(options, options.sampleIntervalMinutes);
  const inPeriod = usableSamplesInPeriod(samples, options);
  return sufficiencyFromCount(inPeriod, options);
}

/** Computes the sufficiency of samples that are already usable and inside the period. */
export function sufficiencyFromCount(
  inPeriod: readonly GlucoseSample[],
  options: SufficiencyOptions,
): DataSufficiency {
  const periodMs = options.toMs - options.fromMs;
  const periodDays = periodMs / MS_PER_DAY;
  const expectedReadings = periodMs / (options.sampleIntervalMinutes * MS_PER_MINUTE);
  const presentPercent = Math.min(100, (100 * inPeriod.length) / expectedReadings);

  const days = new Set<number>();
  for (const sample of inPeriod) {
    const offsetMs = options.timezone
      ? timeZoneOffsetMinutes(options.timezone, sample.timeMs) * MS_PER_MINUTE
      : 0;
    days.add(Math.floor((sample.timeMs + offsetMs) / MS_PER_DAY));
  }

  return {
    periodDays,
    daysWithData: days.size,
    expectedReadings,
    presentPercent,
    sufficient:
      periodDays >= MIN_SUFFICIENT_PERIOD_DAYS && presentPercent >= MIN_SUFFICIENT_PRESENT_PERCENT,
  };
}
