import { useId } from 'react';

import type { TimeInRangesPercent } from '../api/types.ts';
import { formatGlucose, type GlucoseUnit } from '../units/glucose-units.ts';
import { formatPercent, formatTimePerDay } from './format-statistics.ts';
import { GLUCOSE_BANDS } from './glucose-bands.ts';

/** Props of `TimeInRangesBar`. */
export interface TimeInRangesBarProps {
  /** Shares of readings per band; null when the period has no readings. */
  timeInRanges: TimeInRangesPercent | null;
  unit: GlucoseUnit;
}

/**
 * Time in ranges as one stacked bar in the consensus colours, very high at the top, beside a
 * list with each band's limits, percentage and time per day. The bar is decorative; the list
 * carries the numbers for screen readers.
 */
export function TimeInRangesBar({ timeInRanges, unit }: TimeInRangesBarProps) {
  const headingId = useId();
  if (timeInRanges === null) {
    return (
      <section aria-labelledby={headingId}>
        <h3 id={headingId} className="text-lg font-semibold">
          Time in ranges
        </h3>
        <p>Not available: no readings in this range.</p>
      </section>
    );
  }

  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h3 id={headingId} className="text-lg font-semibold">
        Time in ranges
      </h3>
      <div className="flex gap-4">
        <div aria-hidden="true" className="flex h-56 w-10 flex-col overflow-hidden rounded">
          {GLUCOSE_BANDS.map((band) => (
            <div
              key={band.key}
              style={{ height: `${timeInRanges[band.field]}%`, background: band.color }}
            />
          ))}
        </div>
        <ul aria-labelledby={headingId} className="flex flex-col justify-between text-sm">
          {GLUCOSE_BANDS.map((band) => (
            <li key={band.key}>
              <span className="font-semibold">{band.name}</span> ({band.limits[unit]}):{' '}
              {formatPercent(timeInRanges[band.field])},{' '}
              {formatTimePerDay(timeInRanges[band.field])} per day
            </li>
          ))}
        </ul>
      </div>
      <p className="text-sm text-slate-600">
        Below {formatGlucose(70, unit)}: {formatPercent(timeInRanges.below70Percent)}. Above{' '}
        {formatGlucose(180, unit)}: {formatPercent(timeInRanges.above180Percent)}.
      </p>
    </section>
  );
}
