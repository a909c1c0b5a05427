import { identityHash, type CanonicalRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../profiles/index.ts';
import { collectPatient } from '../test-helpers.ts';
import { integerText } from './fast-identity.ts';
import { isoUtcWholeSecond, localDateTimeWholeSecond } from './iso-format.ts';
import { LocalClock } from './local-clock.ts';

describe('LocalClock', () => {
  const clock = new LocalClock('America/New_York');
  // 2024-11-03 01:30 EDT is 05:30Z; the same wall time in EST is 06:30Z.
  const firstPass = Date.UTC(2024, 10, 3, 5, 30);
  const secondPass = Date.UTC(2024, 10, 3, 6, 30);

  it('stamps ordinary times exactly', () => {
    const stamp = clock.stamp(Date.UTC(2024, 6, 1, 16, 0, 5));
    expect(stamp).toMatchObject({
      deviceTime: '2024-07-01T12:00:05',
      time: '2024-07-01T16:00:05.000Z',
      timezoneOffset: -240,
      timeResolution: 'exact',
    });
  });

  it('resolves the repeated hour only with transmitter time', () => {
    expect(clock.stamp(secondPass, 0, true)).toMatchObject({
      deviceTime: '2024-11-03T01:30:00',
      time: '2024-11-03T06:30:00.000Z',
      timeResolution: 'resolved',
      timezoneOffset: -300,
    });
    expect(clock.stamp(secondPass, 0, false)).toMatchObject({
      time: '2024-11-03T05:30:00.000Z',
      timeResolution: 'ambiguous',
    });
    expect(clock.stamp(firstPass, 0, true).time).toBe('2024-11-03T05:30:00.000Z');
  });

  it('shifts the instant with a device clock that runs ahead', () => {
    const stamp = clock.stamp(Date.UTC(2024, 6, 1, 16, 0, 0), 90_000);
    expect(stamp.deviceTime).toBe('2024-07-01T12:01:30');
    expect(stamp.time).toBe('2024-07-01T16:01:30.000Z');
  });
});

describe('LocalClock offsets', () => {
  const HOUR = 3_600_000;

  it('change at the autumn transition', () => {
    // New York leaves daylight saving time at 2024-11-03 06:00Z (02:00 EDT).
    const clock = new LocalClock('America/New_York');
    expect(clock.offsetMinutes(Date.UTC(2024, 10, 2, 12))).toBe(-240);
    expect(clock.offsetMinutes(Date.UTC(2024, 10, 3, 5, 59, 59))).toBe(-240);
    expect(clock.offsetMinutes(Date.UTC(2024, 10, 3, 6))).toBe(-300);
    expect(clock.offsetMinutes(Date.UTC(2024, 10, 3, 5, 59, 59))).toBe(-240);
  });

  it('change within a UTC hour in a half-hour zone', () => {
    // Adelaide moves from +10:30 to +09:30 at 2024-04-06 16:30Z (03:00 local), so that UTC
    // hour has two offsets and each instant in it is looked up on its own.
    const clock = new LocalClock('Australia/Adelaide');
    expect(clock.offsetMinutes(Date.UTC(2024, 3, 6, 16, 0))).toBe(630);
    expect(clock.offsetMinutes(Date.UTC(2024, 3, 6, 16, 30))).toBe(570);
    expect(clock.offsetMinutes(Date.UTC(2024, 3, 6, 16, 29, 59))).toBe(630);
    expect(clock.offsetMinutes(Date.UTC(2024, 3, 6, 16, 59, 59))).toBe(570);
    expect(clock.offsetMinutes(Date.UTC(2024, 3, 6, 15, 59, 59))).toBe(630);
    expect(clock.offsetMinutes(Date.UTC(2024, 3, 6, 17, 0))).toBe(570);
  });

  it('hold far from the first time asked for', () => {
    const clock = new LocalClock('Europe/Helsinki');
    expect(clock.offsetMinutes(Date.UTC(2024, 6, 1))).toBe(180);
    // Years before and after, outside the zone's table of hours.
    expect(clock.offsetMinutes(Date.UTC(2019, 0, 15))).toBe(120);
    expect(clock.offsetMinutes(Date.UTC(2031, 6, 15))).toBe(180);
    expect(clock.offsetMinutes(Date.UTC(2031, 6, 15) + HOUR / 2)).toBe(180);
    expect(clock.offsetMinutes(Date.UTC(2024, 11, 24))).toBe(120);
  });
});

describe('integerText', () => {
  it('writes integers as String does', () => {
    const cases: [number, string][] = [
      [1725260700000, '1725260700000'],
      [1725260000005, '1725260000005'],
      [1725260012345, '1725260012345'],
      [1000000, '1000000'],
      [999999, '999999'],
      [0, '0'],
      [-1725260700000, '-1725260700000'],
      [1e15, '1000000000000000'],
    ];
    for (const [value, text] of cases) {
      expect(integerText(value), text).toBe(text);
    }
  });

  it('writes other numbers as String does', () => {
    expect(integerText(1725260700000.5)).toBe('1725260700000.5');
    expect(integerText(0.001)).toBe('0.001');
  });
});

describe('ISO formatting', () => {
  it('matches toISOString', () => {
    for (const ms of [
      0,
      86_399_000,
      Date.UTC(2024, 1, 29, 23, 59, 59),
      Date.UTC(2031, 11, 31, 0, 0, 1),
    ]) {
      expect(isoUtcWholeSecond(ms)).toBe(new Date(ms).toISOString());
      expect(localDateTimeWholeSecond(ms)).toBe(new Date(ms).toISOString().slice(0, 19));
    }
  });
});

describe('generated records', () => {
  const { records } = collectPatient({
    profile: getProfile('dclp3-control-iq'),
    seed: 'ids',
    days: 16,
  });

  it('carry the identity hash of the domain', () => {
    const byType = new Map<string, CanonicalRecord[]>();
    for (const record of records) {
      byType.set(record.type, [...(byType.get(record.type) ?? []), record]);
    }
    expect([...byType.keys()].sort()).toEqual(
      ['basal', 'bolus', 'cbg', 'cgmSettings', 'deviceEvent', 'pumpSettings', 'wizard'].sort(),
    );
    for (const list of byType.values()) {
      for (const record of list.filter((_, index) => index % 37 === 0)) {
        expect(record.id).toBe(identityHash(record));
      }
    }
  });

  it('have unique identities', () => {
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
  });

  it('come in time order within each day', () => {
    let previous = 0;
    for (const record of records.filter((candidate) => candidate.type === 'cbg')) {
      const t = Date.parse(record.time);
      expect(t).toBeGreaterThan(previous);
      previous = t;
    }
  });
});
