import { mgDlToMmolL } from '../units.ts';
import { isUsableSample, type GlucoseSample } from './glucose-sample.ts';
import type { BandUnit } from './ranges.ts';

/**
 * Range limits for pregnancy with type 1 diabetes (Battelino et al., Diabetes Care 2019):
 * 63–140 mg/dL (3.5–7.8 mmol/L), with 54 mg/dL (3.0 mmol/L) for level 2 lows.
 * On the continuous value: below 54 is g < 54, below 63 is g < 63 (it includes below 54),
 * in range is 63 <= g <= 140, above 140 is g > 140.
 */
export const PREGNANCY_RANGE_LIMITS_MG_DL = { below54: 54, rangeMin: 63, rangeMax: 140 } as const;

/** The same limits in mmol/L, applied to values rounded to one decimal (see `BandUnit`). */
export const PREGNANCY_RANGE_LIMITS_MMOL_L = {
  below54: 3.0,
  rangeMin: 3.5,
  rangeMax: 7.8,
} as const;

/** Percent of readings in the pregnancy ranges, each 0..100. */
export interface PregnancyTimeInRanges {
  /** g < 54 mg/dL. */
  below54Percent: number;
  /** g < 63 mg/dL, including below 54. */
  below63Percent: number;
  /** 63 <= g <= 140 mg/dL. */
  targetPercent: number;
  /** g > 140 mg/dL. */
  above140Percent: number;
}

/**
 * Computes time in the pregnancy ranges as the percent of readings (counting method). A `Low`
 * counts below 54 and a `High` above 140. Returns null when no sample is usable.
 */
export function computePregnancyTimeInRanges(
  samples: readonly GlucoseSample[],
  unit: BandUnit = 'mg/dL',
): PregnancyTimeInRanges | null {
  let total = 0;
  let below54 = 0;
  let below63 = 0;
  let above140 = 0;

  for (const sample of samples) {
    if (!isUsableSample(sample)) {
      continue;
    }
    total += 1;
    const position = pregnancyPosition(sample, unit);
    if (position === 'below54') {
      below54 += 1;
      below63 += 1;
    } else if (position === 'below63') {
      below63 += 1;
    } else if (position === 'above140') {
      above140 += 1;
    }
  }

  if (total === 0) {
    return null;
  }
  return {
    below54Percent: (100 * below54) / total,
    below63Percent: (100 * below63) / total,
    targetPercent: (100 * (total - below63 - above140)) / total,
    above140Percent: (100 * above140) / total,
  };
}

type PregnancyPosition = 'below54' | 'below63' | 'target' | 'above140';

function pregnancyPosition(sample: GlucoseSample, unit: BandUnit): PregnancyPosition {
  if (sample.outOfRange === 'low') {
    return 'below54';
  }
  if (sample.outOfRange === 'high') {
    return 'above140';
  }
  const valueMgDl = sample.valueMgDl as number;
  const value = unit === 'mmol/L' ? Math.round(mgDlToMmolL(valueMgDl) * 10) / 10 : valueMgDl;
  const limits = unit === 'mmol/L' ? PREGNANCY_RANGE_LIMITS_MMOL_L : PREGNANCY_RANGE_LIMITS_MG_DL;

  if (value < limits.below54) {
    return 'below54';
  }
  if (value < limits.rangeMin) {
    return 'below63';
  }
  if (value <= limits.rangeMax) {
    return 'target';
  }
  return 'above140';
}
