import type { TargetEvaluation, TargetMetric, TimeInRanges } from '@phoenix/domain/metrics';
import { useId } from 'react';

import { formatPercent, formatTimePerDay } from '../statistics/format-statistics.ts';
import { GLUCOSE_BANDS, type GlucoseBandDisplay } from '../statistics/glucose-bands.ts';
import type { GlucoseUnit } from '../units/glucose-units.ts';
import { findTarget, TargetGoal } from './target-goal.tsx';

/** Props of `ReportTimeInRanges`. */
export interface ReportTimeInRangesProps {
  timeInRanges: TimeInRanges | null;
  targets: readonly TargetEvaluation[];
  unit: GlucoseUnit;
}

/** The goal row under each band: its own target, then a combined one where the consensus sets it. */
const BAND_GOALS: Readonly<Record<GlucoseBandDisplay['key'], TargetMetric | null>> = {
  veryHigh: 'above250Percent',
  high: null,
  target: 'targetPercent',
  low: null,
  veryLow: 'below54Percent',
};

const COMBINED_GOALS: Readonly<Partial<Record<GlucoseBandDisplay['key'], CombinedGoal>>> = {
  high: { name: 'High + very high', field: 'above180Percent', metric: 'above180Percent' },
  low: { name: 'Low + very low', field: 'below70Percent', metric: 'below70Percent' },
};

interface CombinedGoal {
  name: string;
  field: keyof TimeInRanges;
  metric: TargetMetric;
}

/** Renders one band of the stacked bar, at least 2 px tall when not empty so that it stays visible. */
function BarSegment({ band, percent }: { band: GlucoseBandDisplay; percent: number }) {
  return (
    <div
      style={{
        flexGrow: percent,
        flexBasis: 0,
        minHeight: percent > 0 ? '2px' : 0,
        background: band.color,
      }}
    />
  );
}

/**
 * Renders the report's time in ranges: one stacked bar in the consensus colours, very high at
 * the top, beside a table of each band's percent, time per day and goal. The table adds the
 * combined goals for high + very high and low + very low. Met or missed is the API's verdict.
 */
export function ReportTimeInRanges({ timeInRanges, targets, unit }: ReportTimeInRangesProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="report-section space-y-2">
      <h3 id={headingId} className="report-heading">
        Time in ranges
      </h3>
      {timeInRanges === null ? (
        <p className="text-sm">Not available: no readings in this period.</p>
      ) : (
        <div className="flex gap-3">
          <div
            aria-hidden="true"
            className="flex h-56 w-10 shrink-0 flex-col overflow-hidden rounded-sm border border-slate-300 print:h-[44mm]"
          >
            {GLUCOSE_BANDS.map((band) => (
              <BarSegment key={band.key} band={band} percent={timeInRanges[band.field]} />
            ))}
          </div>
          <table className="text-sm" aria-labelledby={headingId}>
            <tbody>
              {GLUCOSE_BANDS.map((band) => (
                <BandRows
                  key={band.key}
                  band={band}
                  timeInRanges={timeInRanges}
                  targets={targets}
                  unit={unit}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface BandRowsProps {
  band: GlucoseBandDisplay;
  timeInRanges: TimeInRanges;
  targets: readonly TargetEvaluation[];
  unit: GlucoseUnit;
}

function BandRows({ band, timeInRanges, targets, unit }: BandRowsProps) {
  const percent = timeInRanges[band.field];
  const goalMetric = BAND_GOALS[band.key];
  const combined = COMBINED_GOALS[band.key];
  return (
    <>
      <tr className="align-baseline">
        <th scope="row" className="pr-2 text-left font-normal">
          <span
            aria-hidden="true"
            className="mr-1 inline-block h-2.5 w-2.5 rounded-sm"
            style={{ background: band.color }}
          />
          <span className="font-semibold">{band.name}</span>{' '}
          <span className="text-slate-600">{band.limits[unit]}</span>
        </th>
        <td className="pr-2 text-right font-semibold tabular-nums">{formatPercent(percent)}</td>
        <td className="pr-2 whitespace-nowrap text-slate-700">
          {formatTimePerDay(percent)} per day
        </td>
        <td className="text-xs">
          {goalMetric !== null && <TargetGoal evaluation={findTarget(targets, goalMetric)} />}
        </td>
      </tr>
      {combined !== undefined && (
        <tr className="align-baseline text-slate-700">
          <th scope="row" className="pr-2 pl-4 text-left text-xs font-normal italic">
            {combined.name}
          </th>
          <td className="pr-2 text-right text-xs tabular-nums">
            {formatPercent(timeInRanges[combined.field])}
          </td>
          <td />
          <td className="text-xs">
            <TargetGoal evaluation={findTarget(targets, combined.metric)} />
          </td>
        </tr>
      )}
    </>
  );
}
