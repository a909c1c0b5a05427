import type { GlucoseStatistics } from '../api/types.ts';
import { formatCount, formatDays, formatPercent } from './format-statistics.ts';

/** Props of `ReadingCounts`. */
export interface ReadingCountsProps {
  statistics: GlucoseStatistics;
}

/**
 * Renders how much data the period contains: readings (with `Low` and `High` counts), days
 * with data and the share of expected readings present ("% time CGM active" on the AGP report).
 */
export function ReadingCounts({ statistics }: ReadingCountsProps) {
  const { readingCount, outOfRangeCount, sufficiency } = statistics;
  const lowCount = formatCount(outOfRangeCount.low);
  const highCount = formatCount(outOfRangeCount.high);
  const rows: [string, string][] = [
    ['Readings', `${formatCount(readingCount)} (Low: ${lowCount}, High: ${highCount})`],
    [
      'Days with data',
      `${formatCount(sufficiency.daysWithData)} of ${formatDays(sufficiency.periodDays)} days`,
    ],
    ['Expected readings present', formatPercent(sufficiency.presentPercent)],
  ];

  return (
    <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt className="text-slate-600">{term}</dt>
          <dd className="font-semibold">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
