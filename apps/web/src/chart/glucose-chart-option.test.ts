import { describe, expect, it } from 'vitest';

import type { GlucoseReading } from '../api/types.ts';
import { buildGlucoseChartOption, chartAxisMaxMgDl } from './glucose-chart-option.ts';
import { buildGlucoseTrace } from './glucose-trace.ts';

const t = (iso: string) => Date.parse(iso);

const readings: GlucoseReading[] = [
  { time: '2019-03-04T10:00:00Z', valueMgDl: 100, outOfRange: null, thresholdMgDl: null },
  { time: '2019-03-04T10:05:00Z', valueMgDl: 110, outOfRange: null, thresholdMgDl: null },
  { time: '2019-03-04T10:30:00Z', valueMgDl: 120, outOfRange: null, thresholdMgDl: null },
  { time: '2019-03-04T10:35:00Z', valueMgDl: null, outOfRange: 'low', thresholdMgDl: 40 },
  { time: '2019-03-04T10:40:00Z', valueMgDl: null, outOfRange: 'high', thresholdMgDl: 400 },
];

const period = { fromMs: t('2019-03-04T00:00:00Z'), toMs: t('2019-03-05T00:00:00Z') };

function optionFor(unit: 'mg/dL' | 'mmol/L') {
  const trace = buildGlucoseTrace(readings, 'Europe/Helsinki');
  return buildGlucoseChartOption({ trace, timeZone: 'Europe/Helsinki', unit, period });
}

function seriesList(option: ReturnType<typeof optionFor>) {
  const series = option.series;
  return Array.isArray(series) ? series : [series];
}

describe('buildGlucoseChartOption', () => {
  it('breaks the line at gaps', () => {
    const [line] = seriesList(optionFor('mg/dL'));

    // Helsinki is UTC+2 in March, so plot times are two hours later than the UTC instants.
    expect(line?.data).toEqual([
      [t('2019-03-04T12:00:00Z'), 100, t('2019-03-04T10:00:00Z')],
      [t('2019-03-04T12:05:00Z'), 110, t('2019-03-04T10:05:00Z')],
      [t('2019-03-04T12:30:00Z'), '-', t('2019-03-04T10:30:00Z')],
      [t('2019-03-04T12:30:00Z'), 120, t('2019-03-04T10:30:00Z')],
    ]);
    expect(line).toMatchObject({ type: 'line', connectNulls: false });
  });

  it('plots out-of-range readings at their threshold', () => {
    const [, low, high] = seriesList(optionFor('mg/dL'));

    expect(low).toMatchObject({ type: 'scatter', name: 'Low (below 40 mg/dL)' });
    expect(low?.data).toEqual([[t('2019-03-04T12:35:00Z'), 40, t('2019-03-04T10:35:00Z')]]);
    expect(high).toMatchObject({ type: 'scatter', name: 'High (above 400 mg/dL)' });
    expect(high?.data).toEqual([[t('2019-03-04T12:40:00Z'), 400, t('2019-03-04T10:40:00Z')]]);
  });

  it('spans the period in local wall time', () => {
    const option = optionFor('mg/dL');

    expect(option.useUTC).toBe(true);
    expect(option.xAxis).toMatchObject({
      type: 'time',
      min: t('2019-03-04T02:00:00Z'),
      max: t('2019-03-05T02:00:00Z'),
    });
    expect(option.yAxis).toMatchObject({ min: 0, max: 400, name: 'mg/dL' });
  });

  it('shades the target band', () => {
    const [line] = seriesList(optionFor('mg/dL'));

    expect(line).toMatchObject({
      markArea: { data: [[{ yAxis: 70 }, { yAxis: 180 }]] },
      markLine: { data: [{ yAxis: 54 }, { yAxis: 250 }] },
    });
  });

  it('converts values to mmol/L', () => {
    const option = optionFor('mmol/L');
    const [line, low] = seriesList(option);
    const firstValue = (line?.data as number[][])[0]?.[1];

    // 100 / 18.01559 = 5.55075; 40 / 18.01559 = 2.22030; 400 / 18.01559 = 22.2 → axis to 23.
    expect(firstValue).toBeCloseTo(5.55075, 4);
    expect((low?.data as number[][])[0]?.[1]).toBeCloseTo(2.2203, 4);
    expect(option.yAxis).toMatchObject({ max: 23, name: 'mmol/L' });
  });
});

describe('chartAxisMaxMgDl', () => {
  it('starts at 350 and rounds up to 50', () => {
    const inRange = buildGlucoseTrace(
      [{ time: '2019-03-04T10:00:00Z', valueMgDl: 300, outOfRange: null, thresholdMgDl: null }],
      'UTC',
    );
    const high = buildGlucoseTrace(
      [{ time: '2019-03-04T10:00:00Z', valueMgDl: 372, outOfRange: null, thresholdMgDl: null }],
      'UTC',
    );

    expect(chartAxisMaxMgDl(inRange)).toBe(350);
    expect(chartAxisMaxMgDl(high)).toBe(400);
  });
});
