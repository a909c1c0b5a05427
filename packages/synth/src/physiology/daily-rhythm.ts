/**
 * Time-of-day patterns of insulin need, as piecewise-linear curves over local hours so that no
 * trigonometric function (whose last bit may differ between engines) is needed.
 *
 * The dawn phenomenon is a rise of endogenous glucose production in the early morning, so basal
 * insulin needs of people with type 1 diabetes peak between about 04:00 and 08:00. Sensitivity
 * to insulin is lower in the morning than in the evening, which is why breakfast carb ratios
 * are usually the most aggressive. NOTE: the knots below are shaped after these commonly
 * described patterns, not fitted to a study.
 */

/** Knots of the dawn curve: local hour and share of the patient's peak rise (0..1). */
const DAWN_KNOTS: readonly (readonly [number, number])[] = [
  [0, 0],
  [3, 0],
  [5, 0.7],
  [6.5, 1],
  [8.5, 0.6],
  [11, 0],
  [24, 0],
];

/** Knots of relative insulin sensitivity over the day (mean about 1). */
const SENSITIVITY_KNOTS: readonly (readonly [number, number])[] = [
  [0, 1.02],
  [5, 0.98],
  [8, 0.88],
  [11, 0.96],
  [15, 1.02],
  [20, 1.02],
  [24, 1.02],
];

function interpolate(knots: readonly (readonly [number, number])[], hour: number): number {
  for (let i = 1; i < knots.length; i += 1) {
    const [h1, v1] = knots[i] as readonly [number, number];
    if (hour <= h1) {
      const [h0, v0] = knots[i - 1] as readonly [number, number];
      return v0 + ((v1 - v0) * (hour - h0)) / (h1 - h0);
    }
  }
  return (knots[knots.length - 1] as readonly [number, number])[1];
}

/**
 * Returns the multiplier of endogenous glucose production at `localHour` (0 <= h < 24) for a
 * patient whose dawn rise peaks at `1 + dawnAmplitude`.
 */
export function dawnEgpFactor(localHour: number, dawnAmplitude: number): number {
  return 1 + dawnAmplitude * interpolate(DAWN_KNOTS, localHour);
}

/** Returns the relative insulin sensitivity at `localHour` (0 <= h < 24). */
export function circadianSensitivity(localHour: number): number {
  return interpolate(SENSITIVITY_KNOTS, localHour);
}

/** Multipliers of one patient for each 5-minute slot of the local day (288 slots). */
export interface DailyRhythmTable {
  egp: Float64Array;
  sensitivity: Float64Array;
}

/** Tabulates `dawnEgpFactor` and `circadianSensitivity` at the middle of each 5-minute slot. */
export function tabulateDailyRhythm(dawnAmplitude: number): DailyRhythmTable {
  const egp = new Float64Array(288);
  const sensitivity = new Float64Array(288);
  for (let slot = 0; slot < 288; slot += 1) {
    const hour = (slot * 5 + 2.5) / 60;
    egp[slot] = dawnEgpFactor(hour, dawnAmplitude);
    sensitivity[slot] = circadianSensitivity(hour);
  }
  return { egp, sensitivity };
}
