import type { AgpBin } from '@phoenix/domain/metrics';
import type { LineSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';

import { demoReport } from '../test/role-fixtures.ts';
import {
  agpAxisMax,
  buildAgpChartOption,
  formatAgpHour,
  formatAgpTooltip,
} from './agp-chart-option.ts';

const bins = demoReport.agp.bins;

function seriesById(id: string, unit: 'mg/dL' | 'mmol/L' = 'mg/dL'): LineSeriesOption {
  const series = buildAgpChartOption(bins, unit).series as LineSeriesOption[];
  const found = series.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no series ${id}`);
  return found;
}

describe('buildAgpChartOption', () => {
  it('draws the median at bin centres', () => {
    const data = seriesById('median').data as [number, number | '-'][];

    expect(data).toHaveLength(24);
    // Fixture median: 140 + hour; hour 3 has no readings.
    expect(data[0]).toEqual([30, 140]);
    expect(data[2]).toEqual([150, 142]);
    expect(data[3]).toEqual([210, '-']);
    expect(data[23]).toEqual([1410, 163]);
  });

  it('stacks each band on its lower percentile', () => {
    const outerBase = seriesById('outer-band-base').data as [number, number][];
    const outer = seriesById('outer-band').data as [number, number][];
    const innerBase = seriesById('inner-band-base').data as [number, number][];
    const inner = seriesById('inner-band').data as [number, number][];

    // Hour 5: p5 75, p95 255, p25 105, p75 185.
    expect(outerBase[5]).toEqual([330, 75]);
    expect(outer[5]).toEqual([330, 180]);
    expect(innerBase[5]).toEqual([330, 105]);
    expect(inner[5]).toEqual([330, 80]);
    expect(seriesById('outer-band').stack).toBe('outer-band');
    expect(seriesById('outer-band-base').stack).toBe('outer-band');
  });

  it('converts to mmol/L', () => {
    const data = seriesById('median', 'mmol/L').data as [number, number][];

    // 140 / 18.01559 = 7.7710
    expect(data[0]?.[1]).toBeCloseTo(7.771, 3);
    expect(agpAxisMax('mmol/L')).toBe(19.4);
    expect(agpAxisMax('mg/dL')).toBe(350);
  });

  it('draws the four reference lines', () => {
    const markLine = seriesById('median').markLine as {
      data: { yAxis: number; lineStyle: { width: number } }[];
    };

    expect(markLine.data.map((line) => line.yAxis)).toEqual([54, 70, 180, 250]);
    expect(markLine.data.map((line) => line.lineStyle.width)).toEqual([1, 2, 2, 1]);
  });

  it('spans 24 hours and 0 to 350', () => {
    const option = buildAgpChartOption(bins, 'mg/dL');

    expect(option.xAxis).toMatchObject({ min: 0, max: 1440, interval: 180 });
    expect(option.yAxis).toMatchObject({ min: 0, max: 350 });
  });
});

describe('AGP labels', () => {
  it('formats hours', () => {
    expect(formatAgpHour(0)).toBe('00:00');
    expect(formatAgpHour(540)).toBe('09:00');
    expect(formatAgpHour(1440)).toBe('24:00');
  });

  it('formats the tooltip of a bin', () => {
    const bin = bins[5] as AgpBin;

    expect(formatAgpTooltip(bin, 'mg/dL')).toBe(
      '05:00–06:00<br/>95th percentile: 255 mg/dL<br/>75th percentile: 185 mg/dL<br/>' +
        'Median: 145 mg/dL<br/>25th percentile: 105 mg/dL<br/>5th percentile: 75 mg/dL',
    );
    expect(formatAgpTooltip(bins[3], 'mg/dL')).toBe('');
  });
});
