import type { CbgRecord } from '../records.ts';

/** One CGM reading for metrics. */
export interface GlucoseSample {
  /** UTC epoch milliseconds. */
  timeMs: number;
  /** Glucose in mg/dL; null when the reading is out of range. */
  valueMgDl: number | null;
  /** `low` or `high` for a reading beyond the sensor's range; null for an ordinary value. */
  outOfRange: 'low' | 'high' | null;
  /** The device's reporting limit in mg/dL (for example 40 or 400), set with `outOfRange`. */
  thresholdMgDl: number | null;
}

/** Value used for a `Low` reading without a device threshold, in mg/dL (Dexcom's limit). */
export const DEFAULT_LOW_THRESHOLD_MG_DL = 40;

/** Value used for a `High` reading without a device threshold, in mg/dL (Dexcom's limit). */
export const DEFAULT_HIGH_THRESHOLD_MG_DL = 400;

/**
 * Returns whether a sample carries glucose that metrics can use: an out-of-range flag, or a
 * finite value above 0 mg/dL. Metrics skip every other sample, including invalid times.
 */
export function isUsableSample(sample: GlucoseSample): boolean {
  if (!Number.isFinite(sample.timeMs)) {
    return false;
  }
  if (sample.outOfRange === 'low' || sample.outOfRange === 'high') {
    return true;
  }
  return (
    typeof sample.valueMgDl === 'number' &&
    Number.isFinite(sample.valueMgDl) &&
    sample.valueMgDl > 0
  );
}

/**
 * Returns the glucose in mg/dL that means, SD, CV, GMI and the other numeric metrics use.
 *
 * An out-of-range reading is replaced by its device threshold (a `Low` counts as 40 mg/dL and
 * a `High` as 400 mg/dL on Dexcom), the convention of Dexcom Clarity and of the international
 * consensus reports. Without a threshold the defaults 40 and 400 mg/dL apply. Returns null for
 * a sample that `isUsableSample` rejects.
 */
export function glucoseValueForAverages(sample: GlucoseSample): number | null {
  if (!isUsableSample(sample)) {
    return null;
  }
  if (sample.outOfRange === 'low') {
    return usableThreshold(sample.thresholdMgDl) ?? DEFAULT_LOW_THRESHOLD_MG_DL;
  }
  if (sample.outOfRange === 'high') {
    return usableThreshold(sample.thresholdMgDl) ?? DEFAULT_HIGH_THRESHOLD_MG_DL;
  }
  return sample.valueMgDl;
}

function usableThreshold(thresholdMgDl: number | null): number | null {
  if (typeof thresholdMgDl === 'number' && Number.isFinite(thresholdMgDl) && thresholdMgDl > 0) {
    return thresholdMgDl;
  }
  return null;
}

/** Returns the samples that pass `isUsableSample`, sorted by time (stable for equal times). */
export function sortUsableSamples(samples: readonly GlucoseSample[]): GlucoseSample[] {
  return samples.filter(isUsableSample).sort((a, b) => a.timeMs - b.timeMs);
}

/**
 * Converts canonical CGM records to metric samples. `time` must be an ISO 8601 UTC instant.
 * A record whose time does not parse gets `timeMs` NaN, so metrics skip it.
 */
export function glucoseSamplesFromCbgRecords(records: readonly CbgRecord[]): GlucoseSample[] {
  return records.map((record) => ({
    timeMs: Date.parse(record.time),
    valueMgDl: record.valueMgDl,
    outOfRange: record.outOfRange,
    thresholdMgDl: record.thresholdMgDl,
  }));
}
