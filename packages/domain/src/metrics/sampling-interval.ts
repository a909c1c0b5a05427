import { CGM_SAMPLE_INTERVAL_MINUTES } from './sufficiency.ts';

/**
 * Infer a CGM's reading interval in minutes from reading times (UTC epoch ms, any order): the
 * median gap between consecutive readings, snapped to the 15 minutes of Libre 2 historic data
 * when it is 10 minutes or more, and to the 5 minutes of Dexcom and Libre 3 otherwise. Gaps in
 * the data barely move a median, so a few sensor changes do not change the answer. Returns 5
 * for fewer than two readings.
 */
export function inferSampleIntervalMinutes(timesMs: readonly number[]): number {
  const sorted = [...timesMs].sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i]! - sorted[i - 1]!;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return CGM_SAMPLE_INTERVAL_MINUTES.dexcom;

  gaps.sort((a, b) => a - b);
  const medianMinutes = gaps[Math.floor(gaps.length / 2)]! / 60_000;
  return medianMinutes >= 10
    ? CGM_SAMPLE_INTERVAL_MINUTES.libre2Historic
    : CGM_SAMPLE_INTERVAL_MINUTES.dexcom;
}
