import { describe, expect, it } from 'vitest';
import { NightscoutError } from '../../http/nightscout-auth-errors.ts';
import {
  filterInstant,
  matchesAll,
  parseV1Find,
  parseV3Filters,
  TIME_FIELDS,
  timeWindowOf,
} from './query.ts';

describe('parseV1Find', () => {
  it('reads operators and plain equality', () => {
    const conditions = parseV1Find({
      'find[date][$gte]': '1710064200000',
      'find[type]': 'sgv',
      count: '10',
    });
    expect(conditions).toEqual([
      { field: 'date', operator: 'gte', values: ['1710064200000'] },
      { field: 'type', operator: 'eq', values: ['sgv'] },
    ]);
  });

  it('rejects an unknown operator', () => {
    expect(() => parseV1Find({ 'find[sgv][$where]': '1' })).toThrow(NightscoutError);
  });
});

describe('parseV3Filters', () => {
  it('reads field$op and skips paging parameters', () => {
    const conditions = parseV3Filters({ date$gt: '1729989000000', limit: '10', type: 'sgv' });
    expect(conditions).toEqual([
      { field: 'date', operator: 'gt', values: ['1729989000000'] },
      { field: 'type', operator: 'eq', values: ['sgv'] },
    ]);
  });

  it('splits in values on |', () => {
    expect(parseV3Filters({ type$in: 'sgv|mbg' })[0]?.values).toEqual(['sgv', 'mbg']);
  });
});

describe('filterInstant', () => {
  it('reads milliseconds, seconds and ISO with an unescaped plus', () => {
    expect(filterInstant('1710064200000')).toBe(1710064200000);
    expect(filterInstant('1710064200')).toBe(1710064200000);
    expect(filterInstant('2024-03-10T10:50:00 01:00')).toBe(Date.UTC(2024, 2, 10, 9, 50));
    expect(filterInstant('yesterday')).toBeNull();
  });
});

describe('timeWindowOf', () => {
  it('widens the bounds by a millisecond', () => {
    const window = timeWindowOf(
      parseV1Find({ 'find[date][$gte]': '1000000000000', 'find[date][$lt]': '1000000600000' }),
      TIME_FIELDS['entries']!,
    );
    expect(window.from?.getTime()).toBe(999999999999);
    expect(window.to?.getTime()).toBe(1000000600002);
  });

  it('rejects a time that is no instant', () => {
    const conditions = parseV1Find({ 'find[created_at][$gte]': 'soon' });
    expect(() => timeWindowOf(conditions, TIME_FIELDS['treatments']!)).toThrow(NightscoutError);
  });
});

describe('matchesAll', () => {
  const fields = TIME_FIELDS['entries']!;
  const entry = { type: 'sgv', sgv: 120, date: 1778284500105.5488, direction: 'Flat' };

  it('compares numbers, texts and fractional dates', () => {
    expect(matchesAll(entry, parseV1Find({ 'find[sgv][$gte]': '120' }), fields)).toBe(true);
    expect(matchesAll(entry, parseV1Find({ 'find[sgv][$gt]': '120' }), fields)).toBe(false);
    expect(matchesAll(entry, parseV1Find({ 'find[direction]': 'Flat' }), fields)).toBe(true);
    const after = parseV1Find({ 'find[date][$gt]': '1778284500105' });
    expect(matchesAll(entry, after, fields)).toBe(true);
  });

  it('treats a missing member as unequal', () => {
    expect(matchesAll(entry, parseV1Find({ 'find[noise][$ne]': '1' }), fields)).toBe(true);
    expect(matchesAll(entry, parseV1Find({ 'find[noise][$exists]': 'true' }), fields)).toBe(false);
  });
});
