import type { MetricTarget, TargetMetric } from '../profiles/types.ts';
import type { Distribution } from './distribution.ts';

/**
 * Smallest tolerance for a cohort mean, in the metric's unit, so that a very tight published
 * spread does not demand more precision than a simulated cohort of this size can give.
 */
export const TOLERANCE_FLOOR: Readonly<Record<TargetMetric, number>> = {
  meanMgDl: 8,
  cvPercent: 2.5,
  gmiPercent: 0.2,
  tirPercent: 4,
  tbrPercent: 0.8,
  tbr54Percent: 0.3,
  tarPercent: 4,
  tar250Percent: 2.5,
  gri: 6,
};

/** Outcome of comparing one cohort metric with its published figure. */
export interface TargetAssessment {
  metric: TargetMetric;
  target: MetricTarget;
  cohort: Distribution;
  /** Largest accepted distance of the cohort mean from the published mean. */
  tolerance: number;
  /** Whether the cohort mean lies within the tolerance. */
  withinMean: boolean;
  /**
   * Whether the cohort's between-patient SD lies within half to twice the published SD; null
   * when the source gives no SD.
   */
  spreadMatches: boolean | null;
}

/**
 * Compares a cohort with a published figure. The cohort mean must lie within half a published
 * SD of the published mean (at least `TOLERANCE_FLOOR`), widened by two standard errors of the
 * cohort mean, so that small cohorts are judged by what they can show. Without a published SD,
 * twice the floor applies.
 */
export function assessTarget(
  metric: TargetMetric,
  target: MetricTarget,
  cohort: Distribution,
): TargetAssessment {
  const floor = TOLERANCE_FLOOR[metric];
  const base = target.sd === null ? 2 * floor : Math.max(floor, 0.5 * target.sd);
  const standardError = cohort.count > 1 ? cohort.sd / Math.sqrt(cohort.count) : 0;
  const tolerance = base + 2 * standardError;
  return {
    metric,
    target,
    cohort,
    tolerance,
    withinMean: Math.abs(cohort.mean - target.mean) <= tolerance,
    spreadMatches:
      target.sd === null ? null : cohort.sd >= 0.5 * target.sd && cohort.sd <= 2 * target.sd,
  };
}
