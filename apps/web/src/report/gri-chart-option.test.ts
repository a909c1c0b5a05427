import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';

import { buildGriChartOption } from './gri-chart-option.ts';

describe('buildGriChartOption', () => {
  const gri = { gri: 52.8, hypoComponent: 1.9, hyperComponent: 29.4, zone: 'C' as const };
  const series = buildGriChartOption(gri).series as (LineSeriesOption | ScatterSeriesOption)[];
  const byId = (id: string) => series.find((candidate) => candidate.id === id);

  it('draws the zone borders', () => {
    // GRI = 3.0 × hypo + 1.6 × hyper: GRI 20 meets the axes at hyper 12.5 and hypo 6.67.
    const borderA = byId('zone-A')?.data as [number, number][];
    expect(borderA[0]).toEqual([0, 12.5]);
    expect(borderA[1]?.[0]).toBeCloseTo(6.667, 3);
    expect(borderA[1]?.[1]).toBe(0);
    expect((byId('zone-D')?.data as [number, number][])[0]).toEqual([0, 50]);
  });

  it('places the patient on the components', () => {
    expect(byId('patient')?.data).toEqual([[1.9, 29.4]]);
  });

  it('keeps a point beyond the axes at their ends', () => {
    const option = buildGriChartOption({
      gri: 100,
      hypoComponent: 40,
      hyperComponent: 70,
      zone: 'E',
    });
    const point = (option.series as ScatterSeriesOption[]).find((s) => s.id === 'patient');

    expect(point?.data).toEqual([[30, 60]]);
  });

  it('uses the published axes', () => {
    const option = buildGriChartOption(gri);

    expect(option.xAxis).toMatchObject({ min: 0, max: 30 });
    expect(option.yAxis).toMatchObject({ min: 0, max: 60 });
  });
});
