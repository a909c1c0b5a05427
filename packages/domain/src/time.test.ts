import { describe, expect, it } from 'vitest';
import {
  assertTimeZone,
  formatLocalDateTime,
  formatUtcIso,
  InvalidTimeZoneError,
  isValidTimeZone,
  localTimeCandidates,
  parseLocalDateTime,
  timeZoneOffsetMinutes,
} from './time.ts';

const iso = (text: string): number => Date.parse(text);

describe('timeZoneOffsetMinutes', () => {
  it('returns Helsinki summer and winter offsets', () => {
    expect(timeZoneOffsetMinutes('Europe/Helsinki', iso('2019-07-01T12:00:00Z'))).toBe(180);
    expect(timeZoneOffsetMinutes('Europe/Helsinki', iso('2019-12-01T12:00:00Z'))).toBe(120);
  });

  it('switches at the Helsinki autumn transition', () => {
    // EU summer time ends at 01:00 UTC on the last Sunday of October.
    expect(timeZoneOffsetMinutes('Europe/Helsinki', iso('2019-10-27T00:59:59Z'))).toBe(180);
    expect(timeZoneOffsetMinutes('Europe/Helsinki', iso('2019-10-27T01:00:00Z'))).toBe(120);
  });

  it('returns negative offsets west of Greenwich', () => {
    expect(timeZoneOffsetMinutes('America/New_York', iso('2019-01-15T12:00:00Z'))).toBe(-300);
    expect(timeZoneOffsetMinutes('America/New_York', iso('2019-07-15T12:00:00Z'))).toBe(-240);
  });

  it('returns zero for UTC', () => {
    expect(timeZoneOffsetMinutes('UTC', iso('2019-07-15T12:00:00Z'))).toBe(0);
  });

  it('returns half-hour offsets for Lord Howe', () => {
    // Lord Howe Island: +10:30 standard time, +11:00 in summer (a 30-minute shift).
    expect(timeZoneOffsetMinutes('Australia/Lord_Howe', iso('2019-07-01T00:00:00Z'))).toBe(630);
    expect(timeZoneOffsetMinutes('Australia/Lord_Howe', iso('2019-01-01T00:00:00Z'))).toBe(660);
  });

  it('rejects an unknown zone', () => {
    expect(() => timeZoneOffsetMinutes('Europe/Atlantis', 0)).toThrow(InvalidTimeZoneError);
  });
});

describe('time zone validation', () => {
  it('accepts IANA names', () => {
    expect(isValidTimeZone('Europe/Helsinki')).toBe(true);
    expect(isValidTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
  });

  it('rejects unknown names and offsets', () => {
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('+02:00')).toBe(false);
  });

  it('names the zone in the error', () => {
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(/Invalid time zone "Mars\/Olympus"/);
  });
});

describe('localTimeCandidates', () => {
  it('maps an ordinary Helsinki time to one instant', () => {
    const result = localTimeCandidates('2019-10-20T12:00:00', 'Europe/Helsinki');
    expect(result.kind).toBe('exact');
    expect(result.candidatesMs).toEqual([iso('2019-10-20T09:00:00Z')]);
    expect(result.instantMs).toBe(iso('2019-10-20T09:00:00Z'));
  });

  it('returns both instants in the repeated autumn hour', () => {
    const result = localTimeCandidates('2019-10-27T03:30:00', 'Europe/Helsinki');
    expect(result.kind).toBe('ambiguous');
    expect(result.candidatesMs).toEqual([iso('2019-10-27T00:30:00Z'), iso('2019-10-27T01:30:00Z')]);
    expect(result.instantMs).toBe(iso('2019-10-27T00:30:00Z'));
  });

  it('flags a time in the spring gap', () => {
    // At 03:00 EET on 2019-03-31 clocks jump to 04:00 EEST, so 03:30 never happens.
    const result = localTimeCandidates('2019-03-31T03:30:00', 'Europe/Helsinki');
    expect(result.kind).toBe('nonexistent');
    expect(result.candidatesMs).toEqual([]);
    // Read with the offset before the gap (+02:00).
    expect(result.instantMs).toBe(iso('2019-03-31T01:30:00Z'));
  });

  it('treats the gap edges as existing times', () => {
    expect(localTimeCandidates('2019-03-31T02:59:59', 'Europe/Helsinki').candidatesMs).toEqual([
      iso('2019-03-31T00:59:59Z'),
    ]);
    expect(localTimeCandidates('2019-03-31T04:00:00', 'Europe/Helsinki').candidatesMs).toEqual([
      iso('2019-03-31T01:00:00Z'),
    ]);
  });

  it('handles New York transitions', () => {
    const repeated = localTimeCandidates('2019-11-03T01:30:00', 'America/New_York');
    expect(repeated.candidatesMs).toEqual([
      iso('2019-11-03T05:30:00Z'),
      iso('2019-11-03T06:30:00Z'),
    ]);
    const gap = localTimeCandidates('2019-03-10T02:30:00', 'America/New_York');
    expect(gap.kind).toBe('nonexistent');
    expect(gap.instantMs).toBe(iso('2019-03-10T07:30:00Z'));
  });

  it('never finds ambiguity in UTC', () => {
    const result = localTimeCandidates('2019-10-27T03:30:00', 'UTC');
    expect(result.kind).toBe('exact');
    expect(result.instantMs).toBe(iso('2019-10-27T03:30:00Z'));
  });

  it('handles the 30-minute Lord Howe shift', () => {
    // Lord Howe summer time ends 2019-04-07 at 02:00 local (+11:00), back to 01:30 (+10:30).
    const repeated = localTimeCandidates('2019-04-07T01:45:00', 'Australia/Lord_Howe');
    expect(repeated.candidatesMs).toEqual([
      iso('2019-04-06T14:45:00Z'),
      iso('2019-04-06T15:15:00Z'),
    ]);
    // It starts 2019-10-06 at 02:00 local (+10:30), forward to 02:30 (+11:00).
    const gap = localTimeCandidates('2019-10-06T02:15:00', 'Australia/Lord_Howe');
    expect(gap.kind).toBe('nonexistent');
    expect(gap.instantMs).toBe(iso('2019-10-05T15:45:00Z'));
  });

  it('rejects malformed local times', () => {
    expect(() => localTimeCandidates('2019-10-27 03:30', 'UTC')).toThrow(RangeError);
  });
});

describe('parseLocalDateTime', () => {
  it('parses a valid time', () => {
    expect(parseLocalDateTime('2019-10-14T16:42:37')).toBe(iso('2019-10-14T16:42:37Z'));
  });

  it('rejects impossible dates and malformed text', () => {
    expect(parseLocalDateTime('2019-02-30T00:00:00')).toBeNull();
    expect(parseLocalDateTime('2019-13-01T00:00:00')).toBeNull();
    expect(parseLocalDateTime('2019-10-14T24:00:00')).toBeNull();
    expect(parseLocalDateTime('2019-10-14T16:42')).toBeNull();
    expect(parseLocalDateTime('14.10.2019 16:42:37')).toBeNull();
  });

  it('rejects wrong separators and digits', () => {
    expect(parseLocalDateTime('2019-10-14 16:42:37')).toBeNull();
    expect(parseLocalDateTime('2019/10/14T16:42:37')).toBeNull();
    expect(parseLocalDateTime('2019-10-14T16.42:37')).toBeNull();
    expect(parseLocalDateTime('2019-10-14T16:42.37')).toBeNull();
    expect(parseLocalDateTime('2019-1O-14T16:42:37')).toBeNull();
    expect(parseLocalDateTime('2019-10-14T16:42:3x')).toBeNull();
    expect(parseLocalDateTime('２０１９-10-14T16:42:37')).toBeNull();
    expect(parseLocalDateTime('2019-10-14T16:42:37Z')).toBeNull();
    expect(parseLocalDateTime(' 2019-10-14T16:42:37')).toBeNull();
    expect(parseLocalDateTime('2019-10-00T16:42:37')).toBeNull();
    expect(parseLocalDateTime('2019-00-14T16:42:37')).toBeNull();
    expect(parseLocalDateTime('2019-10-14T16:60:37')).toBeNull();
    expect(parseLocalDateTime('2019-10-14T16:42:60')).toBeNull();
  });

  it('parses the last second of a year', () => {
    expect(parseLocalDateTime('2019-12-31T23:59:59')).toBe(iso('2019-12-31T23:59:59Z'));
  });

  it('accepts a leap day', () => {
    expect(parseLocalDateTime('2020-02-29T00:00:00')).toBe(iso('2020-02-29T00:00:00Z'));
  });
});

describe('formatting', () => {
  it('formats UTC with milliseconds and Z', () => {
    expect(formatUtcIso(iso('2019-10-27T00:30:00Z'))).toBe('2019-10-27T00:30:00.000Z');
    expect(formatUtcIso(1)).toBe('1970-01-01T00:00:00.001Z');
  });

  it('formats a wall-clock time without offset', () => {
    expect(formatLocalDateTime(iso('2019-10-27T03:30:05Z'))).toBe('2019-10-27T03:30:05');
  });
});
