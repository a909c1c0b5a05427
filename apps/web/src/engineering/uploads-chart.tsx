import { useId, useMemo } from 'react';

import type { UploadHour } from '../api/engineering-api.ts';
import { LegendSwatch } from '../chart/legend-swatch.tsx';
import { useECharts } from '../chart/use-echarts.ts';
import type { TimePeriod } from '../range/date-range.ts';
import { formatCount } from '../statistics/format-statistics.ts';
import { formatZonedDateTime } from '../time/time-zone.ts';
import { buildUploadsChartOption, UPLOAD_OUTCOMES } from './uploads-chart-option.ts';

/** Props of `UploadsChart`. */
export interface UploadsChartProps {
  hours: readonly UploadHour[];
  timeZone: string;
  period: TimePeriod;
}

/**
 * Renders records uploaded per hour, stacked by outcome, with a legend and the same numbers as
 * a table in a disclosure for readers who cannot see the chart.
 */
export function UploadsChart({ hours, timeZone, period }: UploadsChartProps) {
  const { fromMs, toMs } = period;
  const option = useMemo(
    () => buildUploadsChartOption(hours, timeZone, { fromMs, toMs }),
    [hours, timeZone, fromMs, toMs],
  );
  const chartRef = useECharts(option);
  const legendId = useId();

  return (
    <figure className="space-y-2">
      <div
        ref={chartRef}
        role="img"
        aria-label={`Records uploaded per hour, ${timeZone} time`}
        aria-describedby={legendId}
        className="h-64 w-full"
      />
      <figcaption id={legendId}>
        <ul className="flex flex-wrap gap-x-4 text-sm">
          {UPLOAD_OUTCOMES.map((outcome) => (
            <li key={outcome.key} className="flex items-center gap-1.5">
              <LegendSwatch color={outcome.color} shape="band" />
              {outcome.name}
            </li>
          ))}
        </ul>
      </figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer text-blue-800 underline">
          Show uploads per hour as a table
        </summary>
        <table className="mt-2 text-right tabular-nums">
          <caption className="sr-only">Records uploaded per hour, {timeZone} time</caption>
          <thead>
            <tr>
              <th scope="col" className="px-2 text-left">
                Hour
              </th>
              <th scope="col" className="px-2">
                Batches
              </th>
              <th scope="col" className="px-2">
                Records
              </th>
              <th scope="col" className="px-2">
                Accepted
              </th>
              <th scope="col" className="px-2">
                Duplicates
              </th>
              <th scope="col" className="px-2">
                Rejected
              </th>
            </tr>
          </thead>
          <tbody>
            {hours.map((hour) => (
              <tr key={hour.hour}>
                <th scope="row" className="px-2 text-left font-normal">
                  {formatZonedDateTime(timeZone, Date.parse(hour.hour))}
                </th>
                <td className="px-2">{formatCount(hour.batches)}</td>
                <td className="px-2">{formatCount(hour.records)}</td>
                <td className="px-2">{formatCount(hour.accepted)}</td>
                <td className="px-2">{formatCount(hour.duplicates)}</td>
                <td className="px-2">{formatCount(hour.rejected)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
