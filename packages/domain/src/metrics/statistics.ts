import {
  coefficientOfVariationPercent,
  collectValuesForAverages,
  mean,
  sampleStandardDeviation,
} from './descriptive.ts';
import type { GlucoseSample } from './glucose-sample.ts';
import { gmiMmolMolFromMeanMgDl, gmiPercentFromMeanMgDl } from './glucose-indicators.ts';
import { usableSamplesInPeriod, validatePeriod } from './period.ts';
import { computeTimeInRanges, type BandUnit, type TimeInRanges } from './ranges.ts';
import {
  sufficiencyFromCount,
  type DataSufficiency,
  type SufficiencyOptions,
} from './sufficiency.ts';

/** Summary CGM statistics of one period. All glucose values are mg/dL; nothing is rounded. */
export interface GlucoseStatistics {
  /** Usable readings in the period, `Low` and `High` included. */
  readingCount: number;
  /** `Low` and `High` readings, each replaced by its device threshold in mean, SD, CV and GMI. */
  outOfRangeCount: { low: number; high: number };
  /** Mean glucose in mg/dL; null when there are no readings. */
  meanMgDl: number | null;
  /** Sample standard deviation (n - 1) in mg/dL; null for fewer than 2 readings. */
  sdMgDl: number | null;
  /** Coefficient of variation, 100 × SD / mean, in percent; null when SD is null. */
  cvPercent: number | null;
  /** GMI in percent, 3.31 + 0.02392 × mean mg/dL (Bergenstal et al. 2018); null if no readings. */
  gmiPercent: number | null;
  /** GMI in mmol/mol, 12.71 + 4.70587 × mean mmol/L; null without readings. */
  gmiMmolMol: number | null;
  /** Percent of readings in each consensus band; null when there are no readings. */
  timeInRanges: TimeInRanges | null;
  sufficiency: DataSufficiency;
}

/** Options of `computeGlucoseStatistics`. */
export interface GlucoseStatisticsOptions extends SufficiencyOptions {
  /** Unit whose band limits classify time in ranges; `mg/dL` by default (see `BandUnit`). */
  unit?: BandUnit;
}

/**
 * Computes the summary CGM statistics of the international consensus (Battelino et al.,
 * Diabetes Care 2019) for the readings in `fromMs <= timeMs < toMs`.
 *
 * Out-of-range readings count in their band (a `Low` is below 54 and a `High` above 250 mg/dL).
 * In mean, SD, CV and GMI each counts as its device threshold (40 or 400 mg/dL on Dexcom, 40 and
 * 400 when the threshold is missing), the convention of Dexcom Clarity and the consensus
 * reports. `outOfRangeCount` counts the replaced readings. Time in ranges counts readings, so a
 * 15-minute reading weighs as much as a 5-minute one; see `computeTimeWeightedTimeInRanges`.
 * Samples with neither a value above 0 nor an out-of-range flag are skipped. Samples are in
 * mg/dL; convert mmol/L sources with `glucoseSamplesFromMmolL`.
 *
 * Throws a RangeError when `toMs <= fromMs` or `sampleIntervalMinutes` is not above 0.
 */
export function computeGlucoseStatistics(
  samples: readonly GlucoseSample[],
  options: GlucoseStatisticsOptions,
): GlucoseStatistics {
  validatePeriod(options, options.sampleIntervalMinutes);
  const inPeriod = usableSamplesInPeriod(samples, options);

  const { valuesMgDl, substituted } = collectValuesForAverages(inPeriod);
  const meanMgDl = mean(valuesMgDl);
  const sdMgDl = sampleStandardDeviation(valuesMgDl);

  return {
    readingCount: valuesMgDl.length,
    outOfRangeCount: substituted,
    meanMgDl,
    sdMgDl,
    cvPercent: coefficientOfVariationPercent(sdMgDl, meanMgDl),
    gmiPercent: gmiPercentFromMeanMgDl(meanMgDl),
    gmiMmolMol: gmiMmolMolFromMeanMgDl(meanMgDl),
    timeInRanges: computeTimeInRanges(inPeriod, options.unit),
    sufficiency: sufficiencyFromCount(inPeriod, options),
  };
}
