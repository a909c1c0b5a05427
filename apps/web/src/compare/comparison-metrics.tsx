import type { CgmReport } from '@phoenix/domain/metrics';

import { formatPercent } from '../statistics/format-statistics.ts';
import { formatGlucose, formatGlucoseNumber, type GlucoseUnit } from '../units/glucose-units.ts';

/** Props of `ComparisonMetrics`. */
export interface ComparisonMetricsProps {
  report: CgmReport;
  unit: GlucoseUnit;
}

const NOT_AVAILABLE = 'Not available';

function percentOrNotAvailable(value: number | null | undefined): string {
  return value === null || value === undefined ? NOT_AVAILABLE : formatPercent(value);
}

/**
 * Renders the headline metrics of one period in a fixed order, so that two periods side by
 * side line up row by row: % time CGM active, time in ranges, mean glucose, GMI, CV and GRI.
 */
export function ComparisonMetrics({ report, unit }: ComparisonMetricsProps) {
  const { statistics } = report;
  const ranges = statistics.timeInRanges;
  const rows: [string, string][] = [
    ['% time CGM active', formatPercent(report.cgmActivePercent)],
    [
      `Time in range ${formatGlucoseNumber(70, unit)}–${formatGlucose(180, unit)}`,
      percentOrNotAvailable(ranges?.targetPercent),
    ],
    [`Time below ${formatGlucose(70, unit)}`, percentOrNotAvailable(ranges?.below70Percent)],
    [`Time below ${formatGlucose(54, unit)}`, percentOrNotAvailable(ranges?.veryLowPercent)],
    [`Time above ${formatGlucose(180, unit)}`, percentOrNotAvailable(ranges?.above180Percent)],
    [`Time above ${formatGlucose(250, unit)}`, percentOrNotAvailable(ranges?.veryHighPercent)],
    [
      'Average glucose',
      statistics.meanMgDl === null ? NOT_AVAILABLE : formatGlucose(statistics.meanMgDl, unit),
    ],
    ['GMI', percentOrNotAvailable(statistics.gmiPercent)],
    ['CV', percentOrNotAvailable(statistics.cvPercent)],
    [
      'GRI',
      report.gri === null
        ? NOT_AVAILABLE
        : `${report.gri.gri.toFixed(1)} (zone ${report.gri.zone})`,
    ],
  ];
  return (
    <dl className="divide-y divide-slate-200 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="flex justify-between gap-3 py-1">
          <dt className="text-slate-700">{term}</dt>
          <dd className="font-semibold tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
