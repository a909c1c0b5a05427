import { describe, expect, it } from 'vitest';

import { computeDailyProfiles } from './daily-profiles.ts';
import { MINUTE_MS, outOfRangeSample, valueSample } from './test-fixtures.ts';

const HOUR_MS = 60 * MINUTE_MS;

describe('computeDailyProfiles', () => {
  // Berlin, 2024-10-27 (clocks go back at 03:00 CEST to 02:00 CET): the local day runs from
  // 2024-10-26 22:00 UTC to 2024-10-27 23:00 UTC, 25 hours. The period covers Oct 27 and 28.
  const fromMs = Date.UTC(2024, 9, 26, 22);
  const toMs = Date.UTC(2024, 9, 28, 23);

  it('fills the 25-hour autumn day', () => {
    // Hourly readings at :30 from 22:30 UTC Oct 26 to 22:30 UTC Oct 27: 25 readings, all on
    // local Oct 27; the ones at 00:30 and 01:30 UTC both read 02:30 local.
    const samples = Array.from({ length: 25 }, (_, hour) =>
      valueSample(fromMs + 30 * MINUTE_MS + hour * HOUR_MS, 100),
    );
    const profiles = computeDailyProfiles(samples, { fromMs, toMs, timezone: 'Europe/Berlin' });

    expect(profiles.map((profile) => profile.date)).toEqual(['2024-10-27', '2024-10-28']);
    expect(profiles[0]?.points).toHaveLength(25);
    expect(profiles[0]?.points[2]?.minuteOfDay).toBe(150);
    expect(profiles[0]?.points[3]?.minuteOfDay).toBe(150);
    expect(profiles[0]?.points[24]?.minuteOfDay).toBe(1410);
    expect(profiles[1]?.points).toEqual([]);
  });

  it('keeps out-of-range flags with the threshold value', () => {
    const low = outOfRangeSample(Date.UTC(2024, 9, 28, 12), 'low', 40);
    const profiles = computeDailyProfiles([low], { fromMs, toMs, timezone: 'Europe/Berlin' });

    // 12:00 UTC is 13:00 CET.
    expect(profiles[1]?.points).toEqual([
      { timeMs: low.timeMs, minuteOfDay: 780, valueMgDl: 40, outOfRange: 'low' },
    ]);
  });

  it('sorts readings by time', () => {
    const later = valueSample(Date.UTC(2024, 9, 28, 10), 200);
    const earlier = valueSample(Date.UTC(2024, 9, 28, 9), 100);
    const profiles = computeDailyProfiles([later, earlier], {
      fromMs,
      toMs,
      timezone: 'Europe/Berlin',
    });

    expect(profiles[1]?.points.map((point) => point.valueMgDl)).toEqual([100, 200]);
  });
});
