import type { CanonicalRecord } from '@phoenix/domain';
import {
  createPatient,
  type PatientOptions,
  type SyntheticPatient,
} from './patient/create-patient.ts';
import { PatientSimulator, type DayBatch } from './simulation/simulator.ts';

/** A patient ready to simulate: its drawn attributes and a one-shot stream of day batches. */
export interface GeneratedPatient {
  patient: SyntheticPatient;
  simulator: PatientSimulator;
  /** Each local day's records in time order; can be iterated once. */
  days: Generator<DayBatch>;
}

/**
 * Draws a patient and prepares its simulation. Records are produced lazily as `days` is
 * iterated, one local day at a time, so memory stays flat however many days are requested.
 * The same options give the same records, byte for byte, on any machine with the same
 * time-zone rules (Node.js ships them in its ICU data).
 *
 * @throws RangeError for an invalid start date, days below 1 or an unknown CGM model.
 */
export function generatePatient(options: PatientOptions): GeneratedPatient {
  const patient = createPatient(options);
  const simulator = new PatientSimulator(patient);
  return { patient, simulator, days: simulator.days() };
}

/** Streams a patient's records in time order within each day; see `generatePatient`. */
export function* generatePatientRecords(options: PatientOptions): Generator<CanonicalRecord> {
  for (const batch of generatePatient(options).days) {
    yield* batch.records;
  }
}

/** Returns the seed of patient `index` in a cohort with seed `cohortSeed`. */
export function cohortPatientSeed(cohortSeed: number | string, index: number): string {
  return `${String(cohortSeed)}/${index}`;
}
