import type { CanonicalRecord } from '@phoenix/domain';
import { generatePatient } from './generate.ts';
import type { PatientOptions } from './patient/create-patient.ts';

/** Collects every record of a patient (test sizes only: all records are held in memory). */
export function collectPatient(options: PatientOptions): {
  records: CanonicalRecord[];
  generated: ReturnType<typeof generatePatient>;
} {
  const generated = generatePatient(options);
  const records: CanonicalRecord[] = [];
  for (const batch of generated.days) {
    records.push(...batch.records);
  }
  return { records, generated };
}
