import { useId } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import type { PeriodQuery } from '../api/client.ts';
import { GlucoseChart } from '../chart/glucose-chart.tsx';
import { useApiResource } from '../hooks/use-api-resource.ts';
import type { TimePeriod } from '../range/date-range.ts';
import { StatisticsPanel } from '../statistics/statistics-panel.tsx';
import { EmptyState } from '../ui/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import type { GlucoseUnit } from '../units/glucose-units.ts';

/** Props of `PatientReadings`. */
export interface PatientReadingsProps {
  patientId: string;
  timeZone: string;
  period: TimePeriod;
  unit: GlucoseUnit;
}

/**
 * Loads the readings and statistics of one period together and shows the trace and the
 * statistics, or a loading, empty ("No readings in this range.") or error state.
 */
export function PatientReadings({ patientId, timeZone, period, unit }: PatientReadingsProps) {
  const client = useApiClient();
  const traceHeadingId = useId();
  const query: PeriodQuery = {
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
  };
  const result = useApiResource(`${patientId}:${query.from}:${query.to}`, (signal) =>
    Promise.all([
      client.getReadings(patientId, query, signal),
      client.getStatistics(patientId, query, signal),
    ]),
  );

  if (result.status === 'loading') {
    return <LoadingStatus label="Loading readings…" />;
  }
  if (result.status === 'error') {
    return <ErrorMessage title="The readings could not be loaded." error={result.error} />;
  }

  const [readings, statistics] = result.data;
  if (readings.readings.length === 0) {
    return <EmptyState>No readings in this range.</EmptyState>;
  }
  return (
    <>
      <section aria-labelledby={traceHeadingId} className="space-y-2">
        <h2 id={traceHeadingId} className="text-xl font-semibold">
          Glucose trace
        </h2>
        <GlucoseChart
          readings={readings.readings}
          timeZone={timeZone}
          unit={unit}
          period={period}
        />
      </section>
      <StatisticsPanel statistics={statistics.statistics} unit={unit} />
    </>
  );
}
