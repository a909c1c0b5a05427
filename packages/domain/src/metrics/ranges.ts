import { mgDlToMmolL } from '../units.ts';
import { isUsableSample, type GlucoseSample } from './glucose-sample.ts';

/**
 * The five consensus glucose bands (Battelino et al., "Clinical Targets for Continuous Glucose
 * Monitoring Data Interpretation", Diabetes Care 2019).
 */
export type GlucoseBand = 'veryLow' | 'low' | 'target' | 'high' | 'veryHigh';

/** The bands from lowest to highest glucose. */
export const GLUCOSE_BANDS: readonly GlucoseBand[] = [
  'veryLow',
  'low',
  'target',
  'high',
  'veryHigh',
];

/**
 * Band limits in mg/dL (3.0, 3.9, 10.0 and 13.9 mmol/L). The consensus states them on integer
 * mg/dL ("54–69", "181–250"); here they are defined on the continuous value so that a
 * fractional value from a mmol/L source always falls in exactly one band:
 * very low g < 54, low 54 <= g < 70, target 70 <= g <= 180, high 180 < g <= 250,
 * very high g > 250.
 */
export const GLUCOSE_BAND_LIMITS_MG_DL = {
  veryLowBelow: 54,
  lowBelow: 70,
  targetMax: 180,
  highMax: 250,
} as const;

/** Band limits in mmol/L (Battelino et al., 2019), inclusive as for mg/dL. */
export const GLUCOSE_BAND_LIMITS_MMOL_L = {
  veryLowBelow: 3.0,
  lowBelow: 3.9,
  targetMax: 10.0,
  highMax: 13.9,
} as const;

/**
 * Unit whose band limits classify glucose. Values are always passed in mg/dL. With `mmol/L`,
 * a value is converted to mmol/L and rounded to one decimal, as the meter shows it, and then
 * compared with 3.0, 3.9, 10.0 and 13.9 mmol/L. So 10.0 mmol/L (180.16 mg/dL) is in target for
 * a mmol/L patient although it is above 180 mg/dL.
 */
export type BandUnit = 'mg/dL' | 'mmol/L';

/** Percent of readings (or of time) in each band. Each field is 0..100. */
export interface TimeInRanges {
  /** g < 54 mg/dL. */
  veryLowPercent: number;
  /** 54 <= g < 70 mg/dL. */
  lowPercent: number;
  /** 70 <= g <= 180 mg/dL. */
  targetPercent: number;
  /** 180 < g <= 250 mg/dL. */
  highPercent: number;
  /** g > 250 mg/dL. */
  veryHighPercent: number;
  /** g < 70 mg/dL, the sum of very low and low. */
  below70Percent: number;
  /** g > 180 mg/dL, the sum of high and very high. */
  above180Percent: number;
}

/** Counts (or weights) per band. */
export type BandTotals = Record<GlucoseBand, number>;

/**
 * Returns the band of a glucose value in mg/dL. With `unit` `mg/dL` (the default) the limits of
 * `GLUCOSE_BAND_LIMITS_MG_DL` apply to the unrounded value; with `mmol/L` see `BandUnit`.
 */
export function classifyGlucoseMgDl(valueMgDl: number, unit: BandUnit = 'mg/dL'): GlucoseBand {
  if (unit === 'mmol/L') {
    const shownMmolL = Math.round(mgDlToMmolL(valueMgDl) * 10) / 10;
    return classifyByLimits(shownMmolL, GLUCOSE_BAND_LIMITS_MMOL_L);
  }
  return classifyByLimits(valueMgDl, GLUCOSE_BAND_LIMITS_MG_DL);
}

function classifyByLimits(
  value: number,
  limits: { veryLowBelow: number; lowBelow: number; targetMax: number; highMax: number },
): GlucoseBand {
  if (value < limits.veryLowBelow) {
    return 'veryLow';
  }
  if (value < limits.lowBelow) {
    return 'low';
  }
  if (value <= limits.targetMax) {
    return 'target';
  }
  if (value <= limits.highMax) {
    return 'high';
  }
  return 'veryHigh';
}

/**
 * Returns the band of a sample. A `Low` reading is very low and a `High` reading is very high,
 * whatever its device threshold, because sensors report `Low` only below their lower limit
 * (40 mg/dL on Dexcom and Libre) and `High` only above their upper limit (400 or 500 mg/dL).
 * Returns null for a sample that `isUsableSample` rejects.
 */
export function classifyGlucoseSample(
  sample: GlucoseSample,
  unit: BandUnit = 'mg/dL',
): GlucoseBand | null {
  if (!isUsableSample(sample)) {
    return null;
  }
  if (sample.outOfRange === 'low') {
    return 'veryLow';
  }
  if (sample.outOfRange === 'high') {
    return 'veryHigh';
  }
  return classifyGlucoseMgDl(sample.valueMgDl as number, unit);
}

/** Returns band totals with every band at 0. */
export function emptyBandTotals(): BandTotals {
  return { veryLow: 0, low: 0, target: 0, high: 0, veryHigh: 0 };
}

/**
 * Converts band totals (reading counts or minutes) to percents. Returns null when the totals
 * add up to 0. The five band percents add up to 100 up to floating-point rounding.
 */
export function timeInRangesFromTotals(totals: BandTotals): TimeInRanges | null {
  const sum = totals.veryLow + totals.low + totals.target + totals.high + totals.veryHigh;
  if (!(sum > 0)) {
    return null;
  }
  const percent = (part: number): number => (100 * part) / sum;

  return {
    veryLowPercent: percent(totals.veryLow),
    lowPercent: percent(totals.low),
    targetPercent: percent(totals.target),
    highPercent: percent(totals.high),
    veryHighPercent: percent(totals.veryHigh),
    below70Percent: percent(totals.veryLow + totals.low),
    above180Percent: percent(totals.high + totals.veryHigh),
  };
}

/**
 * Computes time in ranges as the percent of readings in each band (the counting method of the
 * consensus and of the iglu package). Returns null when no sample is usable. `unit` selects
 * the band limits (see `BandUnit`).
 * `computeTimeWeightedTimeInRanges` weights each reading by its interval instead.
 */
export function computeTimeInRanges(
  samples: readonly GlucoseSample[],
  unit: BandUnit = 'mg/dL',
): TimeInRanges | null {
  const totals = emptyBandTotals();
  for (const sample of samples) {
    const band = classifyGlucoseSample(sample, unit);
    if (band !== null) {
      totals[band] += 1;
    }
  }
  return timeInRangesFromTotals(totals);
}
