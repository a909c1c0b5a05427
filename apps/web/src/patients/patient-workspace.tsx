import { useId } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import type { PatientSummary } from '../api/types.ts';
import { ComparisonView } from '../compare/comparison-view.tsx';
import { DailyView } from '../daily/daily-view.tsx';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { AppLink } from '../navigation/app-link.tsx';
import type { PatientTab } from '../navigation/routes.ts';
import { displayTimeZone, usePreferences } from '../preferences/preferences-context.tsx';
import { AgpReportView } from '../report/agp-report-view.tsx';
import { EmptyState } from '../ui/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { PatientTabs } from './patient-tabs.tsx';
import { PatientTrace } from './patient-trace.tsx';

/** Props of `PatientWorkspace`. */
export interface PatientWorkspaceProps {
  patientId: string;
  tab: PatientTab;
}

/**
 * Renders one patient for a clinician: the patient's name, the links between the AGP report,
 * daily view, period comparison and glucose trace, and the chosen view. A patient who is not
 * among the caller's patients (`GET /api/v1/patients`, which the database limits to the care
 * teams the patient shares with) is reported as not found, and no data is requested.
 */
export function PatientWorkspace({ patientId, tab }: PatientWorkspaceProps) {
  const client = useApiClient();
  const patients = useApiResource('patients', (signal) => client.listPatients(signal));

  if (patients.status === 'loading') {
    return <LoadingStatus label="Loading the patient…" />;
  }
  if (patients.status === 'error') {
    return <ErrorMessage title="The patient could not be loaded." error={patients.error} />;
  }
  const patient = patients.data.find((candidate) => candidate.id === patientId);
  if (patient === undefined) {
    return <PatientNotFound />;
  }
  return <Workspace patient={patient} tab={tab} />;
}

function PatientNotFound() {
  return (
    <div
      role="alert"
      className="space-y-2 rounded border border-red-300 bg-red-50 p-3 text-red-900"
    >
      <p className="font-semibold">Patient not found.</p>
      <p>
        There is no such patient, or the patient does not share their data with your care teams.
      </p>
      <AppLink to="/triage" className="text-blue-800 underline">
        Back to your patients
      </AppLink>
    </div>
  );
}

function Workspace({ patient, tab }: { patient: PatientSummary; tab: PatientTab }) {
  const headingId = useId();
  const lastReadingTime = patient.lastReadingTime;

  return (
    <article aria-labelledby={headingId} className="space-y-4">
      <div className="space-y-2 print:hidden">
        <AppLink to="/triage" className="text-sm text-blue-800 underline">
          All patients
        </AppLink>
        <h1 id={headingId} className="text-2xl font-bold">
          {patient.displayName}
        </h1>
        <PatientTabs patientId={patient.id} current={tab} />
      </div>
      {lastReadingTime === null ? (
        <EmptyState>No readings are stored for this patient yet.</EmptyState>
      ) : (
        <WorkspaceTab patient={patient} tab={tab} lastReadingTime={lastReadingTime} />
      )}
    </article>
  );
}

interface WorkspaceTabProps {
  patient: PatientSummary;
  tab: PatientTab;
  lastReadingTime: string;
}

function WorkspaceTab({ patient, tab, lastReadingTime }: WorkspaceTabProps) {
  const preferences = usePreferences();
  const timeZone = displayTimeZone(preferences, patient.timezone);
  switch (tab) {
    case 'report':
      return <AgpReportView patient={patient} lastReadingTime={lastReadingTime} />;
    case 'daily':
      return <DailyView patient={patient} lastReadingTime={lastReadingTime} timeZone={timeZone} />;
    case 'compare':
      return <ComparisonView patient={patient} lastReadingTime={lastReadingTime} />;
    case 'trace':
      return (
        <PatientTrace
          patientId={patient.id}
          lastReadingTime={lastReadingTime}
          timeZone={timeZone}
          unit={preferences.unit}
        />
      );
  }
}
