import { describe, expect, it } from 'vitest';

import { computeGlycemiaRiskIndex, griZone } from './gri.ts';
import type { TimeInRanges } from './ranges.ts';

function ranges(
  veryLow: number,
  low: number,
  target: number,
  high: number,
  veryHigh: number,
): TimeInRanges {
  return {
    veryLowPercent: veryLow,
    lowPercent: low,
    targetPercent: target,
    highPercent: high,
    veryHighPercent: veryHigh,
    below70Percent: veryLow + low,
    above180Percent: high + veryHigh,
  };
}

describe('computeGlycemiaRiskIndex', () => {
  it('computes components for a typical profile', () => {
    // Hypo = 1 + 0.8 × 3 = 3.4; hyper = 5 + 0.5 × 20 = 15; GRI = 3 × 3.4 + 1.6 × 15 = 34.2.
    const result = computeGlycemiaRiskIndex(ranges(1, 3, 71, 20, 5));

    expect(result?.hypoComponent).toBeCloseTo(3.4, 10);
    expect(result?.hyperComponent).toBeCloseTo(15, 10);
    expect(result?.gri).toBeCloseTo(34.2, 10);
    expect(result?.zone).toBe('B');
  });

  it('matches the ten-value vector', () => {
    // Bands 0, 0, 60, 30, 10: hypo 0, hyper = 10 + 15 = 25, GRI = 1.6 × 25 = 40, zone B.
    const result = computeGlycemiaRiskIndex(ranges(0, 0, 60, 30, 10));

    expect(result?.gri).toBeCloseTo(40, 10);
    expect(result?.zone).toBe('B');
  });

  it('caps GRI at 100', () => {
    // 20% in every band: hypo 36, hyper 30, 3 × 36 + 1.6 × 30 = 156, capped to 100.
    const result = computeGlycemiaRiskIndex(ranges(20, 20, 20, 20, 20));

    expect(result?.gri).toBe(100);
    expect(result?.hypoComponent).toBeCloseTo(36, 10);
    expect(result?.hyperComponent).toBeCloseTo(30, 10);
    expect(result?.zone).toBe('E');
  });

  it('returns null without readings', () => {
    expect(computeGlycemiaRiskIndex(null)).toBeNull();
  });
});

describe('griZone', () => {
  it.each([
    [0, 'A'],
    [20, 'A'],
    [20.01, 'B'],
    [40, 'B'],
    [40.01, 'C'],
    [60, 'C'],
    [60.5, 'D'],
    [80, 'D'],
    [80.1, 'E'],
    [100, 'E'],
  ] as const)('puts GRI %f in zone %s', (gri, zone) => {
    expect(griZone(gri)).toBe(zone);
  });
});
