import type { GlucoseStatistics } from '../api/types.ts';
import { formatGlucose, type GlucoseUnit } from '../units/glucose-units.ts';
import { formatPercent } from './format-statistics.ts';

/** Props of `GlucoseMetrics`. */
export interface GlucoseMetricsProps {
  statistics: GlucoseStatistics;
  unit: GlucoseUnit;
}

const NOT_AVAILABLE = 'Not available';

function formatGmi(statistics: GlucoseStatistics): string {
  if (statistics.gmiPercent === null) {
    return NOT_AVAILABLE;
  }
  const percent = formatPercent(statistics.gmiPercent);
  if (statistics.gmiMmolMol === null) {
    return percent;
  }
  return `${percent} (${Math.round(statistics.gmiMmolMol)} mmol/mol)`;
}

/**
 * Mean glucose, GMI (Bergenstal et al., Diabetes Care 2018), coefficient of variation and
 * standard deviation, each "Not available" when the period has no numeric readings.
 */
export function GlucoseMetrics({ statistics, unit }: GlucoseMetricsProps) {
  const glucose = (valueMgDl: number | null) =>
    valueMgDl === null ? NOT_AVAILABLE : formatGlucose(valueMgDl, unit);
  const metrics: [string, string][] = [
    ['Mean glucose', glucose(statistics.meanMgDl)],
    ['Glucose management indicator (GMI)', formatGmi(statistics)],
    [
      'Coefficient of variation (CV)',
      statistics.cvPercent === null ? NOT_AVAILABLE : formatPercent(statistics.cvPercent),
    ],
    ['Standard deviation (SD)', glucose(statistics.sdMgDl)],
  ];

  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      {metrics.map(([term, value]) => (
        <div key={term} className="rounded border border-slate-200 bg-white p-3">
          <dt className="text-sm text-slate-600">{term}</dt>
          <dd className="text-xl font-semibold">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
