import { useId } from 'react';

import type { GlucoseStatistics } from '../api/types.ts';
import type { GlucoseUnit } from '../units/glucose-units.ts';
import { GlucoseMetrics } from './glucose-metrics.tsx';
import { ReadingCounts } from './reading-counts.tsx';
import { SufficiencyWarning } from './sufficiency-warning.tsx';
import { TimeInRangesBar } from './time-in-ranges-bar.tsx';

/** Props of `StatisticsPanel`. */
export interface StatisticsPanelProps {
  statistics: GlucoseStatistics;
  unit: GlucoseUnit;
}

/**
 * Renders the statistics section of the patient page: the sufficiency warning, reading counts,
 * glucose metrics and time in ranges.
 */
export function StatisticsPanel({ statistics, unit }: StatisticsPanelProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h2 id={headingId} className="text-xl font-semibold">
        Statistics
      </h2>
      <SufficiencyWarning sufficiency={statistics.sufficiency} />
      <ReadingCounts statistics={statistics} />
      <div className="grid gap-6 lg:grid-cols-2">
        <GlucoseMetrics statistics={statistics} unit={unit} />
        <TimeInRangesBar timeInRanges={statistics.timeInRanges} unit={unit} />
      </div>
    </section>
  );
}
