import { describe, expect, it } from 'vitest';

import { customPeriod, presetPeriod, selectionPeriod } from './date-range.ts';

describe('presetPeriod', () => {
  it('ends just after the last reading', () => {
    const period = presetPeriod('2019-03-17T10:00:00.000Z', 14);

    expect(period.toMs).toBe(Date.parse('2019-03-17T10:00:00.001Z'));
    expect(period.fromMs).toBe(Date.parse('2019-03-03T10:00:00.001Z'));
  });

  it('rejects a malformed instant', () => {
    expect(() => presetPeriod('yesterday', 1)).toThrow(RangeError);
  });
});

describe('customPeriod', () => {
  it('covers whole local days inclusive', () => {
    const period = customPeriod('Europe/Helsinki', '2019-03-04', '2019-03-05');

    expect(period.fromMs).toBe(Date.parse('2019-03-03T22:00:00Z'));
    expect(period.toMs).toBe(Date.parse('2019-03-05T22:00:00Z'));
  });

  it('is 23 hours long across the spring change', () => {
    const period = customPeriod('Europe/Helsinki', '2019-03-31', '2019-03-31');

    expect(period.toMs - period.fromMs).toBe(23 * 3_600_000);
  });

  it('rejects an end before the start', () => {
    expect(() => customPeriod('UTC', '2019-03-05', '2019-03-04')).toThrow(/before the start date/);
  });
});

describe('selectionPeriod', () => {
  it('resolves a preset and a custom selection', () => {
    const last = '2019-03-17T10:00:00Z';

    expect(selectionPeriod({ kind: 'preset', days: 1 }, 'UTC', last)).toEqual({
      fromMs: Date.parse('2019-03-16T10:00:00.001Z'),
      toMs: Date.parse('2019-03-17T10:00:00.001Z'),
    });
    expect(
      selectionPeriod(
        { kind: 'custom', fromDate: '2019-03-01', toDate: '2019-03-01' },
        'UTC',
        last,
      ),
    ).toEqual({
      fromMs: Date.parse('2019-03-01T00:00:00Z'),
      toMs: Date.parse('2019-03-02T00:00:00Z'),
    });
  });
});
