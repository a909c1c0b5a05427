import type { Trend } from '@phoenix/domain';

/**
 * Returns the trend arrow for a rate of change in mg/dL/min, with Dexcom's thresholds: steady
 * below 1, slow 1–2, moderate 2–3 and rapid above 3 mg/dL/min either way.
 */
export function trendFromRate(rateMgDlPerMin: number): Trend {
  const magnitude = Math.abs(rateMgDlPerMin);
  if (magnitude < 1) {
    return 'constant';
  }
  const rising = rateMgDlPerMin > 0;
  if (magnitude < 2) {
    return rising ? 'slowRise' : 'slowFall';
  }
  if (magnitude < 3) {
    return rising ? 'moderateRise' : 'moderateFall';
  }
  return rising ? 'rapidRise' : 'rapidFall';
}

/** Keeps the last readings of a sensor and estimates the rate of change from them. */
export class RateEstimator {
  private times: number[] = [];
  private values: number[] = [];

  /** Forgets all readings (a new session starts). */
  reset(): void {
    this.times = [];
    this.values = [];
  }

  /** Adds a reading (epoch ms, mg/dL). */
  push(timeMs: number, valueMgDl: number): void {
    this.times.push(timeMs);
    this.values.push(valueMgDl);
    if (this.times.length > 4) {
      this.times.shift();
      this.values.shift();
    }
  }

  /**
   * Returns the rate in mg/dL/min over the readings of the last 16 minutes, or null when there
   * are fewer than three such readings (a device shows no arrow then).
   */
  rate(): number | null {
    const last = this.times.length - 1;
    if (last < 2) {
      return null;
    }
    const lastTime = this.times[last] as number;
    let first = last;
    while (first > 0 && lastTime - (this.times[first - 1] as number) <= 16 * 60_000) {
      first -= 1;
    }
    if (last - first < 2) {
      return null;
    }
    const minutes = (lastTime - (this.times[first] as number)) / 60_000;
    return ((this.values[last] as number) - (this.values[first] as number)) / minutes;
  }
}
