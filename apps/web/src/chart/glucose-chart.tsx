import { useId, useMemo } from 'react';

import type { GlucoseReading } from '../api/types.ts';
import type { TimePeriod } from '../range/date-range.ts';
import type { GlucoseUnit } from '../units/glucose-units.ts';
import { ChartLegend } from './chart-legend.tsx';
import { buildGlucoseChartOption } from './glucose-chart-option.ts';
import { buildGlucoseTrace } from './glucose-trace.ts';
import { groupOutOfRange } from './out-of-range-groups.ts';
import { describeGlucoseTrace } from './trace-summary.ts';
import { useECharts } from './use-echarts.ts';

/** Props of `GlucoseChart`. */
export interface GlucoseChartProps {
  /** Readings sorted by time, as the API returns them. */
  readings: readonly GlucoseReading[];
  /** IANA time zone of the patient; the axis and tooltip show local time in it. */
  timeZone: string;
  unit: GlucoseUnit;
  period: TimePeriod;
}

/**
 * Renders the CGM trace with ECharts, with a text summary (the chart's accessible description)
 * and an HTML legend. Gaps of more than 15 minutes break the line; `Low` and `High` readings
 * appear as triangles at their threshold.
 */
export function GlucoseChart({ readings, timeZone, unit, period }: GlucoseChartProps) {
  const { fromMs, toMs } = period;
  const trace = useMemo(() => buildGlucoseTrace(readings, timeZone), [readings, timeZone]);
  const groups = useMemo(() => groupOutOfRange(trace.outOfRange), [trace]);
  const option = useMemo(
    () => buildGlucoseChartOption({ trace, timeZone, unit, period: { fromMs, toMs } }),
    [trace, timeZone, unit, fromMs, toMs],
  );
  const summary = describeGlucoseTrace(trace, timeZone, unit, { fromMs, toMs });
  const chartRef = useECharts(option);
  const summaryId = useId();

  return (
    <figure className="space-y-3">
      <div
        ref={chartRef}
        role="img"
        aria-label={`CGM glucose trace in ${unit}, times in ${timeZone}`}
        aria-describedby={summaryId}
        className="h-80 w-full"
      />
      <figcaption className="space-y-2">
        <ChartLegend groups={groups} unit={unit} />
        <p id={summaryId} className="text-sm text-slate-600">
          {summary}
        </p>
      </figcaption>
    </figure>
  );
}
