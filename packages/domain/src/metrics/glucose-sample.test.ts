import { describe, expect, it } from 'vitest';

import type { CbgRecord } from '../records.ts';
import {
  glucoseSamplesFromCbgRecords,
  glucoseValueForAverages,
  isUsableSample,
} from './glucose-sample.ts';
import { outOfRangeSample, valueSample } from './test-fixtures.ts';

const T0 = Date.UTC(2024, 0, 1);

describe('glucoseValueForAverages', () => {
  it('substitutes the device threshold', () => {
    expect(glucoseValueForAverages(outOfRangeSample(T0, 'low', 39))).toBe(39);
    expect(glucoseValueForAverages(outOfRangeSample(T0, 'high', 500))).toBe(500);
  });

  it('falls back to 40 and 400', () => {
    expect(glucoseValueForAverages(outOfRangeSample(T0, 'low', null))).toBe(40);
    expect(glucoseValueForAverages(outOfRangeSample(T0, 'high', 0))).toBe(400);
  });

  it('returns null for unusable samples', () => {
    expect(glucoseValueForAverages(valueSample(T0, -5))).toBeNull();
    expect(glucoseValueForAverages(valueSample(Number.NaN, 100))).toBeNull();
  });
});

describe('glucoseSamplesFromCbgRecords', () => {
  const base = {
    type: 'cbg',
    id: 'a'.repeat(64),
    deviceTime: '2024-01-01T01:00:00',
    timezoneOffset: 60,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timeResolution: 'exact',
    deviceId: 'DexcomG6_TEST',
    origin: { format: 'dexcom-clarity' },
    sourceUnits: 'mg/dL',
  } as const;

  it('converts time and glucose fields', () => {
    const records: CbgRecord[] = [
      {
        ...base,
        time: '2024-01-01T00:00:00.000Z',
        valueMgDl: 120,
        outOfRange: null,
        thresholdMgDl: null,
      },
      {
        ...base,
        time: '2024-01-01T00:05:00.000Z',
        valueMgDl: null,
        outOfRange: 'low',
        thresholdMgDl: 40,
      },
    ];

    expect(glucoseSamplesFromCbgRecords(records)).toEqual([
      { timeMs: T0, valueMgDl: 120, outOfRange: null, thresholdMgDl: null },
      { timeMs: T0 + 300_000, valueMgDl: null, outOfRange: 'low', thresholdMgDl: 40 },
    ]);
  });

  it('marks an unparsable time unusable', () => {
    const [sample] = glucoseSamplesFromCbgRecords([
      { ...base, time: 'not a time', valueMgDl: 120, outOfRange: null, thresholdMgDl: null },
    ]);

    expect(sample).toBeDefined();
    expect(isUsableSample(sample as NonNullable<typeof sample>)).toBe(false);
  });
});
