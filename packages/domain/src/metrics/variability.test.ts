import { describe, expect, it } from 'vitest';

import { DAY_MS, MINUTE_MS, samplesEvery, valueSample } from './test-fixtures.ts';
import { computeConga, computeJIndex, computeModd } from './variability.ts';

const T0 = Date.UTC(2024, 0, 1);

/** 100 -> 160 over the first hour, 160 for an hour, back to 100 over the third hour. */
function trapezoid(stepMinutes: number): number[] {
  const values: number[] = [];
  for (let minute = 0; minute <= 180; minute += stepMinutes) {
    if (minute <= 60) {
      values.push(100 + minute);
    } else if (minute <= 120) {
      values.push(160);
    } else {
      values.push(160 - (minute - 120));
    }
  }
  return values;
}

describe('computeJIndex', () => {
  it('matches the ten-value test vector', () => {
    // 0.001 × (172 + 47.2463990)² = 0.001 × 219.246399² = 48.068983.
    const samples = samplesEvery(T0, 5, [101, 121, 141, 151, 161, 171, 191, 201, 231, 251]);
    expect(computeJIndex(samples)).toBeCloseTo(48.06898, 5);
  });

  it('returns null for one reading', () => {
    expect(computeJIndex([valueSample(T0, 100)])).toBeNull();
  });
});

describe('computeModd', () => {
  // Day 1: 100 at 00:00..02:00 every 5 min (k = 0..24). Day 2: 100 + k at the same times.
  const day1 = samplesEvery(T0, 5, new Array<number>(25).fill(100));
  const day2Values = Array.from({ length: 25 }, (_, k) => 100 + k);

  it('averages absolute daily differences', () => {
    // |difference| = k, mean of 0..24 = 12.
    const samples = [...day1, ...samplesEvery(T0 + DAY_MS, 5, day2Values)];
    expect(computeModd(samples)).toBeCloseTo(12, 10);
  });

  it('does not interpolate across an hour gap', () => {
    // Day-2 readings k = 1..11 removed: 00:00 -> 01:00 is a 60-minute gap, so only k = 0 and
    // k = 12..24 pair up: (0 + 12 + 13 + ... + 24) / 14 = 234 / 14 = 16.714286.
    // Interpolating across the gap would have given 12.
    const day2 = samplesEvery(T0 + DAY_MS, 5, day2Values).filter((_, k) => k === 0 || k >= 12);
    expect(computeModd([...day1, ...day2])).toBeCloseTo(16.714286, 5);
  });

  it('returns null under one day', () => {
    expect(computeModd(day1)).toBeNull();
    expect(computeModd([])).toBeNull();
  });
});

describe('computeConga', () => {
  it('computes CONGA(1) on 5-minute readings', () => {
    // G(t) − G(t − 60) = 120 − t for t = 60..180: the 25 values 60, 55, ..., −60.
    // Mean 0, sample SD = 5 × sqrt(2 × (1² + ... + 12²) / 24) = 5 × sqrt(1300 / 24) = 36.799004.
    expect(computeConga(samplesEvery(T0, 5, trapezoid(5)))).toBeCloseTo(36.799004, 5);
  });

  it('gives the same on 15-minute readings', () => {
    // Corners at 0, 60, 120 and 180 min fall on 15-minute readings, so the 5-minute grid
    // interpolated from them is the same trapezoid.
    expect(computeConga(samplesEvery(T0, 15, trapezoid(15)))).toBeCloseTo(36.799004, 5);
  });

  it('computes CONGA(2)', () => {
    // G(t) − G(t − 120) = 60 − 2 (t − 120) for t = 120..180: 60, 50, ..., −60 (13 values).
    // Sample SD = 10 × sqrt(2 × (1² + ... + 6²) / 12) = 10 × sqrt(182 / 12) = 38.944405.
    expect(computeConga(samplesEvery(T0, 5, trapezoid(5)), 2)).toBeCloseTo(38.944405, 5);
  });

  it('returns null for a single pair or none', () => {
    const hour = samplesEvery(T0, 5, new Array<number>(13).fill(100));
    expect(computeConga(hour)).toBeNull();
    expect(computeConga([valueSample(T0 + 10 * MINUTE_MS, 100)])).toBeNull();
  });

  it('rejects a lag off the grid', () => {
    expect(() => computeConga(samplesEvery(T0, 5, trapezoid(5)), 0.01)).toThrow(RangeError);
  });
});
