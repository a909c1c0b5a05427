import { collectValuesForAverages, mean, sampleStandardDeviation } from './descriptive.ts';
import type { GlucoseSample } from './glucose-sample.ts';
import { interpolateToGrid, type GlucoseGrid, type GridOptions } from './interpolation.ts';

/**
 * Computes the J-index, 0.001 × (mean + SD)² with mean and sample SD in mg/dL (Wojcicki,
 * "J-index. A new proposition of the assessment of current glucose control in diabetic
 * patients", Horm Metab Res 1995). `Low` and `High` count as their device threshold.
 * Returns null for fewer than 2 readings.
 */
export function computeJIndex(samples: readonly GlucoseSample[]): number | null {
  const { valuesMgDl } = collectValuesForAverages(samples);
  const average = mean(valuesMgDl);
  const sd = sampleStandardDeviation(valuesMgDl);
  if (average === null || sd === null) {
    return null;
  }
  return 0.001 * (average + sd) ** 2;
}

/**
 * Computes the mean of daily differences in mg/dL (Molnar et al., Diabetologia 1972): the
 * mean of |G(t) − G(t − 24 h)| over the grid points of `interpolateToGrid` (5 minutes, no
 * line across gaps over 45 minutes by default) where both values exist. The 24 hours are
 * elapsed time, so across a daylight-saving change the pairs are 23 or 25 local hours apart.
 * Returns null when no pair exists, for example with less than a day of data.
 */
export function computeModd(
  samples: readonly GlucoseSample[],
  options: GridOptions = {},
): number | null {
  const grid = interpolateToGrid(samples, options);
  if (grid === null) {
    return null;
  }
  const differences = laggedDifferences(grid, 24 * 60);
  let sum = 0;
  for (const difference of differences) {
    sum += Math.abs(difference);
  }
  return differences.length === 0 ? null : sum / differences.length;
}

/**
 * Computes CONGA(n), the continuous overall net glycemic action (McDonnell et al., "A novel
 * approach to continuous glucose analysis utilizing glycemic variation", Diabetes Technol
 * Ther 2005): the sample SD in mg/dL of G(t) − G(t − n hours) over the grid points of
 * `interpolateToGrid` where both values exist. `hours` defaults to 1; n × 60 must be a whole
 * multiple of the grid step. Returns null for fewer than 2 differences.
 */
export function computeConga(
  samples: readonly GlucoseSample[],
  hours = 1,
  options: GridOptions = {},
): number | null {
  const grid = interpolateToGrid(samples, options);
  if (grid === null) {
    return null;
  }
  return sampleStandardDeviation(laggedDifferences(grid, hours * 60));
}

/** G(t) − G(t − lag) for every grid point where both exist. */
function laggedDifferences(grid: GlucoseGrid, lagMinutes: number): number[] {
  const lagSteps = lagMinutes / grid.stepMinutes;
  if (!Number.isInteger(lagSteps) || lagSteps <= 0) {
    throw new RangeError(
      `Invalid lag of ${lagMinutes} minutes: it must be a positive whole multiple of the ` +
        `${grid.stepMinutes}-minute grid step.`,
    );
  }

  const differences: number[] = [];
  for (let index = lagSteps; index < grid.valuesMgDl.length; index += 1) {
    const current = grid.valuesMgDl[index];
    const earlier = grid.valuesMgDl[index - lagSteps];
    if (current !== null && current !== undefined && earlier !== null && earlier !== undefined) {
      differences.push(current - earlier);
    }
  }
  return differences;
}
