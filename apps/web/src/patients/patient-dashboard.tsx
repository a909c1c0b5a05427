import { useId, useState } from 'react';

import type { PatientSummary } from '../api/types.ts';
import { DEFAULT_RANGE_DAYS, selectionPeriod, type RangeSelection } from '../range/date-range.ts';
import { RangeChooser } from '../range/range-chooser.tsx';
import { EmptyState } from '../ui/empty-state.tsx';
import type { GlucoseUnit } from '../units/glucose-units.ts';
import { PatientReadings } from './patient-readings.tsx';

/** Props of `PatientDashboard`. */
export interface PatientDashboardProps {
  patient: PatientSummary;
  unit: GlucoseUnit;
}

/**
 * Renders one patient's glucose: the range chooser (14 days ending at the last reading by default),
 * then the trace and the statistics of the chosen range.
 */
export function PatientDashboard({ patient, unit }: PatientDashboardProps) {
  const headingId = useId();
  const [selection, setSelection] = useState<RangeSelection>({
    kind: 'preset',
    days: DEFAULT_RANGE_DAYS,
  });
  const lastReadingTime = patient.lastReadingTime;

  return (
    <article aria-labelledby={headingId} className="space-y-6">
      <h1 id={headingId} className="text-2xl font-bold">
        {patient.displayName}
      </h1>
      {lastReadingTime === null ? (
        <EmptyState>No readings are stored for this patient yet.</EmptyState>
      ) : (
        <>
          <RangeChooser
            selection={selection}
            onChange={setSelection}
            timeZone={patient.timezone}
            lastReadingTime={lastReadingTime}
          />
          <PatientReadings
            patientId={patient.id}
            timeZone={patient.timezone}
            period={selectionPeriod(selection, patient.timezone, lastReadingTime)}
            unit={unit}
          />
        </>
      )}
    </article>
  );
}
