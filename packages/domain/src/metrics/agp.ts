import { glucoseValueForAverages, type GlucoseSample } from './glucose-sample.ts';
import { createLocalClock } from './local-clock.ts';
import { percentileOfSorted } from './percentile.ts';
import { usableSamplesInPeriod, validatePeriod, type ReportPeriod } from './period.ts';

/** Percentiles drawn on the AGP: median line, 25–75 inner band and 5–95 outer band. */
export interface AgpPercentiles {
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/** One time-of-day bin of the AGP. Minutes are local wall-clock minutes since midnight. */
export interface AgpBin {
  /** First minute of the bin, inclusive. */
  startMinute: number;
  /** Last minute of the bin, exclusive. */
  endMinute: number;
  readingCount: number;
  /** Percentiles in mg/dL of the bin's readings; null for an empty bin. */
  percentiles: AgpPercentiles | null;
  /** The same after 1-4-1 smoothing across neighbouring bins; null for an empty bin. */
  smoothedPercentiles: AgpPercentiles | null;
}

/** The ambulatory glucose profile of a period. */
export interface AmbulatoryGlucoseProfile {
  binMinutes: number;
  readingCount: number;
  bins: AgpBin[];
}

/** Options of `computeAgp`. */
export interface AgpOptions extends ReportPeriod {
  /** IANA zone of the patient; times of day are local wall-clock times there. */
  timezone: string;
  /** Bin width in minutes; 60 (hourly, as Tidepool's AGP) by default. Must divide 1440. */
  binMinutes?: number;
}

const AGP_PERCENT_KEYS = [
  [5, 'p5'],
  [25, 'p25'],
  [50, 'p50'],
  [75, 'p75'],
  [95, 'p95'],
] as const;

/**
 * Computes the ambulatory glucose profile (Bergenstal et al., "Recommendations for standardizing
 * glucose reporting and analysis to optimize clinical decision making in diabetes: the
 * Ambulatory Glucose Profile", J Diabetes Sci Technol 2013): the 5th, 25th, 50th, 75th and 95th
 * percentiles of the readings in `fromMs <= timeMs < toMs` by local time of day, as if all days
 * happened in one.
 *
 * Readings fall into bins by local wall-clock time, hourly by default, so the repeated autumn
 * hour adds two hours of readings to its bins and the skipped spring hour adds none.
 * Percentiles interpolate linearly (see `percentileOfSorted`). Each percentile series is then
 * smoothed with weights 1-4-1 over the previous, same and next bin, wrapping across midnight,
 * as Tidepool's open AGP rendering (tidepool-org/viz, `AGPUtils.js`) does. An empty neighbour
 * drops out of the weights.
 * `Low` and `High` readings count as their device threshold. Values are in mg/dL.
 *
 * Throws a RangeError for an invalid period or bin width and `InvalidTimeZoneError` for an
 * unknown zone.
 */
export function computeAgp(
  samples: readonly GlucoseSample[],
  options: AgpOptions,
): AmbulatoryGlucoseProfile {
  validatePeriod(options);
  const binMinutes = options.binMinutes ?? 60;
  if (!Number.isInteger(binMinutes) || binMinutes <= 0 || 1440 % binMinutes !== 0) {
    throw new RangeError(
      `Invalid binMinutes ${binMinutes}: use a whole number of minutes that divides 1440, ` +
        'such as 5, 15 or 60.',
    );
  }

  const clock = createLocalClock(options.timezone);
  const binCount = 1440 / binMinutes;
  const binValues: number[][] = Array.from({ length: binCount }, () => []);
  let readingCount = 0;

  for (const sample of usableSamplesInPeriod(samples, options)) {
    const binIndex = Math.floor(clock(sample.timeMs).minuteOfDay / binMinutes);
    (binValues[binIndex] as number[]).push(glucoseValueForAverages(sample) as number);
    readingCount += 1;
  }

  const percentiles = binValues.map(binPercentiles);
  const smoothed = smoothAcrossBins(percentiles);
  const bins = percentiles.map((binPercentile, index) => ({
    startMinute: index * binMinutes,
    endMinute: (index + 1) * binMinutes,
    readingCount: (binValues[index] as number[]).length,
    percentiles: binPercentile,
    smoothedPercentiles: smoothed[index] ?? null,
  }));
  return { binMinutes, readingCount, bins };
}

function binPercentiles(values: number[]): AgpPercentiles | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const result = { p5: 0, p25: 0, p50: 0, p75: 0, p95: 0 };
  for (const [percent, key] of AGP_PERCENT_KEYS) {
    result[key] = percentileOfSorted(sorted, percent) as number;
  }
  return result;
}

/** Smooths each percentile series with weights 1-4-1, wrapping across midnight. */
export function smoothAcrossBins(
  series: readonly (AgpPercentiles | null)[],
): (AgpPercentiles | null)[] {
  const count = series.length;
  return series.map((center, index) => {
    if (center === null) {
      return null;
    }
    const previous = series[(index - 1 + count) % count] ?? null;
    const next = series[(index + 1) % count] ?? null;
    const result = { p5: 0, p25: 0, p50: 0, p75: 0, p95: 0 };

    for (const [, key] of AGP_PERCENT_KEYS) {
      let sum = 4 * center[key];
      let weight = 4;
      for (const neighbour of [previous, next]) {
        if (neighbour !== null) {
          sum += neighbour[key];
          weight += 1;
        }
      }
      result[key] = sum / weight;
    }
    return result;
  });
}
