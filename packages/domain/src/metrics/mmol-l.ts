import { mgDlToMmolL, mmolLToMgDl } from '../units.ts';
import type { GlucoseSample } from './glucose-sample.ts';
import type { GlucoseStatistics } from './statistics.ts';

/** One CGM reading from a mmol/L source, before conversion to a `GlucoseSample`. */
export interface MmolLGlucoseSample {
  /** UTC epoch milliseconds. */
  timeMs: number;
  /** Glucose in mmol/L; null when the reading is out of range. */
  valueMmolL: number | null;
  outOfRange: 'low' | 'high' | null;
  /** The device's reporting limit in mmol/L (for example 2.2 or 27.8), set with `outOfRange`. */
  thresholdMmolL: number | null;
}

/**
 * Converts mmol/L readings to the mg/dL samples that every metric takes (× 18.01559), so the
 * metrics work unchanged for mmol/L sources. Pass `unit: 'mmol/L'` to the range functions as
 * well, so that band limits follow the mmol/L convention (see `BandUnit`).
 */
export function glucoseSamplesFromMmolL(samples: readonly MmolLGlucoseSample[]): GlucoseSample[] {
  return samples.map((sample) => ({
    timeMs: sample.timeMs,
    valueMgDl: sample.valueMmolL === null ? null : mmolLToMgDl(sample.valueMmolL),
    outOfRange: sample.outOfRange,
    thresholdMgDl: sample.thresholdMmolL === null ? null : mmolLToMgDl(sample.thresholdMmolL),
  }));
}

/** Converts a nullable glucose value from mg/dL to mmol/L, unrounded. */
export function nullableMgDlToMmolL(valueMgDl: number | null): number | null {
  return valueMgDl === null ? null : mgDlToMmolL(valueMgDl);
}

/** `GlucoseStatistics` with mean and SD in mmol/L; unitless fields are unchanged. */
export interface GlucoseStatisticsMmolL extends Omit<GlucoseStatistics, 'meanMgDl' | 'sdMgDl'> {
  /** Mean glucose in mmol/L, unrounded; null when there are no readings. */
  meanMmolL: number | null;
  /** Sample standard deviation in mmol/L, unrounded; null for fewer than 2 readings. */
  sdMmolL: number | null;
}

/**
 * Presents statistics in mmol/L for display. CV, GMI and time in ranges have no glucose unit
 * and stay as they are; round only when you display the numbers.
 */
export function presentGlucoseStatisticsInMmolL(
  statistics: GlucoseStatistics,
): GlucoseStatisticsMmolL {
  const { meanMgDl, sdMgDl, ...unitless } = statistics;
  return {
    ...unitless,
    meanMmolL: nullableMgDlToMmolL(meanMgDl),
    sdMmolL: nullableMgDlToMmolL(sdMgDl),
  };
}
