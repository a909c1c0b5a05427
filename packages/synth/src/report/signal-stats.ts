import type { GlucoseSample } from '@phoenix/domain';
import type { SessionOutcome } from '../devices/cgm-sensor.ts';

const MS_PER_MINUTE = 60_000;

/** Lags of the autocorrelation function, minutes. */
export const AUTOCORRELATION_LAGS = [5, 10, 15, 30, 60, 1440] as const;
/** Upper limits of the rate-of-change bins, mg/dL/min (the last bin is open). */
export const RATE_BIN_LIMITS = [-3, -2, -1, 1, 2, 3] as const;
/** Upper limits of the gap-length bins, minutes (the last bin is open). */
export const GAP_BIN_LIMITS = [15, 60, 180, 720] as const;

/** Signal properties of a cohort's CGM data, accumulated patient by patient. */
export class SignalStats {
  /** Sums of per-patient autocorrelations and the number of patients, by lag. */
  readonly autocorrelationSum = AUTOCORRELATION_LAGS.map(() => 0);
  autocorrelationPatients = 0;
  /** Counts of consecutive-reading rates in each bin (one more bin than limits). */
  readonly rateCounts = new Array<number>(RATE_BIN_LIMITS.length + 1).fill(0);
  /** Counts of gaps in each length bin, and patient-days observed. */
  readonly gapCounts = new Array<number>(GAP_BIN_LIMITS.length + 1).fill(0);
  patientDays = 0;
  /** Completed sensor sessions by device model. */
  readonly sessions = new Map<string, SessionOutcome[]>();
  /** Sum of absolute relative differences against plasma glucose, and pairs, by device. */
  readonly accuracy = new Map<string, { sum: number; pairs: number }>();

  /** Adds one patient's readings (time order) from a device with the given interval. */
  addReadings(samples: readonly GlucoseSample[], intervalMinutes: number, days: number): void {
    this.patientDays += days;
    this.addAutocorrelation(samples, intervalMinutes);
    const intervalMs = intervalMinutes * MS_PER_MINUTE;
    for (let i = 1; i < samples.length; i += 1) {
      const previous = samples[i - 1] as GlucoseSample;
      const current = samples[i] as GlucoseSample;
      const gapMs = current.timeMs - previous.timeMs;
      if (gapMs > 1.5 * intervalMs) {
        this.gapCounts[binIndex(GAP_BIN_LIMITS, gapMs / MS_PER_MINUTE)]! += 1;
        continue;
      }
      if (previous.valueMgDl !== null && current.valueMgDl !== null) {
        const rate = (current.valueMgDl - previous.valueMgDl) / (gapMs / MS_PER_MINUTE);
        this.rateCounts[binIndex(RATE_BIN_LIMITS, rate)]! += 1;
      }
    }
  }

  /** Adds one patient's completed sensor sessions and accuracy for `model`. */
  addDevice(
    model: string,
    sessions: readonly SessionOutcome[],
    errorSum: number,
    pairs: number,
  ): void {
    const list = this.sessions.get(model) ?? [];
    list.push(...sessions);
    this.sessions.set(model, list);
    const accuracy = this.accuracy.get(model) ?? { sum: 0, pairs: 0 };
    accuracy.sum += errorSum;
    accuracy.pairs += pairs;
    this.accuracy.set(model, accuracy);
  }

  /** Adds one patient's autocorrelation at every lag to the sums. */
  private addAutocorrelation(samples: readonly GlucoseSample[], intervalMinutes: number): void {
    if (samples.length < 10) {
      return;
    }
    const grid = gridOf(samples, intervalMinutes);
    AUTOCORRELATION_LAGS.forEach((lagMinutes, index) => {
      const lag = Math.round(lagMinutes / intervalMinutes);
      this.autocorrelationSum[index]! += autocorrelation(grid, lag);
    });
    this.autocorrelationPatients += 1;
  }
}

/** Readings on the device's grid (NaN where missing), with their mean and variance. */
interface ReadingGrid {
  values: Float64Array;
  mean: number;
  variance: number;
}

/**
 * Places each reading on its nearest slot of a grid with the device's interval. `Low` and
 * `High` readings count as their thresholds.
 */
function gridOf(samples: readonly GlucoseSample[], intervalMinutes: number): ReadingGrid {
  const startMs = (samples[0] as GlucoseSample).timeMs;
  const endMs = (samples[samples.length - 1] as GlucoseSample).timeMs;
  const stepMs = intervalMinutes * MS_PER_MINUTE;
  const values = new Float64Array(Math.round((endMs - startMs) / stepMs) + 1).fill(Number.NaN);
  let sum = 0;
  let count = 0;
  for (const sample of samples) {
    const value = sample.valueMgDl ?? sample.thresholdMgDl;
    if (value !== null) {
      values[Math.round((sample.timeMs - startMs) / stepMs)] = value;
      sum += value;
      count += 1;
    }
  }

  const mean = sum / count;
  let squares = 0;
  for (const value of values) {
    if (!Number.isNaN(value)) {
      squares += (value - mean) * (value - mean);
    }
  }
  return { values, mean, variance: squares / count };
}

/** Returns the autocorrelation at `lag` slots over the pairs whose two ends are present. */
function autocorrelation(grid: ReadingGrid, lag: number): number {
  const { values, mean, variance } = grid;
  let products = 0;
  let pairs = 0;
  for (let i = 0; i + lag < values.length; i += 1) {
    const a = values[i] as number;
    const b = values[i + lag] as number;
    if (!Number.isNaN(a) && !Number.isNaN(b)) {
      products += (a - mean) * (b - mean);
      pairs += 1;
    }
  }
  return pairs === 0 || variance === 0 ? 0 : products / pairs / variance;
}

function binIndex(limits: readonly number[], value: number): number {
  for (let i = 0; i < limits.length; i += 1) {
    if (value < (limits[i] as number)) {
      return i;
    }
  }
  return limits.length;
}
