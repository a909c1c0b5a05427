import type { DailyProfilePoint } from '@phoenix/domain/metrics';
import type { LineSeriesOption } from 'echarts/charts';

import type { GlucoseChartOption } from '../chart/glucose-chart-option.ts';
import { convertFromMgDl, type GlucoseUnit } from '../units/glucose-units.ts';
import { agpAxisMax } from './agp-chart-option.ts';
import { AGP_LIMITS_MG_DL, AGP_STYLE, MINUTES_PER_DAY } from './agp-style.ts';

/** Readings further apart than this are not joined by the trace, as on the glucose chart. */
export const MAX_PROFILE_GAP_MS = 15 * 60_000;

/** A point of a daily profile: minute of the day and glucose in mg/dL, or a gap. */
export type ProfileDatum = [number, number | '-'];

/**
 * Turns a day's points into line data in mg/dL, with a gap wherever readings are more than 15
 * minutes apart or the local clock goes back (the repeated hour in autumn), so the trace is
 * never drawn across missing data.
 */
export function profileLineData(points: readonly DailyProfilePoint[]): ProfileDatum[] {
  const data: ProfileDatum[] = [];
  let previous: DailyProfilePoint | null = null;
  for (const point of points) {
    const gap =
      previous !== null &&
      (point.timeMs - previous.timeMs > MAX_PROFILE_GAP_MS ||
        point.minuteOfDay <= previous.minuteOfDay);
    if (gap) {
      data.push([point.minuteOfDay, '-']);
    }
    data.push([point.minuteOfDay, point.valueMgDl]);
    previous = point;
  }
  return data;
}

/**
 * Maps line data to a unit, replacing each value with `clamp(valueMgDl)` first. The shaded
 * areas use this to follow the trace on one side of a line and stay on the line elsewhere.
 */
function mapValues(
  data: readonly ProfileDatum[],
  unit: GlucoseUnit,
  clamp: (valueMgDl: number) => number = (value) => value,
): ProfileDatum[] {
  return data.map(([minute, value]) => [
    minute,
    value === '-' ? '-' : convertFromMgDl(clamp(value), unit),
  ]);
}

function shadedSeries(
  id: string,
  data: ProfileDatum[],
  originMgDl: number,
  color: string,
  unit: GlucoseUnit,
): LineSeriesOption {
  return {
    id,
    type: 'line',
    data,
    showSymbol: false,
    silent: true,
    connectNulls: false,
    lineStyle: { width: 0 },
    areaStyle: { color, opacity: 1, origin: convertFromMgDl(originMgDl, unit) },
  };
}

/**
 * Builds the ECharts option of one small daily profile: the day's trace from midnight to
 * midnight on the AGP's 0–350 mg/dL axis, with lines at 70 and 180 mg/dL. The area between
 * the trace and those lines is shaded orange above 180 and red below 70.
 */
export function buildDailyProfileOption(
  points: readonly DailyProfilePoint[],
  unit: GlucoseUnit,
): GlucoseChartOption {
  const lineData = profileLineData(points);
  const low = AGP_LIMITS_MG_DL.targetLow;
  const high = AGP_LIMITS_MG_DL.targetHigh;
  const hidden = { show: false };

  return {
    animation: false,
    grid: { left: 1, right: 1, top: 1, bottom: 1 },
    xAxis: {
      type: 'value',
      min: 0,
      max: MINUTES_PER_DAY,
      interval: 360,
      axisLabel: hidden,
      axisTick: hidden,
      axisLine: { show: true, lineStyle: { color: '#cbd5e1' } },
      splitLine: { show: true, lineStyle: { color: '#f1f5f9' } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: agpAxisMax(unit),
      axisLabel: hidden,
      splitLine: hidden,
    },
    series: [
      shadedSeries(
        'above-target',
        mapValues(lineData, unit, (v) => Math.max(v, high)),
        high,
        AGP_STYLE.aboveTargetFill,
        unit,
      ),
      shadedSeries(
        'below-target',
        mapValues(lineData, unit, (v) => Math.min(v, low)),
        low,
        AGP_STYLE.belowTargetFill,
        unit,
      ),
      {
        id: 'trace',
        type: 'line',
        data: mapValues(lineData, unit),
        showSymbol: false,
        silent: true,
        connectNulls: false,
        lineStyle: { width: 1, color: AGP_STYLE.traceColor },
        markLine: {
          silent: true,
          symbol: 'none',
          label: hidden,
          lineStyle: { color: AGP_STYLE.targetLineColor, width: 1, type: 'solid' },
          data: [{ yAxis: convertFromMgDl(low, unit) }, { yAxis: convertFromMgDl(high, unit) }],
        },
      },
    ],
  };
}
