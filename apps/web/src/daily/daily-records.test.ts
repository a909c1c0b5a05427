import { describe, expect, it } from 'vitest';

import type { DeviceRecord } from '../api/report-api.ts';
import { dailyResponse } from '../test/role-fixtures.ts';
import { splitDailyRecords } from './daily-records.ts';

function record(type: string, time: string, payload: Record<string, unknown>): DeviceRecord {
  return { time, type, valueMgDl: null, outOfRange: null, payload };
}

describe('splitDailyRecords', () => {
  const records = splitDailyRecords(dailyResponse('', '').records);

  it('reads boluses in time order', () => {
    expect(records.boluses).toEqual([
      {
        timeMs: Date.parse('2019-03-16T22:30:00.000Z'),
        normalUnits: 14,
        extendedUnits: null,
        durationMs: null,
        insulinKind: 'Long-Acting',
      },
      {
        timeMs: Date.parse('2019-03-17T05:10:00.000Z'),
        normalUnits: 6,
        extendedUnits: null,
        durationMs: null,
        insulinKind: 'Fast-Acting',
      },
    ]);
  });

  it('reads basal, carbs and events', () => {
    const start = Date.parse('2019-03-17T04:00:00.000Z');
    expect(records.basal).toEqual([
      {
        startMs: start,
        endMs: start + 5_400_000,
        rateUnitsPerHour: 0.85,
        deliveryType: 'scheduled',
      },
    ]);
    expect(records.carbs).toEqual([
      { timeMs: Date.parse('2019-03-17T05:08:00.000Z'), carbsGrams: 45 },
    ]);
    expect(records.events).toEqual([
      {
        timeMs: Date.parse('2019-03-17T13:55:00.000Z'),
        subType: 'exercise',
        detail: 'Light',
        durationMs: 2_700_000,
      },
    ]);
  });

  it('treats a suspension without rate as zero', () => {
    const split = splitDailyRecords([
      record('basal', '2019-03-17T01:00:00Z', { deliveryType: 'suspend', durationMs: 600_000 }),
      record('basal', '2019-03-17T02:00:00Z', { deliveryType: 'temp', durationMs: 600_000 }),
    ]);

    expect(split.basal).toHaveLength(1);
    expect(split.basal[0]?.rateUnitsPerHour).toBe(0);
  });

  it('leaves out records without an amount', () => {
    const split = splitDailyRecords([
      record('food', '2019-03-17T01:00:00Z', { carbsGrams: 'many' }),
      { ...record('smbg', '2019-03-17T01:00:00Z', { subType: 'manual' }), valueMgDl: null },
      record('wizard', '2019-03-17T01:00:00Z', { carbsGrams: 40 }),
    ]);

    expect(split).toEqual({ boluses: [], basal: [], carbs: [], fingersticks: [], events: [] });
  });
});
