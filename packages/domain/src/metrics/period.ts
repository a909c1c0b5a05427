import { isUsableSample, type GlucoseSample } from './glucose-sample.ts';

/** Milliseconds in a day of 24 hours. */
export const MS_PER_DAY = 86_400_000;

/** Milliseconds in a minute. */
export const MS_PER_MINUTE = 60_000;

/** A reporting period: the UTC instants `fromMs` (inclusive) to `toMs` (exclusive). */
export interface ReportPeriod {
  fromMs: number;
  toMs: number;
}

/**
 * Checks a reporting period and a sampling interval, throwing a RangeError that names the
 * value when `fromMs`/`toMs` are not finite or `toMs <= fromMs`, or when the interval is not
 * a finite number of minutes above 0.
 */
export function validatePeriod(period: ReportPeriod, sampleIntervalMinutes?: number): void {
  if (!Number.isFinite(period.fromMs) || !Number.isFinite(period.toMs)) {
    throw new RangeError(
      `Invalid period: fromMs ${period.fromMs} and toMs ${period.toMs} must be finite epoch ms.`,
    );
  }
  if (period.toMs <= period.fromMs) {
    throw new RangeError(
      `Invalid period: toMs ${period.toMs} must be after fromMs ${period.fromMs}.`,
    );
  }
  if (sampleIntervalMinutes !== undefined) {
    if (!Number.isFinite(sampleIntervalMinutes) || sampleIntervalMinutes <= 0) {
      throw new RangeError(
        `Invalid sampleIntervalMinutes ${sampleIntervalMinutes}: use the device's interval, ` +
          'for example 5 for Dexcom or 15 for Libre 2 historic data.',
      );
    }
  }
}

/** Returns the usable samples with `fromMs <= timeMs < toMs`, in input order. */
export function usableSamplesInPeriod(
  samples: readonly GlucoseSample[],
  period: ReportPeriod,
): GlucoseSample[] {
  return samples.filter(
    (sample) =>
      isUsableSample(sample) && sample.timeMs >= period.fromMs && sample.timeMs < period.toMs,
  );
}
