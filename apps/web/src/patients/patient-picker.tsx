import { useId } from 'react';

import type { PatientSummary } from '../api/types.ts';

/** Props of `PatientPicker`. */
export interface PatientPickerProps {
  patients: readonly PatientSummary[];
  selectedId: string;
  onSelect: (patientId: string) => void;
}

/** Renders a labelled select of the patients the signed-in clinician, engineer or admin may see. */
export function PatientPicker({ patients, selectedId, onSelect }: PatientPickerProps) {
  const selectId = useId();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={selectId} className="font-semibold">
        Patient
      </label>
      <select
        id={selectId}
        value={selectedId}
        onChange={(event) => onSelect(event.target.value)}
        className="rounded border border-slate-300 bg-white px-2 py-1"
      >
        {patients.map((patient) => (
          <option key={patient.id} value={patient.id}>
            {patient.displayName}
          </option>
        ))}
      </select>
    </div>
  );
}
