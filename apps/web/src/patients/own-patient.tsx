import type { ReactNode } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import type { PatientSummary } from '../api/types.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';

/** Props of `OwnPatient`. */
export interface OwnPatientProps {
  children: (patient: PatientSummary) => ReactNode;
}

/**
 * Loads the signed-in patient's own record (`GET /api/v1/patients` returns only that one to a
 * patient) and renders `children` with it, or the loading, error or empty state.
 */
export function OwnPatient({ children }: OwnPatientProps) {
  const client = useApiClient();
  const patients = useApiResource('patients', (signal) => client.listPatients(signal));

  if (patients.status === 'loading') {
    return <LoadingStatus label="Loading your record…" />;
  }
  if (patients.status === 'error') {
    return <ErrorMessage title="Your record could not be loaded." error={patients.error} />;
  }
  const patient = patients.data[0];
  if (patient === undefined) {
    return <EmptyState>No patient record is linked to your account.</EmptyState>;
  }
  return <>{children(patient)}</>;
}
