import { describe, expect, it } from 'vitest';

import { computeMage } from './mage.ts';
import { MINUTE_MS, samplesEvery } from './test-fixtures.ts';

const T0 = Date.UTC(2024, 0, 1);

/** Appends a straight line from the last value to `to` in `steps` 5-minute steps. */
function line(values: number[], to: number, steps: number): void {
  const from = values[values.length - 1] as number;
  for (let step = 1; step <= steps; step += 1) {
    values.push(from + ((to - from) * step) / steps);
  }
}

/**
 * 151 values every 5 minutes: 100 up to 250 (3 h), a wiggle down to 235 and back (30 min),
 * down to 100 (3 h), up to 200 (3 h), down to 120 (3 h).
 */
function excursionTrace(): number[] {
  const values = [100];
  line(values, 250, 36);
  line(values, 235, 3);
  line(values, 250, 3);
  line(values, 100, 36);
  line(values, 200, 36);
  line(values, 120, 36);
  return values;
}

// The sample SD of the 151 values is 39.9 mg/dL (computed separately with awk), so the
// 15 mg/dL wiggle is no excursion while rises 150, 100 and falls 150, 80 all count.
// MAGE+ = (150 + 100) / 2 = 125; MAGE− = (150 + 80) / 2 = 115; average 120.

describe('computeMage', () => {
  it('averages rises and falls by default', () => {
    const result = computeMage(samplesEvery(T0, 5, excursionTrace()));

    expect(result.segments).toHaveLength(1);
    expect(result.segments[0]?.magePlusMgDl).toBeCloseTo(125, 10);
    expect(result.segments[0]?.mageMinusMgDl).toBeCloseTo(115, 10);
    expect(result.segments[0]?.firstExcursion).toBe('plus');
    expect(result.mageMgDl).toBeCloseTo(120, 10);
  });

  it.each([
    ['plus', 125],
    ['minus', 115],
    ['max', 125],
    ['service', 125],
  ] as const)('picks the %s direction', (direction, expected) => {
    const result = computeMage(samplesEvery(T0, 5, excursionTrace()), { direction });
    expect(result.mageMgDl).toBeCloseTo(expected, 10);
  });

  it('takes the service direction from the first excursion', () => {
    // The trace mirrored around 175 starts with a fall, so service picks MAGE−, which is the
    // mirror of MAGE+ = 125.
    const mirrored = excursionTrace().map((value) => 350 - value);
    const result = computeMage(samplesEvery(T0, 5, mirrored), { direction: 'service' });

    expect(result.segments[0]?.firstExcursion).toBe('minus');
    expect(result.mageMgDl).toBeCloseTo(125, 10);
  });

  it('splits at gaps over 180 minutes', () => {
    // Two copies 4 hours apart are measured apart: each has MAGE 120, so the weighted mean is 120.
    const trace = excursionTrace();
    const secondStart = T0 + (150 * 5 + 240) * MINUTE_MS;
    const samples = [...samplesEvery(T0, 5, trace), ...samplesEvery(secondStart, 5, trace)];
    const result = computeMage(samples);

    expect(result.segments).toHaveLength(2);
    expect(result.segments[1]?.startMs).toBe(secondStart);
    expect(result.mageMgDl).toBeCloseTo(120, 10);
  });

  it('keeps a 2-hour gap inside one segment', () => {
    // One segment: the fall 200 -> 120 continues after the gap to 100, so falls are
    // 150, 100, 150, 80 (mean 120) and rises 150, 100, 150, 100 (mean 125); average 122.5.
    // The SD of the doubled data stays about 39.8, far from every amplitude.
    const trace = excursionTrace();
    const secondStart = T0 + (150 * 5 + 120) * MINUTE_MS;
    const samples = [...samplesEvery(T0, 5, trace), ...samplesEvery(secondStart, 5, trace)];
    const result = computeMage(samples);

    expect(result.segments).toHaveLength(1);
    expect(result.segments[0]?.magePlusMgDl).toBeCloseTo(125, 10);
    expect(result.segments[0]?.mageMinusMgDl).toBeCloseTo(120, 10);
    expect(result.mageMgDl).toBeCloseTo(122.5, 10);
  });

  it('gives the same on 15-minute readings', () => {
    // Every corner of the trace, the wiggle included, sits at an index divisible by 3
    // (0, 36, 39, 42, 78, 114, 150), so the 5-minute grid interpolated from 15-minute readings
    // is the same trace.
    const values = excursionTrace().filter((_, index) => index % 3 === 0);
    const result = computeMage(samplesEvery(T0, 15, values));

    expect(result.mageMgDl).toBeCloseTo(120, 10);
  });

  it('ignores a dip under one SD', () => {
    // 199 values: 100 up to 250 (3 h), 250 for 3 h, a slow dip to 220 (90 min), up to 260
    // (2 h), 260 for 1 h, down to 100 (3 h), up to 200 (3 h). Sample SD 50.38 (awk).
    // The dip (30) and its recovery (40) stay under one SD, so the rise runs from 100 to the
    // later peak 260: rises 160 and 100 (MAGE+ 130), one fall 260 -> 100 (MAGE− 160).
    // Ending the rise at the dip would give rises 150 and 100 instead.
    const values = [100];
    line(values, 250, 36);
    line(values, 250, 36);
    line(values, 220, 18);
    line(values, 260, 24);
    line(values, 260, 12);
    line(values, 100, 36);
    line(values, 200, 36);
    const result = computeMage(samplesEvery(T0, 5, values));

    expect(result.segments[0]?.magePlusMgDl).toBeCloseTo(130, 10);
    expect(result.segments[0]?.mageMinusMgDl).toBeCloseTo(160, 10);
    expect(result.mageMgDl).toBeCloseTo(145, 10);
  });

  it('returns null for a short trace', () => {
    // 31 grid points are fewer than the 32-point long moving average.
    const result = computeMage(samplesEvery(T0, 5, new Array<number>(31).fill(100)));

    expect(result.mageMgDl).toBeNull();
    expect(result.segments[0]?.mageMgDl).toBeNull();
  });

  it('returns null for flat or empty', () => {
    expect(computeMage(samplesEvery(T0, 5, new Array<number>(60).fill(100))).mageMgDl).toBeNull();
    expect(computeMage([])).toEqual({ mageMgDl: null, segments: [] });
  });

  it('rejects swapped windows', () => {
    expect(() => computeMage([], { shortWindow: 40, longWindow: 32 })).toThrow(RangeError);
  });
});
