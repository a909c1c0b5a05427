import { wallTimeCandidates } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { ZoneClock } from './zone-clock.ts';

const MS_PER_MINUTE = 60_000;

describe('ZoneClock', () => {
  it('maps times of a cached hour with its offset', () => {
    const clock = new ZoneClock('Europe/Berlin');
    // 2024-07-01 is summer time (UTC+2): 10:05 is 08:05 UTC, 10:59:59 is 08:59:59 UTC.
    clock.candidates(Date.parse('2024-07-01T10:00:00Z'));
    expect(clock.candidates(Date.parse('2024-07-01T10:05:00Z'))).toEqual({
      kind: 'exact',
      candidatesMs: [Date.parse('2024-07-01T08:05:00Z')],
      instantMs: Date.parse('2024-07-01T08:05:00Z'),
    });
    expect(clock.candidates(Date.parse('2024-07-01T10:59:59Z')).instantMs).toBe(
      Date.parse('2024-07-01T08:59:59Z'),
    );
  });

  it('does not cache an hour that is partly repeated', () => {
    // Australia/Lord_Howe 2024-04-07: 02:00 (UTC+11) becomes 01:30 (UTC+10:30) at 15:00 UTC
    // the day before, so 01:10 is exact and 01:40 occurs at 14:40 and at 15:10 UTC.
    const clock = new ZoneClock('Australia/Lord_Howe');
    clock.candidates(Date.parse('2024-04-07T01:00:00Z'));
    expect(clock.candidates(Date.parse('2024-04-07T01:10:00Z'))).toMatchObject({
      kind: 'exact',
      instantMs: Date.parse('2024-04-06T14:10:00Z'),
    });
    expect(clock.candidates(Date.parse('2024-04-07T01:40:00Z'))).toMatchObject({
      kind: 'ambiguous',
      candidatesMs: [Date.parse('2024-04-06T14:40:00Z'), Date.parse('2024-04-06T15:10:00Z')],
    });
  });

  it.each([
    ['Europe/Berlin', '2024-10-26T00:00:00Z'],
    ['Europe/Berlin', '2024-03-30T00:00:00Z'],
    ['America/New_York', '2024-11-02T00:00:00Z'],
    ['Australia/Lord_Howe', '2024-04-06T00:00:00Z'],
    ['Australia/Lord_Howe', '2024-10-05T00:00:00Z'],
  ])('agrees with wallTimeCandidates minute by minute in %s from %s', (zone, start) => {
    const clock = new ZoneClock(zone);
    const startMs = Date.parse(start);
    for (let minute = 0; minute < 3 * 24 * 60; minute += 1) {
      const wallMs = startMs + minute * MS_PER_MINUTE;
      expect(clock.candidates(wallMs)).toEqual(wallTimeCandidates(wallMs, zone));
    }
  });
});
