import { fileURLToPath } from 'node:url';
import type { CanonicalRecord } from '@phoenix/domain';
import { FORMAT_MODULES } from '@phoenix/formats';
import { describe, expect, it } from 'vitest';
import { buildReaderInput, repeatRecords, textFixturesByFormat } from './inputs.ts';

const FIXTURES = fileURLToPath(new URL('../../packages/formats/fixtures/', import.meta.url));

function reading(minute: number, line: number): CanonicalRecord {
  const time = new Date(Date.UTC(2024, 2, 30, 23, minute)).toISOString();
  return {
    type: 'cbg',
    id: 'x',
    time,
    deviceTime: `2024-03-31T01:${String(minute).padStart(2, '0')}:00`,
    timezoneOffset: 120,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timeResolution: 'exact',
    deviceId: 'cgm:1',
    origin: { format: 'test', line, sourceRowId: String(line) },
    valueMgDl: 100 + minute,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: 'mg/dL',
  };
}

describe('repeatRecords', () => {
  const settings: CanonicalRecord = { ...reading(0, 1), type: 'cgmSettings', settings: {} };
  const records = [settings, reading(0, 2), reading(5, 3), reading(10, 4)];

  it('appends copies shifted by whole days', () => {
    const repeated = repeatRecords(records, 9);
    expect(repeated).toHaveLength(9);
    // The records span 10 minutes, so each copy moves by one day; settings are not copied.
    expect(repeated.map((record) => record.time)).toEqual([
      '2024-03-30T23:00:00.000Z',
      '2024-03-30T23:00:00.000Z',
      '2024-03-30T23:05:00.000Z',
      '2024-03-30T23:10:00.000Z',
      '2024-03-31T23:00:00.000Z',
      '2024-03-31T23:05:00.000Z',
      '2024-03-31T23:10:00.000Z',
      '2024-04-01T23:00:00.000Z',
      '2024-04-01T23:05:00.000Z',
    ]);
    expect(repeated[4]?.deviceTime).toBe('2024-04-01T01:00:00');
  });

  it('gives copies their own origin lines', () => {
    const repeated = repeatRecords(records, 9);
    // The largest line is 4, so the first copy's lines start after 5.
    expect(repeated[4]?.origin).toEqual({ format: 'test', line: 7 });
    expect(repeated[7]?.origin).toEqual({ format: 'test', line: 12 });
    expect(repeated[1]?.origin.sourceRowId).toBe('2');
  });

  it('returns the records when enough', () => {
    expect(repeatRecords(records, 2)).toEqual(records);
    expect(repeatRecords([], 10)).toEqual([]);
  });
});

describe('reader inputs', () => {
  it('sorts text fixtures by format', () => {
    const byFormat = textFixturesByFormat(FIXTURES);
    const names = (format: string): string[] =>
      (byFormat.get(format) ?? []).map((path) => path.slice(FIXTURES.length));
    expect(names('dexcom-clarity')).toContain('dexcom-clarity-g6-2019-two-weeks.csv');
    expect(names('nightscout')).toContain('nightscout-loop-entries-treatments.json');
    const all = [...byFormat.values()].flat();
    expect(all.some((path) => path.endsWith('.zip'))).toBe(false);
  });

  it('stretches the Clarity file to the target', async () => {
    const clarity = FORMAT_MODULES.find((module) => module.id === 'dexcom-clarity');
    if (clarity === undefined) {
      throw new Error('The Clarity module is not registered.');
    }
    const paths = textFixturesByFormat(FIXTURES).get('dexcom-clarity') ?? [];
    const input = await buildReaderInput(clarity, paths, FIXTURES);
    expect(input.fixture).toBe('dexcom-clarity-g6-2019-two-weeks.csv');
    expect(input.enlarged).toBe(true);
    // 26,000 records are written; the settings record is among them, so reading gives them all.
    expect(input.records).toBe(26_000);
    expect(input.text.startsWith('\uFEFFIndex,Timestamp')).toBe(true);
  });
});
