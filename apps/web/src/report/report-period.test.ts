import { describe, expect, it } from 'vitest';

import { defaultReportPeriod, firstReportDate, reportTimePeriod } from './report-period.ts';

describe('defaultReportPeriod', () => {
  it('ends on the local day of the last reading', () => {
    // 22:30 UTC on 16 March is 00:30 on 17 March in Helsinki (UTC+2).
    expect(defaultReportPeriod('Europe/Helsinki', '2019-03-16T22:30:00Z')).toEqual({
      lastDate: '2019-03-17',
      days: 14,
    });
    expect(defaultReportPeriod('UTC', '2019-03-16T22:30:00Z')).toEqual({
      lastDate: '2019-03-16',
      days: 14,
    });
  });

  it('moves back by whole periods', () => {
    expect(defaultReportPeriod('UTC', '2019-03-17T10:00:00Z', 1)).toEqual({
      lastDate: '2019-03-03',
      days: 14,
    });
  });

  it('rejects a malformed instant', () => {
    expect(() => defaultReportPeriod('UTC', 'yesterday')).toThrow(RangeError);
  });
});

describe('reportTimePeriod', () => {
  it('covers whole local days', () => {
    const choice = { lastDate: '2019-03-17', days: 14 };

    expect(firstReportDate(choice)).toBe('2019-03-04');
    expect(reportTimePeriod('Europe/Helsinki', choice)).toEqual({
      fromMs: Date.parse('2019-03-03T22:00:00Z'),
      toMs: Date.parse('2019-03-17T22:00:00Z'),
    });
  });

  it('is an hour short across the spring change', () => {
    // Helsinki moved from UTC+2 to UTC+3 on 31 March 2019.
    const period = reportTimePeriod('Europe/Helsinki', { lastDate: '2019-04-06', days: 7 });

    expect(period.toMs - period.fromMs).toBe(7 * 86_400_000 - 3_600_000);
  });
});
