/** Colours of the AGP chart: percentile bands in blues, target lines in consensus green. */
export const AGP_STYLE = {
  outerBandColor: '#c7dbf2',
  innerBandColor: '#6d9fd6',
  medianColor: '#0b3d91',
  targetLineColor: '#0BAD5A',
  referenceLineColor: '#94a3b8',
  /** Daily profiles: area above 180 mg/dL and below 70 mg/dL (the AGP report's shading). */
  aboveTargetFill: 'rgba(255, 105, 0, 0.55)',
  belowTargetFill: 'rgba(204, 0, 25, 0.7)',
  traceColor: '#1e293b',
} as const;

/** Limits of the AGP report in mg/dL: a 0–350 axis, target lines, and the 54 and 250 lines. */
export const AGP_LIMITS_MG_DL = {
  axisMax: 350,
  targetLow: 70,
  targetHigh: 180,
  veryLow: 54,
  veryHigh: 250,
} as const;

/** Minutes in a day, the length of the AGP's time-of-day axis. */
export const MINUTES_PER_DAY = 1440;
