import { MG_DL_PER_MMOL_L } from '../units.ts';

/**
 * Computes the glucose management indicator in percent (NGSP) from mean glucose in mg/dL:
 * 3.31 + 0.02392 × mean (Bergenstal et al., "Glucose Management Indicator (GMI): A New Term for
 * Estimating A1C From Continuous Glucose Monitoring", Diabetes Care 2018). The paper derives it
 * from at least 10–14 days of CGM data. Returns null when the mean is null.
 */
export function gmiPercentFromMeanMgDl(meanMgDl: number | null): number | null {
  if (meanMgDl === null) {
    return null;
  }
  return 3.31 + 0.02392 * meanMgDl;
}

/**
 * Computes the glucose management indicator in mmol/mol (IFCC) from mean glucose in mg/dL:
 * 12.71 + 4.70587 × mean in mmol/L (Bergenstal et al., Diabetes Care 2018), with
 * 1 mmol/L = 18.01559 mg/dL. Returns null when the mean is null.
 */
export function gmiMmolMolFromMeanMgDl(meanMgDl: number | null): number | null {
  if (meanMgDl === null) {
    return null;
  }
  return 12.71 + 4.70587 * (meanMgDl / MG_DL_PER_MMOL_L);
}

/**
 * Computes the estimated A1c in percent from mean glucose in mg/dL by the ADAG regression
 * (46.7 + mean) / 28.7 (Nathan et al., "Translating the A1C Assay Into Estimated Average
 * Glucose Values", Diabetes Care 2008). It is not the GMI, and reports should not show it
 * under that name. Returns null when the mean is null.
 */
export function estimatedA1cPercentFromMeanMgDl(meanMgDl: number | null): number | null {
  if (meanMgDl === null) {
    return null;
  }
  return (46.7 + meanMgDl) / 28.7;
}
