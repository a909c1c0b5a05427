import { describe, expect, it } from 'vitest';
import { formatReadingsCsv } from './exports.ts';

describe('formatReadingsCsv', () => {
  it('keeps both passes of the repeated hour apart', () => {
    // New York leaves daylight time at 06:00 UTC on 3 November 2024 (02:00 EDT → 01:00 EST),
    // so 05:30 UTC and 06:30 UTC are both 01:30 on the wall clock.
    const csv = formatReadingsCsv(
      [
        {
          time: new Date('2024-11-03T05:30:00Z'),
          valueMgDl: 100,
          outOfRange: null,
          thresholdMgDl: null,
        },
        {
          time: new Date('2024-11-03T06:30:00Z'),
          valueMgDl: 99.1,
          outOfRange: null,
          thresholdMgDl: null,
        },
        {
          time: new Date('2024-11-03T07:00:00Z'),
          valueMgDl: null,
          outOfRange: 'low',
          thresholdMgDl: 40,
        },
      ],
      'America/New_York',
    );
    // 100 / 18.01559 = 5.5507 and 99.1 / 18.01559 = 5.5007 mmol/L.
    expect(csv).toBe(
      'time_utc,local_time,utc_offset_minutes,glucose_mg_dl,glucose_mmol_l,out_of_range,threshold_mg_dl\r\n' +
        '2024-11-03T05:30:00.000Z,2024-11-03T01:30:00,-240,100,5.6,,\r\n' +
        '2024-11-03T06:30:00.000Z,2024-11-03T01:30:00,-300,99.1,5.5,,\r\n' +
        '2024-11-03T07:00:00.000Z,2024-11-03T02:00:00,-300,,,low,40\r\n',
    );
  });

  it('writes only the header without readings', () => {
    expect(formatReadingsCsv([], 'UTC')).toBe(
      'time_utc,local_time,utc_offset_minutes,glucose_mg_dl,glucose_mmol_l,out_of_range,threshold_mg_dl\r\n',
    );
  });
});
