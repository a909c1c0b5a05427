import type { GlycemiaRiskIndex } from '@phoenix/domain/metrics';
import { useId, useMemo } from 'react';

import { useECharts } from '../chart/use-echarts.ts';
import { formatPercent } from '../statistics/format-statistics.ts';
import { buildGriChartOption } from './gri-chart-option.ts';

/** Props of `GriChart`. */
export interface GriChartProps {
  /** The API's GRI; null when the period has no readings. */
  gri: GlycemiaRiskIndex | null;
}

/**
 * Renders the Glycemia Risk Index (Klonoff et al., J Diabetes Sci Technol 2022): the value,
 * its zone and components in text, and the chart with the patient's point in zones A to E.
 */
export function GriChart({ gri }: GriChartProps) {
  const headingId = useId();
  const summaryId = useId();
  return (
    <section aria-labelledby={headingId} className="report-section space-y-1">
      <h3 id={headingId} className="report-heading">
        Glycemia Risk Index (GRI)
      </h3>
      {gri === null ? (
        <p className="text-sm">Not available: no readings in this period.</p>
      ) : (
        <GriFigure gri={gri} headingId={headingId} summaryId={summaryId} />
      )}
    </section>
  );
}

function GriFigure({
  gri,
  headingId,
  summaryId,
}: {
  gri: GlycemiaRiskIndex;
  headingId: string;
  summaryId: string;
}) {
  const option = useMemo(() => buildGriChartOption(gri), [gri]);
  const chartRef = useECharts(option);
  return (
    <figure className="space-y-1 print:flex print:items-start print:gap-3 print:space-y-0">
      <p id={summaryId} className="text-sm print:w-1/2">
        <span className="text-lg font-semibold">GRI {gri.gri.toFixed(1)}</span>, zone {gri.zone}{' '}
        (hypoglycemia component {formatPercent(gri.hypoComponent)}, hyperglycemia component{' '}
        {formatPercent(gri.hyperComponent)}). Zone A is the lowest risk and E the highest.
      </p>
      <div
        ref={chartRef}
        role="img"
        aria-labelledby={headingId}
        aria-describedby={summaryId}
        className="gri-chart h-64 w-full max-w-md print:h-[46mm] print:w-1/2"
      />
    </figure>
  );
}
