import { useState } from 'react';

import type { PatientSummary, UserRole } from '../api/types.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import type { GlucoseUnit } from '../units/glucose-units.ts';
import { UnitToggle } from '../units/unit-toggle.tsx';
import { PatientDashboard } from './patient-dashboard.tsx';
import { PatientPicker } from './patient-picker.tsx';

/** Props of `PatientChoice`. */
export interface PatientChoiceProps {
  /** Role of the signed-in user; only a patient gets no picker. */
  role: UserRole;
  patients: PatientSummary[];
}

/**
 * Renders the patient picker (for every role but patient), the unit toggle and the dashboard
 * of the chosen patient, the first one until another is picked.
 */
export function PatientChoice({ role, patients }: PatientChoiceProps) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [unit, setUnit] = useState<GlucoseUnit>('mg/dL');
  const patient = patients.find((candidate) => candidate.id === selectedId) ?? patients[0];

  if (patient === undefined) {
    return <EmptyState>There are no patients you may see.</EmptyState>;
  }
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        {role !== 'patient' && (
          <PatientPicker patients={patients} selectedId={patient.id} onSelect={setSelectedId} />
        )}
        <UnitToggle unit={unit} onChange={setUnit} />
      </div>
      <PatientDashboard key={patient.id} patient={patient} unit={unit} />
    </>
  );
}
