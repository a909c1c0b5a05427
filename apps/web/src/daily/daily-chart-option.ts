import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { SeriesOption } from 'echarts';
import type { ComposeOption } from 'echarts/core';

import { buildGlucoseChartOption } from '../chart/glucose-chart-option.ts';
import type { GlucoseTrace } from '../chart/glucose-trace.ts';
import type { TimePeriod } from '../range/date-range.ts';
import { timeZoneOffsetMs } from '../time/time-zone.ts';
import { convertFromMgDl, type GlucoseUnit } from '../units/glucose-units.ts';
import { DAILY_SERIES, DAILY_STYLE, bolusColor } from './daily-chart-style.ts';
import type { DailyRecords } from './daily-records.ts';
import { formatDailyTooltip } from './daily-tooltip.ts';

/** The ECharts option type of the daily chart. */
export type DailyChartOption = ComposeOption<
  | LineSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
>;

/** Inputs of `buildDailyChartOption`. */
export interface DailyChartInput {
  trace: GlucoseTrace;
  records: DailyRecords;
  timeZone: string;
  unit: GlucoseUnit;
  period: TimePeriod;
}

/** Pixel layout of the four panels, top to bottom; the chart element is 560 px tall. */
export const DAILY_PANELS = [
  { name: 'mg/dL', top: 28, height: 250 },
  { name: 'Carbs (g)', top: 318, height: 48 },
  { name: 'Bolus (U)', top: 398, height: 60 },
  { name: 'Basal (U/h)', top: 490, height: 36 },
] as const;

/**
 * A datum of every series: plot time (local wall time as UTC ms), value, UTC ms, and the
 * amount the tooltip shows (the dose or carbs of a stroke, whose points start at 0).
 */
type Datum = [number, number | '-', number, number?];

/**
 * Draws each amount as a vertical stroke from `base` to `base + amount` at its time, with a
 * gap after it. Such strokes look like thin bars, and unlike a bar series they leave the time
 * axis exactly as wide as the other panels' axes.
 */
function strokes(
  events: readonly { timeMs: number; base: number; amount: number }[],
  plot: (timeMs: number) => number,
): Datum[] {
  const data: Datum[] = [];
  for (const { timeMs, base, amount } of events) {
    const x = plot(timeMs);
    data.push([x, base, timeMs, amount], [x, base + amount, timeMs, amount], [x, '-', timeMs]);
  }
  return data;
}

function strokeSeries(id: string, panel: number, color: string, data: Datum[]): LineSeriesOption {
  return {
    id,
    type: 'line',
    xAxisIndex: panel,
    yAxisIndex: panel,
    data,
    showSymbol: false,
    connectNulls: false,
    lineStyle: { width: 5, color, cap: 'butt' },
    itemStyle: { color },
  };
}

/**
 * Builds the ECharts option of the daily view: CGM glucose (with fingersticks), carbs,
 * boluses and basal rate in four panels on one local time axis. It reuses the glucose chart's
 * trace, target band and out-of-range markers for the top panel. Values are the records' own;
 * the extended part of a bolus is drawn on top of its immediate part.
 */
export function buildDailyChartOption(input: DailyChartInput): DailyChartOption {
  const { trace, records, timeZone, unit, period } = input;
  const glucose = buildGlucoseChartOption({ trace, timeZone, unit, period });
  const plot = (timeMs: number) => timeMs + timeZoneOffsetMs(timeZone, timeMs);
  const xMin = plot(period.fromMs);
  const xMax = plot(period.toMs);
  const glucoseSeries = (glucose.series ?? []) as SeriesOption[];

  return {
    animation: false,
    useUTC: true,
    grid: DAILY_PANELS.map(({ top, height }) => ({ left: 56, right: 24, top, height })),
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => formatDailyTooltip(params, timeZone, unit),
    },
    xAxis: DAILY_PANELS.map((_, index) => ({
      type: 'time' as const,
      gridIndex: index,
      min: xMin,
      max: xMax,
      axisLabel: { show: index === DAILY_PANELS.length - 1, hideOverlap: true },
      splitLine: { show: true, lineStyle: { color: '#e2e8f0' } },
    })),
    yAxis: [
      { ...(glucose.yAxis as object), gridIndex: 0 },
      ...DAILY_PANELS.slice(1).map((panel, index) => ({
        type: 'value' as const,
        gridIndex: index + 1,
        name: panel.name,
        nameGap: 6,
        nameTextStyle: { align: 'left' as const },
        min: 0,
        splitNumber: 2,
      })),
    ],
    series: [
      ...glucoseSeries,
      fingerstickSeries(records, unit, plot),
      strokeSeries(
        DAILY_SERIES.carbs,
        1,
        DAILY_STYLE.carbsColor,
        strokes(
          records.carbs.map((event) => ({
            timeMs: event.timeMs,
            base: 0,
            amount: event.carbsGrams,
          })),
          plot,
        ),
      ),
      ...bolusSeries(records, plot),
      basalSeries(records, plot),
    ] as DailyChartOption['series'],
  };
}

function fingerstickSeries(
  records: DailyRecords,
  unit: GlucoseUnit,
  plot: (timeMs: number) => number,
): ScatterSeriesOption {
  return {
    id: DAILY_SERIES.fingerstick,
    type: 'scatter',
    data: records.fingersticks.map((event): Datum => [
      plot(event.timeMs),
      convertFromMgDl(event.valueMgDl, unit),
      event.timeMs,
    ]),
    symbol: 'circle',
    symbolSize: 8,
    itemStyle: { color: DAILY_STYLE.fingerstickColor, borderColor: '#0f172a', borderWidth: 1.5 },
  };
}

function bolusSeries(records: DailyRecords, plot: (timeMs: number) => number): LineSeriesOption[] {
  const isLongActing = (kind: string | null) => bolusColor(kind) === DAILY_STYLE.longInsulinColor;
  const normal = (long: boolean) =>
    records.boluses
      .filter((bolus) => isLongActing(bolus.insulinKind) === long && bolus.normalUnits !== null)
      .map((bolus) => ({ timeMs: bolus.timeMs, base: 0, amount: bolus.normalUnits ?? 0 }));
  // The extended part is drawn on top of the immediate part of the same bolus.
  const extended = records.boluses
    .filter((bolus) => bolus.extendedUnits !== null && bolus.extendedUnits > 0)
    .map((bolus) => ({
      timeMs: bolus.timeMs,
      base: bolus.normalUnits ?? 0,
      amount: bolus.extendedUnits ?? 0,
    }));
  return [
    strokeSeries(DAILY_SERIES.bolus, 2, DAILY_STYLE.fastInsulinColor, strokes(normal(false), plot)),
    strokeSeries(
      DAILY_SERIES.longActingBolus,
      2,
      DAILY_STYLE.longInsulinColor,
      strokes(normal(true), plot),
    ),
    strokeSeries(
      DAILY_SERIES.extendedBolus,
      2,
      DAILY_STYLE.extendedBolusColor,
      strokes(extended, plot),
    ),
  ];
}

/**
 * Draws each basal segment as a flat step from its start to its end, with a gap where the
 * next segment starts later than the previous one ends or a segment has no duration.
 */
function basalSeries(records: DailyRecords, plot: (timeMs: number) => number): LineSeriesOption {
  const data: Datum[] = [];
  let previousEndMs: number | null = null;
  for (const segment of records.basal) {
    if (data.length > 0 && (previousEndMs === null || segment.startMs > previousEndMs)) {
      data.push([plot(segment.startMs), '-', segment.startMs]);
    }
    data.push([plot(segment.startMs), segment.rateUnitsPerHour, segment.startMs]);
    if (segment.endMs !== null) {
      data.push([plot(segment.endMs), segment.rateUnitsPerHour, segment.startMs]);
    }
    previousEndMs = segment.endMs;
  }
  return {
    id: DAILY_SERIES.basal,
    type: 'line',
    xAxisIndex: 3,
    yAxisIndex: 3,
    data,
    showSymbol: false,
    connectNulls: false,
    lineStyle: { width: 1.5, color: DAILY_STYLE.basalColor },
    itemStyle: { color: DAILY_STYLE.basalColor },
    areaStyle: { color: DAILY_STYLE.basalFill },
  };
}
