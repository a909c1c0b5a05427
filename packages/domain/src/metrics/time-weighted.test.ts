import { describe, expect, it } from 'vitest';

import { MINUTE_MS, samplesEvery, valueSample } from './test-fixtures.ts';
import {
  computeCgmActivePercent,
  computeTimeWeightedTimeInRanges,
  weightSamplesByInterval,
} from './time-weighted.ts';

const T0 = Date.UTC(2024, 0, 1);

describe('weightSamplesByInterval', () => {
  it('weights 5-minute readings equally', () => {
    const weighted = weightSamplesByInterval(samplesEvery(T0, 5, [60, 100, 200]), {
      maxIntervalMinutes: 5,
    });
    expect(weighted.map((entry) => entry.weightMinutes)).toEqual([5, 5, 5]);
  });

  it('caps an hour gap', () => {
    // Readings 60 minutes apart: the first represents 5 minutes only.
    const samples = [valueSample(T0, 100), valueSample(T0 + 60 * MINUTE_MS, 200)];
    const weighted = weightSamplesByInterval(samples, { maxIntervalMinutes: 5 });
    expect(weighted.map((entry) => entry.weightMinutes)).toEqual([5, 5]);
  });

  it('gives duplicates no extra weight', () => {
    // Two readings at T0 and one at T0 + 5: the first duplicate gets 0 minutes.
    const samples = [
      valueSample(T0, 100),
      valueSample(T0, 300),
      valueSample(T0 + 5 * MINUTE_MS, 100),
    ];
    const weighted = weightSamplesByInterval(samples, { maxIntervalMinutes: 5 });
    expect(weighted.map((entry) => entry.weightMinutes)).toEqual([0, 5, 5]);
  });

  it('rejects a zero interval', () => {
    expect(() => weightSamplesByInterval([], { maxIntervalMinutes: 0 })).toThrow(RangeError);
  });
});

describe('computeTimeWeightedTimeInRanges', () => {
  it('weights 15-minute and 5-minute readings by time', () => {
    // Libre readings of 100 at 0, 15, 30 min and Dexcom readings of 200 at 45, 50, 55 min,
    // cap 15, end at 60: weights 15 + 15 + 15 = 45 in target and 5 + 5 + 5 = 15 high, of 60.
    // Counting readings instead would give 50% and 50%.
    const samples = [
      ...samplesEvery(T0, 15, [100, 100, 100]),
      ...samplesEvery(T0 + 45 * MINUTE_MS, 5, [200, 200, 200]),
    ];
    const result = computeTimeWeightedTimeInRanges(samples, {
      maxIntervalMinutes: 15,
      toMs: T0 + 60 * MINUTE_MS,
    });

    expect(result?.targetPercent).toBe(75);
    expect(result?.highPercent).toBe(25);
    expect(result?.above180Percent).toBe(25);
  });

  it('applies mmol/L limits', () => {
    // 10.0 mmol/L is target with mmol/L limits, high with mg/dL limits.
    const samples = samplesEvery(T0, 5, [10.0 * 18.01559]);
    expect(
      computeTimeWeightedTimeInRanges(samples, { maxIntervalMinutes: 5, unit: 'mmol/L' })
        ?.targetPercent,
    ).toBe(100);
    expect(computeTimeWeightedTimeInRanges(samples, { maxIntervalMinutes: 5 })?.highPercent).toBe(
      100,
    );
  });

  it('returns null without readings', () => {
    expect(computeTimeWeightedTimeInRanges([], { maxIntervalMinutes: 5 })).toBeNull();
  });
});

describe('computeCgmActivePercent', () => {
  it('covers half an hour of 5-minute readings', () => {
    // Six readings at 0..25 min cover 30 of 60 minutes.
    const period = { fromMs: T0, toMs: T0 + 60 * MINUTE_MS, maxIntervalMinutes: 5 };
    const samples = samplesEvery(T0, 5, [100, 100, 100, 100, 100, 100]);
    expect(computeCgmActivePercent(samples, period)).toBe(50);
  });

  it('covers 15-minute readings with the longer cap', () => {
    // Readings at 0 and 15 min with cap 15 cover 30 of 60 minutes.
    const period = { fromMs: T0, toMs: T0 + 60 * MINUTE_MS, maxIntervalMinutes: 15 };
    expect(computeCgmActivePercent(samplesEvery(T0, 15, [100, 100]), period)).toBe(50);
  });
});
