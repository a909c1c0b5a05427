/**
 * Absorption from an infusion site by its age. Glucose tends to rise after 2.5–3 days of wear
 * as insulin absorption from an ageing site falls off, which is why sets are changed every
 * 48–72 hours. NOTE: the slope (0.5% less insulin reaching plasma per hour after 60 hours, to
 * a floor of 60%) is an assumption sized to that observation, not a fitted curve.
 */
export function siteAbsorptionFactor(ageHours: number): number {
  if (ageHours <= 60) {
    return 1;
  }
  return Math.max(0.6, 1 - 0.005 * (ageHours - 60));
}
