import { identityHash, type CanonicalRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../profiles/index.ts';
import { collectPatient } from '../test-helpers.ts';
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
