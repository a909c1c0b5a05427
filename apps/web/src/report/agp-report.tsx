import { useId } from 'react';

import type { ReportResponse } from '../api/report-api.ts';
import { formatDays } from '../statistics/format-statistics.ts';
import { formatZonedDate } from '../time/format-time.ts';
import type { GlucoseUnit } from '../units/glucose-units.ts';
import { AgpChart } from './agp-chart.tsx';
import { DailyProfiles } from './daily-profiles.tsx';
import { GriChart } from './gri-chart.tsx';
import { OtherMetrics } from './other-metrics.tsx';
import { ReportStatistics } from './report-statistics.tsx';
import { ReportTimeInRanges } from './report-time-in-ranges.tsx';

/** Props of `AgpReport`. */
export interface AgpReportProps {
  response: ReportResponse;
  patientName: string;
  unit: GlucoseUnit;
}

/**
 * Formats a report period as local dates of `timeZone`, end inclusive, with its length, for
 * example "15 Oct 2019 – 28 Oct 2019 (14 days)".
 */
export function formatReportPeriod(timeZone: string, fromIso: string, toIso: string): string {
  const fromMs = Date.parse(fromIso);
  const toMs = Date.parse(toIso);
  const first = formatZonedDate(timeZone, fromMs);
  // `to` is exclusive, so the last day is the day of the instant just before it.
  const last = formatZonedDate(timeZone, toMs - 1);
  const days = formatDays((toMs - fromMs) / 86_400_000);
  return `${first} – ${last} (${days} days)`;
}

/**
 * Renders the one-page AGP report in the consensus layout: statistics and goals beside the
 * time-in-ranges bar, the AGP curves, the daily profiles in rows of seven, and the GRI chart.
 * The print stylesheet fits it on one page; "Other metrics" appears on screen only.
 */
export function AgpReport({ response, patientName, unit }: AgpReportProps) {
  const { report, timezone } = response;
  const periodLabel = formatReportPeriod(timezone, response.from, response.to);
  const agpHeadingId = useId();

  return (
    <article aria-label={`AGP report of ${patientName}`} className="agp-report space-y-4">
      <header className="flex flex-wrap items-baseline justify-between gap-2 border-b-2 border-slate-800 pb-1">
        <h2 className="text-xl font-bold">AGP Report: Continuous Glucose Monitoring</h2>
        <p className="text-sm">
          <span className="font-semibold">{patientName}</span> · {periodLabel} · times in {timezone}
        </p>
      </header>
      <div className="report-grid grid gap-4 lg:grid-cols-2">
        <ReportStatistics report={report} unit={unit} periodLabel={periodLabel} />
        <ReportTimeInRanges
          timeInRanges={report.statistics.timeInRanges}
          targets={report.targets}
          unit={unit}
        />
      </div>
      <section aria-labelledby={agpHeadingId} className="report-section space-y-1">
        <h3 id={agpHeadingId} className="report-heading">
          Ambulatory glucose profile (AGP)
        </h3>
        {report.agp.readingCount === 0 ? (
          <p className="text-sm">Not available: no readings in this period.</p>
        ) : (
          <AgpChart agp={report.agp} unit={unit} timeZone={timezone} />
        )}
      </section>
      <DailyProfiles profiles={report.dailyProfiles} unit={unit} />
      <div className="grid gap-4 lg:grid-cols-2 print:block">
        <GriChart gri={report.gri} />
        <OtherMetrics report={report} unit={unit} />
      </div>
    </article>
  );
}
