import { describe, expect, it } from 'vitest';

import { formatCount, formatDays, formatPercent, formatTimePerDay } from './format-statistics.ts';

describe('statistics formatting', () => {
  it('formats percentages with one decimal', () => {
    expect(formatPercent(72.44)).toBe('72.4%');
    expect(formatPercent(0)).toBe('0.0%');
  });

  it('formats time per day', () => {
    // 10% of 1,440 minutes is 144 minutes; 0.5% is 7.2 minutes.
    expect(formatTimePerDay(10)).toBe('2 h 24 min');
    expect(formatTimePerDay(0.5)).toBe('7 min');
    expect(formatTimePerDay(25)).toBe('6 h');
  });

  it('formats counts and days', () => {
    expect(formatCount(4032)).toBe('4,032');
    expect(formatDays(14)).toBe('14');
    expect(formatDays(13.958)).toBe('14');
    expect(formatDays(13.94)).toBe('13.9');
  });
});
