import type { CgmReport } from '@phoenix/domain/metrics';
import { useId, type ReactNode } from 'react';

import { formatCount, formatPercent } from '../statistics/format-statistics.ts';
import { SufficiencyWarning } from '../statistics/sufficiency-warning.tsx';
import { formatGlucose, type GlucoseUnit } from '../units/glucose-units.ts';
import { findTarget, TargetGoal } from './target-goal.tsx';

/** Props of `ReportStatistics`. */
export interface ReportStatisticsProps {
  report: CgmReport;
  unit: GlucoseUnit;
  /** The period as the report prints it, for example "15 Oct 2019 – 28 Oct 2019 (14 days)". */
  periodLabel: string;
}

/** Goals printed on the 2022 AGP report for metrics without a consensus target; mg/dL. */
const MEAN_GOAL_MG_DL = 154;
const GMI_GOAL_PERCENT = 7;

const NOT_AVAILABLE = 'Not available';

/**
 * Renders the report's glucose statistics and targets: the period, % time CGM active with the
 * sufficiency warning, mean glucose, GMI and CV with their goals. Values are the API's.
 */
export function ReportStatistics({ report, unit, periodLabel }: ReportStatisticsProps) {
  const headingId = useId();
  const { statistics } = report;
  const gmi =
    statistics.gmiPercent === null
      ? NOT_AVAILABLE
      : `${formatPercent(statistics.gmiPercent)}${
          statistics.gmiMmolMol === null ? '' : ` (${Math.round(statistics.gmiMmolMol)} mmol/mol)`
        }`;
  const rows: [string, string, ReactNode][] = [
    ['Period', periodLabel, null],
    ['% time CGM active', formatPercent(report.cgmActivePercent), null],
    [
      'Readings',
      `${formatCount(statistics.readingCount)} (Low: ${statistics.outOfRangeCount.low}, High: ${statistics.outOfRangeCount.high})`,
      null,
    ],
    [
      'Average glucose',
      statistics.meanMgDl === null ? NOT_AVAILABLE : formatGlucose(statistics.meanMgDl, unit),
      <span className="text-slate-600">Goal &lt; {formatGlucose(MEAN_GOAL_MG_DL, unit)}</span>,
    ],
    [
      'Glucose management indicator (GMI)',
      gmi,
      <span className="text-slate-600">Goal &lt; {GMI_GOAL_PERCENT}%</span>,
    ],
    [
      'Glucose variability (CV)',
      statistics.cvPercent === null ? NOT_AVAILABLE : formatPercent(statistics.cvPercent),
      <TargetGoal evaluation={findTarget(report.targets, 'cvPercent')} />,
    ],
  ];

  return (
    <section aria-labelledby={headingId} className="report-section space-y-2">
      <h3 id={headingId} className="report-heading">
        Glucose statistics and targets
      </h3>
      <SufficiencyWarning sufficiency={statistics.sufficiency} />
      <dl className="divide-y divide-slate-200 text-sm">
        {rows.map(([term, value, goal]) => (
          <div key={term} className="flex flex-wrap items-baseline justify-between gap-x-3 py-1">
            <dt className="text-slate-700">{term}</dt>
            <dd className="text-right">
              <span className="font-semibold tabular-nums">{value}</span>
              {goal !== null && <span className="block text-xs">{goal}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
