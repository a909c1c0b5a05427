import { useApiClient } from '../api/api-client-context.tsx';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { displayTimeZone, usePreferences } from '../preferences/preferences-context.tsx';
import { EmptyState } from '../ui/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { UnitToggle } from '../units/unit-toggle.tsx';
import { PatientDashboard } from './patient-dashboard.tsx';

/**
 * Renders the patient's own glucose page: the unit toggle (saved to their preferences), then
 * the trace and statistics of their record from `GET /api/v1/patients`, which returns only
 * the patient's own record to a patient.
 */
export function MyGlucosePage() {
  const client = useApiClient();
  const preferences = usePreferences();
  const patients = useApiResource('patients', (signal) => client.listPatients(signal));

  if (patients.status === 'loading') {
    return <LoadingStatus label="Loading patients…" />;
  }
  if (patients.status === 'error') {
    return <ErrorMessage title="The patient list could not be loaded." error={patients.error} />;
  }
  const patient = patients.data[0];
  if (patient === undefined) {
    return <EmptyState>There are no patients you may see.</EmptyState>;
  }
  return (
    <>
      <div className="flex flex-wrap items-center justify-end gap-3">
        <UnitToggle
          unit={preferences.unit}
          onChange={(unit) => {
            // A failed save restores the unit and shows its error above the page.
            preferences.save({ glucoseUnit: unit }).catch(() => undefined);
          }}
        />
      </div>
      <PatientDashboard
        patient={patient}
        unit={preferences.unit}
        timeZone={displayTimeZone(preferences, patient.timezone)}
      />
    </>
  );
}
