import { describe, expect, it } from 'vitest';
import { findNul, withoutNul } from './nul.ts';

describe('findNul', () => {
  it('returns null for texts without U+0000', () => {
    expect(findNul({ type: 'cbg', origin: { file: 'a.csv', line: 3 }, tags: ['x'] })).toBeNull();
  });

  it('finds a NUL in a nested value', () => {
    const record = { type: 'smbg', sourceCells: { Note: 'after\0run' } };
    expect(findNul(record)).toEqual({ field: '/sourceCells/Note', value: 'after\0run' });
  });

  it('finds a NUL in a key', () => {
    expect(findNul({ sourceCells: { 'No\0te': '' } })).toEqual({
      field: '/sourceCells/No\0te',
      value: 'No\0te',
    });
  });

  it('finds a NUL in an array item', () => {
    expect(findNul({ tags: ['a', 'b\0'] })).toEqual({ field: '/tags/1', value: 'b\0' });
  });

  it('returns the first of several', () => {
    expect(findNul({ a: '\0one', b: '\0two' })?.field).toBe('/a');
  });

  it('prefixes the given path', () => {
    expect(findNul('\0', '/note')).toEqual({ field: '/note', value: '\0' });
  });
});

describe('withoutNul', () => {
  it('replaces each NUL with U+2400', () => {
    expect(withoutNul('a\0b\0')).toBe('a\u2400b\u2400');
  });

  it('returns text without NUL unchanged', () => {
    expect(withoutNul('plain')).toBe('plain');
  });
});
