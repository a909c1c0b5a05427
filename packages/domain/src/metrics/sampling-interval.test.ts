import { describe, expect, it } from 'vitest';
import { inferSampleIntervalMinutes } from './sampling-interval.ts';

const MINUTE = 60_000;
const every = (minutes: number, count: number) =>
  Array.from({ length: count }, (_, i) => i * minutes * MINUTE);

describe('inferSampleIntervalMinutes', () => {
  it('finds 5 minutes for Dexcom-like data', () => {
    expect(inferSampleIntervalMinutes(every(5, 100))).toBe(5);
  });

  it('finds 15 minutes for Libre 2 historic data', () => {
    expect(inferSampleIntervalMinutes(every(15, 100))).toBe(15);
  });

  it('ignores a few long gaps and unsorted input', () => {
    const times = [...every(5, 50), ...every(5, 50).map((t) => t + 6 * 60 * MINUTE)].reverse();
    expect(inferSampleIntervalMinutes(times)).toBe(5);
  });

  it('tolerates seconds of drift between readings', () => {
    const times = every(15, 20).map((t, i) => t + (i % 3) * 7_000);
    expect(inferSampleIntervalMinutes(times)).toBe(15);
  });

  it('falls back to 5 minutes without two readings', () => {
    expect(inferSampleIntervalMinutes([])).toBe(5);
    expect(inferSampleIntervalMinutes([1000])).toBe(5);
    expect(inferSampleIntervalMinutes([1000, 1000])).toBe(5);
  });
});
