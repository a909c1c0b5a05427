import { useApiClient } from '../api/api-client-context.tsx';
import type { UserRole } from '../api/types.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { PatientChoice } from './patient-choice.tsx';

/** Props of `PatientsPage`. */
export interface PatientsPageProps {
  role: UserRole;
}

/**
 * Renders the patient page. A patient gets their own data, and other roles pick one of the
 * patients that `GET /api/v1/patients` returns for them (the first until they pick).
 */
export function PatientsPage({ role }: PatientsPageProps) {
  const client = useApiClient();
  const patients = useApiResource('patients', (signal) => client.listPatients(signal));

  if (patients.status === 'loading') {
    return <LoadingStatus label="Loading patients…" />;
  }
  if (patients.status === 'error') {
    return <ErrorMessage title="The patient list could not be loaded." error={patients.error} />;
  }
  return <PatientChoice role={role} patients={patients.data} />;
}
