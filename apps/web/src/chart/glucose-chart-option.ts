import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

import type { TimePeriod } from '../range/date-range.ts';
import { timeZoneOffsetMs } from '../time/time-zone.ts';
import { convertFromMgDl, type GlucoseUnit } from '../units/glucose-units.ts';
import { CHART_LIMITS_MG_DL, CHART_STYLE, GLUCOSE_SERIES_ID } from './chart-style.ts';
import type { GlucoseTrace } from './glucose-trace.ts';
import { groupOutOfRange, outOfRangeLabel, type OutOfRangeGroup } from './out-of-range-groups.ts';
import { formatTraceTooltip } from './trace-tooltip.ts';

/** The ECharts option type for the components that `echarts-setup.ts` registers. */
export type GlucoseChartOption = ComposeOption<
  | LineSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
>;

/** Inputs of `buildGlucoseChartOption`. */
export interface GlucoseChartInput {
  trace: GlucoseTrace;
  /** IANA time zone in which the time axis and the tooltip show local time. */
  timeZone: string;
  unit: GlucoseUnit;
  /** The requested period; the time axis spans all of it, even where there are no readings. */
  period: TimePeriod;
}

/**
 * A chart data item: plot time (local wall time as UTC ms), value in the unit shown, UTC ms.
 * ECharts reads the value `'-'` as missing and breaks the line there.
 */
type TraceDatum = [number, number | '-', number];

/**
 * Builds the ECharts option for a CGM trace. Time values are shifted to the patient's wall
 * clock and the option sets `useUTC`, so axis labels show the patient's local time whatever
 * the browser's time zone. Out-of-range readings become marker series at their threshold
 * (at 0 or at the axis maximum when the threshold is unknown), never points of the line.
 */
export function buildGlucoseChartOption(input: GlucoseChartInput): GlucoseChartOption {
  const { trace, timeZone, unit, period } = input;
  const axisMaxMgDl = chartAxisMaxMgDl(trace);
  const groups = groupOutOfRange(trace.outOfRange);
  const labels = new Map<string, string>([[GLUCOSE_SERIES_ID, 'Glucose']]);

  const markerSeries = groups.map((group) => {
    const id = outOfRangeSeriesId(group);
    const name = outOfRangeLabel(group.kind, group.thresholdMgDl, unit);
    labels.set(id, name);
    return markerSeriesOption(group, id, name, unit, axisMaxMgDl);
  });

  return {
    animation: false,
    useUTC: true,
    grid: { left: 56, right: 24, top: 24, bottom: 40 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => formatTraceTooltip(params, labels, timeZone, unit),
    },
    xAxis: {
      type: 'time',
      min: period.fromMs + timeZoneOffsetMs(timeZone, period.fromMs),
      max: period.toMs + timeZoneOffsetMs(timeZone, period.toMs),
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      name: unit,
      min: 0,
      max: axisMax(axisMaxMgDl, unit),
    },
    series: [lineSeriesOption(trace, unit), ...markerSeries],
  };
}

/**
 * Computes the y axis maximum in mg/dL: 350, raised in steps of 50 to fit every value and
 * threshold.
 */
export function chartAxisMaxMgDl(trace: GlucoseTrace): number {
  let highestMgDl: number = CHART_LIMITS_MG_DL.minAxisMax;
  for (const segment of trace.segments) {
    for (const point of segment) {
      highestMgDl = Math.max(highestMgDl, point.valueMgDl);
    }
  }
  for (const point of trace.outOfRange) {
    highestMgDl = Math.max(highestMgDl, point.thresholdMgDl ?? 0);
  }
  return Math.ceil(highestMgDl / 50) * 50;
}

function axisMax(axisMaxMgDl: number, unit: GlucoseUnit): number {
  return unit === 'mmol/L' ? Math.ceil(convertFromMgDl(axisMaxMgDl, unit)) : axisMaxMgDl;
}

/** Builds the line data: every segment's points, with a missing value between segments. */
function lineData(trace: GlucoseTrace, unit: GlucoseUnit): TraceDatum[] {
  const data: TraceDatum[] = [];
  for (const segment of trace.segments) {
    const first = segment[0];
    if (data.length > 0 && first !== undefined) {
      data.push([first.plotMs, '-', first.timeMs]);
    }
    for (const point of segment) {
      data.push([point.plotMs, convertFromMgDl(point.valueMgDl, unit), point.timeMs]);
    }
  }
  return data;
}

function lineSeriesOption(trace: GlucoseTrace, unit: GlucoseUnit): LineSeriesOption {
  const toUnit = (valueMgDl: number) => convertFromMgDl(valueMgDl, unit);
  return {
    id: GLUCOSE_SERIES_ID,
    name: 'Glucose',
    type: 'line',
    data: lineData(trace, unit),
    showSymbol: false,
    connectNulls: false,
    lineStyle: { width: 1.5, color: CHART_STYLE.traceColor },
    itemStyle: { color: CHART_STYLE.traceColor },
    markArea: {
      silent: true,
      itemStyle: { color: CHART_STYLE.targetBandColor },
      data: [
        [
          { yAxis: toUnit(CHART_LIMITS_MG_DL.targetLow) },
          { yAxis: toUnit(CHART_LIMITS_MG_DL.targetHigh) },
        ],
      ],
    },
    markLine: {
      silent: true,
      symbol: 'none',
      label: { show: false },
      lineStyle: { type: 'dashed', width: 1, color: CHART_STYLE.referenceLineColor },
      data: CHART_LIMITS_MG_DL.referenceLines.map((valueMgDl) => ({ yAxis: toUnit(valueMgDl) })),
    },
  };
}

/** Series ID of an out-of-range group, for example `low-40` or `high-unknown`. */
export function outOfRangeSeriesId(group: Pick<OutOfRangeGroup, 'kind' | 'thresholdMgDl'>): string {
  return `${group.kind}-${group.thresholdMgDl ?? 'unknown'}`;
}

function markerSeriesOption(
  group: OutOfRangeGroup,
  id: string,
  name: string,
  unit: GlucoseUnit,
  axisMaxMgDl: number,
): ScatterSeriesOption {
  const isLow = group.kind === 'low';
  const yMgDl = group.thresholdMgDl ?? (isLow ? 0 : axisMaxMgDl);
  const y = convertFromMgDl(yMgDl, unit);

  const data: TraceDatum[] = group.points.map((point) => [point.plotMs, y, point.timeMs]);
  return {
    id,
    name,
    type: 'scatter',
    data,
    // A triangle pointing down marks Low and one pointing up marks High.
    symbol: 'triangle',
    symbolRotate: isLow ? 180 : 0,
    symbolSize: 9,
    itemStyle: { color: isLow ? CHART_STYLE.lowMarkerColor : CHART_STYLE.highMarkerColor },
  };
}
