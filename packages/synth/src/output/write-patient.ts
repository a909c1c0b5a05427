import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalRecord } from '@phoenix/domain';
import { cohortPatientSeed, generatePatient } from '../generate.ts';
import type { CgmModel } from '../devices/cgm-specs.ts';
import type { ProfileDefinition } from '../profiles/types.ts';
import { recordFilterForFormats, writePatientExport } from './export-files.ts';
import { manifestEntry, type PatientManifestEntry } from './patient-manifest.ts';

/** Pseudo-format that writes the canonical records themselves, one JSON object per line. */
export const RECORDS_FORMAT = 'records';

/** Options shared by every patient of a cohort, structured-cloneable for worker threads. */
export interface CohortSpec {
  profile: ProfileDefinition;
  days: number;
  /** Cohort seed; patient `index` is seeded with `cohortPatientSeed(seed, index)`. */
  seed: number | string;
  /**
   * Export formats by identifier, or `records` for canonical records as NDJSON. With none, the
   * patients are generated and no file is written for them.
   */
  formats: readonly string[];
  outDir: string;
  startDate?: string;
  cgmModel?: CgmModel;
  /** Variant for every export format that has one (for example `de-mmol` for Clarity). */
  variant?: string;
}

/** One written patient: its manifest entry and counts. */
export interface WrittenPatient {
  index: number;
  entry: PatientManifestEntry;
  records: number;
  readings: number;
}

/** Returns the base name of patient `index`'s files: `PROFILE-0007`. */
export function patientBaseName(profileId: string, index: number): string {
  return `${profileId}-${String(index).padStart(4, '0')}`;
}

/**
 * Generates patient `index` of a cohort and writes its files into `spec.outDir`, which must
 * exist: one per format, named `BASENAME-FORMAT.csv` (or `.json`, `.zip`, `.ndjson`). Only
 * this patient's records are kept in memory, and only those an export format of
 * `spec.formats` can contain. Formats without any of the patient's records (Clarity for a
 * Libre user) get no file. The output depends on `spec` and `index` alone. Throws RangeError
 * for an unknown format and the file-system error when a file cannot be written.
 */
export function writePatientFiles(spec: CohortSpec, index: number): WrittenPatient {
  const baseName = patientBaseName(spec.profile.id, index);
  const generated = generatePatient({
    profile: spec.profile,
    seed: cohortPatientSeed(spec.seed, index),
    days: spec.days,
    startDate: spec.startDate,
    cgmModel: spec.cgmModel,
  });
  const files: string[] = [];
  const drained = drainDays(generated.days, spec, baseName, files);
  for (const format of spec.formats) {
    if (format === RECORDS_FORMAT) {
      continue;
    }
    const file = writePatientExport(format, drained.exportRecords, {
      baseName,
      variant: spec.variant,
    });
    if (file !== null) {
      writeFileSync(join(spec.outDir, file.fileName), file.contents);
      files.push(file.fileName);
    }
  }
  return {
    index,
    entry: manifestEntry(generated.patient, baseName, files),
    records: drained.records,
    readings: drained.readings,
  };
}

/**
 * Drains a patient's day batches, appending each to the NDJSON file when `records` is among
 * the formats, and returns the counts and the records the export formats need (none when
 * `records` is the only format).
 */
function drainDays(
  days: Iterable<{ records: CanonicalRecord[] }>,
  spec: CohortSpec,
  baseName: string,
  files: string[],
): { exportRecords: CanonicalRecord[]; records: number; readings: number } {
  const exportFormats = spec.formats.filter((format) => format !== RECORDS_FORMAT);
  const keep = exportFormats.length === 0 ? null : recordFilterForFormats(exportFormats);
  const fileName = `${baseName}-records.ndjson`;
  const fd = spec.formats.includes(RECORDS_FORMAT)
    ? openSync(join(spec.outDir, fileName), 'w')
    : null;
  const exportRecords: CanonicalRecord[] = [];
  let records = 0;
  let readings = 0;
  try {
    for (const batch of days) {
      records += batch.records.length;
      for (const record of batch.records) {
        if (record.type === 'cbg') {
          readings += 1;
        }
        if (keep !== null && keep(record)) {
          exportRecords.push(record);
        }
      }
      if (fd !== null) {
        writeSync(fd, batch.records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      }
    }
  } finally {
    if (fd !== null) {
      closeSync(fd);
    }
  }
  if (fd !== null) {
    files.push(fileName);
  }
  return { exportRecords, records, readings };
}
