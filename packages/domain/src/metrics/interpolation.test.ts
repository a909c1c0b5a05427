import { describe, expect, it } from 'vitest';

import { interpolateToGrid } from './interpolation.ts';
import { MINUTE_MS, outOfRangeSample, valueSample } from './test-fixtures.ts';

const T0 = Date.UTC(2024, 0, 1);

describe('interpolateToGrid', () => {
  it('interpolates between readings off the grid', () => {
    // Readings at 00:02 (100) and 00:12 (120): slope 2 per minute.
    // 00:05 -> 100 + 3 × 2 = 106; 00:10 -> 100 + 8 × 2 = 116.
    const grid = interpolateToGrid([
      valueSample(T0 + 2 * MINUTE_MS, 100),
      valueSample(T0 + 12 * MINUTE_MS, 120),
    ]);

    expect(grid?.startMs).toBe(T0 + 5 * MINUTE_MS);
    expect(grid?.valuesMgDl).toEqual([106, 116]);
  });

  it('leaves gaps over 45 minutes empty', () => {
    // 00:00 -> 00:50 is 50 minutes: the ten points between stay null.
    const grid = interpolateToGrid([valueSample(T0, 100), valueSample(T0 + 50 * MINUTE_MS, 200)]);

    expect(grid?.valuesMgDl).toEqual([100, ...new Array(9).fill(null), 200]);
  });

  it('bridges a gap of exactly 45 minutes', () => {
    // 100 at 0 and 190 at 45: 2 per minute, so 00:05 -> 110 ... 00:40 -> 180.
    const grid = interpolateToGrid([valueSample(T0, 100), valueSample(T0 + 45 * MINUTE_MS, 190)]);

    expect(grid?.valuesMgDl).toEqual([100, 110, 120, 130, 140, 150, 160, 170, 180, 190]);
  });

  it('uses thresholds and averages duplicates', () => {
    // Low at 40 and 60 at the same instant average to 50; High counts as 400.
    const grid = interpolateToGrid([
      outOfRangeSample(T0, 'low', 40),
      valueSample(T0, 60),
      outOfRangeSample(T0 + 5 * MINUTE_MS, 'high', 400),
    ]);

    expect(grid?.valuesMgDl).toEqual([50, 400]);
  });

  it('returns null without readings', () => {
    expect(interpolateToGrid([])).toBeNull();
  });
});
