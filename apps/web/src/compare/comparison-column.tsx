import { useId } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import { getReport } from '../api/report-api.ts';
import type { PatientSummary } from '../api/types.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { usePreferences } from '../preferences/preferences-context.tsx';
import { AgpChart } from '../report/agp-chart.tsx';
import { formatReportPeriod } from '../report/agp-report.tsx';
import { reportTimePeriod, type ReportPeriodChoice } from '../report/report-period.ts';
import { ReportPeriodPicker } from '../report/report-period-picker.tsx';
import { ReportTimeInRanges } from '../report/report-time-in-ranges.tsx';
import { SufficiencyWarning } from '../statistics/sufficiency-warning.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { ComparisonMetrics } from './comparison-metrics.tsx';

/** Props of `ComparisonColumn`. */
export interface ComparisonColumnProps {
  /** Name of the column, for example "Period A". */
  title: string;
  patient: PatientSummary;
  choice: ReportPeriodChoice;
  onChange: (choice: ReportPeriodChoice) => void;
}

/**
 * Renders one period of a comparison: its picker, then the report's headline metrics (first,
 * so the rows of two columns line up), the sufficiency warning, time in ranges and a compact
 * AGP, or the loading or error state of `GET …/report`.
 */
export function ComparisonColumn({ title, patient, choice, onChange }: ComparisonColumnProps) {
  const client = useApiClient();
  const { unit } = usePreferences();
  const headingId = useId();
  const period = reportTimePeriod(patient.timezone, choice);
  const query = {
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
  };
  const report = useApiResource(`report:${patient.id}:${query.from}:${query.to}`, (signal) =>
    getReport(client, patient.id, query, signal),
  );

  return (
    <section
      aria-labelledby={headingId}
      className="min-w-0 space-y-3 rounded border border-slate-200 bg-white p-3"
    >
      <h2 id={headingId} className="text-lg font-semibold">
        {title}:{' '}
        <span className="font-normal">
          {formatReportPeriod(patient.timezone, query.from, query.to)}
        </span>
      </h2>
      <ReportPeriodPicker choice={choice} onChange={onChange} label={`${title} dates`} />
      {report.status === 'loading' && <LoadingStatus label={`Loading ${title}…`} />}
      {report.status === 'error' && (
        <ErrorMessage title={`${title} could not be loaded.`} error={report.error} />
      )}
      {report.status === 'success' && (
        <>
          <ComparisonMetrics report={report.data.report} unit={unit} />
          <SufficiencyWarning sufficiency={report.data.report.statistics.sufficiency} />
          <ReportTimeInRanges
            timeInRanges={report.data.report.statistics.timeInRanges}
            targets={report.data.report.targets}
            unit={unit}
          />
          {report.data.report.agp.readingCount > 0 && (
            <AgpChart
              agp={report.data.report.agp}
              unit={unit}
              timeZone={report.data.timezone}
              compact
            />
          )}
        </>
      )}
    </section>
  );
}
