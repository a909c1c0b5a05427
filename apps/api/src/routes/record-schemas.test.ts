import { TIME_FORMAT_MESSAGE } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { cbgAt } from '../test-support.ts';
import { checkShape, summariseValue } from './record-schemas.ts';

describe('checkShape record id', () => {
  it('accepts a lowercase SHA-256 id', () => {
    const record = cbgAt(0, 120);
    expect(checkShape(record).record).toBe(record);
  });

  it.each([
    ['upper case', (id: string) => id.toUpperCase()],
    ['one digit short', (id: string) => id.slice(1)],
    ['one digit long', (id: string) => `${id}0`],
    ['a letter past f', (id: string) => `g${id.slice(1)}`],
    ['a space', (id: string) => ` ${id.slice(1)}`],
    ['a non-ASCII digit', (id: string) => `٣${id.slice(1)}`],
  ])('rejects an id with %s', (_case, change) => {
    const record = cbgAt(0, 120);
    const id = change(record.id);
    const result = checkShape({ ...record, id });
    expect(result.record).toBeNull();
    expect(result.problems[0]?.field).toBe('/id');
    expect(result.problems[0]?.value).toBe(id);
  });

  it('rejects an id that is not text', () => {
    const result = checkShape({ ...cbgAt(0, 120), id: 42 });
    expect(result.problems[0]?.field).toBe('/id');
  });
});

describe('checkShape messages', () => {
  it('lists the types a nullable number takes', () => {
    const result = checkShape({ ...cbgAt(0, 120), valueMgDl: 'high' });
    expect(result.problems[0]).toEqual({
      field: '/valueMgDl',
      value: 'high',
      message: 'Expected number or null',
    });
  });

  it('lists the values of a nullable choice', () => {
    const result = checkShape({ ...cbgAt(0, 120), outOfRange: 'very high' });
    expect(result.problems[0]?.field).toBe('/outOfRange');
    expect(result.problems[0]?.message).toBe('Expected "low", "high" or null');
  });

  it('names a choice of values', () => {
    const result = checkShape({ ...cbgAt(0, 120), timeResolution: 'guessed' });
    expect(result.problems[0]?.message).toBe(
      'Expected "exact", "resolved", "ambiguous", "nonexistent" or "utc"',
    );
  });
});

describe('checkShape unknown fields', () => {
  const reading = cbgAt(0, 120);
  const common = {
    id: reading.id,
    time: reading.time,
    deviceTime: reading.deviceTime,
    timezoneOffset: 0,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timeResolution: 'exact',
    deviceId: 'pump:TEST01',
    origin: { format: 'test', line: 1 },
  };
  const food = { ...common, type: 'food', carbsGrams: 15 };

  it('rejects them in stored payloads', () => {
    expect(checkShape(food).record).not.toBeNull();
    const result = checkShape({ ...food, patientName: 'Alice Zzyzx', note: { ssn: '1' } });
    expect(result.record).toBeNull();
    expect(result.problems).toEqual([
      {
        field: '/patientName',
        value: 'Alice Zzyzx',
        message: 'unknown field for this record type; remove it or check its spelling',
      },
      {
        field: '/note',
        value: '[object]',
        message: 'unknown field for this record type; remove it or check its spelling',
      },
    ]);
  });

  it('ignores them in cbg readings', () => {
    const result = checkShape({ ...cbgAt(0, 120), patientName: 'Alice Zzyzx' });
    expect(result.problems).toEqual([]);
  });
});

describe('checkShape time', () => {
  it.each([
    ['not a time', 'not a time'],
    ['a time without offset', '2024-03-04T08:00:00'],
    ['an empty text', ''],
  ])('names the format for %s', (_case, time) => {
    const result = checkShape({ ...cbgAt(0, 120), time });
    expect(result.record).toBeNull();
    expect(result.problems).toEqual([
      { field: '/time', value: time, message: TIME_FORMAT_MESSAGE },
    ]);
  });

  it('keeps the length message for a long time', () => {
    const time = `2024-03-04T08:00:00.${'0'.repeat(30)}Z`;
    const result = checkShape({ ...cbgAt(0, 120), time });
    expect(result.problems[0]?.field).toBe('/time');
    expect(result.problems[0]?.message).toBe('Expected string length less or equal to 40');
  });

  it('keeps the type message for a number', () => {
    const result = checkShape({ ...cbgAt(0, 120), time: 1_700_000_000_000 });
    expect(result.problems[0]?.field).toBe('/time');
    expect(result.problems[0]?.message).toBe('Expected string');
  });
});

describe('summariseValue', () => {
  it('writes non-finite numbers as text', () => {
    expect(summariseValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(summariseValue(Number.NaN)).toBe('NaN');
  });

  it('keeps finite numbers', () => {
    expect(summariseValue(120.5)).toBe(120.5);
  });
});
