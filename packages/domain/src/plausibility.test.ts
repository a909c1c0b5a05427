import { describe, expect, it } from 'vitest';
import { checkPlausibility, TIME_FORMAT_MESSAGE } from './plausibility.ts';
import type { BolusRecord, CbgRecord, FoodRecord } from './records.ts';

const NOW = Date.UTC(2024, 5, 1);

function cbg(changes: Partial<CbgRecord> = {}): CbgRecord {
  return {
    type: 'cbg',
    id: 'a'.repeat(64),
    time: '2024-03-04T08:00:00.000Z',
    deviceTime: '2024-03-04T10:00:00',
    timezoneOffset: 120,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timezone: 'Europe/Helsinki',
    timeResolution: 'exact',
    deviceId: 'dexcom-g6:TEST',
    origin: { format: 'test' },
    valueMgDl: 120,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: 'mg/dL',
    ...changes,
  };
}

const fields = (record: CbgRecord | BolusRecord | FoodRecord) =>
  checkPlausibility(record, NOW).map((problem) => problem.field);

describe('checkPlausibility', () => {
  it('accepts a plausible reading', () => {
    expect(checkPlausibility(cbg(), NOW)).toEqual([]);
  });

  it('accepts an out-of-range reading with its threshold', () => {
    expect(fields(cbg({ valueMgDl: null, outOfRange: 'low', thresholdMgDl: 40 }))).toEqual([]);
  });

  it('rejects glucose outside 0–1000 mg/dL', () => {
    expect(fields(cbg({ valueMgDl: 1000.5 }))).toEqual(['/valueMgDl']);
    expect(fields(cbg({ valueMgDl: -1 }))).toEqual(['/valueMgDl']);
    expect(fields(cbg({ valueMgDl: 1000 }))).toEqual([]);
  });

  it('rejects a value and a flag together, or neither', () => {
    expect(fields(cbg({ outOfRange: 'high', thresholdMgDl: 400 }))).toEqual(['/valueMgDl']);
    expect(fields(cbg({ valueMgDl: null }))).toEqual(['/valueMgDl']);
  });

  it('rejects a flag without threshold', () => {
    expect(fields(cbg({ valueMgDl: null, outOfRange: 'low', thresholdMgDl: null }))).toEqual([
      '/thresholdMgDl',
    ]);
  });

  it('rejects times before 2000 and far in the future', () => {
    expect(
      fields(cbg({ time: '1999-12-31T23:00:00.000Z', deviceTime: '2000-01-01T01:00:00' })),
    ).toEqual(['/time']);
    expect(
      fields(cbg({ time: '2024-06-03T00:00:00.000Z', deviceTime: '2024-06-03T02:00:00' })),
    ).toEqual(['/time']);
  });

  it('rejects a time without offset', () => {
    expect(fields(cbg({ time: '2024-03-04T08:00:00' }))).toContain('/time');
  });

  it('names the format of a time that is not ISO 8601', () => {
    const time = 'Monday, 4 March 2024 at 08:00';
    expect(checkPlausibility(cbg({ time }), NOW)).toEqual([
      { field: '/time', value: time, message: TIME_FORMAT_MESSAGE },
    ]);
  });

  it('rejects a device time far from the instant', () => {
    expect(fields(cbg({ deviceTime: '1970-01-01T00:00:00' }))).toEqual(['/deviceTime']);
  });

  it('allows a wrong device clock covered by the conversion offset', () => {
    const yearMs = 365 * 86_400_000;
    expect(fields(cbg({ deviceTime: '2023-03-05T10:00:00', conversionOffset: yearMs }))).toEqual(
      [],
    );
  });

  it('rejects an unknown time zone name', () => {
    expect(fields(cbg({ timezone: 'Mars/Base' }))).toEqual(['/timezone']);
  });

  it('rejects offsets beyond their limits', () => {
    expect(fields(cbg({ timezoneOffset: 15 * 60, deviceTime: '2024-03-04T23:00:00' }))).toContain(
      '/timezoneOffset',
    );
    expect(fields(cbg({ clockDriftOffset: 25 * 3600_000 }))).toContain('/clockDriftOffset');
  });

  it('rejects an implausible bolus and carbs', () => {
    const base = cbg();
    const bolus: BolusRecord = {
      ...base,
      type: 'bolus',
      subType: 'normal',
      normalUnits: 120,
      extendedUnits: null,
      durationMs: null,
    };
    expect(fields(bolus)).toEqual(['/normalUnits']);
    expect(fields({ ...bolus, normalUnits: null })).toEqual(['/normalUnits']);
    const food: FoodRecord = { ...base, type: 'food', carbsGrams: 1200 };
    expect(fields(food)).toEqual(['/carbsGrams']);
  });
});
