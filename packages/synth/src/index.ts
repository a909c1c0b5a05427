/**
 * Synthetic patients whose CGM, pump and meal data look and behave like real device logs: a
 * published glucose–insulin model (Hovorka 2004) driven by simulated behaviour and devices,
 * written as canonical records and as vendors' export files through `@phoenix/formats`.
 */
export { cohortPatientSeed, generatePatient, generatePatientRecords } from './generate.ts';
export type { GeneratedPatient } from './generate.ts';
export { createPatient, DEFAULT_START_DATE } from './patient/create-patient.ts';
export type { PatientOptions, PatientPhase, SyntheticPatient } from './patient/create-patient.ts';
export type { DayBatch } from './simulation/simulator.ts';
export { getProfile, PROFILES } from './profiles/index.ts';
export type * from './profiles/types.ts';
export { CGM_MODELS, CGM_SPECS, cgmSpec } from './devices/cgm-specs.ts';
export type { CgmModel, CgmSpec } from './devices/cgm-specs.ts';
export { PUMP_SPECS } from './devices/pump-specs.ts';
export type { PumpModel, PumpSpec } from './devices/pump-specs.ts';
export { availableFormats, recordsForFormat, writePatientExport } from './output/export-files.ts';
export type { ExportFile } from './output/export-files.ts';
export { RECORDS_FORMAT, writeCohortFiles } from './output/write-cohort.ts';
export type { WriteCohortOptions, WriteCohortResult } from './output/write-cohort.ts';
export type { CohortSpec } from './output/write-patient.ts';
export type { PatientManifestEntry } from './output/patient-manifest.ts';
export { runFleet } from './fleet/run-fleet.ts';
export type { FleetOptions, FleetPatient, FleetResult, FleetUpload } from './fleet/run-fleet.ts';
export { buildRealismReport } from './report/realism-report.ts';
export type { RealismReport } from './report/realism-report.ts';
export { runCohort } from './report/cohort.ts';
export type { CohortOptions, CohortResult, PatientOutcome } from './report/cohort.ts';
export { Random } from './random/prng.ts';
