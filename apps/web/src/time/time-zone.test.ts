import { describe, expect, it } from 'vitest';

import {
  addDaysToIsoDate,
  formatZonedDateTime,
  startOfZonedDateMs,
  timeZoneOffsetMs,
  zonedIsoDate,
} from './time-zone.ts';

const HOUR_MS = 3_600_000;

describe('timeZoneOffsetMs', () => {
  it('returns winter and summer offsets of Helsinki', () => {
    // Finland is UTC+2 in winter and UTC+3 from the last Sunday of March.
    expect(timeZoneOffsetMs('Europe/Helsinki', Date.parse('2019-01-15T12:00:00Z'))).toBe(
      2 * HOUR_MS,
    );
    expect(timeZoneOffsetMs('Europe/Helsinki', Date.parse('2019-07-15T12:00:00Z'))).toBe(
      3 * HOUR_MS,
    );
  });

  it('returns negative and half-hour offsets', () => {
    expect(timeZoneOffsetMs('America/New_York', Date.parse('2019-01-15T12:34:56.789Z'))).toBe(
      -5 * HOUR_MS,
    );
    expect(timeZoneOffsetMs('Asia/Kolkata', Date.parse('2019-01-15T00:00:00Z'))).toBe(
      5.5 * HOUR_MS,
    );
  });

  it('switches at the daylight-saving instant', () => {
    // EU clocks go forward at 01:00 UTC on 31 March 2019.
    expect(timeZoneOffsetMs('Europe/Helsinki', Date.parse('2019-03-31T00:59:59Z'))).toBe(
      2 * HOUR_MS,
    );
    expect(timeZoneOffsetMs('Europe/Helsinki', Date.parse('2019-03-31T01:00:00Z'))).toBe(
      3 * HOUR_MS,
    );
  });

  it('rejects an unknown time zone', () => {
    expect(() => timeZoneOffsetMs('Mars/Olympus', 0)).toThrow(RangeError);
  });
});

describe('startOfZonedDateMs', () => {
  it('returns local midnight as UTC', () => {
    expect(startOfZonedDateMs('Europe/Helsinki', '2019-03-04')).toBe(
      Date.parse('2019-03-03T22:00:00Z'),
    );
    expect(startOfZonedDateMs('Europe/Helsinki', '2019-07-04')).toBe(
      Date.parse('2019-07-03T21:00:00Z'),
    );
    expect(startOfZonedDateMs('America/New_York', '2019-03-04')).toBe(
      Date.parse('2019-03-04T05:00:00Z'),
    );
  });

  it('handles the day clocks go forward', () => {
    // Midnight of 31 March is still winter time in Helsinki.
    expect(startOfZonedDateMs('Europe/Helsinki', '2019-03-31')).toBe(
      Date.parse('2019-03-30T22:00:00Z'),
    );
    expect(startOfZonedDateMs('Europe/Helsinki', '2019-04-01')).toBe(
      Date.parse('2019-03-31T21:00:00Z'),
    );
  });

  it('rejects a malformed date', () => {
    expect(() => startOfZonedDateMs('UTC', '4.3.2019')).toThrow(RangeError);
  });
});

describe('zonedIsoDate', () => {
  it('returns the local calendar date', () => {
    expect(zonedIsoDate('Europe/Helsinki', Date.parse('2019-03-03T22:30:00Z'))).toBe('2019-03-04');
    expect(zonedIsoDate('America/New_York', Date.parse('2019-03-04T03:00:00Z'))).toBe('2019-03-03');
  });
});

describe('addDaysToIsoDate', () => {
  it('crosses month and year ends', () => {
    expect(addDaysToIsoDate('2019-02-28', 1)).toBe('2019-03-01');
    expect(addDaysToIsoDate('2019-01-01', -1)).toBe('2018-12-31');
  });
});

describe('formatZonedDateTime', () => {
  it('shows local time with the zone abbreviation', () => {
    expect(formatZonedDateTime('Europe/Helsinki', Date.parse('2019-03-04T12:05:00Z'))).toBe(
      '4 Mar 2019, 14:05 EET',
    );
  });
});

describe('startOfZonedDateMs at midnight changes', () => {
  it('begins at a jump over midnight', () => {
    // Chile moved clocks from 00:00 to 01:00 (UTC-4 to UTC-3) on 8 September 2019, so the
    // day began at 01:00 local, which is 04:00 UTC.
    expect(startOfZonedDateMs('America/Santiago', '2019-09-08')).toBe(
      Date.parse('2019-09-08T04:00:00Z'),
    );
  });

  it('begins at the first of two midnights', () => {
    // The Azores moved clocks back from 01:00 to 00:00 (UTC+0 to UTC-1) at 01:00 UTC on
    // 27 October 2019, so that day's midnight occurred at 00:00 and again at 01:00 UTC.
    expect(startOfZonedDateMs('Atlantic/Azores', '2019-10-27')).toBe(
      Date.parse('2019-10-27T00:00:00Z'),
    );
  });

  it('begins after a repeated evening hour', () => {
    // Chile moved clocks back from 00:00 to 23:00 (UTC-3 to UTC-4) at 03:00 UTC on 7 April
    // 2019, so 6 April 23:00 to 24:00 repeated and 7 April began once, at 04:00 UTC.
    expect(startOfZonedDateMs('America/Santiago', '2019-04-07')).toBe(
      Date.parse('2019-04-07T04:00:00Z'),
    );
    expect(startOfZonedDateMs('America/Santiago', '2019-04-06')).toBe(
      Date.parse('2019-04-06T03:00:00Z'),
    );
  });
});
