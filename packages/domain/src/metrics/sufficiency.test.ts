import { describe, expect, it } from 'vitest';

import { CGM_SAMPLE_INTERVAL_MINUTES, computeDataSufficiency } from './sufficiency.ts';
import { DAY_MS, MINUTE_MS, samplesEvery, valueSample } from './test-fixtures.ts';

const T0 = Date.UTC(2024, 0, 1);

describe('computeDataSufficiency', () => {
  it('accepts 14 full Libre days', () => {
    // 14 days × 96 readings = 1344 expected and present.
    const samples = samplesEvery(T0, 15, new Array<number>(1344).fill(120));
    const result = computeDataSufficiency(samples, {
      fromMs: T0,
      toMs: T0 + 14 * DAY_MS,
      sampleIntervalMinutes: CGM_SAMPLE_INTERVAL_MINUTES.libre2Historic,
    });

    expect(result).toEqual({
      periodDays: 14,
      daysWithData: 14,
      expectedReadings: 1344,
      presentPercent: 100,
      sufficient: true,
    });
  });

  it('rates Libre data against Dexcom interval', () => {
    // 1344 readings of 4032 expected = 33.333%.
    const samples = samplesEvery(T0, 15, new Array<number>(1344).fill(120));
    const result = computeDataSufficiency(samples, {
      fromMs: T0,
      toMs: T0 + 14 * DAY_MS,
      sampleIntervalMinutes: CGM_SAMPLE_INTERVAL_MINUTES.dexcom,
    });

    expect(result.presentPercent).toBeCloseTo(100 / 3, 10);
    expect(result.sufficient).toBe(false);
  });

  it('counts UTC days across a gap', () => {
    // Readings on day 0 and day 10 only.
    const samples = [valueSample(T0 + 5 * MINUTE_MS, 100), valueSample(T0 + 10 * DAY_MS, 100)];
    const result = computeDataSufficiency(samples, {
      fromMs: T0,
      toMs: T0 + 14 * DAY_MS,
      sampleIntervalMinutes: 5,
    });

    expect(result.daysWithData).toBe(2);
  });

  it('rejects an invalid period', () => {
    expect(() =>
      computeDataSufficiency([], { fromMs: T0, toMs: T0 - 1, sampleIntervalMinutes: 5 }),
    ).toThrow(/toMs/);
    expect(() =>
      computeDataSufficiency([], { fromMs: Number.NaN, toMs: T0, sampleIntervalMinutes: 5 }),
    ).toThrow(/finite/);
  });
});

describe('days with data in the patient zone', () => {
  it('counts local days, not UTC days', () => {
    // 2019-10-14 21:00Z to 2019-10-15 21:00Z is one Helsinki day (UTC+3): 00:00 to 24:00.
    const fromMs = Date.UTC(2019, 9, 14, 21, 0);
    const samples = [fromMs + 30 * 60_000, fromMs + 23 * 3600_000].map((timeMs) => ({
      timeMs,
      valueMgDl: 100,
      outOfRange: null,
      thresholdMgDl: null,
    }));
    const options = { fromMs, toMs: fromMs + 86_400_000, sampleIntervalMinutes: 5 };
    expect(computeDataSufficiency(samples, options).daysWithData).toBe(2);
    expect(
      computeDataSufficiency(samples, { ...options, timezone: 'Europe/Helsinki' }).daysWithData,
    ).toBe(1);
  });
});
