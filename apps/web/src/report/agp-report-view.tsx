import { useState } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import { getReport } from '../api/report-api.ts';
import type { PatientSummary } from '../api/types.ts';
import { ReadingsCsvButton } from '../export/readings-csv-button.tsx';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { usePreferences } from '../preferences/preferences-context.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { AgpReport } from './agp-report.tsx';
import { PrintButton } from './print-button.tsx';
import { defaultReportPeriod, reportTimePeriod, type ReportPeriodChoice } from './report-period.ts';
import { ReportPeriodPicker } from './report-period-picker.tsx';

/** Props of `AgpReportView`. */
export interface AgpReportViewProps {
  patient: PatientSummary;
  /** ISO instant of the patient's last reading; the default period ends on its local day. */
  lastReadingTime: string;
}

/**
 * Renders the AGP report tab: the period picker (14 local days ending with the day of the
 * last reading by default), the CSV download and print buttons, and the report of
 * `GET …/report`, or its loading or error state. Periods are local days of the patient's time
 * zone, the zone in which the API builds the AGP and the daily profiles.
 */
export function AgpReportView({ patient, lastReadingTime }: AgpReportViewProps) {
  const client = useApiClient();
  const { unit } = usePreferences();
  const [choice, setChoice] = useState<ReportPeriodChoice>(() =>
    defaultReportPeriod(patient.timezone, lastReadingTime),
  );
  const period = reportTimePeriod(patient.timezone, choice);
  const query = {
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
  };
  const report = useApiResource(`report:${patient.id}:${query.from}:${query.to}`, (signal) =>
    getReport(client, patient.id, query, signal),
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3 print:hidden">
        <ReportPeriodPicker choice={choice} onChange={setChoice} label="Report period" />
        <div className="flex flex-wrap items-start gap-3">
          <ReadingsCsvButton patientId={patient.id} period={query} />
          <PrintButton />
        </div>
      </div>
      {report.status === 'loading' && <LoadingStatus label="Loading the AGP report…" />}
      {report.status === 'error' && (
        <ErrorMessage title="The AGP report could not be loaded." error={report.error} />
      )}
      {report.status === 'success' && (
        <AgpReport response={report.data} patientName={patient.displayName} unit={unit} />
      )}
    </div>
  );
}
