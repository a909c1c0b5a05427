import { describe, expect, it } from 'vitest';

import type { GlucoseReading } from '../api/types.ts';
import { buildGlucoseTrace } from './glucose-trace.ts';

function value(time: string, valueMgDl: number): GlucoseReading {
  return { time, valueMgDl, outOfRange: null, thresholdMgDl: null };
}

const HOUR_MS = 3_600_000;

describe('buildGlucoseTrace', () => {
  it('keeps readings 15 minutes apart in one segment', () => {
    const trace = buildGlucoseTrace(
      [value('2019-03-04T10:00:00Z', 100), value('2019-03-04T10:15:00Z', 110)],
      'UTC',
    );

    expect(trace.segments).toHaveLength(1);
    expect(trace.gapCount).toBe(0);
  });

  it('breaks the line after a longer gap', () => {
    const trace = buildGlucoseTrace(
      [
        value('2019-03-04T10:00:00Z', 100),
        value('2019-03-04T10:15:01Z', 110),
        value('2019-03-04T10:20:01Z', 120),
      ],
      'UTC',
    );

    expect(trace.segments.map((segment) => segment.map((point) => point.valueMgDl))).toEqual([
      [100],
      [110, 120],
    ]);
    expect(trace.gapCount).toBe(1);
  });

  it('shifts plot times to local wall time', () => {
    const trace = buildGlucoseTrace([value('2019-03-04T10:00:00Z', 100)], 'Europe/Helsinki');
    const point = trace.segments[0]?.[0];

    expect(point?.timeMs).toBe(Date.parse('2019-03-04T10:00:00Z'));
    expect(point?.plotMs).toBe(Date.parse('2019-03-04T12:00:00Z'));
  });

  it('keeps out-of-range readings off the line', () => {
    const trace = buildGlucoseTrace(
      [
        value('2019-03-04T10:00:00Z', 45),
        { time: '2019-03-04T10:05:00Z', valueMgDl: null, outOfRange: 'low', thresholdMgDl: 40 },
        value('2019-03-04T10:10:00Z', 42),
        { time: '2019-03-04T10:15:00Z', valueMgDl: null, outOfRange: 'high', thresholdMgDl: null },
      ],
      'UTC',
    );

    expect(trace.segments.map((segment) => segment.map((point) => point.valueMgDl))).toEqual([
      [45],
      [42],
    ]);
    expect(trace.outOfRange).toEqual([
      {
        timeMs: Date.parse('2019-03-04T10:05:00Z'),
        plotMs: Date.parse('2019-03-04T10:05:00Z'),
        kind: 'low',
        thresholdMgDl: 40,
      },
      {
        timeMs: Date.parse('2019-03-04T10:15:00Z'),
        plotMs: Date.parse('2019-03-04T10:15:00Z'),
        kind: 'high',
        thresholdMgDl: null,
      },
    ]);
  });

  it('breaks the line where local clocks go back', () => {
    // Helsinki returns from UTC+3 to UTC+2 at 01:00 UTC on 27 October 2019, so 00:55 UTC is
    // 03:55 local and 01:00 UTC is 03:00 local.
    const trace = buildGlucoseTrace(
      [value('2019-10-27T00:55:00Z', 100), value('2019-10-27T01:00:00Z', 105)],
      'Europe/Helsinki',
    );

    expect(trace.segments).toHaveLength(2);
    expect(trace.segments[1]?.[0]?.plotMs).toBe(Date.parse('2019-10-27T01:00:00Z') + 2 * HOUR_MS);
    expect(trace.gapCount).toBe(0);
  });

  it('skips readings without value or flag', () => {
    const trace = buildGlucoseTrace(
      [{ time: '2019-03-04T10:00:00Z', valueMgDl: null, outOfRange: null, thresholdMgDl: null }],
      'UTC',
    );

    expect(trace.segments).toEqual([]);
    expect(trace.outOfRange).toEqual([]);
  });
});
