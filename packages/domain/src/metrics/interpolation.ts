import { glucoseValueForAverages, type GlucoseSample } from './glucose-sample.ts';
import { MS_PER_MINUTE } from './period.ts';

/** Glucose on a regular time grid; `valuesMgDl[i]` is at `startMs + i × stepMinutes`. */
export interface GlucoseGrid {
  /** UTC epoch ms of the first grid point, a multiple of the step since the epoch. */
  startMs: number;
  stepMinutes: number;
  /** Glucose in mg/dL, or null where a gap longer than the limit leaves no value. */
  valuesMgDl: (number | null)[];
}

/** Options of `interpolateToGrid`. */
export interface GridOptions {
  /** Grid spacing in minutes; 5 by default. */
  stepMinutes?: number;
  /** Maximum gap between readings in minutes that interpolation bridges; 45 by default. */
  maxGapMinutes?: number;
}

/** Default grid spacing, as in the R package iglu. */
export const DEFAULT_GRID_STEP_MINUTES = 5;

/** Default maximum gap to interpolate across, as in the R package iglu. */
export const DEFAULT_MAX_INTERPOLATION_GAP_MINUTES = 45;

interface TimedValue {
  timeMs: number;
  valueMgDl: number;
}

/**
 * Interpolates readings linearly onto a grid at whole multiples of `stepMinutes` since the
 * epoch, so a 5-minute grid sits on :00, :05, … of UTC and of every whole-hour offset. The grid
 * runs from the first grid point at or after the first reading to the last one at or before
 * the last reading. A grid point between two readings more than `maxGapMinutes` apart stays
 * null, the convention of the R package iglu (Broll et al., "Interpreting blood GLUcose data with R
 * package iglu", PLoS One 2021). `Low` and `High` count as their device threshold, and readings
 * at the same instant are averaged. Returns null when there are no usable readings.
 */
export function interpolateToGrid(
  samples: readonly GlucoseSample[],
  options: GridOptions = {},
): GlucoseGrid | null {
  const stepMinutes = options.stepMinutes ?? DEFAULT_GRID_STEP_MINUTES;
  const maxGapMs = (options.maxGapMinutes ?? DEFAULT_MAX_INTERPOLATION_GAP_MINUTES) * MS_PER_MINUTE;
  if (!Number.isFinite(stepMinutes) || stepMinutes <= 0) {
    throw new RangeError(
      `Invalid stepMinutes ${stepMinutes}: use a grid spacing above 0, such as 5.`,
    );
  }
  const stepMs = stepMinutes * MS_PER_MINUTE;

  const readings = mergeEqualTimes(samples);
  const first = readings[0];
  const last = readings[readings.length - 1];
  if (first === undefined || last === undefined) {
    return null;
  }

  const startMs = Math.ceil(first.timeMs / stepMs) * stepMs;
  const valuesMgDl: (number | null)[] = [];
  let right = 0;
  for (let gridMs = startMs; gridMs <= last.timeMs; gridMs += stepMs) {
    while ((readings[right] as TimedValue).timeMs < gridMs) {
      right += 1;
    }
    valuesMgDl.push(valueAt(gridMs, readings, right, maxGapMs));
  }
  return { startMs, stepMinutes, valuesMgDl };
}

/** Value at `gridMs`, where `readings[right]` is the first reading at or after it. */
function valueAt(
  gridMs: number,
  readings: readonly TimedValue[],
  right: number,
  maxGapMs: number,
): number | null {
  const after = readings[right] as TimedValue;
  if (after.timeMs === gridMs) {
    return after.valueMgDl;
  }
  const before = readings[right - 1];
  if (before === undefined || after.timeMs - before.timeMs > maxGapMs) {
    return null;
  }
  const fraction = (gridMs - before.timeMs) / (after.timeMs - before.timeMs);
  return before.valueMgDl + fraction * (after.valueMgDl - before.valueMgDl);
}

function mergeEqualTimes(samples: readonly GlucoseSample[]): TimedValue[] {
  const timed: TimedValue[] = [];
  for (const sample of samples) {
    const valueMgDl = glucoseValueForAverages(sample);
    if (valueMgDl !== null) {
      timed.push({ timeMs: sample.timeMs, valueMgDl });
    }
  }
  timed.sort((a, b) => a.timeMs - b.timeMs);

  const merged: TimedValue[] = [];
  let index = 0;
  while (index < timed.length) {
    const timeMs = (timed[index] as TimedValue).timeMs;
    let sum = 0;
    let count = 0;
    while (index < timed.length && (timed[index] as TimedValue).timeMs === timeMs) {
      sum += (timed[index] as TimedValue).valueMgDl;
      count += 1;
      index += 1;
    }
    merged.push({ timeMs, valueMgDl: sum / count });
  }
  return merged;
}
