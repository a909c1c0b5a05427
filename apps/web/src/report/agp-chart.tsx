import type { AmbulatoryGlucoseProfile } from '@phoenix/domain/metrics';
import { useId, useMemo } from 'react';

import { LegendSwatch } from '../chart/legend-swatch.tsx';
import { useECharts } from '../chart/use-echarts.ts';
import { formatGlucoseNumber, type GlucoseUnit } from '../units/glucose-units.ts';
import { AgpTable } from './agp-table.tsx';
import { buildAgpChartOption } from './agp-chart-option.ts';
import { AGP_STYLE } from './agp-style.ts';

/** Props of `AgpChart`. */
export interface AgpChartProps {
  agp: AmbulatoryGlucoseProfile;
  unit: GlucoseUnit;
  /** IANA zone of the times of day. */
  timeZone: string;
  /** Smaller chart with fewer hour labels, for side-by-side comparisons. */
  compact?: boolean;
}

/**
 * Renders the ambulatory glucose profile: the median line and the 25th–75th and 5th–95th
 * percentile bands by time of day, a legend that names the bands, and the percentiles as a
 * table that screen readers and keyboard users can open.
 */
export function AgpChart({ agp, unit, timeZone, compact = false }: AgpChartProps) {
  const option = useMemo(
    () => buildAgpChartOption(agp.bins, unit, compact),
    [agp.bins, unit, compact],
  );
  const chartRef = useECharts(option);
  const legendId = useId();
  const low = formatGlucoseNumber(70, unit);
  const high = formatGlucoseNumber(180, unit);

  return (
    <figure className="space-y-1">
      <div
        ref={chartRef}
        role="img"
        aria-label={`Ambulatory glucose profile in ${unit} by time of day, ${timeZone} time`}
        aria-describedby={legendId}
        className={compact ? 'agp-chart h-56 w-full' : 'agp-chart h-72 w-full print:h-[52mm]'}
      />
      <figcaption id={legendId} className="space-y-1 text-xs text-slate-700">
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          <li className="flex items-center gap-1.5">
            <LegendSwatch color={AGP_STYLE.medianColor} shape="line" />
            Median (50%)
          </li>
          <li className="flex items-center gap-1.5">
            <LegendSwatch color={AGP_STYLE.innerBandColor} shape="band" />
            25th–75th percentile
          </li>
          <li className="flex items-center gap-1.5">
            <LegendSwatch color={AGP_STYLE.outerBandColor} shape="band" />
            5th–95th percentile (outer band)
          </li>
          <li className="flex items-center gap-1.5">
            <LegendSwatch color={AGP_STYLE.targetLineColor} shape="line" />
            Target range {low}–{high} {unit}
          </li>
        </ul>
        {!compact && (
          <p>
            Percentiles of {agp.binMinutes}-minute bins of local time of day, smoothed across
            neighbouring bins, each drawn at its bin&apos;s centre. Values above the axis are cut
            off.
          </p>
        )}
      </figcaption>
      <AgpTable agp={agp} unit={unit} />
    </figure>
  );
}
