import type { GlucoseSample } from './glucose-sample.ts';

/** Milliseconds per minute, for building test traces. */
export const MINUTE_MS = 60_000;

/** Milliseconds per day of 24 hours. */
export const DAY_MS = 86_400_000;

/** Builds a test sample with an ordinary value in mg/dL. */
export function valueSample(timeMs: number, valueMgDl: number): GlucoseSample {
  return { timeMs, valueMgDl, outOfRange: null, thresholdMgDl: null };
}

/** Builds a test `Low` or `High` sample. */
export function outOfRangeSample(
  timeMs: number,
  outOfRange: 'low' | 'high',
  thresholdMgDl: number | null,
): GlucoseSample {
  return { timeMs, valueMgDl: null, outOfRange, thresholdMgDl };
}

/** Builds test samples every `minutes` from `startMs` with the given values in mg/dL. */
export function samplesEvery(
  startMs: number,
  minutes: number,
  valuesMgDl: readonly number[],
): GlucoseSample[] {
  return valuesMgDl.map((value, index) =>
    valueSample(startMs + index * minutes * MINUTE_MS, value),
  );
}
