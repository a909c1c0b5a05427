import { sampleStandardDeviation } from './descriptive.ts';
import type { GlucoseSample } from './glucose-sample.ts';
import { interpolateToGrid, type GlucoseGrid } from './interpolation.ts';
import { MS_PER_MINUTE } from './period.ts';
import { findTurningPoints } from './mage-turning-points.ts';

/**
 * Excursion direction that MAGE averages: `plus` for nadir-to-peak rises, `minus` for
 * peak-to-nadir falls, `avg` for the mean of both and `max` for the larger. `service` takes the
 * direction of the first counted excursion, as Service et al. (Diabetes 1970) counted by hand.
 */
export type MageDirection = 'avg' | 'service' | 'max' | 'plus' | 'minus';

/** Options of `computeMage`. */
export interface MageOptions {
  /** Points in the short moving average, on the 5-minute grid; 5 by default. */
  shortWindow?: number;
  /** Points in the long moving average, on the 5-minute grid; 32 by default. */
  longWindow?: number;
  /** Maximum gap in minutes that linear interpolation bridges; 45 by default. */
  interpolationGapMinutes?: number;
  /** Gaps without data longer than this many minutes split the trace; 180 by default. */
  segmentGapMinutes?: number;
  /** `avg` by default. */
  direction?: MageDirection;
}

/** MAGE of one stretch of trace between long gaps. */
export interface MageSegment {
  /** UTC epoch ms of the first and last grid point of the segment. */
  startMs: number;
  endMs: number;
  /** Mean nadir-to-peak amplitude in mg/dL; null when no rise reaches one SD. */
  magePlusMgDl: number | null;
  /** Mean peak-to-nadir amplitude in mg/dL; null when no fall reaches one SD. */
  mageMinusMgDl: number | null;
  /** Direction of the first counted excursion; null when none counted. */
  firstExcursion: 'plus' | 'minus' | null;
  /** The segment's MAGE in the chosen direction; null when it cannot be computed. */
  mageMgDl: number | null;
}

/** MAGE over the whole trace with its segments. */
export interface MageResult {
  /** Segment MAGE values weighted by segment duration; null when no segment has one. */
  mageMgDl: number | null;
  segments: MageSegment[];
}

const GRID_STEP_MINUTES = 5;

/**
 * Computes the mean amplitude of glycemic excursions (Service et al., Diabetes 1970) by the
 * moving-average method of Fernandes et al. ("Open-source algorithm to calculate mean
 * amplitude of glycemic excursions using short and long moving averages", J Diabetes Sci
 * Technol 2022), which the R package iglu implements:
 *
 * 1. Readings go onto a 5-minute grid by linear interpolation, not across gaps over 45 minutes.
 * 2. Runs of missing grid points longer than 180 minutes split the trace into segments, and
 *    each segment is measured on its own. Shorter gaps stay inside a segment as missing points.
 * 3. Crossings of a 5-point and a 32-point trailing moving average delimit the stretches in
 *    which one peak or one nadir is taken, from the glucose values themselves.
 * 4. An excursion counts when its amplitude is at least one sample SD of the segment's grid
 *    values. A peak (or nadir) ends once glucose moves back by more than one SD.
 * 5. The segment MAGE is taken in the chosen direction, and the overall MAGE is the mean of
 *    segment values weighted by segment duration.
 *
 * `Low` and `High` readings count as their device threshold. A segment with fewer grid values
 * than the long window gets no MAGE. Result values are in mg/dL.
 */
export function computeMage(
  samples: readonly GlucoseSample[],
  options: MageOptions = {},
): MageResult {
  const shortWindow = options.shortWindow ?? 5;
  const longWindow = options.longWindow ?? 32;
  if (!(
    Number.isInteger(shortWindow) &&
    Number.isInteger(longWindow) &&
    0 < shortWindow &&
    shortWindow < longWindow
  )) {
    throw new RangeError(
      `Invalid MAGE windows ${shortWindow} and ${longWindow}: use whole numbers with ` +
        '0 < shortWindow < longWindow, such as 5 and 32.',
    );
  }

  const grid = interpolateToGrid(samples, {
    stepMinutes: GRID_STEP_MINUTES,
    maxGapMinutes: options.interpolationGapMinutes ?? 45,
  });
  if (grid === null) {
    return { mageMgDl: null, segments: [] };
  }

  const direction = options.direction ?? 'avg';
  const segmentGapPoints = (options.segmentGapMinutes ?? 180) / GRID_STEP_MINUTES;
  const segments = splitAtLongGaps(grid, segmentGapPoints).map((range) =>
    measureSegment(grid, range, { shortWindow, longWindow, direction }),
  );
  return { mageMgDl: weightedMage(segments), segments };
}

interface IndexRange {
  first: number;
  last: number;
}

/**
 * Returns the index ranges between runs of more than `gapPoints` missing values, trimmed of
 * nulls at both ends.
 */
function splitAtLongGaps(grid: GlucoseGrid, gapPoints: number): IndexRange[] {
  const ranges: IndexRange[] = [];
  const values = grid.valuesMgDl;
  let first = -1;
  let lastPresent = -1;

  for (let index = 0; index < values.length; index += 1) {
    if (values[index] === null) {
      continue;
    }
    if (first >= 0 && index - lastPresent - 1 > gapPoints) {
      ranges.push({ first, last: lastPresent });
      first = index;
    }
    if (first < 0) {
      first = index;
    }
    lastPresent = index;
  }
  if (first >= 0) {
    ranges.push({ first, last: lastPresent });
  }
  return ranges;
}

function measureSegment(
  grid: GlucoseGrid,
  range: IndexRange,
  settings: { shortWindow: number; longWindow: number; direction: MageDirection },
): MageSegment {
  const stepMs = grid.stepMinutes * MS_PER_MINUTE;
  const values = grid.valuesMgDl.slice(range.first, range.last + 1);
  const present = values.filter((value): value is number => value !== null);
  const segment: MageSegment = {
    startMs: grid.startMs + range.first * stepMs,
    endMs: grid.startMs + range.last * stepMs,
    magePlusMgDl: null,
    mageMinusMgDl: null,
    firstExcursion: null,
    mageMgDl: null,
  };

  const sd = sampleStandardDeviation(present);
  // A flat segment (SD 0) has no excursions, not excursions of 0 mg/dL.
  if (present.length < settings.longWindow || sd === null || sd === 0) {
    return segment;
  }

  const extrema = findTurningPoints(values, settings.shortWindow, settings.longWindow);
  const rises = countExcursions(extrema, sd);
  const falls = countExcursions(
    extrema.map((value) => -value),
    sd,
  );

  segment.magePlusMgDl = meanAmplitude(rises);
  segment.mageMinusMgDl = meanAmplitude(falls);
  segment.firstExcursion = firstDirection(rises, falls);
  segment.mageMgDl = pickDirection(segment, settings.direction);
  return segment;
}

interface Excursion {
  amplitude: number;
  /** Position in the turning-point list where the excursion starts. */
  startPosition: number;
}

/**
 * Returns the rises of at least `sd` in the turning-point values, each from the lowest point to the
 * highest before glucose falls back by more than `sd`. A rise still open at the end counts.
 * Pass negated values to count falls.
 */
function countExcursions(values: readonly number[], sd: number): Excursion[] {
  const excursions: Excursion[] = [];
  let low = values[0] ?? 0;
  let lowPosition = 0;
  let high = Number.NEGATIVE_INFINITY;
  let rising = false;

  for (let position = 1; position < values.length; position += 1) {
    const value = values[position] as number;
    if (!rising) {
      if (value < low) {
        low = value;
        lowPosition = position;
      } else if (value - low >= sd) {
        rising = true;
        high = value;
      }
    } else if (value > high) {
      high = value;
    } else if (high - value > sd) {
      excursions.push({ amplitude: high - low, startPosition: lowPosition });
      rising = false;
      low = value;
      lowPosition = position;
    }
  }
  if (rising) {
    excursions.push({ amplitude: high - low, startPosition: lowPosition });
  }
  return excursions;
}

function meanAmplitude(excursions: readonly Excursion[]): number | null {
  if (excursions.length === 0) {
    return null;
  }
  let sum = 0;
  for (const excursion of excursions) {
    sum += excursion.amplitude;
  }
  return sum / excursions.length;
}

function firstDirection(
  rises: readonly Excursion[],
  falls: readonly Excursion[],
): 'plus' | 'minus' | null {
  const firstRise = rises[0];
  const firstFall = falls[0];
  if (firstRise === undefined) {
    return firstFall === undefined ? null : 'minus';
  }
  if (firstFall === undefined) {
    return 'plus';
  }
  return firstRise.startPosition <= firstFall.startPosition ? 'plus' : 'minus';
}

function pickDirection(segment: MageSegment, direction: MageDirection): number | null {
  const plus = segment.magePlusMgDl;
  const minus = segment.mageMinusMgDl;
  if (direction === 'plus') {
    return plus;
  }
  if (direction === 'minus') {
    return minus;
  }
  if (direction === 'service') {
    return segment.firstExcursion === 'plus' ? plus : minus;
  }

  // `max` and `avg` fall back to the one direction that has excursions.
  if (plus === null) {
    return minus;
  }
  if (minus === null) {
    return plus;
  }
  return direction === 'max' ? Math.max(plus, minus) : (plus + minus) / 2;
}

function weightedMage(segments: readonly MageSegment[]): number | null {
  let weightedSum = 0;
  let totalMs = 0;
  for (const segment of segments) {
    if (segment.mageMgDl !== null) {
      const durationMs = segment.endMs - segment.startMs;
      weightedSum += segment.mageMgDl * durationMs;
      totalMs += durationMs;
    }
  }
  return totalMs > 0 ? weightedSum / totalMs : null;
}
