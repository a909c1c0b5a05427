import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

import type { UploadHour } from '../api/engineering-api.ts';
import type { TimePeriod } from '../range/date-range.ts';
import { formatZonedDateTime, timeZoneOffsetMs } from '../time/time-zone.ts';

/** The ECharts option type of the uploads chart. */
export type UploadsChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | TooltipComponentOption
>;

/** Series of the uploads chart: records by outcome, stacked. */
export const UPLOAD_OUTCOMES = [
  { key: 'accepted', name: 'Accepted', color: '#0BAD5A' },
  { key: 'duplicates', name: 'Duplicates', color: '#94a3b8' },
  { key: 'rejected', name: 'Rejected', color: '#CC0019' },
] as const;

/**
 * Builds the ECharts option of records uploaded per hour, stacked by outcome (accepted,
 * duplicate, rejected), on a local time axis of `timeZone` spanning the whole period.
 */
export function buildUploadsChartOption(
  hours: readonly UploadHour[],
  timeZone: string,
  period: TimePeriod,
): UploadsChartOption {
  const plot = (timeMs: number) => timeMs + timeZoneOffsetMs(timeZone, timeMs);
  return {
    animation: false,
    useUTC: true,
    grid: { left: 56, right: 16, top: 28, bottom: 32 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as {
          seriesName?: string;
          value?: [number, number, number];
        }[];
        const first = list[0]?.value;
        if (first === undefined) return '';
        const lines = list.map((item) => `${item.seriesName ?? ''}: ${item.value?.[1] ?? 0}`);
        return [formatZonedDateTime(timeZone, first[2]), ...lines].join('<br/>');
      },
    },
    xAxis: {
      type: 'time',
      min: plot(period.fromMs),
      max: plot(period.toMs),
      axisLabel: { hideOverlap: true },
    },
    yAxis: { type: 'value', name: 'records', minInterval: 1 },
    series: UPLOAD_OUTCOMES.map((outcome) => ({
      id: outcome.key,
      name: outcome.name,
      type: 'bar' as const,
      stack: 'records',
      barMaxWidth: 16,
      itemStyle: { color: outcome.color },
      data: hours.map((hour) => {
        const hourMs = Date.parse(hour.hour);
        return [plot(hourMs), hour[outcome.key], hourMs];
      }),
    })),
  };
}
