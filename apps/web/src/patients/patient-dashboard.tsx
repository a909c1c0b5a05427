import { useId } from 'react';

import type { PatientSummary } from '../api/types.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import type { GlucoseUnit } from '../units/glucose-units.ts';
import { PatientTrace } from './patient-trace.tsx';

/** Props of `PatientDashboard`. */
export interface PatientDashboardProps {
  patient: PatientSummary;
  unit: GlucoseUnit;
  /** IANA zone in which times are shown; the patient's own when unset. */
  timeZone?: string;
}

/**
 * Renders one patient's glucose: the range chooser (14 days ending at the last reading by default),
 * then the trace and the statistics of the chosen range.
 */
export function PatientDashboard({ patient, unit, timeZone }: PatientDashboardProps) {
  const headingId = useId();
  const lastReadingTime = patient.lastReadingTime;

  return (
    <article aria-labelledby={headingId} className="space-y-6">
      <h1 id={headingId} className="text-2xl font-bold">
        {patient.displayName}
      </h1>
      {lastReadingTime === null ? (
        <EmptyState>No readings are stored for this patient yet.</EmptyState>
      ) : (
        <PatientTrace
          patientId={patient.id}
          lastReadingTime={lastReadingTime}
          timeZone={timeZone ?? patient.timezone}
          unit={unit}
        />
      )}
    </article>
  );
}
