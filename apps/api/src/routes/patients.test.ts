import { describe, expect, it } from 'vitest';
import { parseRange } from './patients.ts';

describe('parseRange', () => {
  it('accepts 90 local days across the autumn change', () => {
    // Midnight in New York on 6 August 2024 (UTC−4) to midnight on 4 November 2024 (UTC−5):
    // 90 local days, which last 90 × 24 hours and one more.
    const range = parseRange({ from: '2024-08-06T04:00:00Z', to: '2024-11-04T05:00:00Z' });
    expect(range.to.getTime() - range.from.getTime()).toBe(90 * 86_400_000 + 3_600_000);
  });

  it('rejects a range longer than that', () => {
    expect(() =>
      parseRange({ from: '2024-08-06T04:00:00Z', to: '2024-11-04T05:00:00.001Z' }),
    ).toThrow('a range may cover at most 90 days');
  });

  it('rejects a reversed range', () => {
    expect(() => parseRange({ from: '2024-08-06T04:00:00Z', to: '2024-08-06T04:00:00Z' })).toThrow(
      'to must be later than from',
    );
  });
});
