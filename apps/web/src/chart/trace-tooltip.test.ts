import { describe, expect, it } from 'vitest';

import { formatTraceTooltip } from './trace-tooltip.ts';

const labels = new Map([
  ['glucose', 'Glucose'],
  ['low-40', 'Low (below 40 mg/dL)'],
]);
const timeMs = Date.parse('2019-03-04T10:00:00Z');

describe('formatTraceTooltip', () => {
  it('shows local time and value', () => {
    const params = [{ seriesId: 'glucose', value: [0, 123, timeMs] }];

    expect(formatTraceTooltip(params, labels, 'Europe/Helsinki', 'mg/dL')).toBe(
      '4 Mar 2019, 12:00 EET<br/>123 mg/dL',
    );
  });

  it('shows mmol/L with one decimal', () => {
    const params = { seriesId: 'glucose', value: [0, 5.5507, timeMs] };

    expect(formatTraceTooltip(params, labels, 'UTC', 'mmol/L')).toBe(
      '4 Mar 2019, 10:00 UTC<br/>5.6 mmol/L',
    );
  });

  it('names an out-of-range reading', () => {
    const params = [
      { seriesId: 'glucose', value: [0, '-', timeMs] },
      { seriesId: 'low-40', value: [0, 40, timeMs] },
    ];

    expect(formatTraceTooltip(params, labels, 'UTC', 'mg/dL')).toBe(
      '4 Mar 2019, 10:00 UTC<br/>Low (below 40 mg/dL)',
    );
  });

  it('returns nothing without a reading', () => {
    expect(formatTraceTooltip([], labels, 'UTC', 'mg/dL')).toBe('');
  });
});
