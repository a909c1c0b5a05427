import { sortUsableSamples, type GlucoseSample } from './glucose-sample.ts';
import {
  MS_PER_MINUTE,
  usableSamplesInPeriod,
  validatePeriod,
  type ReportPeriod,
} from './period.ts';
import {
  classifyGlucoseSample,
  emptyBandTotals,
  timeInRangesFromTotals,
  type BandUnit,
  type TimeInRanges,
} from './ranges.ts';

/** A usable sample with the minutes of CGM time that it represents. */
export interface WeightedSample {
  sample: GlucoseSample;
  /** Minutes from this reading to the next one, at most the device interval. */
  weightMinutes: number;
}

/** Options of the time-weighted metrics. */
export interface TimeWeightOptions {
  /**
   * The device's reading interval in minutes (5 for Dexcom, 15 for Libre 2 historic data), so
   * the maximum time that one reading represents. For data mixed from several devices pass the
   * longest interval, because a reading of a faster device is weighted by the shorter time to
   * its next reading anyway.
   */
  maxIntervalMinutes: number;
  /** When set, the last reading represents no time beyond this instant (UTC epoch ms). */
  toMs?: number;
}

/**
 * Weights each usable sample by the time to the next one, capped at `maxIntervalMinutes`, as
 * Tidepool weights readings by their sampling interval. The last reading gets the full cap.
 * Of readings at the same instant only the last one gets a weight above 0, so duplicates do
 * not count twice. Returns samples sorted by time.
 * Throws a RangeError when `maxIntervalMinutes` is not above 0.
 */
export function weightSamplesByInterval(
  samples: readonly GlucoseSample[],
  options: TimeWeightOptions,
): WeightedSample[] {
  validateInterval(options.maxIntervalMinutes);
  const sorted = sortUsableSamples(samples);
  const capMs = options.maxIntervalMinutes * MS_PER_MINUTE;

  return sorted.map((sample, index) => {
    const next = sorted[index + 1];
    let endMs = next === undefined ? sample.timeMs + capMs : next.timeMs;
    if (options.toMs !== undefined) {
      endMs = Math.min(endMs, options.toMs);
    }
    const coveredMs = Math.max(0, Math.min(endMs - sample.timeMs, capMs));
    return { sample, weightMinutes: coveredMs / MS_PER_MINUTE };
  });
}

function validateInterval(minutes: number): void {
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new RangeError(
      `Invalid maxIntervalMinutes ${minutes}: use the device's reading interval in minutes, ` +
        'for example 5 or 15.',
    );
  }
}

/**
 * Computes time in ranges as the percent of CGM time in each band, each reading weighted by
 * `weightSamplesByInterval`. It equals the counting method of `computeTimeInRanges` for
 * readings at a steady interval and corrects it when intervals differ, for example when
 * 15-minute Libre data and 5-minute Dexcom data are combined. Returns null without readings.
 */
export function computeTimeWeightedTimeInRanges(
  samples: readonly GlucoseSample[],
  options: TimeWeightOptions & { unit?: BandUnit },
): TimeInRanges | null {
  const totals = emptyBandTotals();
  for (const { sample, weightMinutes } of weightSamplesByInterval(samples, options)) {
    const band = classifyGlucoseSample(sample, options.unit);
    if (band !== null) {
      totals[band] += weightMinutes;
    }
  }
  return timeInRangesFromTotals(totals);
}

/**
 * Computes the percent of the period covered by CGM readings ("% time CGM active" on the AGP
 * report): the weights of `weightSamplesByInterval` for readings in
 * `fromMs <= timeMs < toMs`, divided by the period length. Unlike a count of readings, it
 * stays correct for mixed sampling intervals. Throws a RangeError for an invalid period or interval.
 */
export function computeCgmActivePercent(
  samples: readonly GlucoseSample[],
  options: ReportPeriod & { maxIntervalMinutes: number },
): number {
  validatePeriod(options, options.maxIntervalMinutes);
  const inPeriod = usableSamplesInPeriod(samples, options);
  const weighted = weightSamplesByInterval(inPeriod, options);

  let coveredMinutes = 0;
  for (const { weightMinutes } of weighted) {
    coveredMinutes += weightMinutes;
  }
  const periodMinutes = (options.toMs - options.fromMs) / MS_PER_MINUTE;
  return Math.min(100, (100 * coveredMinutes) / periodMinutes);
}
