import { describe, expect, it } from 'vitest';

import { createLocalClock, listLocalDates } from './local-clock.ts';

describe('createLocalClock', () => {
  it('skips the spring hour in Berlin', () => {
    // 2024-03-31: 00:30 UTC is 01:30 CET (+1); 01:30 UTC is 03:30 CEST (+2).
    const clock = createLocalClock('Europe/Berlin');

    expect(clock(Date.UTC(2024, 2, 31, 0, 30))).toEqual({
      dateKey: '2024-03-31',
      minuteOfDay: 90,
      hour: 1,
    });
    expect(clock(Date.UTC(2024, 2, 31, 1, 30)).minuteOfDay).toBe(210);
  });

  it('repeats the autumn hour in Berlin', () => {
    // 2024-10-27: 00:30 UTC is 02:30 CEST and 01:30 UTC is 02:30 CET.
    const clock = createLocalClock('Europe/Berlin');

    expect(clock(Date.UTC(2024, 9, 27, 0, 30)).minuteOfDay).toBe(150);
    expect(clock(Date.UTC(2024, 9, 27, 1, 30)).minuteOfDay).toBe(150);
  });

  it('moves the date across local midnight', () => {
    // 2024-01-01 23:30 UTC is 2024-01-02 00:30 in Berlin and 18:30 in New York.
    const instant = Date.UTC(2024, 0, 1, 23, 30);

    expect(createLocalClock('Europe/Berlin')(instant).dateKey).toBe('2024-01-02');
    expect(createLocalClock('America/New_York')(instant)).toEqual({
      dateKey: '2024-01-01',
      minuteOfDay: 1110,
      hour: 18,
    });
  });

  it('keeps seconds as a fraction of a minute', () => {
    expect(createLocalClock('UTC')(Date.UTC(2024, 0, 1, 0, 1, 30)).minuteOfDay).toBe(1.5);
  });

  it('rejects an unknown zone', () => {
    expect(() => createLocalClock('Not/AZone')).toThrow(/Invalid time zone/);
  });
});

describe('listLocalDates', () => {
  it('lists the local dates of a period', () => {
    // 2024-01-01 23:00 UTC to 2024-01-03 23:00 UTC is Jan 2 00:00 to Jan 4 00:00 in Berlin.
    const clock = createLocalClock('Europe/Berlin');
    const dates = listLocalDates(clock, Date.UTC(2024, 0, 1, 23), Date.UTC(2024, 0, 3, 23));

    expect(dates).toEqual(['2024-01-02', '2024-01-03']);
  });
});
