import type { TargetMetric } from '@phoenix/domain/metrics';

import { targetMetricLabel } from '../statistics/consensus-targets.ts';
import type { GlucoseUnit } from '../units/glucose-units.ts';

/** Props of `MissedTargetFlags`. */
export interface MissedTargetFlagsProps {
  missed: readonly TargetMetric[];
  unit: GlucoseUnit;
  patientName: string;
}

/**
 * Renders one flag per consensus target the patient misses, each with the metric's full name
 * for screen readers and as a tooltip, or "All met" when the list is empty.
 */
export function MissedTargetFlags({ missed, unit, patientName }: MissedTargetFlagsProps) {
  if (missed.length === 0) {
    return <span className="text-slate-600">All met</span>;
  }
  return (
    <ul aria-label={`Targets missed by ${patientName}`} className="flex flex-wrap gap-1">
      {missed.map((metric) => {
        const label = targetMetricLabel(metric, unit);
        return (
          <li
            key={metric}
            title={label.name}
            className="rounded border border-amber-500 bg-amber-50 px-1.5 text-xs whitespace-nowrap text-amber-900"
          >
            <span aria-hidden="true">{label.shortName}</span>
            <span className="sr-only">{label.name}</span>
          </li>
        );
      })}
    </ul>
  );
}
