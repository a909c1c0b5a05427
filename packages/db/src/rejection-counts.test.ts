import { describe, expect, it } from 'vitest';
import { countRejectionReasons } from './rejection-counts.ts';

describe('countRejectionReasons', () => {
  it('returns nothing for no reasons', () => {
    expect(countRejectionReasons([])).toEqual([]);
  });

  it('counts each record once, at its first reason', () => {
    const counts = countRejectionReasons([
      { index: 0, field: '/deviceId', message: 'contains U+0000' },
      { index: 0, field: '/time', message: 'is in the future' },
      { index: 1, field: '/time', message: 'is in the future' },
      { index: 2, field: '/deviceId', message: 'contains U+0000' },
    ]);
    expect(counts).toEqual([
      { field: '/deviceId', message: 'contains U+0000', rejections: 2, records: 2 },
      { field: '/time', message: 'is in the future', rejections: 2, records: 1 },
    ]);
    const records = counts.reduce((sum, count) => sum + count.records, 0);
    expect(records).toBe(3);
  });

  it('keeps equal messages of other fields apart', () => {
    const counts = countRejectionReasons([
      { index: 0, field: 'a', message: 'invalid' },
      { index: 1, field: 'b', message: 'invalid' },
      { index: 2, field: '', message: 'invalid' },
    ]);
    expect(counts.map((count) => count.field)).toEqual(['a', 'b', '']);
    expect(counts.every((count) => count.rejections === 1 && count.records === 1)).toBe(true);
  });
});
