import type { DataSufficiency } from '../api/types.ts';
import { formatDays, formatPercent } from './format-statistics.ts';

/** Props of `SufficiencyWarning`. */
export interface SufficiencyWarningProps {
  sufficiency: DataSufficiency;
}

/**
 * Renders a warning when the period is too short or too sparse for a reliable report. The
 * consensus requires 14 days with at least 70% of readings present (Battelino et al.,
 * Diabetes Care 2019). Renders nothing when `sufficient` is true.
 */
export function SufficiencyWarning({ sufficiency }: SufficiencyWarningProps) {
  if (sufficiency.sufficient) {
    return null;
  }
  return (
    <div role="alert" className="rounded border border-amber-400 bg-amber-50 p-3 text-amber-900">
      <p className="font-semibold">
        Not enough data for a reliable report: less than 14 days or less than 70% of readings.
      </p>
      <p className="text-sm">
        This range covers {formatDays(sufficiency.periodDays)} days with{' '}
        {formatPercent(sufficiency.presentPercent)} of the expected readings present.
      </p>
    </div>
  );
}
