import type { CgmReport } from '@phoenix/domain/metrics';
import { useId } from 'react';

import { formatCount } from '../statistics/format-statistics.ts';
import { formatGlucose, type GlucoseUnit } from '../units/glucose-units.ts';

/** Props of `OtherMetrics`. */
export interface OtherMetricsProps {
  report: CgmReport;
  unit: GlucoseUnit;
}

const NOT_AVAILABLE = 'Not available';

function decimal(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? NOT_AVAILABLE : value.toFixed(digits);
}

const EPISODE_NAMES: Readonly<Record<string, string>> = {
  hypoLevel1: 'Level 1 hypoglycemia',
  hypoLevel2: 'Level 2 hypoglycemia',
  extendedHypo: 'Extended hypoglycemia',
  hyperLevel1: 'Level 1 hyperglycemia',
  hyperLevel2: 'Level 2 hyperglycemia',
};

/**
 * Renders the report's further metrics, which the one-page AGP layout leaves out: SD,
 * variability (MAGE, MODD, CONGA(1), J-index), risk (LBGI, HBGI, ADRR) and episode counts.
 * It is left out of print.
 */
export function OtherMetrics({ report, unit }: OtherMetricsProps) {
  const headingId = useId();
  const glucose = (valueMgDl: number | null) =>
    valueMgDl === null ? NOT_AVAILABLE : formatGlucose(valueMgDl, unit);
  const rows: [string, string][] = [
    ['Standard deviation (SD)', glucose(report.statistics.sdMgDl)],
    ['MAGE', glucose(report.mageMgDl)],
    ['MODD', glucose(report.moddMgDl)],
    ['CONGA(1)', glucose(report.conga1MgDl)],
    ['J-index', decimal(report.jIndex, 1)],
    ['LBGI', decimal(report.risk?.lbgi, 2)],
    ['HBGI', decimal(report.risk?.hbgi, 2)],
    ['ADRR', decimal(report.adrr?.adrr, 1)],
  ];
  const episodes = Object.entries(report.episodes);

  return (
    <section aria-labelledby={headingId} className="space-y-2 print:hidden">
      <h3 id={headingId} className="report-heading">
        Other metrics
      </h3>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt className="text-slate-600">{term}</dt>
            <dd className="font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <table className="text-sm">
        <caption className="text-left font-semibold">Episodes</caption>
        <thead>
          <tr>
            <th scope="col" className="pr-4 text-left">
              Kind
            </th>
            <th scope="col" className="pr-4 text-right">
              Count
            </th>
            <th scope="col" className="pr-4 text-right">
              At night
            </th>
            <th scope="col" className="text-right">
              Total minutes
            </th>
          </tr>
        </thead>
        <tbody>
          {episodes.map(([kind, summary]) => (
            <tr key={kind}>
              <th scope="row" className="pr-4 text-left font-normal">
                {EPISODE_NAMES[kind] ?? kind}
              </th>
              <td className="pr-4 text-right tabular-nums">{formatCount(summary.count)}</td>
              <td className="pr-4 text-right tabular-nums">{formatCount(summary.nightCount)}</td>
              <td className="text-right tabular-nums">
                {formatCount(Math.round(summary.totalDurationMinutes))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
