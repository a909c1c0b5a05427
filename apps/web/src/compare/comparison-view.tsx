import { useState } from 'react';

import type { PatientSummary } from '../api/types.ts';
import { defaultReportPeriod, type ReportPeriodChoice } from '../report/report-period.ts';
import { ComparisonColumn } from './comparison-column.tsx';

/** Props of `ComparisonView`. */
export interface ComparisonViewProps {
  patient: PatientSummary;
  /** ISO instant of the last reading; period A ends on its local day. */
  lastReadingTime: string;
}

/**
 * Renders two report periods side by side (stacked on narrow screens): by default the last 14
 * local days ending with the day of the last reading, and the 14 days before them. Each
 * period has its own picker; no difference is computed, each column shows the API's values.
 */
export function ComparisonView({ patient, lastReadingTime }: ComparisonViewProps) {
  const [first, setFirst] = useState<ReportPeriodChoice>(() =>
    defaultReportPeriod(patient.timezone, lastReadingTime, 1),
  );
  const [second, setSecond] = useState<ReportPeriodChoice>(() =>
    defaultReportPeriod(patient.timezone, lastReadingTime, 0),
  );
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <ComparisonColumn title="Period A" patient={patient} choice={first} onChange={setFirst} />
      <ComparisonColumn title="Period B" patient={patient} choice={second} onChange={setSecond} />
    </div>
  );
}
