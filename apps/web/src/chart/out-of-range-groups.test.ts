import { describe, expect, it } from 'vitest';

import type { OutOfRangePoint } from './glucose-trace.ts';
import { groupOutOfRange, outOfRangeLabel } from './out-of-range-groups.ts';

function point(
  kind: 'low' | 'high',
  thresholdMgDl: number | null,
  timeMs: number,
): OutOfRangePoint {
  return { kind, thresholdMgDl, timeMs, plotMs: timeMs };
}

describe('groupOutOfRange', () => {
  it('groups by kind and threshold in legend order', () => {
    const groups = groupOutOfRange([
      point('high', 500, 1),
      point('low', null, 2),
      point('high', 400, 3),
      point('low', 40, 4),
      point('high', 400, 5),
    ]);

    expect(groups.map((group) => [group.kind, group.thresholdMgDl, group.points.length])).toEqual([
      ['low', 40, 1],
      ['low', null, 1],
      ['high', 400, 2],
      ['high', 500, 1],
    ]);
  });
});

describe('outOfRangeLabel', () => {
  it('names the threshold in the unit shown', () => {
    expect(outOfRangeLabel('low', 40, 'mg/dL')).toBe('Low (below 40 mg/dL)');
    expect(outOfRangeLabel('high', 400, 'mg/dL')).toBe('High (above 400 mg/dL)');
    // 400 / 18.01559 = 22.203...
    expect(outOfRangeLabel('high', 400, 'mmol/L')).toBe('High (above 22.2 mmol/L)');
  });

  it('says so when the threshold is unknown', () => {
    expect(outOfRangeLabel('low', null, 'mg/dL')).toBe('Low (below the sensor range)');
  });
});
