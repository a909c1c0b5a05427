import type { AgpBin, AgpPercentiles } from '@phoenix/domain/metrics';
import type { LineSeriesOption } from 'echarts/charts';

import type { GlucoseChartOption } from '../chart/glucose-chart-option.ts';
import { formatMinuteOfDay } from '../time/format-time.ts';
import { convertFromMgDl, formatGlucose, type GlucoseUnit } from '../units/glucose-units.ts';
import { AGP_LIMITS_MG_DL, AGP_STYLE, MINUTES_PER_DAY } from './agp-style.ts';

/** A point of a percentile series: bin centre in minutes and value in the unit shown. */
type AgpDatum = [number, number | '-'];

const PERCENTILE_NAMES: readonly [keyof AgpPercentiles, string][] = [
  ['p95', '95th percentile'],
  ['p75', '75th percentile'],
  ['p50', 'Median'],
  ['p25', '25th percentile'],
  ['p5', '5th percentile'],
];

/** Formats the x axis: hours of the day, "24:00" at the right end. */
export function formatAgpHour(minute: number): string {
  return minute >= MINUTES_PER_DAY ? '24:00' : formatMinuteOfDay(minute);
}

/** Returns the y axis maximum of the AGP in a unit: 350 mg/dL, or 19.4 mmol/L. */
export function agpAxisMax(unit: GlucoseUnit): number {
  const max = convertFromMgDl(AGP_LIMITS_MG_DL.axisMax, unit);
  return unit === 'mmol/L' ? Math.round(max * 10) / 10 : max;
}

function binCentre(bin: AgpBin): number {
  return (bin.startMinute + bin.endMinute) / 2;
}

/**
 * Returns one series' data: each bin's centre and a value taken from its smoothed percentiles,
 * or a gap for an empty bin.
 */
function seriesData(
  bins: readonly AgpBin[],
  value: (percentiles: AgpPercentiles) => number,
  unit: GlucoseUnit,
): AgpDatum[] {
  return bins.map((bin) => {
    const percentiles = bin.smoothedPercentiles;
    return [binCentre(bin), percentiles === null ? '-' : convertFromMgDl(value(percentiles), unit)];
  });
}

/**
 * Builds a band as two stacked series: an invisible base at the lower percentile, and the
 * band's height above it, which ECharts fills. The height is chart geometry only.
 */
function bandSeries(
  id: string,
  bins: readonly AgpBin[],
  lower: keyof AgpPercentiles,
  upper: keyof AgpPercentiles,
  color: string,
  unit: GlucoseUnit,
): LineSeriesOption[] {
  const common = {
    type: 'line' as const,
    stack: id,
    showSymbol: false,
    silent: true,
    connectNulls: false,
    lineStyle: { width: 0 },
  };
  return [
    { ...common, id: `${id}-base`, data: seriesData(bins, (p) => p[lower], unit) },
    {
      ...common,
      id,
      data: seriesData(bins, (p) => p[upper] - p[lower], unit),
      areaStyle: { color, opacity: 1 },
    },
  ];
}

function referenceLines(unit: GlucoseUnit): LineSeriesOption['markLine'] {
  // 54 and 70 mg/dL lie close together, so their labels move apart from the lines.
  const line = (valueMgDl: number, target: boolean, labelOffsetY = 0) => ({
    yAxis: convertFromMgDl(valueMgDl, unit),
    label: { offset: [0, labelOffsetY] },
    lineStyle: target
      ? { color: AGP_STYLE.targetLineColor, width: 2, type: 'solid' as const }
      : { color: AGP_STYLE.referenceLineColor, width: 1, type: 'dashed' as const },
  });
  return {
    silent: true,
    symbol: 'none',
    label: {
      position: 'end',
      formatter: (params: { value?: unknown }) =>
        unit === 'mmol/L' ? Number(params.value).toFixed(1) : String(params.value),
    },
    data: [
      line(AGP_LIMITS_MG_DL.veryLow, false, 5),
      line(AGP_LIMITS_MG_DL.targetLow, true, -4),
      line(AGP_LIMITS_MG_DL.targetHigh, true),
      line(AGP_LIMITS_MG_DL.veryHigh, false),
    ],
  };
}

/**
 * Formats the tooltip of one hourly bin: its hours and the five percentiles in the unit.
 * Returns an empty string for an empty bin. The result is HTML built from numbers and fixed
 * labels only.
 */
export function formatAgpTooltip(bin: AgpBin | undefined, unit: GlucoseUnit): string {
  const percentiles = bin?.smoothedPercentiles ?? null;
  if (bin === undefined || percentiles === null) {
    return '';
  }
  const hours = `${formatAgpHour(bin.startMinute)}–${formatAgpHour(bin.endMinute)}`;
  const rows = PERCENTILE_NAMES.map(
    ([key, name]) => `${name}: ${formatGlucose(percentiles[key], unit)}`,
  );
  return [hours, ...rows].join('<br/>');
}

/**
 * Builds the ECharts option of the AGP from the API's smoothed hourly percentiles: the
 * 5th–95th and 25th–75th percentile bands and the median, each point at its bin's centre. The
 * axes run over 24 hours and from 0 to 350 mg/dL (19.4 mmol/L), with lines at 54, 70, 180 and
 * 250 mg/dL and the target lines 70 and 180 emphasized. Values above the axis are clipped, as
 * on the printed report.
 */
export function buildAgpChartOption(
  bins: readonly AgpBin[],
  unit: GlucoseUnit,
  compact = false,
): GlucoseChartOption {
  const median: LineSeriesOption = {
    id: 'median',
    type: 'line',
    data: seriesData(bins, (p) => p.p50, unit),
    showSymbol: false,
    connectNulls: false,
    lineStyle: { width: 2.5, color: AGP_STYLE.medianColor },
    itemStyle: { color: AGP_STYLE.medianColor },
    markLine: referenceLines(unit),
  };

  return {
    animation: false,
    grid: { left: 44, right: compact ? 36 : 40, top: 24, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number };
        return formatAgpTooltip(bins[first?.dataIndex ?? -1], unit);
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: MINUTES_PER_DAY,
      interval: compact ? 360 : 180,
      axisLabel: { formatter: (value: number) => formatAgpHour(value) },
      splitLine: { show: true, lineStyle: { color: '#e2e8f0' } },
    },
    yAxis: {
      type: 'value',
      name: unit,
      nameGap: 10,
      min: 0,
      max: agpAxisMax(unit),
      interval: unit === 'mmol/L' ? 2 : 50,
      splitLine: { show: false },
    },
    series: [
      ...bandSeries('outer-band', bins, 'p5', 'p95', AGP_STYLE.outerBandColor, unit),
      ...bandSeries('inner-band', bins, 'p25', 'p75', AGP_STYLE.innerBandColor, unit),
      median,
    ],
  };
}
