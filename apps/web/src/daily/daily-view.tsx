import { useMemo } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import { getDaily, type DailyResponse } from '../api/report-api.ts';
import type { PatientSummary } from '../api/types.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { navigateTo, useCurrentLocation } from '../navigation/location.ts';
import { usePreferences } from '../preferences/preferences-context.tsx';
import { customPeriod, type TimePeriod } from '../range/date-range.ts';
import { formatZonedDate } from '../time/format-time.ts';
import { zonedIsoDate } from '../time/time-zone.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import type { GlucoseUnit } from '../units/glucose-units.ts';
import { DailyChart } from './daily-chart.tsx';
import { splitDailyRecords } from './daily-records.ts';
import { DayPicker } from './day-picker.tsx';
import { TreatmentTable } from './treatment-table.tsx';

/** Props of `DailyView`. */
export interface DailyViewProps {
  patient: PatientSummary;
  /** ISO instant of the last reading; the view opens on its local day. */
  lastReadingTime: string;
  /** IANA zone whose local day is shown. */
  timeZone: string;
}

/** Checks that a query value is a real calendar date `YYYY-MM-DD` (not 2019-02-30). */
function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const dateMs = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(dateMs) && new Date(dateMs).toISOString().slice(0, 10) === value;
}

/**
 * Renders one local day of a patient: CGM, basal, boluses and carbs on one time axis, and the
 * treatments as a table. The day is the `date` query parameter (`YYYY-MM-DD`), the day of the
 * last reading by default, so a day can be linked to and the back button returns to it.
 */
export function DailyView({ patient, lastReadingTime, timeZone }: DailyViewProps) {
  const client = useApiClient();
  const { unit } = usePreferences();
  const location = useCurrentLocation();
  const lastDate = zonedIsoDate(timeZone, Date.parse(lastReadingTime));
  const requested = location.search.get('date');
  const date = requested !== null && isIsoDate(requested) ? requested : lastDate;
  const period = customPeriod(timeZone, date, date);
  const query = {
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
  };
  const daily = useApiResource(`daily:${patient.id}:${query.from}:${query.to}`, (signal) =>
    getDaily(client, patient.id, query, signal),
  );
  const showDate = (next: string) => {
    navigateTo(`${location.pathname}?date=${next}`);
  };

  return (
    <section aria-label="Daily view" className="space-y-4">
      <DayPicker date={date} lastDate={lastDate} onChange={showDate} />
      <h2 className="text-xl font-semibold">
        {formatZonedDate(timeZone, period.fromMs)}{' '}
        <span className="text-base font-normal text-slate-600">({timeZone} time)</span>
      </h2>
      {daily.status === 'loading' && <LoadingStatus label="Loading the day…" />}
      {daily.status === 'error' && (
        <ErrorMessage title="The day could not be loaded." error={daily.error} />
      )}
      {daily.status === 'success' && (
        <DayData data={daily.data} timeZone={timeZone} unit={unit} period={period} />
      )}
    </section>
  );
}

interface DayDataProps {
  data: DailyResponse;
  timeZone: string;
  unit: GlucoseUnit;
  period: TimePeriod;
}

function DayData({ data, timeZone, unit, period }: DayDataProps) {
  const records = useMemo(() => splitDailyRecords(data.records), [data.records]);
  if (data.readings.length === 0 && data.records.length === 0) {
    return <EmptyState>No data on this day.</EmptyState>;
  }
  return (
    <>
      <DailyChart
        readings={data.readings}
        records={records}
        timeZone={timeZone}
        unit={unit}
        period={period}
      />
      <TreatmentTable records={records} timeZone={timeZone} unit={unit} />
    </>
  );
}
