import { describe, expect, it } from 'vitest';

import type { GlucoseReading } from '../api/types.ts';
import { buildGlucoseTrace } from './glucose-trace.ts';
import { describeGlucoseTrace } from './trace-summary.ts';

const period = {
  fromMs: Date.parse('2019-03-04T00:00:00Z'),
  toMs: Date.parse('2019-03-05T00:00:00Z'),
};

function reading(time: string, valueMgDl: number | null, outOfRange: 'low' | 'high' | null = null) {
  return { time, valueMgDl, outOfRange, thresholdMgDl: null } satisfies GlucoseReading;
}

describe('describeGlucoseTrace', () => {
  it('describes values, out-of-range readings and gaps', () => {
    const trace = buildGlucoseTrace(
      [
        reading('2019-03-04T10:00:00Z', 95),
        reading('2019-03-04T10:05:00Z', null, 'low'),
        reading('2019-03-04T11:00:00Z', 212),
      ],
      'UTC',
    );

    expect(describeGlucoseTrace(trace, 'UTC', 'mg/dL', period)).toBe(
      'Glucose from 4 Mar 2019, 00:00 UTC to 5 Mar 2019, 00:00 UTC: 2 readings from 95 to 212 ' +
        'mg/dL, 1 Low and 0 High outside the sensor range, 1 gap of more than 15 minutes.',
    );
  });

  it('describes a trace without values', () => {
    const trace = buildGlucoseTrace([], 'UTC');

    expect(describeGlucoseTrace(trace, 'UTC', 'mmol/L', period)).toBe(
      'Glucose from 4 Mar 2019, 00:00 UTC to 5 Mar 2019, 00:00 UTC: no readings with a glucose ' +
        'value, no gaps of more than 15 minutes.',
    );
  });
});
