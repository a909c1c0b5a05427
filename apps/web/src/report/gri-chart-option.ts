import type { GlycemiaRiskIndex, GriZone } from '@phoenix/domain/metrics';
import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';

import type { GlucoseChartOption } from '../chart/glucose-chart-option.ts';

/** Axis limits of the GRI chart in percent (Klonoff et al., J Diabetes Sci Technol 2022). */
export const GRI_AXES = { hypoMax: 30, hyperMax: 60 } as const;

/** Zone colours, from green (A, lowest risk) to red (E). */
export const GRI_ZONE_COLORS: Readonly<Record<GriZone, string>> = {
  A: '#b7e4c7',
  B: '#e3f1a5',
  C: '#fde68a',
  D: '#fdba74',
  E: '#fca5a5',
};

/**
 * GRI values at the zone borders. GRI = 3.0 × hypo + 1.6 × hyper, so each border is the line
 * from (0, GRI / 1.6) to (GRI / 3.0, 0); the chart draws these lines and does not compute
 * any patient's GRI.
 */
const ZONE_BORDERS: readonly [GriZone, number][] = [
  ['D', 80],
  ['C', 60],
  ['B', 40],
  ['A', 20],
];

/** A point inside each zone where its letter is drawn, as [hypo, hyper] in percent. */
const ZONE_LABEL_POINTS: Readonly<Record<GriZone, [number, number]>> = {
  A: [2.5, 5],
  B: [5, 10],
  C: [8, 18],
  D: [12, 25],
  E: [22, 45],
};

function zoneSeries(zone: GriZone, border: number): LineSeriesOption {
  return {
    id: `zone-${zone}`,
    type: 'line',
    data: [
      [0, border / 1.6],
      [border / 3.0, 0],
    ],
    showSymbol: false,
    silent: true,
    lineStyle: { width: 1, color: '#64748b' },
    areaStyle: { color: GRI_ZONE_COLORS[zone], opacity: 1, origin: 'start' },
  };
}

function zoneLabels(): ScatterSeriesOption {
  return {
    id: 'zone-labels',
    type: 'scatter',
    silent: true,
    symbolSize: 1,
    itemStyle: { color: 'rgba(0, 0, 0, 0)' },
    z: 5,
    data: Object.entries(ZONE_LABEL_POINTS).map(([zone, point]) => ({
      value: point,
      name: zone,
    })),
    labelLayout: { hideOverlap: false },
    label: {
      show: true,
      position: 'inside',
      formatter: '{b}',
      fontWeight: 'bold',
      fontSize: 12,
      color: '#334155',
    },
  };
}

/**
 * Builds the ECharts option of the GRI chart: hypoglycemia component on x (0–30%),
 * hyperglycemia component on y (0–60%), zones A to E split at GRI 20, 40, 60 and 80, and the
 * patient's point. A component beyond its axis is drawn at the axis end.
 */
export function buildGriChartOption(gri: GlycemiaRiskIndex): GlucoseChartOption {
  const x = Math.min(gri.hypoComponent, GRI_AXES.hypoMax);
  const y = Math.min(gri.hyperComponent, GRI_AXES.hyperMax);
  return {
    animation: false,
    grid: {
      left: 44,
      right: 12,
      top: 12,
      bottom: 40,
      show: true,
      backgroundColor: GRI_ZONE_COLORS.E,
      borderWidth: 0,
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: GRI_AXES.hypoMax,
      interval: 5,
      name: 'Hypoglycemia (%)',
      nameLocation: 'middle',
      nameGap: 24,
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: GRI_AXES.hyperMax,
      interval: 10,
      name: 'Hyperglycemia (%)',
      nameLocation: 'middle',
      nameGap: 28,
      splitLine: { show: false },
    },
    series: [
      ...ZONE_BORDERS.map(([zone, border]) => zoneSeries(zone, border)),
      zoneLabels(),
      {
        id: 'patient',
        type: 'scatter',
        silent: true,
        data: [[x, y]],
        symbolSize: 11,
        itemStyle: { color: '#0f172a', borderColor: '#ffffff', borderWidth: 1.5 },
        z: 10,
      },
    ],
  };
}
