import { formatGlucoseNumber, type GlucoseUnit } from '../units/glucose-units.ts';
import { CHART_LIMITS_MG_DL, CHART_STYLE } from './chart-style.ts';
import { LegendSwatch } from './legend-swatch.tsx';
import { outOfRangeLabel, type OutOfRangeGroup } from './out-of-range-groups.ts';

/** Props of `ChartLegend`. */
export interface ChartLegendProps {
  /** Out-of-range groups present in the chart; each gets its own entry. */
  groups: readonly Pick<OutOfRangeGroup, 'kind' | 'thresholdMgDl'>[];
  unit: GlucoseUnit;
}

/**
 * Renders the legend of the glucose chart in HTML, so screen readers and keyboard users get it.
 * It lists the glucose line, the target band, the reference lines and one entry per kind and
 * threshold of out-of-range readings, for example "Low (below 40 mg/dL)".
 */
export function ChartLegend({ groups, unit }: ChartLegendProps) {
  const targetLow = formatGlucoseNumber(CHART_LIMITS_MG_DL.targetLow, unit);
  const targetHigh = formatGlucoseNumber(CHART_LIMITS_MG_DL.targetHigh, unit);
  const references = CHART_LIMITS_MG_DL.referenceLines
    .map((valueMgDl) => formatGlucoseNumber(valueMgDl, unit))
    .join(' and ');

  return (
    <ul aria-label="Chart legend" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      <li className="flex items-center gap-1.5">
        <LegendSwatch color={CHART_STYLE.traceColor} shape="line" />
        Glucose
      </li>
      <li className="flex items-center gap-1.5">
        <LegendSwatch color={CHART_STYLE.targetBandColor} shape="band" />
        Target range ({targetLow}–{targetHigh} {unit})
      </li>
      <li className="flex items-center gap-1.5">
        <LegendSwatch color={CHART_STYLE.referenceLineColor} shape="dashed" />
        Lines at {references} {unit}
      </li>
      {groups.map((group) => (
        <li key={`${group.kind}-${group.thresholdMgDl}`} className="flex items-center gap-1.5">
          <LegendSwatch
            color={group.kind === 'low' ? CHART_STYLE.lowMarkerColor : CHART_STYLE.highMarkerColor}
            shape={group.kind === 'low' ? 'down' : 'up'}
          />
          {outOfRangeLabel(group.kind, group.thresholdMgDl, unit)}
        </li>
      ))}
    </ul>
  );
}
