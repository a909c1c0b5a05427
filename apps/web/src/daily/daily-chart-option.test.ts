import type { LineSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';

import { buildGlucoseTrace } from '../chart/glucose-trace.ts';
import { dailyResponse } from '../test/role-fixtures.ts';
import { buildDailyChartOption } from './daily-chart-option.ts';
import { formatDailyTooltip } from './daily-tooltip.ts';
import { splitDailyRecords, type DailyRecords } from './daily-records.ts';

const TWO_HOURS_MS = 7_200_000;
const period = {
  fromMs: Date.parse('2019-03-16T22:00:00Z'),
  toMs: Date.parse('2019-03-17T22:00:00Z'),
};

function optionFor(records: DailyRecords) {
  const day = dailyResponse('', '');
  return buildDailyChartOption({
    trace: buildGlucoseTrace(day.readings, 'Europe/Helsinki'),
    records,
    timeZone: 'Europe/Helsinki',
    unit: 'mg/dL',
    period,
  });
}

function series<T>(option: ReturnType<typeof optionFor>, id: string): T {
  const found = (option.series as { id?: string }[]).find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no series ${id}`);
  return found as T;
}

describe('buildDailyChartOption', () => {
  const option = optionFor(splitDailyRecords(dailyResponse('', '').records));

  it('puts four panels on one local time axis', () => {
    const axes = option.xAxis as { min: number; max: number; gridIndex: number }[];

    expect(axes.map((axis) => axis.gridIndex)).toEqual([0, 1, 2, 3]);
    // Helsinki is UTC+2 in March, so the local day 00:00–24:00 is drawn as 17 March 00:00 UTC.
    for (const axis of axes) {
      expect(axis.min).toBe(Date.parse('2019-03-17T00:00:00Z'));
      expect(axis.max).toBe(Date.parse('2019-03-18T00:00:00Z'));
    }
  });

  it('draws boluses as strokes at local time', () => {
    const rapid = series<LineSeriesOption>(option, 'bolus');
    const longActing = series<LineSeriesOption>(option, 'long-acting-bolus');
    const time = Date.parse('2019-03-17T05:10:00Z');

    expect(rapid.xAxisIndex).toBe(2);
    expect(rapid.data).toEqual([
      [time + TWO_HOURS_MS, 0, time, 6],
      [time + TWO_HOURS_MS, 6, time, 6],
      [time + TWO_HOURS_MS, '-', time],
    ]);
    expect((longActing.data as unknown[][]).map((datum) => datum[1])).toEqual([0, 14, '-']);
  });

  it('stacks an extended part on the immediate part', () => {
    const time = Date.parse('2019-03-17T06:00:00Z');
    const records: DailyRecords = {
      basal: [],
      carbs: [],
      fingersticks: [],
      events: [],
      boluses: [
        {
          timeMs: time,
          normalUnits: 2,
          extendedUnits: 3,
          durationMs: 3_600_000,
          insulinKind: null,
        },
      ],
    };
    const extended = series<LineSeriesOption>(optionFor(records), 'extended-bolus');

    expect((extended.data as unknown[][]).map((datum) => datum[1])).toEqual([2, 5, '-']);
  });

  it('draws carbs in their panel', () => {
    const carbs = series<LineSeriesOption>(option, 'carbs');
    const time = Date.parse('2019-03-17T05:08:00Z');

    expect(carbs.yAxisIndex).toBe(1);
    expect(carbs.data).toEqual([
      [time + TWO_HOURS_MS, 0, time, 45],
      [time + TWO_HOURS_MS, 45, time, 45],
      [time + TWO_HOURS_MS, '-', time],
    ]);
  });

  it('draws basal as flat steps with gaps', () => {
    const start = Date.parse('2019-03-17T04:00:00Z');
    const records: DailyRecords = {
      boluses: [],
      carbs: [],
      fingersticks: [],
      events: [],
      basal: [
        {
          startMs: start,
          endMs: start + 3_600_000,
          rateUnitsPerHour: 0.8,
          deliveryType: 'scheduled',
        },
        {
          startMs: start + 3_600_000,
          endMs: start + 7_200_000,
          rateUnitsPerHour: 1.2,
          deliveryType: 'temp',
        },
        {
          startMs: start + 10_800_000,
          endMs: null,
          rateUnitsPerHour: 0.5,
          deliveryType: 'scheduled',
        },
      ],
    };
    const basal = series<LineSeriesOption>(optionFor(records), 'basal');
    const values = (basal.data as [number, number | '-', number][]).map((datum) => datum[1]);

    expect(values).toEqual([0.8, 0.8, 1.2, 1.2, '-', 0.5]);
    expect(basal.yAxisIndex).toBe(3);
  });
});

describe('formatDailyTooltip', () => {
  it('describes each series under the pointer', () => {
    const time = Date.parse('2019-03-17T05:10:00Z');
    const params = [
      { seriesId: 'glucose', value: [0, 118.4, time] },
      { seriesId: 'bolus', value: [0, 0, time, 6] },
      { seriesId: 'carbs', value: [0, 45, time, 45] },
      { seriesId: 'low-40', value: [0, 40, time] },
    ];

    expect(formatDailyTooltip(params, 'Europe/Helsinki', 'mg/dL')).toBe(
      '07:10 Glucose 118 mg/dL<br/>07:10 Bolus 6 U<br/>07:10 Carbs 45 g<br/>' +
        '07:10 Low (below 40 mg/dL)',
    );
  });
});
