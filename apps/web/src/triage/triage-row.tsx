import type { TargetMetric } from '@phoenix/domain/metrics';

import type { TriageEntry } from '../api/triage-api.ts';
import { AppLink } from '../navigation/app-link.tsx';
import { routePath } from '../navigation/routes.ts';
import { displayTimeZone, usePreferences } from '../preferences/preferences-context.tsx';
import { formatPercent } from '../statistics/format-statistics.ts';
import { formatTimeAgo, formatZonedDate } from '../time/format-time.ts';
import { MissedTargetFlags } from './missed-target-flags.tsx';
import { ReviewButton } from './review-button.tsx';
import { needsReview } from './triage-sort.ts';

/** Props of `TriageRow`. */
export interface TriageRowProps {
  entry: TriageEntry;
  /** Current time in epoch ms, for "time since last reading". */
  nowMs: number;
  onReviewed: (patientId: string, reviewedAt: string) => void;
}

const NOT_AVAILABLE = '–';

function percentOrDash(value: number | null | undefined): string {
  return value === null || value === undefined ? NOT_AVAILABLE : formatPercent(value);
}

/** Renders a metric cell, marked when the patient misses that metric's consensus target. */
function MetricCell({ value, missed }: { value: string; missed: boolean }) {
  return (
    <td
      className={`px-2 py-2 text-right tabular-nums ${missed ? 'bg-amber-50 font-semibold text-amber-900' : ''}`}
    >
      {value}
    </td>
  );
}

/** Renders one patient of the triage table. */
export function TriageRow({ entry, nowMs, onReviewed }: TriageRowProps) {
  const preferences = usePreferences();
  const zone = displayTimeZone(preferences, entry.timezone);
  const { statistics, gri } = entry;
  const ranges = statistics.timeInRanges;
  const missed = (metric: TargetMetric) => entry.missedTargets.includes(metric);
  const reportPath = routePath({ page: 'patient', patientId: entry.patientId, tab: 'report' });

  return (
    <tr className="border-t border-slate-200 align-top">
      <th scope="row" className="px-2 py-2 text-left font-normal">
        <AppLink
          to={reportPath}
          className="font-semibold text-blue-800 underline focus-visible:outline-2 focus-visible:outline-blue-600"
        >
          {entry.displayName}
        </AppLink>
      </th>
      <td className="px-2 py-2 text-right tabular-nums">
        {gri === null ? (
          NOT_AVAILABLE
        ) : (
          <>
            <span className="font-semibold">{gri.gri.toFixed(1)}</span>{' '}
            <span className="text-xs text-slate-600">zone {gri.zone}</span>
          </>
        )}
      </td>
      <MetricCell value={percentOrDash(ranges?.targetPercent)} missed={missed('targetPercent')} />
      <MetricCell value={percentOrDash(ranges?.below70Percent)} missed={missed('below70Percent')} />
      <MetricCell value={percentOrDash(ranges?.veryLowPercent)} missed={missed('below54Percent')} />
      <MetricCell value={percentOrDash(statistics.gmiPercent)} missed={false} />
      <MetricCell value={percentOrDash(statistics.cvPercent)} missed={missed('cvPercent')} />
      <td className="px-2 py-2 text-right tabular-nums">
        {formatPercent(statistics.sufficiency.presentPercent)}
        {!statistics.sufficiency.sufficient && (
          <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">
            Insufficient
          </span>
        )}
      </td>
      <td className="px-2 py-2 whitespace-nowrap">
        {entry.lastReadingTime === null ? (
          'No readings'
        ) : (
          <>
            {formatTimeAgo(nowMs, Date.parse(entry.lastReadingTime))}
            <span className="block text-xs text-slate-600">
              {formatZonedDate(zone, Date.parse(entry.lastReadingTime))}
            </span>
          </>
        )}
      </td>
      <td className="px-2 py-2">
        <MissedTargetFlags
          missed={entry.missedTargets}
          unit={preferences.unit}
          patientName={entry.displayName}
        />
      </td>
      <td className="px-2 py-2">
        {entry.reviewedAt !== null && (
          <span className="block text-xs text-slate-600">
            Reviewed {formatZonedDate(zone, Date.parse(entry.reviewedAt))}
          </span>
        )}
        {needsReview(entry) && (
          <ReviewButton
            patientId={entry.patientId}
            patientName={entry.displayName}
            onReviewed={(reviewedAt) => onReviewed(entry.patientId, reviewedAt)}
          />
        )}
      </td>
    </tr>
  );
}
