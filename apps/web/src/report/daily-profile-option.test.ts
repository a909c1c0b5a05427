import type { DailyProfilePoint } from '@phoenix/domain/metrics';
import type { LineSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';

import { buildDailyProfileOption, profileLineData } from './daily-profile-option.ts';

const MIDNIGHT = Date.parse('2019-10-27T00:00:00+03:00');

function point(minuteOfDay: number, valueMgDl: number, offsetMs = 0): DailyProfilePoint {
  return {
    timeMs: MIDNIGHT + minuteOfDay * 60_000 + offsetMs,
    minuteOfDay,
    valueMgDl,
    outOfRange: null,
  };
}

describe('profileLineData', () => {
  it('joins readings up to 15 minutes apart', () => {
    expect(profileLineData([point(0, 100), point(15, 110)])).toEqual([
      [0, 100],
      [15, 110],
    ]);
  });

  it('breaks the line at a longer gap', () => {
    expect(profileLineData([point(0, 100), point(16, 110)])).toEqual([
      [0, 100],
      [16, '-'],
      [16, 110],
    ]);
  });

  it('breaks the line where the clock goes back', () => {
    // In the repeated autumn hour the time of day returns to 03:00 five minutes after 03:55.
    const before = point(235, 120);
    const after = { ...point(180, 125), timeMs: before.timeMs + 5 * 60_000 };

    expect(profileLineData([before, after])).toEqual([
      [235, 120],
      [180, '-'],
      [180, 125],
    ]);
  });
});

describe('buildDailyProfileOption', () => {
  const series = buildDailyProfileOption([point(0, 60), point(5, 120), point(10, 200)], 'mg/dL')
    .series as LineSeriesOption[];
  const byId = (id: string) => series.find((candidate) => candidate.id === id);

  it('shades above 180 from the 180 line', () => {
    const above = byId('above-target');
    expect(above?.data).toEqual([
      [0, 180],
      [5, 180],
      [10, 200],
    ]);
    expect(above?.areaStyle?.origin).toBe(180);
  });

  it('shades below 70 from the 70 line', () => {
    const below = byId('below-target');
    expect(below?.data).toEqual([
      [0, 60],
      [5, 70],
      [10, 70],
    ]);
    expect(below?.areaStyle?.origin).toBe(70);
  });

  it('draws lines at 70 and 180', () => {
    const markLine = byId('trace')?.markLine as { data: { yAxis: number }[] };
    expect(markLine.data.map((line) => line.yAxis)).toEqual([70, 180]);
  });
});
