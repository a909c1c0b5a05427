import { useId, useMemo } from 'react';

import type { GlucoseReading } from '../api/types.ts';
import { CHART_STYLE } from '../chart/chart-style.ts';
import { buildGlucoseTrace } from '../chart/glucose-trace.ts';
import { LegendSwatch } from '../chart/legend-swatch.tsx';
import { describeGlucoseTrace } from '../chart/trace-summary.ts';
import { useECharts } from '../chart/use-echarts.ts';
import type { TimePeriod } from '../range/date-range.ts';
import type { GlucoseUnit } from '../units/glucose-units.ts';
import { buildDailyChartOption } from './daily-chart-option.ts';
import { DAILY_STYLE } from './daily-chart-style.ts';
import type { DailyRecords } from './daily-records.ts';

/** Props of `DailyChart`. */
export interface DailyChartProps {
  readings: readonly GlucoseReading[];
  records: DailyRecords;
  timeZone: string;
  unit: GlucoseUnit;
  period: TimePeriod;
}

/**
 * Renders CGM glucose, carbs, boluses and basal rate in four panels on one time axis, with an
 * HTML legend and a one-sentence summary of the glucose trace as its description.
 */
export function DailyChart({ readings, records, timeZone, unit, period }: DailyChartProps) {
  const { fromMs, toMs } = period;
  const trace = useMemo(() => buildGlucoseTrace(readings, timeZone), [readings, timeZone]);
  const option = useMemo(
    () => buildDailyChartOption({ trace, records, timeZone, unit, period: { fromMs, toMs } }),
    [trace, records, timeZone, unit, fromMs, toMs],
  );
  const chartRef = useECharts(option);
  const summaryId = useId();
  const summary = describeGlucoseTrace(trace, timeZone, unit, { fromMs, toMs });

  return (
    <figure className="space-y-2">
      <div
        ref={chartRef}
        role="img"
        aria-label={`Glucose in ${unit}, carbs, boluses and basal rate, times in ${timeZone}`}
        aria-describedby={summaryId}
        className="h-[560px] w-full"
      />
      <figcaption className="space-y-1 text-sm">
        <ul aria-label="Daily chart legend" className="flex flex-wrap gap-x-4 gap-y-1">
          <li className="flex items-center gap-1.5">
            <LegendSwatch color={CHART_STYLE.traceColor} shape="line" />
            CGM glucose
          </li>
          <li className="flex items-center gap-1.5">
            <LegendSwatch color="#0f172a" shape="circle" />
            Fingerstick
          </li>
          <li className="flex items-center gap-1.5">
            <LegendSwatch color={DAILY_STYLE.carbsColor} shape="band" />
            Carbs (g)
          </li>
          <li className="flex items-center gap-1.5">
            <LegendSwatch color={DAILY_STYLE.fastInsulinColor} shape="band" />
            Bolus, rapid-acting (U)
          </li>
          <li className="flex items-center gap-1.5">
            <LegendSwatch color={DAILY_STYLE.longInsulinColor} shape="band" />
            Long-acting insulin (U)
          </li>
          <li className="flex items-center gap-1.5">
            <LegendSwatch color={DAILY_STYLE.extendedBolusColor} shape="band" />
            Extended bolus (U)
          </li>
          <li className="flex items-center gap-1.5">
            <LegendSwatch color={DAILY_STYLE.basalColor} shape="line" />
            Basal rate (U/h)
          </li>
        </ul>
        <p id={summaryId} className="text-slate-600">
          {summary}
        </p>
      </figcaption>
    </figure>
  );
}
