import { describe, expect, it } from 'vitest';

import { computeAgp } from './agp.ts';
import { percentileOfSorted } from './percentile.ts';
import { DAY_MS, MINUTE_MS, valueSample } from './test-fixtures.ts';

const T0 = Date.UTC(2024, 0, 1);

describe('percentileOfSorted', () => {
  it('interpolates between order statistics', () => {
    // n = 5: position = 4p. p5 -> 0.2 -> 1.2; p25 -> 1 -> 2; p50 -> 3; p95 -> 3.8 -> 4.8.
    const values = [1, 2, 3, 4, 5];

    expect(percentileOfSorted(values, 5)).toBeCloseTo(1.2, 10);
    expect(percentileOfSorted(values, 25)).toBe(2);
    expect(percentileOfSorted(values, 50)).toBe(3);
    expect(percentileOfSorted(values, 95)).toBeCloseTo(4.8, 10);
    expect(percentileOfSorted(values, 100)).toBe(5);
  });

  it('handles one value and none', () => {
    expect(percentileOfSorted([7], 95)).toBe(7);
    expect(percentileOfSorted([], 50)).toBeNull();
  });
});

describe('computeAgp', () => {
  // Two days in UTC: 00:00 and 00:30 each day (100, 110 and 120, 150), 01:00 day 1 (200),
  // 23:00 day 2 (80).
  const samples = [
    valueSample(T0, 100),
    valueSample(T0 + 30 * MINUTE_MS, 110),
    valueSample(T0 + 60 * MINUTE_MS, 200),
    valueSample(T0 + DAY_MS, 120),
    valueSample(T0 + DAY_MS + 30 * MINUTE_MS, 150),
    valueSample(T0 + DAY_MS + 23 * 60 * MINUTE_MS, 80),
  ];
  const options = { fromMs: T0, toMs: T0 + 2 * DAY_MS, timezone: 'UTC' };

  it('takes percentiles per hourly bin', () => {
    // Bin 0 contains 100, 110, 120, 150 (n = 4, position = 3p):
    // p5 0.15 -> 101.5; p25 0.75 -> 107.5; p50 1.5 -> 115; p75 2.25 -> 127.5; p95 2.85 -> 145.5.
    const agp = computeAgp(samples, options);

    expect(agp.bins).toHaveLength(24);
    expect(agp.readingCount).toBe(6);
    expect(agp.bins[0]?.readingCount).toBe(4);
    expect(agp.bins[0]?.percentiles?.p5).toBeCloseTo(101.5, 10);
    expect(agp.bins[0]?.percentiles?.p25).toBeCloseTo(107.5, 10);
    expect(agp.bins[0]?.percentiles?.p50).toBeCloseTo(115, 10);
    expect(agp.bins[0]?.percentiles?.p75).toBeCloseTo(127.5, 10);
    expect(agp.bins[0]?.percentiles?.p95).toBeCloseTo(145.5, 10);
    expect(agp.bins[1]?.percentiles?.p50).toBe(200);
    expect(agp.bins[5]?.percentiles).toBeNull();
  });

  it('smooths 1-4-1 across midnight', () => {
    // Bin 0: (bin 23 + 4 × bin 0 + bin 1) / 6: p50 (80 + 460 + 200) / 6 = 123.333333;
    //        p5 (80 + 406 + 200) / 6 = 114.333333.
    // Bin 1: bin 2 is empty, so (115 + 4 × 200) / 5 = 183.
    // Bin 23: bin 22 is empty, so (4 × 80 + 115) / 5 = 87.
    const agp = computeAgp(samples, options);

    expect(agp.bins[0]?.smoothedPercentiles?.p50).toBeCloseTo(123.333333, 5);
    expect(agp.bins[0]?.smoothedPercentiles?.p5).toBeCloseTo(114.333333, 5);
    expect(agp.bins[1]?.smoothedPercentiles?.p50).toBeCloseTo(183, 10);
    expect(agp.bins[23]?.smoothedPercentiles?.p50).toBeCloseTo(87, 10);
    expect(agp.bins[5]?.smoothedPercentiles).toBeNull();
  });

  it('supports 15-minute bins', () => {
    // 00:30 falls in bin 2 (30 / 15).
    const agp = computeAgp(samples, { ...options, binMinutes: 15 });

    expect(agp.bins).toHaveLength(96);
    expect(agp.bins[0]?.readingCount).toBe(2);
    expect(agp.bins[2]?.readingCount).toBe(2);
    expect(agp.bins[2]?.endMinute).toBe(45);
  });

  it('bins daylight-saving hours by wall clock', () => {
    // New York: 2024-11-03 05:30 and 06:30 UTC are 01:30 EDT and 01:30 EST, both bin 1.
    // 2024-03-10 06:30 UTC is 01:30 EST and 07:30 UTC is 03:30 EDT; 02:00–03:00 is skipped.
    const zone = 'America/New_York';
    const autumn = [Date.UTC(2024, 10, 3, 5, 30), Date.UTC(2024, 10, 3, 6, 30)];
    const spring = [Date.UTC(2024, 2, 10, 6, 30), Date.UTC(2024, 2, 10, 7, 30)];
    const autumnAgp = computeAgp(
      autumn.map((time) => valueSample(time, 100)),
      { fromMs: Date.UTC(2024, 10, 3), toMs: Date.UTC(2024, 10, 4), timezone: zone },
    );
    const springAgp = computeAgp(
      spring.map((time) => valueSample(time, 100)),
      { fromMs: Date.UTC(2024, 2, 10), toMs: Date.UTC(2024, 2, 11), timezone: zone },
    );

    expect(autumnAgp.bins[1]?.readingCount).toBe(2);
    expect(springAgp.bins[1]?.readingCount).toBe(1);
    expect(springAgp.bins[2]?.readingCount).toBe(0);
    expect(springAgp.bins[3]?.readingCount).toBe(1);
  });

  it('leaves out readings outside the period', () => {
    const agp = computeAgp(samples, { ...options, toMs: T0 + DAY_MS });
    expect(agp.readingCount).toBe(3);
  });

  it('rejects bins that do not divide the day', () => {
    expect(() => computeAgp(samples, { ...options, binMinutes: 7 })).toThrow(RangeError);
  });
});
