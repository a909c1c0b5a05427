import type { TimeInRanges } from './ranges.ts';

/** GRI zones A (best) to E (worst). */
export type GriZone = 'A' | 'B' | 'C' | 'D' | 'E';

/** Glycemia Risk Index with its components, all in percent units (0..100). */
export interface GlycemiaRiskIndex {
  /** 3.0 × very low + 2.4 × low + 1.6 × very high + 0.8 × high, capped at 100. */
  gri: number;
  /** Hypoglycemia component: very low + 0.8 × low (the chart's x axis). */
  hypoComponent: number;
  /** Hyperglycemia component: very high + 0.5 × high (the chart's y axis). */
  hyperComponent: number;
  zone: GriZone;
}

/**
 * Computes the Glycemia Risk Index (Klonoff et al., "A Glycemia Risk Index (GRI) of
 * Hypoglycemia and Hyperglycemia for Continuous Glucose Monitoring Validated by Clinician
 * Ratings", J Diabetes Sci Technol 2022) from time in ranges: GRI = 3.0 × hypo component +
 * 1.6 × hyper component, capped at 100. The components are not capped.
 *
 * The paper's zones span 0–20, 21–40, 41–60, 61–80 and 81–100; on the continuous value here
 * A is GRI <= 20, B is 20 < GRI <= 40, C up to 60, D up to 80 and E above 80.
 * Returns null when `timeInRanges` is null (no readings).
 */
export function computeGlycemiaRiskIndex(
  timeInRanges: TimeInRanges | null,
): GlycemiaRiskIndex | null {
  if (timeInRanges === null) {
    return null;
  }
  const hypoComponent = timeInRanges.veryLowPercent + 0.8 * timeInRanges.lowPercent;
  const hyperComponent = timeInRanges.veryHighPercent + 0.5 * timeInRanges.highPercent;
  const gri = Math.min(100, 3.0 * hypoComponent + 1.6 * hyperComponent);
  return { gri, hypoComponent, hyperComponent, zone: griZone(gri) };
}

/** Returns the zone of a GRI value, with the limits of `computeGlycemiaRiskIndex`. */
export function griZone(gri: number): GriZone {
  if (gri <= 20) {
    return 'A';
  }
  if (gri <= 40) {
    return 'B';
  }
  if (gri <= 60) {
    return 'C';
  }
  if (gri <= 80) {
    return 'D';
  }
  return 'E';
}
