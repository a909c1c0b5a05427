import { describe, expect, it } from 'vitest';

import {
  formatMinuteOfDay,
  formatTimeAgo,
  formatZonedDate,
  formatZonedTime,
  formatZonedWeekday,
} from './format-time.ts';

const NOW = Date.parse('2026-12-04T12:00:00Z');

describe('formatTimeAgo', () => {
  it.each([
    [30_000, 'just now'],
    [-60_000, 'just now'],
    [59 * 60_000, '59 min ago'],
    [3 * 3_600_000 + 59 * 60_000, '3 h ago'],
    [47 * 3_600_000, '47 h ago'],
    [48 * 3_600_000, '2 days ago'],
    [2593 * 86_400_000, '2,593 days ago'],
  ])('formats %i ms as %s', (elapsedMs, expected) => {
    expect(formatTimeAgo(NOW, NOW - elapsedMs)).toBe(expected);
  });
});

describe('zoned formats', () => {
  // 21:57 UTC on 28 October 2019 is 23:57 in Helsinki (EET, UTC+2, after the autumn change).
  const instant = Date.parse('2019-10-28T21:57:11Z');

  it('formats the local date', () => {
    expect(formatZonedDate('Europe/Helsinki', instant)).toBe('28 Oct 2019');
    expect(formatZonedDate('Asia/Tokyo', instant)).toBe('29 Oct 2019');
  });

  it('formats the local weekday', () => {
    expect(formatZonedWeekday('Europe/Helsinki', instant)).toBe('Mon 28 Oct');
  });

  it('formats the local time', () => {
    expect(formatZonedTime('Europe/Helsinki', instant)).toBe('23:57');
  });
});

describe('formatMinuteOfDay', () => {
  it('formats minutes since midnight', () => {
    expect(formatMinuteOfDay(0)).toBe('00:00');
    expect(formatMinuteOfDay(390)).toBe('06:30');
    expect(formatMinuteOfDay(1439.5)).toBe('23:59');
  });
});
