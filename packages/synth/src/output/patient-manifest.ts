import type { SyntheticPatient } from '../patient/create-patient.ts';

/** Description of a generated patient, written beside its files for those who load them. */
export interface PatientManifestEntry {
  baseName: string;
  profile: string;
  seed: string;
  timezone: string;
  units: string;
  startDate: string;
  days: number;
  ageYears: number;
  bodyWeightKg: number;
  cgm: string;
  pump: string | null;
  phases: { label: string; therapy: string; algorithm: string | null; day: number }[];
  files: string[];
}

/** Describes a patient for the manifest that accompanies generated files. */
export function manifestEntry(
  patient: SyntheticPatient,
  baseName: string,
  files: string[],
): PatientManifestEntry {
  return {
    baseName,
    profile: patient.profile.id,
    seed: String(patient.seed),
    timezone: patient.timezone,
    units: patient.units,
    startDate: patient.startDate,
    days: patient.days,
    ageYears: patient.ageYears,
    bodyWeightKg: Math.round(patient.parameters.bodyWeightKg * 10) / 10,
    cgm: patient.cgm.model,
    pump: patient.pump?.model ?? null,
    phases: patient.phases.map((phase) => ({
      label: phase.label,
      therapy: phase.therapy,
      algorithm: phase.algorithm ?? null,
      day: phase.day,
    })),
    files,
  };
}
